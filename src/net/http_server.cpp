// HttpServer on Boost.Beast/Asio with C++20 coroutines, after Beast's example/http/server/awaitable
// and example/advanced/server (boost-1.81.0): one coroutine per connection running on its own
// strand, beast::tcp_stream deadlines for every phase, handlers hopped onto a thread pool.
//
// Shape of a connection (Session::Loop):
//   wait for the first byte (idle deadline; header deadline on a fresh connection)
//   -> read the header (header deadline, header_limit) -> optional "100 Continue"
//   -> read the body (body deadline, body_limit) -> handler on the pool (no deadline)
//   -> back on the strand, write with a deadline per write that must make progress
//   -> keep-alive: loop; otherwise half-close and drain briefly ("lingering close") so the client
//      reads our last response instead of a TCP reset.
//
// A WebSocket upgrade (only with options.websocket_upgrade) leaves that loop after the hook
// accepts it: the same Session moves its socket into a websocket::stream and runs three coroutines
// on its strand (Session::RunWebSocket): the writer (drains the StreamOutbox the hub delivers to,
// and performs closes), a reader (ignores client messages, notices the peer's close) and a write
// watchdog (closes a send that makes no progress). The Session stays registered with the server,
// so it counts toward max_connections and Stop() reaches it.
#include "net/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/check.h"
#include "base/log.h"
#include "net/stream_hub.h"

namespace kring::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Coroutine completion token that returns errors as values: a closed socket or a timeout is the
// normal end of a connection, not an exception.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

constexpr size_t kFirstReadBytes = 8 * 1024;
constexpr size_t kFileChunkBytes = 64 * 1024;
// Lingering close: after our last response, read and discard what the client still sends for at
// most this long / this much, so the kernel does not answer unread data with a reset that could
// destroy the response in flight (nginx's lingering_close, for the same reason).
constexpr milliseconds kLingerTime{1000};
constexpr size_t kLingerMaxBytes = 1 << 20;
// A 503 to a client over the connection cap must not tie up resources for long.
constexpr milliseconds kRejectTimeout{1000};

const char* const kInternalMessage = "Something went wrong on the server.";

// Streaming clients only send pings, pongs and the odd small control message (Mastodon's
// {"type":"subscribe",...}); anything bigger is closed with 1009 "message too big".
constexpr size_t kWsReadMessageMax = 4 * 1024;
// permessage-deflate is compiled out: it costs ~300 KB of zlib state per connection, and it is
// unsafe with secrets and attacker-influenced text in one stream (CRIME/BREACH).
using WsStream = websocket::stream<beast::tcp_stream, /*deflateSupported=*/false>;

// ---------------------------------------------------------------------------------------------
// Small helpers.

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  return true;
}

// True if the comma-separated header value contains `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (IEquals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

HttpResponse JsonError(int status, std::string_view code, std::string_view message) {
  HttpResponse res;
  res.status = status;
  res.SetHeader("Content-Type", "application/json; charset=utf-8");
  res.SetHeader("Cache-Control", "no-store");
  res.body = "{\"error\":\"" + JsonEscape(code) + "\",\"message\":\"" + JsonEscape(message) + "\"}";
  return res;
}

HttpResponse InternalErrorResponse() { return JsonError(500, "internal_error", kInternalMessage); }

