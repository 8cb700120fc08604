// Plain HTTP request/response values exchanged between the network layer (net/, Beast) and the
// API layer (api/). Kept free of Boost headers on purpose: handlers compile in seconds, and the
// API can be tested without sockets.
//
// Thread safety: plain values.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kring::net {

struct HttpRequest {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received: path plus optional "?query"
  std::string path;    // target before '?', still percent-encoded
  std::string query;   // target after '?', without the '?', still percent-encoded ("" if none)
  // Header names lower-cased; values as received. Repeated headers appear repeatedly.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // peer IP as text
  std::string request_id;      // unique per request, echoed as X-Request-Id and in the access log

  // First header with that (lower-case) name, or nullptr.
  const std::string* Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When non-empty, the server sends this file's bytes [file_offset, file_offset+file_length)
  // instead of `body` (for media and static assets); set by the handler after opening checks.
  std::string file_path;
  uint64_t file_offset = 0;
  uint64_t file_length = 0;

  void SetHeader(std::string name, std::string value);
  const std::string* Header(std::string_view name) const;  // case-insensitive
};

// The application entry point the server calls for each request. Called on a worker thread (it may
// block on the database); must not throw (the server answers 500 and logs if it does).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace kring::net
