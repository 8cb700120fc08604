#include "api/http_util.h"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/router.h"

namespace kring::api {

namespace json = boost::json;

int HttpStatusFor(const Error& e) {
  switch (e.code) {
    case Errc::kInvalidArgument:
      // Well-formed requests that break a domain rule are 422; malformed ones are 400.
      if (e.detail == "invalid_json" || e.detail == "wrong_type" || e.detail == "missing_field" ||
          e.detail == "bad_request" || e.detail == "invalid_parameter" || e.detail == "invalid_id")
        return 400;
      if (e.detail == "unsupported_media_type" || e.detail == "unsupported_media") return 415;
      return 422;
    case Errc::kUnauthenticated: return 401;
    case Errc::kPermissionDenied: return 403;
    case Errc::kNotFound: return 404;
    case Errc::kConflict: return 409;
    case Errc::kPayloadTooLarge: return 413;
    case Errc::kRateLimited: return 429;
    case Errc::kUnavailable: return e.detail == "storage_full" ? 507 : 503;
    case Errc::kInternal: return 500;
  }
  return 500;
}

net::HttpResponse JsonResponse(int status, const json::value& body) {
  net::HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = json::serialize(body);
  return r;
}

net::HttpResponse ErrorResponse(const Error& e) {
  json::object body;
  body["error"] = e.StableCode();
  body["message"] = e.public_message.empty() ? std::string("Something went wrong.") : e.public_message;
  if (!e.field.empty()) body["field"] = e.field;
  auto r = JsonResponse(HttpStatusFor(e), body);
  if (e.code == Errc::kUnavailable) r.headers.emplace_back("Retry-After", "5");
  return r;
}

net::HttpResponse NoContent() {
  net::HttpResponse r;
  r.status = 204;
  return r;
}

Query::Query(std::string_view raw) {
  size_t start = 0;
  while (start <= raw.size()) {
    size_t amp = raw.find('&', start);
    std::string_view pair = raw.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key(pair.substr(0, eq));
      std::string value(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      for (char& c : value)
        if (c == '+') c = ' ';
      auto k = PercentDecode(key);
      auto v = PercentDecode(value);
      if (k && v) values_[*k] = *v;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
}

std::optional<std::string> Query::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<std::optional<int64_t>> Query::Int(std::string_view key, int64_t min, int64_t max) const {
  auto v = Get(key);
  if (!v) return std::optional<int64_t>();
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    std::string k(key);
    return InvalidArgument("invalid_parameter",
                           "The parameter \"" + k + "\" must be a number from " + std::to_string(min) + " to " +
                               std::to_string(max) + ".",
                           k);
  }
  return std::optional<int64_t>(n);
}

Result<app::PageRequest> Query::Page() const {
  app::PageRequest p;
  KRING_ASSIGN_OR_RETURN(p.max_id, Int("max_id", 1, INT64_MAX));
  KRING_ASSIGN_OR_RETURN(p.min_id, Int("min_id", 1, INT64_MAX));
  KRING_ASSIGN_OR_RETURN(auto limit, Int("limit", 1, app::kMaxPageLimit));
  KRING_ASSIGN_OR_RETURN(auto offset, Int("offset", 0, 100000));
  p.limit = static_cast<int>(limit.value_or(app::kDefaultPageLimit));
  p.offset = static_cast<int>(offset.value_or(0));
  return p;
}

namespace {
std::string WithoutParams(std::string_view query, std::initializer_list<std::string_view> drop) {
  std::string out;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    std::string_view pair = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    std::string_view key = pair.substr(0, pair.find('='));
    bool skip = pair.empty();
    for (auto d : drop) skip = skip || key == d;
    if (!skip) {
      if (!out.empty()) out += '&';
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}
}  // namespace

void AddCursorLinks(net::HttpResponse& response, const std::string& base, std::string_view query,
                    std::optional<int64_t> newest_id, std::optional<int64_t> oldest_id, bool maybe_more) {
  if (!newest_id || !oldest_id) return;
  std::string rest = WithoutParams(query, {"max_id", "min_id", "offset"});
  std::string prefix = base + "?" + (rest.empty() ? "" : rest + "&");
  std::string link;
  if (maybe_more) link = "<" + prefix + "max_id=" + std::to_string(*oldest_id) + ">; rel=\"next\"";
  if (!link.empty()) link += ", ";
  link += "<" + prefix + "min_id=" + std::to_string(*newest_id) + ">; rel=\"prev\"";
  response.SetHeader("Link", link);
}

void AddOffsetLink(net::HttpResponse& response, const std::string& base, std::string_view query, int offset,
                   int limit, size_t returned) {
  if (returned < static_cast<size_t>(limit)) return;
  std::string rest = WithoutParams(query, {"max_id", "min_id", "offset"});
  response.SetHeader("Link", "<" + base + "?" + (rest.empty() ? "" : rest + "&") +
                                 "offset=" + std::to_string(offset + limit) + ">; rel=\"next\"");
}

}  // namespace kring::api