// Request ids only need to be unique enough to correlate logs, not unguessable.
std::string NewRequestId() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// A client-supplied id is reused (so a proxy's id follows the request through our logs) only if
// it cannot smuggle anything into log lines or headers.
bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsValidHeader(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return false;
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// "Address already in use" -> "address already in use", to read well after "...: ".
std::string LowerFirst(std::string s) {
  if (!s.empty()) s[0] = AsciiLower(s[0]);
  return s;
}

std::string HostPort(const std::string& host, uint16_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::string RemoteAddressOf(const tcp::socket& socket, beast::error_code& ec) {
  tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return {};
  asio::ip::address addr = ep.address();
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; log them as a.b.c.d.
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  return addr.to_string();
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Parse errors from Beast that mean "the client sent something that is not HTTP/1.x", as opposed
// to transport events (closed, reset, timed out) that leave nobody to answer.
bool IsProtocolError(const beast::error_code& ec) {
  if (ec.category() != http::make_error_code(http::error::bad_target).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_more && ec != http::error::need_buffer;
}

// Beast's accept answers a malformed handshake itself, in plain text; checking first lets the client
// get our JSON error and keeps malformed attempts away from the upgrade hook (and its database).
// Returns a response to send, or nullopt if websocket::stream::accept will succeed on `msg`.
// REQUIRES: websocket::is_upgrade(msg).
std::optional<HttpResponse> CheckWebSocketHandshake(const http::request<http::string_body>& msg) {
  auto bad = [](std::string_view what) {
    return JsonError(400, "bad_websocket_handshake",
                     "The WebSocket handshake is invalid: " + std::string(what) + ".");
  };
  if (msg.version() != 11) return bad("HTTP/1.1 is required");
  if (msg.find(http::field::host) == msg.end()) return bad("missing Host");
  auto key = msg.find(http::field::sec_websocket_key);
  // Beast keeps the key in a 24-byte buffer: the base64 of 16 random bytes (RFC 6455 4.1).
  if (key == msg.end() || key->value().empty() || key->value().size() > 24)
    return bad("missing or malformed Sec-WebSocket-Key");
  auto version = msg.find(http::field::sec_websocket_version);
  if (version == msg.end() || version->value() != "13") {
    HttpResponse res = JsonError(426, "unsupported_websocket_version",
                                 "Only WebSocket version 13 is supported.");
    res.SetHeader("Sec-WebSocket-Version", "13");
    return res;
  }
  return std::nullopt;
}

// Per-request facts the response and the access log need, whatever path the request took.
struct Exchange {
  Clock::time_point start;
  unsigned version = 11;
  bool head = false;
  std::string method;
  std::string path;
  std::string request_id;
  size_t body_limit = 0;  // the limit applied to this request's body
};

void FillExchangeFromHeader(const http::request<http::string_body>& msg, Exchange& x) {
  x.version = msg.version() == 10 ? 10 : 11;
  x.method.clear();
  for (char c : msg.method_string()) x.method += AsciiUpper(c);
  x.head = x.method == "HEAD";
  std::string_view target = msg.target();
  x.path = std::string(target.substr(0, target.find('?')));
  auto id = msg.find("x-request-id");
  x.request_id = (id != msg.end() && IsSaneRequestId(id->value())) ? std::string(id->value())
                                                                    : NewRequestId();
}

// Half-closes, then drains the client briefly before closing (see kLingerTime).
asio::awaitable<void> LingeringClose(beast::tcp_stream& stream, beast::flat_buffer& scratch) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) {
    stream.expires_after(kLingerTime);
    size_t drained = 0;
    scratch.clear();
    while (drained < kLingerMaxBytes) {
      auto [rec, n] = co_await stream.async_read_some(scratch.prepare(16 * 1024), kNoThrow);
      if (rec) break;
      drained += n;
    }
  }
  stream.close();
}

class Server;

// ---------------------------------------------------------------------------------------------
// One client connection. Owned by its coroutine (Run holds a shared_ptr); the server keeps a weak
// reference so Stop() can reach it. Everything but the constructor and destructor runs on the
// connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server& server, tcp::socket socket, std::string remote_address)
      : server_(server),
        executor_(socket.get_executor()),
        stream_(std::move(socket)),
        remote_address_(std::move(remote_address)) {}
  ~Session();

  static asio::awaitable<void> Run(std::shared_ptr<Session> self) { co_await self->Loop(); }

  // The connection's strand. Safe from any thread.
  const asio::any_io_executor& executor() const { return executor_; }

  // Stop() has begun: a connection waiting for its next request is closed now; one in the middle
  // of a request finishes it (the response says Connection: close); a WebSocket is sent a
  // "going away" close frame.
  void OnServerStopping() {
    if (idle_) stream_.cancel();
    if (ws_ && ws_->outbox) ws_->outbox->Close();
  }
  // The grace period is over.
  void ForceClose() {
    stream_.close();
    if (ws_) ws_->Abort();
  }
  // Takes a WebSocket off the hub. Safe on the strand, or once no I/O thread runs.
  void LeaveHub() { WsLeaveHub(); }

 private:
  enum class Next { kKeepAlive, kClose, kAbort, kUpgraded };

  // The WebSocket side of a connection, created when an upgrade is accepted.
  struct WebSocket {
    explicit WebSocket(beast::tcp_stream&& tcp)
        : ws(std::move(tcp)), signal(ws.get_executor()), write_deadline(ws.get_executor()) {
      signal.expires_at(asio::steady_timer::time_point::max());
      write_deadline.expires_at(asio::steady_timer::time_point::max());
    }
    // Closes the socket: every pending operation completes with an error, and the coroutines end.
    void Abort() {
      beast::error_code ec;
      beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ec);
      beast::get_lowest_layer(ws).close();
    }

    WsStream ws;
    asio::steady_timer signal;          // the writer waits on it; cancel() wakes it
    asio::steady_timer write_deadline;  // expires write_timeout_ms into a send; max() when idle
    std::shared_ptr<StreamOutbox> outbox;
    StreamHub* hub = nullptr;
    int64_t key = 0;
    bool reader_done = false;
    bool writer_done = false;
  };

  asio::awaitable<void> Loop();
  asio::awaitable<Next> ServeOne(Clock::time_point start);
  asio::awaitable<Next> FailRead(const beast::error_code& ec,
                                 const http::request_parser<http::string_body>& parser,
                                 Exchange& x);
  asio::awaitable<Next> Respond(HttpResponse res, const Exchange& x, bool keep_alive);
  asio::awaitable<Next> Upgrade(http::request<http::string_body> msg, const HttpRequest& req,
                                Exchange& x, bool keep_alive);
  asio::awaitable<void> RunWebSocket(http::request<http::string_body> msg, Exchange x,
                                     int64_t key, std::string protocol);
  asio::awaitable<void> WsWriteLoop();
  static asio::awaitable<void> WsReadLoop(std::shared_ptr<Session> self);
  static asio::awaitable<void> WsWatchdog(std::shared_ptr<Session> self);
  void WsWake();
  void WsLeaveHub();

  Server& server_;
  const asio::any_io_executor executor_;
  beast::tcp_stream stream_;  // moved into ws_ on upgrade (then closed and unused)
  beast::flat_buffer buffer_;
  const std::string remote_address_;
  bool idle_ = false;  // waiting for the first byte of a request
  std::unique_ptr<WebSocket> ws_;
};

