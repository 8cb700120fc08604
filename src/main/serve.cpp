#include "main/serve.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "api/api.h"
#include "base/log.h"
#include "main/insights_rollup.h"
#include "main/logging.h"
#include "main/runtime.h"
#include "media/video_worker.h"
#include "web/static_files.h"
#include "api/dto.h"
#include "api/http_util.h"
#include "net/http_server.h"
#include "net/stream_hub.h"
#include <boost/json/serialize.hpp>

namespace kring::main {
namespace {

// Publishes due scheduled posts every second. Scheduled posts live in the database, so a restart
// publishes whatever came due while the server was down.
class Publisher {
 public:
  explicit Publisher(app::PostService& posts) : posts_(posts), thread_([this] { Run(); }) {}
  ~Publisher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto n = posts_.PublishDue();
      if (!n) LogError("scheduled publisher: " + n.error().internal_message);
      else if (*n > 0) LogInfo("published " + std::to_string(*n) + " scheduled post(s)");
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
    }
  }
  app::PostService& posts_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

api::RateLimitPolicy LimitsPolicy(const Config::Limits& l) {
  auto per = [](int64_t rate, TimeMs period, int64_t burst) { return api::BucketRule{rate, period, burst}; };
  auto failures = [&l](int64_t max_failures) {
    return api::BackoffRule{max_failures, l.login_failure_window_seconds * kSecondMs, l.login_lockout_seconds * kSecondMs,
                            l.login_lockout_max_seconds * kSecondMs};
  };
  api::RateLimitPolicy p;
  p.enabled = l.enabled;
  p.read_ip = per(l.read_ip_per_minute, kMinuteMs, l.read_ip_burst);
  p.read_account = per(l.read_account_per_minute, kMinuteMs, l.read_account_burst);
  p.write_ip = per(l.write_ip_per_minute, kMinuteMs, l.write_ip_burst);
  p.write_account = per(l.write_account_per_minute, kMinuteMs, l.write_account_burst);
  p.signup_ip = per(l.signup_ip_per_hour, kHourMs, l.signup_ip_burst);
  p.login_ip = per(l.login_ip_per_minute, kMinuteMs, l.login_ip_burst);
  p.report_ip = per(l.report_ip_per_hour, kHourMs, l.report_ip_burst);
  p.report_account = per(l.report_account_per_hour, kHourMs, l.report_account_burst);
  p.login_failures_per_handle = failures(l.login_failures_per_handle);
  p.login_failures_per_ip = failures(l.login_failures_per_ip);
  return p;
}

}  // namespace

