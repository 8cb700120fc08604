// HttpServer: the HTTP/1.0 and 1.1 listener that turns bytes on a socket into HttpRequest values,
// runs the application's HttpHandler on a worker pool and writes the HttpResponse back.
//
// What it promises:
// - Every request is parsed with hard limits: headers over max_header_bytes get 431, bodies over
//   max_body_bytes get 413 {"error":"payload_too_large"}, unparseable requests get 400
//   {"error":"bad_request"}; each of those closes the connection. A handler that throws gets the
//   client a 500 {"error":"internal_error"} and a log line, never a crash.
// - Every phase of a connection has a deadline (header, body, keep-alive idle, write progress), so
//   slow or stalled clients (slowloris, never-reading clients) are dropped without tying up threads.
// - At most max_connections are served at once; beyond that a client gets a quick 503
//   {"error":"overloaded"} with Retry-After: 1.
// - The handler runs on a pool of worker_threads, never on an I/O thread, so it may block on a
//   database. It is called concurrently from several threads and must be thread-safe.
// - Each response carries Server: kring, X-Request-Id (the client's own if it sent a sane one, else
//   16 random hex digits) and an exact Content-Length. HEAD gets the headers of the full response.
// - Stop() is graceful: it stops accepting, closes idle keep-alive connections, lets requests in
//   flight finish and their responses be written (with Connection: close), and force-closes what is
//   left when grace_ms runs out.
//
// Thread safety: Start() once, from one thread. Stop() and Wait() may be called from any thread,
// any number of times, except from inside the handler or the access_log callback (Stop() joins the
// threads those run on). The access_log callback is called from I/O threads, concurrently.
//
// WebSocket (optional, for live push such as /api/v1/streaming): when websocket_upgrade is set, a
// request with "Connection: Upgrade" + "Upgrade: websocket" is given to that hook (on the worker
// pool, like the handler) instead of the handler; a malformed handshake gets 400 (or 426 for a
// version other than 13) without reaching the hook. A rejection is answered as a normal HTTP
// response; an acceptance turns the connection into a WebSocket subscribed to stream_hub under the
// chosen key (from the 101 on; earlier publications are not replayed). Such a connection:
// - receives every StreamHub::Publish() to its key as one text frame, in order; its outgoing
//   queue is bounded (websocket_queue_max_messages / _bytes): a client that falls behind is
//   disconnected instead of slowing publishers or growing memory;
// - is closed when one message takes longer than write_timeout_ms to hand to the kernel (a client
//   that stopped reading), even if nothing more is published;
// - gets a ping every websocket_idle_timeout_ms / 2 and is dropped when the peer sends nothing
//   (not even a pong) for websocket_idle_timeout_ms;
// - reads and ignores client messages (limit 4 KiB each; bigger ones close with 1009);
// - counts toward max_connections; on Stop() (or StreamHub::CloseAll()) gets what is already
//   queued, then a "going away" (1001) close frame, and ends when the client answers it (or when
//   the grace runs out). When Stop() returns, none of its connections is subscribed any more.
// The access log gets one entry per upgrade when it is answered (status 101, bytes_sent 0).
//
// Boost.Beast stays behind the pimpl: including this header costs no Boost compile time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "net/http_message.h"

namespace kring::net {

// One line of the access log, reported after a response has been written (or has failed to be).
struct AccessLogEntry {
  std::string request_id;
  std::string method;  // "" when the request line could not be parsed
  std::string path;    // without the query string: queries may carry tokens
  std::string remote_address;
  int status = 0;
  uint64_t bytes_sent = 0;   // header and body bytes actually written
  double duration_ms = 0;    // from the request's first byte to the last byte of the response
};

class StreamHub;

// What the websocket_upgrade hook decides for one upgrade request.
struct UpgradeDecision {
  bool accept = false;
  int64_t key = 0;         // when accepted: the StreamHub key to subscribe under (account id)
  // When accepted and non-empty: sent back as Sec-WebSocket-Protocol. Browsers fail a handshake
  // whose request offered protocols if the 101 names none, so a hook that reads the access token
  // from Sec-WebSocket-Protocol (as Mastodon's web client sends it) must echo it here.
  std::string protocol;
  HttpResponse rejection;  // when not accepted: sent as is (e.g. 401 JSON); status 200..599
};

// Called on a worker thread with the full upgrade request (path, query such as
// "?access_token=...&stream=user", headers); may block on the database. Must be thread-safe; if it
// throws, the client gets a 500.
using UpgradeHook = std::function<UpgradeDecision(const HttpRequest&)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";    // IP literal or a host name resolved once at Start()
  uint16_t port = 8080;                  // 0 = pick a free port (Start() returns it)
  int io_threads = 1;                    // socket I/O, parsing and serialisation
  int worker_threads = 4;                // handler pool
  size_t max_body_bytes = 1 << 20;       // larger -> 413
  // Optional per-request body limit, decided from the request line and headers alone (body empty)
  // once the header is in; e.g. a larger limit for a media upload route. Unset = max_body_bytes
  // for every request. Called on an I/O thread: must be cheap, non-blocking and thread-safe.
  std::function<size_t(const HttpRequest& header_only)> body_limit_for;
  size_t max_header_bytes = 16 * 1024;   // larger -> 431
  int header_timeout_ms = 10000;         // time to receive the full header (slowloris defence)
  int body_timeout_ms = 30000;           // time to receive the body once the header is in
  int idle_timeout_ms = 60000;           // keep-alive: time to wait for the next request
  int write_timeout_ms = 30000;          // max time without write progress before closing
  int max_connections = 1024;            // beyond: 503 with Retry-After: 1, then close
  std::function<void(const AccessLogEntry&)> access_log;  // optional; must be thread-safe

  // WebSocket streaming, off unless websocket_upgrade is set (then stream_hub is required and must
  // outlive the server). Without the hook, upgrade requests go to the handler like any request.
  UpgradeHook websocket_upgrade;
  StreamHub* stream_hub = nullptr;
  size_t websocket_queue_max_messages = 256;   // per connection; beyond: disconnect
  size_t websocket_queue_max_bytes = 1 << 20;  // per connection; beyond: disconnect
  int websocket_idle_timeout_ms = 60000;       // ping every half; silent peer dropped after this
};

class HttpServer {
 public:
  // Nothing happens until Start(). `handler` must be thread-safe (see above).
  HttpServer(HttpServerOptions options, HttpHandler handler);
  // Calls Stop(0) if the server is still running.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the I/O and worker threads. Returns the bound port (useful with
  // port 0). On failure (bad address, port in use, no permission, invalid options) returns an
  // Errc::kUnavailable / kInvalidArgument error whose public_message reads like
  // "Cannot listen on 127.0.0.1:8080: address already in use"; no threads are left running.
  // REQUIRES: called at most once.
  Result<uint16_t> Start();

  // Graceful shutdown, bounded by grace_ms for connections: stop accepting, close idle keep-alive
  // connections, let in-flight requests finish and be answered with Connection: close, then
  // force-close the rest and join all threads. A handler call that is already running cannot be
  // interrupted, so Stop() also waits for running handlers to return; handler calls not yet
  // started when the grace runs out are dropped. WebSockets get a "going away" close frame and end
  // when the client answers it. Idempotent; safe before Start().
  void Stop(int grace_ms = 10000);

  // Blocks until Stop() has completed (returns at once if the server was never started).
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kring::net