// ---------------------------------------------------------------------------------------------
// The server proper. HttpServer::Impl only derives from it: Impl is private to HttpServer, and
// Session needs to name the server.
class Server {
 public:
  Server(HttpServerOptions options, HttpHandler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {}
  ~Server();

  Result<uint16_t> Start();
  void Stop(int grace_ms);
  void Wait();

  // For sessions.
  const HttpServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  asio::thread_pool::executor_type PoolExecutor() { return pool_->get_executor(); }
  HttpResponse InvokeHandler(const HttpRequest& request);
  UpgradeDecision InvokeUpgradeHook(const HttpRequest& request);
  void ReportAccess(const Exchange& x, const std::string& remote, int status, uint64_t bytes);
  void Unregister(Session* session);

 private:
  enum class State { kNew, kRunning, kStopped };

  Error ListenError(const std::string& reason) const;
  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Reject(tcp::socket socket, std::string remote);
  std::vector<std::shared_ptr<Session>> LiveSessions();
  void RunIo();
  void Teardown();

  const HttpServerOptions options_;
  const HttpHandler handler_;
  std::atomic<bool> stopping_{false};

  // Created by Start(). Destroyed in ~Server in an explicit order (see Teardown).
  std::unique_ptr<asio::io_context> ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::optional<tcp::acceptor> acceptor_;
  std::unique_ptr<asio::thread_pool> pool_;
  std::vector<std::thread> io_threads_;

  std::mutex stop_mu_;  // serialises Stop() calls
  std::mutex mu_;
  std::condition_variable cv_;  // signalled when state_ changes or the last session ends
  State state_ = State::kNew;                                      // guarded by mu_
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // guarded by mu_
};

Session::~Session() {
  WsLeaveHub();
  server_.Unregister(this);
}

asio::awaitable<void> Session::Loop() {
  const HttpServerOptions& o = server_.options();
  bool first = true;
  Next next = Next::kAbort;
  for (;;) {
    if (server_.stopping()) {
      next = Next::kAbort;  // between requests: nothing to drain, just close
      break;
    }
    if (buffer_.size() == 0) {
      // A fresh connection gets the header deadline from its first moment, so connecting and
      // sending nothing is no cheaper for an attacker than sending a header slowly.
      stream_.expires_after(milliseconds(first ? o.header_timeout_ms : o.idle_timeout_ms));
      idle_ = true;
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstReadBytes), kNoThrow);
      idle_ = false;
      if (ec) {
        next = Next::kAbort;  // client closed, idle timeout, or Stop() closed an idle connection
        break;
      }
      buffer_.commit(n);
      if (!first) stream_.expires_after(milliseconds(o.header_timeout_ms));
    } else {
      stream_.expires_after(milliseconds(o.header_timeout_ms));  // pipelined request
    }
    first = false;
    next = co_await ServeOne(Clock::now());
    if (next == Next::kUpgraded) co_return;  // the WebSocket has ended and closed the socket
    if (next != Next::kKeepAlive) break;
    // One large request must not pin its buffer for the life of a keep-alive connection.
    if (buffer_.size() == 0 && buffer_.capacity() > 64 * 1024) buffer_.shrink_to_fit();
  }
  if (next == Next::kClose) {
    co_await LingeringClose(stream_, buffer_);
  } else {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }
}

asio::awaitable<Session::Next> Session::ServeOne(Clock::time_point start) {
  const HttpServerOptions& o = server_.options();
  Exchange x;
  x.start = start;

  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(o.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // With a per-request hook the limit is only known once the header is in, so the header read
  // runs unlimited and the limit is applied (to Content-Length and to chunked bodies) right after.
  x.body_limit = o.max_body_bytes;
  if (o.body_limit_for) parser.body_limit(boost::none);
  else parser.body_limit(static_cast<std::uint64_t>(o.max_body_bytes));

  {
    auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, kNoThrow);
    if (ec) co_return co_await FailRead(ec, parser, x);
  }
  if (o.body_limit_for) {
    const auto& head = parser.get();
    HttpRequest header_only;
    for (char c : head.method_string()) header_only.method += AsciiUpper(c);
    header_only.target = std::string(head.target());
    size_t qpos = header_only.target.find('?');
    header_only.path = header_only.target.substr(0, qpos);
    if (qpos != std::string::npos) header_only.query = header_only.target.substr(qpos + 1);
    for (const auto& field : head) header_only.headers.emplace_back(Lower(field.name_string()), field.value());
    header_only.remote_address = remote_address_;
    x.body_limit = o.body_limit_for(header_only);
    auto declared = parser.content_length();
    if (declared && *declared > x.body_limit) co_return co_await FailRead(beast::error_code(http::error::body_limit), parser, x);
    parser.body_limit(static_cast<std::uint64_t>(x.body_limit));
  }
  if (!parser.is_done()) {
    auto& msg = parser.get();
    // curl and others wait (about 1 s) for this before sending a large body.
    auto expect = msg.find(http::field::expect);
    if (msg.version() >= 11 && expect != msg.end() && IEquals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(milliseconds(o.write_timeout_ms));
      auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kNoThrow);
      if (ec) co_return Next::kAbort;
    }
    stream_.expires_after(milliseconds(o.body_timeout_ms));
    auto [ec, n] = co_await http::async_read(stream_, buffer_, parser, kNoThrow);
    if (ec) co_return co_await FailRead(ec, parser, x);
  }
  // The handler may take as long as it needs; our deadlines are for the client's pace only.
  stream_.expires_never();

  http::request<http::string_body> msg = parser.release();
  FillExchangeFromHeader(msg, x);
  const bool client_keep_alive = msg.keep_alive();

  HttpRequest req;
  req.method = x.method;
  req.target = std::string(msg.target());
  size_t q = req.target.find('?');
  req.path = x.path;
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  req.headers.reserve(std::distance(msg.begin(), msg.end()));
  for (const auto& field : msg) req.headers.emplace_back(Lower(field.name_string()), field.value());
  req.body = std::move(msg.body());
  req.remote_address = remote_address_;
  req.request_id = x.request_id;

  if (server_.options().websocket_upgrade && websocket::is_upgrade(msg))
    co_return co_await Upgrade(std::move(msg), req, x, client_keep_alive);

  // Run the handler on the worker pool. (A bare co_await post(pool) would not do: the coroutine
  // resumes on its own strand, so the handler would still run on an I/O thread.) Completion
  // brings us back to this connection's strand.
  HttpResponse res = co_await asio::co_spawn(
      server_.PoolExecutor(),
      [this, &req]() -> asio::awaitable<HttpResponse> { co_return server_.InvokeHandler(req); },
      asio::use_awaitable);

  co_return co_await Respond(std::move(res), x, client_keep_alive && !server_.stopping());
}