Status Serve(const Config& config, const char* version, const sigset_t& signals) {
  auto started = std::chrono::steady_clock::now();
  KRING_ASSIGN_OR_RETURN(auto runtime, Runtime::Open(config));
  api::ApiConfig api_config;
  api_config.version = version;
  api_config.public_origin = config.public_origin;
  api_config.cookie_secure = config.cookie_secure;
  api_config.limits = LimitsPolicy(config.limits);
  api_config.rate_limit_max_keys = static_cast<size_t>(config.limits.max_keys);
  api_config.trusted_proxy = config.trusted_proxy;
  auto& db = runtime->store().db();
  api_config.health_check = [&db]() -> Status {
    KRING_ASSIGN_OR_RETURN(int64_t v, db.SchemaVersion());
    (void)v;
    return Status::Ok();
  };
  web::StaticFiles web(web::ResolveWebRoot(config.web_root));
  api_config.fallback = [&web](const net::HttpRequest& r) { return web.Serve(r); };
  api::Api api(runtime->app(), api_config);

  net::HttpServerOptions options;
  options.address = config.address;
  options.port = static_cast<uint16_t>(config.port);
  options.io_threads = static_cast<int>(config.io_threads);
  options.worker_threads = static_cast<int>(config.worker_threads);
  options.max_body_bytes = static_cast<size_t>(config.max_body_bytes);
  // Photo uploads are raw bodies up to [media] max_upload_bytes, videos (when on) up to
  // video_max_upload_bytes; every other route keeps the default. The body is held in memory until
  // it is staged on disk, so the connection cap bounds the worst case (see docs/operations.md).
  const bool video_on = runtime->app().media.video_enabled();
  const size_t upload_limit = std::max(static_cast<size_t>(config.media_max_upload_bytes),
                                       video_on ? static_cast<size_t>(config.media_video_max_upload_bytes) : size_t{0});
  const size_t photo_limit = static_cast<size_t>(config.media_max_upload_bytes);
  options.body_limit_for = [default_limit = options.max_body_bytes, upload_limit, photo_limit](const net::HttpRequest& r) {
    const bool upload = r.method == "POST" && r.path == "/api/v1/media";
    // Avatars and banners are photos: the photo limit.
    const bool cover = r.method == "POST" && (r.path == "/api/v1/me/avatar" ||
                                              (r.path.rfind("/api/v1/communities/", 0) == 0 && r.path.ends_with("/banner")));
    return upload ? std::max(default_limit, upload_limit)
                  : cover ? std::max(default_limit, photo_limit) : default_limit;
  };
  options.max_connections = static_cast<int>(config.max_connections);
  options.header_timeout_ms = static_cast<int>(config.header_timeout_ms);
  options.body_timeout_ms = static_cast<int>(config.body_timeout_ms);
  options.idle_timeout_ms = static_cast<int>(config.idle_timeout_ms);
  if (config.access_log) options.access_log = WriteAccessLog;
  // Live notifications: /api/v1/streaming (WebSocket) with Mastodon's message shape,
  // {"event": "notification", "payload": "<the notification as a JSON string>"}.
  net::StreamHub hub;
  options.stream_hub = &hub;
  options.websocket_upgrade = [&api](const net::HttpRequest& r) {
    net::UpgradeDecision d;
    auto auth = api.AuthenticateStream(r);
    if (!auth) {
      d.rejection = api::ErrorResponse(auth.error());
      return d;
    }
    d.accept = true;
    d.key = auth->account.id.value();
    return d;
  };
  runtime->app().notifications.SetListener([&hub](const app::NotificationView& v) {
    boost::json::object message{{"event", "notification"},
                                {"stream", boost::json::array{"user"}},
                                {"payload", boost::json::serialize(api::NotificationToJson(v))}};
    hub.Publish(v.notification.recipient.value(), boost::json::serialize(message));
  });
  // Videos: one background worker; it first retries what an earlier run left processing and drops
  // staged uploads without a row. Started before the server accepts uploads, so that clean-up
  // cannot race a new one.
  media::VideoWorker video_worker(runtime->app().media, runtime->video_processor());
  runtime->app().media.SetVideoQueue([&video_worker](MediaId id) { video_worker.Enqueue(id); });
  if (video_on) video_worker.Start();
  net::HttpServer server(options, [&api](const net::HttpRequest& r) { return api.Handle(r); });
  KRING_ASSIGN_OR_RETURN(uint16_t port, server.Start());
  runtime->events().Start();
  Publisher publisher(runtime->app().posts);
  InsightsRoller insights_roller(runtime->app().insights);  // at start-up, then hourly
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // Tests and scripts read this line to find the port when started with --port 0.
  std::printf("Kring %s listening on http://%s:%u (data in %s, started in %.0f ms)\n", version, config.address.c_str(),
              port, config.data_dir.c_str(), ms);
  std::fflush(stdout);
  if (!web.available())
    LogWarn("web app not found (looked in " + web.root() + "); run `make` to build it. The API works without it.");

  int sig = 0;
  sigwait(&signals, &sig);
  LogInfo(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");
  server.Stop(10000);
  runtime->events().Stop();  // drain: notifications for the last requests are still written
  video_worker.Stop();       // the video being encoded finishes; the rest stay queued in the database
  LogInfo("stopped");
  return Status::Ok();
}

}  // namespace kring::main
