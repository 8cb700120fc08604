#include "api/router.h"

#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

#include "core/unicode_text.h"

namespace kring::api {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return out;
  size_t start = 1;
  for (;;) {
    size_t slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::optional<std::string> PercentDecode(std::string_view text) {
  auto pct = boost::urls::make_pct_string_view(text);
  if (pct.has_error()) return std::nullopt;
  std::string out;
  out.reserve(text.size());
  boost::urls::decode_view decoded = **pct;
  for (char c : decoded) out.push_back(c);
  if (!core::IsValidUtf8(out)) return std::nullopt;
  return out;
}

void Router::Add(std::string method, std::string pattern,
                 std::function<net::HttpResponse(const net::HttpRequest&, const PathParams&)> handler) {
  Route r;
  r.method = std::move(method);
  r.segments = SplitPath(pattern);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch out;
  std::vector<std::string> parts = SplitPath(path);
  // A trailing slash is tolerated ("/api/v1/communities/").
  if (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  std::string_view effective_method = method == "HEAD" ? std::string_view("GET") : method;
  for (const Route& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const std::string& seg = r.segments[i];
      if (!seg.empty() && seg.front() == ':') {
        auto decoded = PercentDecode(parts[i]);
        if (!decoded || decoded->empty()) ok = false;
        else params.emplace(seg.substr(1), std::move(*decoded));
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    if (r.method != effective_method) {
      out.path_known = true;
      continue;
    }
    out.route = &r;
    out.params = std::move(params);
    return out;
  }
  return out;
}

}  // namespace kring::api