asio::awaitable<Session::Next> Session::FailRead(
    const beast::error_code& ec, const http::request_parser<http::string_body>& parser,
    Exchange& x) {
  // Whatever of the header was parsed names the request in the access log.
  FillExchangeFromHeader(parser.get(), x);
  if (ec == http::error::body_limit) {
    co_return co_await Respond(
        JsonError(413, "payload_too_large",
                  "The request body is larger than the " +
                      std::to_string(x.body_limit ? x.body_limit : server_.options().max_body_bytes) +
                      " bytes this server accepts."),
        x, false);
  }
  if (ec == http::error::header_limit) {
    co_return co_await Respond(
        JsonError(431, "header_too_large", "The request headers are too large."), x, false);
  }
  if (IsProtocolError(ec)) {
    co_return co_await Respond(
        JsonError(400, "bad_request", "The request is not valid HTTP/1.1 (" + ec.message() + ")."),
        x, false);
  }
  if (ec == beast::error::timeout) {
    // The deadline already closed the socket; record it the way nginx does (408, nothing sent).
    server_.ReportAccess(x, remote_address_, 408, 0);
  }
  co_return Next::kAbort;
}

asio::awaitable<Session::Next> Session::Respond(HttpResponse res, const Exchange& x,
                                                bool keep_alive) {
  const HttpServerOptions& o = server_.options();
  if (res.status < 200 || res.status > 599) {
    LogError("HTTP handler returned invalid status " + std::to_string(res.status) + " for " +
             x.method + " " + x.path + " (request " + x.request_id + ")");
    res = InternalErrorResponse();
  }

  // Open the file before committing to a status, so a vanished file becomes a clean 500.
  const bool bodiless_status = res.status == 204 || res.status == 304;
  beast::file file;
  bool from_file = !res.file_path.empty() && !bodiless_status;
  if (from_file) {
    beast::error_code ec;
    file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
    uint64_t size = ec ? 0 : file.size(ec);
    if (!ec && (res.file_offset > size || res.file_length > size - res.file_offset))
      ec = asio::error::invalid_argument;
    if (!ec && res.file_length > 0) file.seek(res.file_offset, ec);
    if (ec) {
      LogError("HTTP response file " + res.file_path + " [" + std::to_string(res.file_offset) +
               "+" + std::to_string(res.file_length) + "] unusable: " + ec.message() +
               " (request " + x.request_id + ")");
      res = InternalErrorResponse();
      from_file = false;
    }
  }

  http::response<http::string_body> msg;
  bool built = false;
  try {
    msg.version(x.version);
    msg.result(static_cast<unsigned>(res.status));
    for (const auto& [name, value] : res.headers) {
      if (IEquals(name, "connection")) {
        if (HasToken(value, "close")) keep_alive = false;
        continue;
      }
      // Framing and identity headers are ours to set.
      if (IEquals(name, "content-length") || IEquals(name, "transfer-encoding") ||
          IEquals(name, "keep-alive") || IEquals(name, "server") || IEquals(name, "x-request-id"))
        continue;
      if (!IsValidHeader(name, value)) {
        LogError("HTTP handler set an invalid header '" + name + "'; dropped (request " +
                 x.request_id + ")");
        continue;
      }
      msg.insert(name, value);
    }
    built = true;
  } catch (const std::exception& e) {
    LogError(std::string("HTTP response header rejected: ") + e.what() + " (request " +
             x.request_id + ")");
  }
  if (!built) {
    msg = http::response<http::string_body>{};
    res = InternalErrorResponse();
    from_file = false;
    msg.version(x.version);
    msg.result(http::status::internal_server_error);
    msg.set(http::field::content_type, "application/json; charset=utf-8");
  }
  msg.set(http::field::server, "kring");
  msg.set("X-Request-Id", x.request_id);
  if (!bodiless_status) msg.content_length(from_file ? res.file_length : res.body.size());
  // HEAD: the headers describe the full body, but none is sent.
  if (!x.head && !from_file && !bodiless_status) msg.body() = std::move(res.body);
  msg.keep_alive(keep_alive);

  uint64_t bytes = 0;
  bool ok = true;
  http::response_serializer<http::string_body> sr{msg};
  while (!sr.is_done()) {
    // The deadline is per write: a slow but reading client may take long for a big body, a client
    // that stops reading is dropped after write_timeout_ms.
    stream_.expires_after(milliseconds(o.write_timeout_ms));
    auto [ec, n] = co_await http::async_write_some(stream_, sr, kNoThrow);
    bytes += n;
    if (ec) {
      ok = false;
      break;
    }
  }
  if (ok && from_file && !x.head) {
    std::unique_ptr<char[]> chunk(new char[kFileChunkBytes]);
    uint64_t remaining = res.file_length;
    while (remaining > 0) {
      beast::error_code ec;
      size_t want = static_cast<size_t>(std::min<uint64_t>(remaining, kFileChunkBytes));
      size_t got = file.read(chunk.get(), want, ec);
      if (ec || got == 0) {
        // Headers are out, so the only honest signal left is closing before Content-Length.
        LogError("HTTP response file " + res.file_path + " read failed mid-response: " +
                 (ec ? ec.message() : std::string("file shrank")) + " (request " + x.request_id +
                 ")");
        ok = false;
        break;
      }
      stream_.expires_after(milliseconds(o.write_timeout_ms));
      auto [wec, n] = co_await asio::async_write(stream_, asio::buffer(chunk.get(), got), kNoThrow);
      bytes += n;
      if (wec) {
        ok = false;
        break;
      }
      remaining -= got;
    }
  }
  stream_.expires_never();
  server_.ReportAccess(x, remote_address_, res.status, bytes);
  if (!ok) co_return Next::kAbort;
  co_return keep_alive ? Next::kKeepAlive : Next::kClose;
}

