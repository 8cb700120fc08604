// Router: maps method + path pattern ("/api/v1/posts/:id") to a handler. Patterns are literal
// segments and ":name" parameters; parameters are percent-decoded. The route table is also the
// source of truth for the OpenAPI check (Routes()).
//
// Thread safety: Add() during start-up only; Match() from any thread afterwards.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace kring::api {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteMatch {
  const struct Route* route = nullptr;
  PathParams params;
  bool path_known = false;  // the path exists under another method (for 405)
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  std::function<net::HttpResponse(const net::HttpRequest&, const PathParams&)> handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern,
           std::function<net::HttpResponse(const net::HttpRequest&, const PathParams&)> handler);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& Routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"}; empty segments are kept so "/a//b" does not match "/a/b".
std::vector<std::string> SplitPath(std::string_view path);
// Percent-decodes; nullopt when malformed or when the result is not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view text);

}  // namespace kring::api
