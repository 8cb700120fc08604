#include "api/api.h"

#include <algorithm>
#include <boost/json.hpp>

#include "base/log.h"

namespace kring::api {

namespace json = boost::json;

namespace {

constexpr const char* kCookieName = "kring_session";

bool IsUnsafe(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::optional<std::string> CookieValue(const net::HttpRequest& req, std::string_view name) {
  for (const auto& [k, v] : req.headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view part = rest.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return std::nullopt;
}

// 429 with Retry-After in whole seconds, rounded up (HTTP allows no fractions).
net::HttpResponse RateLimitedResponse(const Verdict& v) {
  const int64_t seconds = std::max<int64_t>(1, v.RetryAfterSeconds());
  std::string message = v.login_locked ? "Too many failed log-ins; try again in " : "Too many requests; try again in ";
  message += std::to_string(seconds) + (seconds == 1 ? " second." : " seconds.");
  net::HttpResponse r = ErrorResponse(MakeError(Errc::kRateLimited, "rate_limited", message));
  r.headers.emplace_back("Retry-After", std::to_string(seconds));
  return r;
}

void AddSecurityHeaders(net::HttpResponse& r) {
  auto add_if_missing = [&](const char* name, const char* value) {
    if (!r.Header(name)) r.headers.emplace_back(name, value);
  };
  add_if_missing("X-Content-Type-Options", "nosniff");
  add_if_missing("Referrer-Policy", "same-origin");
  add_if_missing("X-Frame-Options", "DENY");
  add_if_missing("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
}

}  // namespace

Result<const app::AuthContext*> Call::RequireAuth() const {
  if (!auth) return Unauthenticated();
  return &*auth;
}

const std::string& Call::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

Result<int64_t> Call::IdParam(std::string_view name) const {
  auto id = StrongId<struct AnyTag>::Parse(Param(name));
  if (!id) return NotFound("item");
  return id->value();
}

Api::Api(app::App& app, ApiConfig config)
    : app_(app),
      config_(std::move(config)),
      throttle_(config_.limits, config_.rate_limiter ? config_.rate_limiter
                                                     : std::make_shared<MemoryRateLimiter>(
                                                           app.deps().clock, config_.rate_limit_max_keys)) {
  Get("/healthz", [this](Call&) -> Result<net::HttpResponse> {
    if (config_.health_check) {
      Status st = config_.health_check();
      if (!st) return st.error();
    }
    return JsonResponse(200, json::object{{"status", "ok"}, {"version", config_.version}});
  });
  RegisterAccountRoutes(*this);
  RegisterCommunityRoutes(*this);
  RegisterPostRoutes(*this);
  RegisterSearchRoutes(*this);
  RegisterNotificationRoutes(*this);
  RegisterModerationRoutes(*this);
  RegisterMediaRoutes(*this);
  RegisterInsightsRoutes(*this);
  RegisterInsightsDecisionRoutes(*this);
}

namespace {
// What a suspended account may still do: read why, appeal, take its data, leave (DSA Art. 20).
bool AllowedWhenSuspended(const std::string& method, const std::string& pattern) {
  static const char* kAllowed[] = {
      "GET /api/v1/me",           "GET /api/v1/notifications",        "GET /api/v1/notifications/unread_count",
      "POST /api/v1/notifications/read", "POST /api/v1/notifications/:id/read", "GET /api/v1/decisions/:id",
      "POST /api/v1/decisions/:id/appeal", "POST /api/v1/auth/logout", "GET /api/v1/me/export", "DELETE /api/v1/me",
      "GET /api/v1/instance",
  };
  std::string key = method + " " + pattern;
  for (const char* a : kAllowed)
    if (key == a) return true;
  return false;
}
}  // namespace

void Api::Add(std::string method, std::string pattern, Handler h) {
  const RequestClass cls = ClassifyRoute(method, pattern);
  const bool allowed_when_suspended = AllowedWhenSuspended(method, pattern);
  router_.Add(std::move(method), std::move(pattern),
              [this, cls, allowed_when_suspended, h = std::move(h)](const net::HttpRequest& req,
                                                                    const PathParams& params) -> net::HttpResponse {
                Call call{req, params, Query(req.query), std::nullopt};
                const bool limited = throttle_.policy().enabled && cls != RequestClass::kExempt;
                const std::string client = limited ? ClientKey(ClientAddress(req, config_.trusted_proxy)) : std::string();
                // Who is asking: a bearer token wins over a cookie.
                std::optional<std::string> token;
                bool via_cookie = false;
                if (const std::string* authz = req.Header("authorization")) {
                  if (authz->size() > 7 && authz->compare(0, 7, "Bearer ") == 0) token = authz->substr(7);
                  else return ErrorResponse(Unauthenticated("Use an \"Authorization: Bearer <token>\" header."));
                } else if (auto cookie = CookieValue(req, kCookieName)) {
                  token = *cookie;
                  via_cookie = true;
                }
                bool clear_cookie = false;
                if (token) {
                  auto auth = app_.accounts.Authenticate(*token);
                  if (!auth) {
                    // A stale browser session continues as a visitor (so logging in again works)
                    // and the browser is told to forget the cookie; a bad app token is an error,
                    // charged to the client like an anonymous request (each costs a look-up).
                    if (!via_cookie) {
                      if (Verdict v = throttle_.Admit(cls, client, std::nullopt); !v) return RateLimitedResponse(v);
                      return ErrorResponse(auth.error());
                    }
                    clear_cookie = true;
                  } else {
                    if (via_cookie && IsUnsafe(req.method)) {
                      Status origin = CheckOrigin(req);
                      if (!origin) return ErrorResponse(origin.error());
                    }
                    if (auth->account.status == core::AccountStatus::kSuspended && !allowed_when_suspended)
                      return ErrorResponse(PermissionDenied(
                          "account_suspended",
                          "This account is suspended. You can still read the decision and appeal it."));
                    call.auth = std::move(*auth);
                  }
                }
                Verdict verdict;
                std::string handle_key;
                if (limited) {
                  std::optional<int64_t> account;
                  if (call.auth) account = call.auth->account.id.value();
                  verdict = throttle_.Admit(cls, client, account);
                  if (verdict && cls == RequestClass::kLogin) {
                    handle_key = LoginHandleKey(req.body);
                    verdict = throttle_.CheckLogin(client, handle_key);
                  }
                }
                net::HttpResponse response;
                if (!verdict) {
                  response = RateLimitedResponse(verdict);
                } else {
                  Result<net::HttpResponse> result = h(call);
                  if (limited && cls == RequestClass::kLogin) {
                    if (result) throttle_.LoginSucceeded(client, handle_key);
                    else if (result.error().detail == "invalid_credentials") throttle_.LoginFailed(client, handle_key);
                  }
                  if (result) {
                    response = std::move(*result);
                  } else {
                    const Error& e = result.error();
                    if (e.code == Errc::kInternal || e.code == Errc::kUnavailable)
                      LogError("request " + req.request_id + " " + req.method + " " + req.path + " failed: " +
                               e.internal_message + " at " + e.where.file_name() + ":" + std::to_string(e.where.line()));
                    response = ErrorResponse(e);
                  }
                }
                if (clear_cookie && !response.Header("Set-Cookie"))
                  response.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
                return response;
              });
}

Status Api::CheckOrigin(const net::HttpRequest& req) const {
  std::string expected = config_.public_origin;
  if (expected.empty()) {
    const std::string* host = req.Header("host");
    if (!host) return PermissionDenied("csrf_failed", "This request did not come from this site.");
    // The scheme is not known behind a proxy; accept either for the same host.
    const std::string* origin = req.Header("origin");
    std::string seen = origin ? *origin : "";
    if (seen.empty()) {
      if (const std::string* referer = req.Header("referer")) seen = *referer;
    }
    for (const char* scheme : {"http://", "https://"}) {
      std::string candidate = std::string(scheme) + *host;
      if (seen == candidate || seen.rfind(candidate + "/", 0) == 0) return Status::Ok();
    }
    return PermissionDenied("csrf_failed", "This request did not come from this site.");
  }
  const std::string* origin = req.Header("origin");
  if (origin && *origin == expected) return Status::Ok();
  const std::string* referer = req.Header("referer");
  if (!origin && referer && referer->rfind(expected + "/", 0) == 0) return Status::Ok();
  return PermissionDenied("csrf_failed", "This request did not come from this site.");
}

Result<app::AuthContext> Api::AuthenticateStream(const net::HttpRequest& req) {
  if (req.path != "/api/v1/streaming") return MakeError(Errc::kNotFound, "not_found", "There is nothing at this address.");
  if (const std::string* authz = req.Header("authorization")) {
    if (authz->size() > 7 && authz->compare(0, 7, "Bearer ") == 0) return app_.accounts.Authenticate(authz->substr(7));
    return Unauthenticated("Use an \"Authorization: Bearer <token>\" header.");
  }
  if (auto token = Query(req.query).Get("access_token")) return app_.accounts.Authenticate(*token);
  if (auto cookie = CookieValue(req, kCookieName)) {
    KRING_TRY(CheckOrigin(req));
    return app_.accounts.Authenticate(*cookie);
  }
  return Unauthenticated("Log in to receive live updates.");
}

std::string Api::SessionCookie(const std::string& token, TimeMs max_age_ms) const {
  std::string c = std::string(kCookieName) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                  std::to_string(token.empty() ? 0 : max_age_ms / 1000);
  if (config_.cookie_secure) c += "; Secure";
  return c;
}

net::HttpResponse Api::Handle(const net::HttpRequest& req) {
  net::HttpResponse response;
  try {
    RouteMatch m = router_.Match(req.method, req.path);
    if (m.route) {
      response = m.route->handler(req, m.params);
    } else if (m.path_known) {
      response = ErrorResponse(MakeError(Errc::kInvalidArgument, "method_not_allowed", "That method is not allowed here."));
      response.status = 405;
    } else if (req.path.rfind("/api/", 0) != 0 && req.path != "/healthz" && config_.fallback) {
      auto r = config_.fallback(req);
      response = r ? std::move(*r) : ErrorResponse(NotFound("page"));
    } else {
      response = ErrorResponse(MakeError(Errc::kNotFound, "not_found", "There is nothing at this address."));
    }
  } catch (const std::exception& e) {
    LogError("request " + req.request_id + " threw: " + e.what());
    response = ErrorResponse(Internal(e.what()));
  }
  AddSecurityHeaders(response);
  return response;
}

}  // namespace kring::api