// ---------------------------------------------------------------------------------------------
// WebSocket.

asio::awaitable<Session::Next> Session::Upgrade(http::request<http::string_body> msg,
                                                const HttpRequest& req, Exchange& x,
                                                bool keep_alive) {
  if (std::optional<HttpResponse> problem = CheckWebSocketHandshake(msg))
    co_return co_await Respond(std::move(*problem), x, false);

  // The hook may authenticate against the database: worker pool, like the handler.
  UpgradeDecision decision = co_await asio::co_spawn(
      server_.PoolExecutor(),
      [this, &req]() -> asio::awaitable<UpgradeDecision> {
        co_return server_.InvokeUpgradeHook(req);
      },
      asio::use_awaitable);
  if (!decision.accept)
    co_return co_await Respond(std::move(decision.rejection), x, keep_alive && !server_.stopping());
  if (server_.stopping()) {
    HttpResponse res = JsonError(503, "shutting_down",
                                 "The server is restarting. Please reconnect in a moment.");
    res.SetHeader("Retry-After", "1");
    co_return co_await Respond(std::move(res), x, false);
  }
  if (!IsValidHeader("Sec-WebSocket-Protocol", decision.protocol)) {
    LogError("WebSocket upgrade hook chose an invalid protocol; refused (request " +
             x.request_id + ")");
    co_return co_await Respond(InternalErrorResponse(), x, false);
  }
  co_await RunWebSocket(std::move(msg), std::move(x), decision.key, std::move(decision.protocol));
  co_return Next::kUpgraded;
}

