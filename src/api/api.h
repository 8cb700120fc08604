// Api: the client-facing JSON API under /api/v1 (plus /healthz). Turns HTTP requests into use-case
// calls: authenticate, parse, call one service, serialise. No SQL and no rules live here.
//
// Authentication: `Authorization: Bearer <token>` (apps) or the `kring_session` cookie (the web
// app). Cookie-authenticated writes must carry an Origin (or Referer) of this server: CSRF defence
// on top of SameSite=Lax.
//
// Abuse limits: every route has a class (ClassifyRoute, decided at registration) and each request
// is charged to its account or client IP before the handler runs; over the limit it gets 429
// {"error":"rate_limited"} with Retry-After. Log-ins also pass the failed-log-in back-off.
//
// Thread safety: Handle() may be called concurrently once construction is done.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/http_util.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "app/app.h"
#include "net/http_message.h"

namespace kring::api {

struct ApiConfig {
  std::string version = "0.0.0";
  // The origin browsers use for this server ("https://kring.example"); empty = trust the Host
  // header (fine on loopback and behind a proxy that sets Host).
  std::string public_origin;
  bool cookie_secure = true;
  // Liveness of dependencies for /healthz (e.g. a database ping).
  std::function<Status()> health_check;
  // Serves everything outside /api and /healthz (the web app); nullopt = 404.
  std::function<std::optional<net::HttpResponse>(const net::HttpRequest&)> fallback;
  // Abuse limits per request class (api/rate_limiter.h); the default limits nothing.
  RateLimitPolicy limits;
  // Where buckets and failure counters live; null = this process's memory (MemoryRateLimiter on
  // the app's clock, holding at most rate_limit_max_keys of each). Several nodes need a shared one.
  std::shared_ptr<RateLimiter> rate_limiter;
  size_t rate_limit_max_keys = 100000;
  // The reverse proxy's IP: requests from it are attributed to the last X-Forwarded-For entry.
  // Empty = the peer address is the client (right when Kring faces the internet directly).
  std::string trusted_proxy;
};

// What a handler gets: the request, its path parameters and query, and who is asking.
struct Call {
  const net::HttpRequest& request;
  const PathParams& params;
  Query query;
  std::optional<app::AuthContext> auth;

  core::Viewer viewer() const { return auth ? auth->viewer() : core::Viewer{}; }
  // The signed-in caller, or kUnauthenticated.
  Result<const app::AuthContext*> RequireAuth() const;
  // A path parameter parsed as an id; not_found when it is not one (ids that cannot exist).
  Result<int64_t> IdParam(std::string_view name) const;
  const std::string& Param(std::string_view name) const;
};

using Handler = std::function<Result<net::HttpResponse>(Call&)>;

class Api {
 public:
  Api(app::App& app, ApiConfig config);

  net::HttpResponse Handle(const net::HttpRequest& request);

  void Get(std::string pattern, Handler h) { Add("GET", std::move(pattern), std::move(h)); }
  void Post(std::string pattern, Handler h) { Add("POST", std::move(pattern), std::move(h)); }
  void Patch(std::string pattern, Handler h) { Add("PATCH", std::move(pattern), std::move(h)); }
  void Put(std::string pattern, Handler h) { Add("PUT", std::move(pattern), std::move(h)); }
  void Delete(std::string pattern, Handler h) { Add("DELETE", std::move(pattern), std::move(h)); }

  app::App& app() { return app_; }
  const ApiConfig& config() const { return config_; }
  const Router& router() const { return router_; }

  // Who opens a streaming connection (GET /api/v1/streaming with Upgrade: websocket): a bearer
  // header, an `access_token` query parameter (browsers cannot set headers on WebSockets), or the
  // session cookie, which must come with this site's Origin (no cross-site WebSocket hijacking).
  // Errors: kNotFound for other paths, kUnauthenticated, kPermissionDenied (origin).
  Result<app::AuthContext> AuthenticateStream(const net::HttpRequest& request);

  // The Set-Cookie value that starts (token non-empty) or ends (empty) a browser session.
  std::string SessionCookie(const std::string& token, TimeMs max_age_ms) const;

 private:
  void Add(std::string method, std::string pattern, Handler h);
  Status CheckOrigin(const net::HttpRequest& request) const;
  app::App& app_;
  ApiConfig config_;
  RequestThrottle throttle_;
  Router router_;
};

// Route groups, one file each.
void RegisterAccountRoutes(Api& api);
void RegisterCommunityRoutes(Api& api);
void RegisterPostRoutes(Api& api);
void RegisterSearchRoutes(Api& api);
void RegisterNotificationRoutes(Api& api);
void RegisterModerationRoutes(Api& api);
void RegisterMediaRoutes(Api& api);
void RegisterInsightsRoutes(Api& api);
void RegisterInsightsDecisionRoutes(Api& api);

}  // namespace kring::api
