// libFuzzer target: the HTTP request path. Raw bytes from the socket go through Beast's request
// parser with the server's limits (net/http_server.cpp: 16 KiB of header, 1 MiB of body), are
// turned into an HttpRequest the way the server does, and run through the whole JSON API (router,
// percent-decoding, query parsing, authentication, handlers, use cases, SQLite) on fixtures; see
// harness.h for the oracles. Up to four pipelined requests per input.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/harness.h"

namespace http = boost::beast::http;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kring::fuzz::Init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 4 && !input.empty(); ++i) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1 << 20);
    parser.eager(true);
    boost::beast::error_code ec;
    size_t used = 0;
    while (!parser.is_done()) {
      size_t n = parser.put(boost::asio::buffer(input.data() + used, input.size() - used), ec);
      used += n;
      if (ec == http::error::need_more) {
        // Beast has looked at every byte it was given and wants more. The server would read more
        // from the socket and call put again with the unconsumed bytes *plus* the new ones; here
        // the input is over: end of stream (a client that stops here is cut off by the header or
        // body deadline). Calling put again with no new bytes breaks Beast's contract (it asserts
        // in parse_chunk_header: fuzz/regressions/http_request/fuzz_http_request-crash-6604...).
        ec = {};
        parser.put_eof(ec);
        break;
      }
      if (ec || n == 0) break;
    }
    if (ec || !parser.is_done()) return 0;  // the server answers 400/413/431 and closes
    input.remove_prefix(used);

    auto msg = parser.release();
    kring::net::HttpRequest req;
    req.method = Upper(msg.method_string());
    req.target = std::string(msg.target());
    size_t q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    for (const auto& field : msg) req.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
    req.body = std::move(msg.body());
    req.remote_address = "127.0.0.1";
    req.request_id = "fuzz";
    kring::fuzz::Handle(req);
    if (!msg.keep_alive()) break;
  }
  return 0;
}