asio::awaitable<void> Session::RunWebSocket(http::request<http::string_body> msg, Exchange x,
                                            int64_t key, std::string protocol) {
  const HttpServerOptions& o = server_.options();
  // Bytes after the upgrade request in buffer_ are dropped: a client may not send frames before
  // it has our 101 (RFC 6455 section 4.1).
  buffer_ = beast::flat_buffer();
  ws_ = std::make_unique<WebSocket>(std::move(stream_));
  WsStream& ws = ws_->ws;
  // Beast's timeouts replace the tcp_stream deadlines (ServeOne left those at "never"): handshake
  // and close within 30 s, a ping every idle/2 and a drop after idle without hearing anything.
  // Idle is shorter than Beast's suggested 300 s because proxies (nginx: proxy_read_timeout 60 s)
  // cut connections that are silent for a minute; Mastodon pings every 30 s for the same reason.
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = milliseconds(o.websocket_idle_timeout_ms);
  ws.set_option(timeouts);
  ws.set_option(websocket::stream_base::decorator(
      [id = x.request_id, protocol = std::move(protocol)](websocket::response_type& res) {
        res.set(http::field::server, "kring");
        res.set("X-Request-Id", id);
        if (!protocol.empty()) res.set(http::field::sec_websocket_protocol, protocol);
      }));
  ws.read_message_max(kWsReadMessageMax);
  ws.auto_fragment(false);  // one frame per message: no payload copy, and simplest for clients
  ws.text(true);

  {
    auto [ec] = co_await ws.async_accept(msg, kNoThrow);
    // The handshake was checked already, so a failure here is the transport's: 101 was attempted.
    server_.ReportAccess(x, remote_address_, 101, 0);
    if (ec) {
      ws_->Abort();
      co_return;
    }
  }

  ws_->hub = o.stream_hub;
  ws_->key = key;
  std::weak_ptr<Session> weak = weak_from_this();
  ws_->outbox = std::make_shared<StreamOutbox>(
      StreamOutbox::Limits{o.websocket_queue_max_messages, o.websocket_queue_max_bytes},
      // Runs on the publisher's thread: only hop onto the strand. The outbox destroys this before
      // the Session dies (Detach), so the strand is never posted to after its io_context is gone.
      [weak, ex = executor_] {
        asio::post(ex, [weak] {
          if (auto self = weak.lock()) self->WsWake();
        });
      });
  ws_->hub->Subscribe(key, ws_->outbox);
  if (server_.stopping()) ws_->outbox->Close();  // Stop() began during the handshake

  auto self = shared_from_this();
  auto report = [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      LogError(std::string("WebSocket coroutine failed: ") + ex.what());
    } catch (...) {
      LogError("WebSocket coroutine failed with an unknown exception");
    }
  };
  asio::co_spawn(executor_, WsReadLoop(self), report);
  asio::co_spawn(executor_, WsWatchdog(self), report);
  co_await WsWriteLoop();
}

void Session::WsWake() {
  if (!ws_ || !ws_->outbox) return;
  ws_->signal.cancel();
  if (ws_->outbox->Overflowed() && !ws_->writer_done) {
    // The writer may be stuck in a send to a client that stopped reading; do not wait for it.
    LogWarn("WebSocket client " + remote_address_ + " fell " +
            std::to_string(server_.options().websocket_queue_max_messages) +
            " messages or " + std::to_string(server_.options().websocket_queue_max_bytes) +
            " bytes behind; disconnected");
    ws_->Abort();
  }
}

asio::awaitable<void> Session::WsWriteLoop() {
  const HttpServerOptions& o = server_.options();
  WebSocket& w = *ws_;
  for (;;) {
    if (w.reader_done) break;  // the peer closed, or the connection failed
    std::shared_ptr<const std::string> text;
    StreamOutbox::State state = w.outbox->Take(&text);
    if (state == StreamOutbox::State::kEmpty) {
      co_await w.signal.async_wait(kNoThrow);  // ends early on cancel(): a wake-up
      continue;
    }
    if (state == StreamOutbox::State::kMessage) {
      w.write_deadline.expires_after(milliseconds(o.write_timeout_ms));
      auto [ec, n] = co_await w.ws.async_write(asio::buffer(*text), kNoThrow);
      w.write_deadline.expires_at(asio::steady_timer::time_point::max());
      if (ec) break;
      continue;
    }
    if (state == StreamOutbox::State::kClose) {
      // Waits for the client's close frame, bounded by the handshake timeout (and Stop's grace).
      co_await w.ws.async_close(websocket::close_reason(websocket::close_code::going_away),
                                kNoThrow);
    }
    break;  // kClose done, kOverflow (WsWake aborted the socket), kDetached
  }
  w.writer_done = true;
  WsLeaveHub();
  w.write_deadline.cancel();  // ends the watchdog
  w.Abort();                  // ends the reader
}

asio::awaitable<void> Session::WsReadLoop(std::shared_ptr<Session> self) {
  WebSocket& w = *self->ws_;
  beast::flat_buffer buffer;
  for (;;) {
    // Also what answers pings and close frames: Beast handles control frames inside reads.
    auto [ec, n] = co_await w.ws.async_read(buffer, kNoThrow);
    if (ec) break;
    buffer.clear();  // client messages carry nothing we act on yet
  }
  w.reader_done = true;
  w.signal.cancel();
}

asio::awaitable<void> Session::WsWatchdog(std::shared_ptr<Session> self) {
  WebSocket& w = *self->ws_;
  for (;;) {
    co_await w.write_deadline.async_wait(kNoThrow);  // also ends when the writer re-arms it
    if (w.writer_done) co_return;
    if (w.write_deadline.expiry() <= Clock::now()) {
      LogWarn("WebSocket client " + self->remote_address_ + " made no progress reading for " +
              std::to_string(self->server_.options().write_timeout_ms) + " ms; disconnected");
      w.Abort();
      co_return;
    }
  }
}

void Session::WsLeaveHub() {
  if (!ws_ || !ws_->outbox) return;
  if (ws_->hub) ws_->hub->Unsubscribe(ws_->key, ws_->outbox.get());
  ws_->outbox->Detach();
}

// ---------------------------------------------------------------------------------------------

Server::~Server() {
  Stop(0);
  Teardown();
}

void Server::Teardown() {
  // Order matters: handlers abandoned in the pool own connection coroutines, whose sockets belong
  // to the io_context, and every Session unregisters itself from sessions_ under mu_. So the pool
  // goes first, then the io_context (destroying its queued coroutines), while mu_ still exists.
  pool_.reset();
  acceptor_.reset();
  work_.reset();
  ioc_.reset();
}

