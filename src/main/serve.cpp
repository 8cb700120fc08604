#include "main/serve.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "api/api.h"
#include "base/log.h"
#include "main/logging.h"
#include "main/runtime.h"
#include "web/static_files.h"
#include "net/http_server.h"

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

}  // namespace

Status Serve(const Config& config, const char* version, const sigset_t& signals) {
  auto started = std::chrono::steady_clock::now();
  KRING_ASSIGN_OR_RETURN(auto runtime, Runtime::Open(config));
  api::ApiConfig api_config;
  api_config.version = version;
  api_config.public_origin = config.public_origin;
  api_config.cookie_secure = config.cookie_secure;
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
  options.max_connections = static_cast<int>(config.max_connections);
  options.header_timeout_ms = static_cast<int>(config.header_timeout_ms);
  options.body_timeout_ms = static_cast<int>(config.body_timeout_ms);
  options.idle_timeout_ms = static_cast<int>(config.idle_timeout_ms);
  if (config.access_log) options.access_log = WriteAccessLog;
  net::HttpServer server(options, [&api](const net::HttpRequest& r) { return api.Handle(r); });
  KRING_ASSIGN_OR_RETURN(uint16_t port, server.Start());
  Publisher publisher(runtime->app().posts);
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
  LogInfo("stopped");
  return Status::Ok();
}

}  // namespace kring::main
