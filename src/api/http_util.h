// Response helpers shared by every handler: JSON responses, the one Error -> HTTP mapping,
// query-string access and pagination Link headers.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "net/http_message.h"

namespace kring::api {

// The only place that decides the HTTP status of an Error; the body is
// {"error": "<stable code>", "message": "<public message>", "field": "<field>"?}.
int HttpStatusFor(const Error& error);
net::HttpResponse ErrorResponse(const Error& error);
net::HttpResponse JsonResponse(int status, const boost::json::value& body);
net::HttpResponse NoContent();

// Query parameters, percent-decoded; malformed encodings are dropped. Last one wins.
class Query {
 public:
  explicit Query(std::string_view raw);
  std::optional<std::string> Get(std::string_view key) const;
  // Integer parameter; invalid_argument naming the parameter when it is not a number in range.
  Result<std::optional<int64_t>> Int(std::string_view key, int64_t min, int64_t max) const;
  // max_id / min_id / limit / offset.
  Result<app::PageRequest> Page() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Adds `Link: <...?max_id=X>; rel="next", <...?min_id=Y>; rel="prev"` for a newest-first page whose
// first and last ids are given (no header for an empty page). `base` is the path without query;
// `query` the original query (its cursor parameters are replaced).
void AddCursorLinks(net::HttpResponse& response, const std::string& base, std::string_view query,
                    std::optional<int64_t> newest_id, std::optional<int64_t> oldest_id, bool maybe_more);
// Offset pages (top/active/size sorts): rel="next" with offset+limit when the page was full.
void AddOffsetLink(net::HttpResponse& response, const std::string& base, std::string_view query, int offset,
                   int limit, size_t returned);

}  // namespace kring::api