Error Server::ListenError(const std::string& reason) const {
  std::string message = "Cannot listen on " + HostPort(options_.address, options_.port) + ": " + reason;
  return Unavailable("listen_failed", message, message);
}

Result<uint16_t> Server::Start() {
  {
    std::lock_guard lock(mu_);
    KRING_CHECK(state_ != State::kRunning, "HttpServer::Start() called twice");
    if (state_ == State::kStopped)
      return Unavailable("server_stopped", "The server has been stopped.");
  }
  if (options_.io_threads < 1 || options_.worker_threads < 1 || options_.max_connections < 1)
    return InvalidArgument("invalid_server_options",
                           "io_threads, worker_threads and max_connections must be at least 1.");
  if (options_.header_timeout_ms <= 0 || options_.body_timeout_ms <= 0 ||
      options_.idle_timeout_ms <= 0 || options_.write_timeout_ms <= 0)
    return InvalidArgument("invalid_server_options", "HTTP server timeouts must be positive.");
  if (options_.websocket_upgrade &&
      (!options_.stream_hub || options_.websocket_idle_timeout_ms <= 0 ||
       options_.websocket_queue_max_messages < 1 || options_.websocket_queue_max_bytes < 1))
    return InvalidArgument("invalid_server_options",
                           "websocket_upgrade needs a stream_hub, a positive idle timeout and "
                           "non-zero queue limits.");

  ioc_ = std::make_unique<asio::io_context>(options_.io_threads);

  beast::error_code ec;
  tcp::endpoint endpoint;
  asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    // Not an IP literal: resolve it once ("localhost" in a config file is common).
    tcp::resolver resolver(*ioc_);
    auto results = resolver.resolve(options_.address, std::to_string(options_.port),
                                    tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      Teardown();
      return ListenError(ec ? LowerFirst(ec.message()) : "no address found");
    }
    endpoint = results.begin()->endpoint();
  }

  acceptor_.emplace(asio::make_strand(*ioc_));
  auto fail = [&](const beast::error_code& e) {
    Teardown();
    return ListenError(LowerFirst(e.message()));
  };
  if (acceptor_->open(endpoint.protocol(), ec); ec) return fail(ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT; a live listener on the
  // same port still makes bind fail on Linux.
  if (acceptor_->set_option(asio::socket_base::reuse_address(true), ec); ec) return fail(ec);
  if (acceptor_->bind(endpoint, ec); ec) return fail(ec);
  if (acceptor_->listen(asio::socket_base::max_listen_connections, ec); ec) return fail(ec);
  uint16_t port = acceptor_->local_endpoint(ec).port();
  if (ec) return fail(ec);

  pool_ = std::make_unique<asio::thread_pool>(static_cast<size_t>(options_.worker_threads));
  // Keeps run() going when no connection is open; released by Stop().
  work_.emplace(ioc_->get_executor());
  asio::co_spawn(acceptor_->get_executor(), AcceptLoop(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      LogError(std::string("HTTP accept loop failed: ") + ex.what());
    } catch (...) {
      LogError("HTTP accept loop failed with an unknown exception");
    }
  });
  {
    std::lock_guard lock(mu_);
    state_ = State::kRunning;
  }
  for (int i = 0; i < options_.io_threads; ++i) io_threads_.emplace_back([this] { RunIo(); });
  return port;
}

void Server::RunIo() {
  // Coroutine failures are caught by their completion handlers; this is the last line of defence
  // so that one bad connection never takes an I/O thread down.
  for (;;) {
    try {
      ioc_->run();
      return;
    } catch (const std::exception& e) {
      LogError(std::string("HTTP I/O thread caught: ") + e.what());
    } catch (...) {
      LogError("HTTP I/O thread caught an unknown exception");
    }
  }
}

asio::awaitable<void> Server::AcceptLoop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_->async_accept(
        asio::any_io_executor(asio::make_strand(*ioc_)), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
      // Out of file descriptors and the like: back off rather than spin; clients wait in the
      // listen backlog meanwhile.
      LogWarn("HTTP accept failed: " + ec.message());
      asio::steady_timer timer(co_await asio::this_coro::executor, milliseconds(50));
      co_await timer.async_wait(kNoThrow);
      continue;
    }
    std::string remote = RemoteAddressOf(socket, ec);
    if (ec) continue;  // the client already went away; the socket closes here
    socket.set_option(tcp::no_delay(true), ec);

    std::shared_ptr<Session> session;
    {
      std::lock_guard lock(mu_);
      if (sessions_.size() < static_cast<size_t>(options_.max_connections)) {
        session = std::make_shared<Session>(*this, std::move(socket), remote);
        sessions_.emplace(session.get(), session);
      }
    }
    if (!session) {
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Reject(std::move(socket), std::move(remote)), [](std::exception_ptr) {});
      continue;
    }
    auto executor = session->executor();
    asio::co_spawn(executor, Session::Run(std::move(session)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        LogError(std::string("HTTP connection failed: ") + ex.what());
      } catch (...) {
        LogError("HTTP connection failed with an unknown exception");
      }
    });
  }
}

asio::awaitable<void> Server::Reject(tcp::socket socket, std::string remote) {
  beast::tcp_stream stream(std::move(socket));
  Exchange x;
  x.start = Clock::now();
  x.request_id = NewRequestId();
  HttpResponse res = JsonError(503, "overloaded", "The server is busy. Please try again in a moment.");
  http::response<http::string_body> msg{http::status::service_unavailable, 11};
  for (const auto& [name, value] : res.headers) msg.set(name, value);
  msg.set(http::field::server, "kring");
  msg.set(http::field::retry_after, "1");
  msg.set("X-Request-Id", x.request_id);
  msg.keep_alive(false);
  msg.body() = std::move(res.body);
  msg.prepare_payload();
  // We answer before reading the request: parsing it would cost what we are short of.
  stream.expires_after(kRejectTimeout);
  auto [ec, n] = co_await http::async_write(stream, msg, kNoThrow);
  ReportAccess(x, remote, 503, n);
  beast::flat_buffer scratch;
  if (!ec) co_await LingeringClose(stream, scratch);
}

HttpResponse Server::InvokeHandler(const HttpRequest& request) {
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    LogError("HTTP handler threw for " + request.method + " " + request.path + " (request " +
             request.request_id + "): " + e.what());
  } catch (...) {
    LogError("HTTP handler threw a non-exception for " + request.method + " " + request.path +
             " (request " + request.request_id + ")");
  }
  return InternalErrorResponse();
}

UpgradeDecision Server::InvokeUpgradeHook(const HttpRequest& request) {
  try {
    return options_.websocket_upgrade(request);
  } catch (const std::exception& e) {
    LogError("WebSocket upgrade hook threw for " + request.path + " (request " +
             request.request_id + "): " + e.what());
  } catch (...) {
    LogError("WebSocket upgrade hook threw a non-exception for " + request.path + " (request " +
             request.request_id + ")");
  }
  UpgradeDecision decision;
  decision.rejection = InternalErrorResponse();
  return decision;
}

void Server::ReportAccess(const Exchange& x, const std::string& remote, int status, uint64_t bytes) {
  if (!options_.access_log) return;
  AccessLogEntry entry;
  entry.request_id = x.request_id;
  entry.method = x.method;
  entry.path = x.path;
  entry.remote_address = remote;
  entry.status = status;
  entry.bytes_sent = bytes;
  entry.duration_ms = MillisSince(x.start);
  try {
    options_.access_log(entry);
  } catch (const std::exception& e) {
    LogError(std::string("HTTP access log callback threw: ") + e.what());
  } catch (...) {
    LogError("HTTP access log callback threw a non-exception");
  }
}

void Server::Unregister(Session* session) {
  std::lock_guard lock(mu_);
  sessions_.erase(session);
  if (sessions_.empty()) cv_.notify_all();
}

std::vector<std::shared_ptr<Session>> Server::LiveSessions() {
  std::vector<std::shared_ptr<Session>> out;
  std::lock_guard lock(mu_);
  out.reserve(sessions_.size());
  for (auto& [ptr, weak] : sessions_)
    if (auto s = weak.lock()) out.push_back(std::move(s));
  return out;
}

void Server::Stop(int grace_ms) {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    if (state_ != State::kRunning) {
      state_ = State::kStopped;
      cv_.notify_all();
      return;
    }
  }
  // Joining the threads we run on would never return.
  KRING_CHECK(!ioc_->get_executor().running_in_this_thread() &&
                  !pool_->get_executor().running_in_this_thread(),
              "HttpServer::Stop() called from an I/O thread or from inside the handler");

  const auto deadline = Clock::now() + milliseconds(std::max(0, grace_ms));
  stopping_ = true;
  asio::post(acceptor_->get_executor(), [this] {
    beast::error_code ec;
    acceptor_->close(ec);
  });
  // Each session is told on its own strand; the posted task holds the only extra reference, so a
  // Session is never destroyed on this thread.
  for (auto& session : LiveSessions()) {
    auto executor = session->executor();
    asio::post(executor, [s = std::move(session)] { s->OnServerStopping(); });
  }
  bool drained;
  {
    std::unique_lock lock(mu_);
    drained = cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
  }
  if (!drained) {
    for (auto& session : LiveSessions()) {
      auto executor = session->executor();
      asio::post(executor, [s = std::move(session)] { s->ForceClose(); });
    }
    // Let the closes run before the io_context stops (not needed for correctness: whatever is
    // left is destroyed with the io_context).
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, milliseconds(50), [this] { return sessions_.empty(); });
  }

  work_.reset();
  ioc_->stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
  // Sessions still alive here are destroyed with the io_context (Teardown). Take their WebSockets
  // off the hub now, so that once Stop() returns publishers no longer reach this server.
  for (auto& session : LiveSessions()) session->LeaveHub();
  // Handler calls already running finish; queued ones are abandoned (destroyed in Teardown).
  pool_->stop();
  pool_->join();

  std::lock_guard lock(mu_);
  state_ = State::kStopped;
  cv_.notify_all();
}

void Server::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return state_ != State::kRunning; });
}

}  // namespace

// ---------------------------------------------------------------------------------------------

class HttpServer::Impl : public Server {
 public:
  using Server::Server;
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

Result<uint16_t> HttpServer::Start() { return impl_->Start(); }

void HttpServer::Stop(int grace_ms) { impl_->Stop(grace_ms); }

void HttpServer::Wait() { impl_->Wait(); }

}  // namespace kring::net
