// Tests for HttpServer: a real server on port 0 driven by small Beast clients over loopback.
// Timeouts in here are short (hundreds of ms) so the whole file runs in a few seconds.
#include "net/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace kring::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

using Response = http::response<http::string_body>;

long long MillisSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

bool IsClosed(const beast::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == http::error::end_of_stream;
}

// A blocking test client. Reads run the client's own io_context with a deadline, so a server
// that fails to answer makes the test fail instead of hang.
class Client {
 public:
  // receive_buffer > 0 shrinks the socket's receive buffer, to play a client that stops reading.
  explicit Client(uint16_t port, int receive_buffer = 0) : stream_(ioc_) {
    tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
    stream_.socket().open(server.protocol());
    if (receive_buffer > 0)
      stream_.socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    stream_.connect(server);
  }

  void Send(std::string_view raw) { asio::write(stream_.socket(), asio::buffer(raw)); }

  void Send(std::string_view method, std::string_view target, std::string body = {},
            std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "test");
    for (auto& [n, v] : headers) req.set(n, v);
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream_, req);
  }

  Response Read(beast::error_code& ec, bool head = false, std::chrono::milliseconds timeout = 3s) {
    http::response_parser<http::string_body> parser;
    parser.skip(head);  // a HEAD response has Content-Length but no body
    parser.body_limit(boost::none);
    stream_.expires_after(timeout);
    http::async_read(stream_, buffer_, parser, [&](beast::error_code e, size_t) { ec = e; });
    Run();
    return parser.release();
  }

  Response Read(bool head = false) {
    beast::error_code ec;
    Response res = Read(ec, head);
    EXPECT_FALSE(ec) << ec.message();
    return res;
  }

  // REQUIRES: nothing buffered from earlier reads.
  std::string ReadUntil(std::string_view delimiter) {
    stream_.expires_after(3s);
    beast::error_code ec;
    size_t n = 0;
    std::string data;
    asio::async_read_until(stream_, asio::dynamic_buffer(data), delimiter,
                           [&](beast::error_code e, size_t got) {
                             ec = e;
                             n = got;
                           });
    Run();
    EXPECT_FALSE(ec) << ec.message();
    // Whatever came after the delimiter belongs to the next Read().
    std::string rest = data.substr(n);
    buffer_.commit(asio::buffer_copy(buffer_.prepare(rest.size()), asio::buffer(rest)));
    return data.substr(0, n);
  }

  // Reads and discards until the server closes; returns the error that ended the wait (eof or
  // reset when the server closed, beast::error::timeout if it did not within `timeout`).
  beast::error_code WaitForClose(std::chrono::milliseconds timeout = 3s) {
    buffer_.clear();
    stream_.expires_after(timeout);
    beast::error_code result;
    std::function<void(beast::error_code, size_t)> on_read = [&](beast::error_code ec, size_t) {
      if (ec) {
        result = ec;
        return;
      }
      stream_.async_read_some(asio::buffer(scratch_), on_read);
    };
    stream_.async_read_some(asio::buffer(scratch_), on_read);
    Run();
    return result;
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

 private:
  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  char scratch_[4096];
};

// Echoes what the server parsed, so tests can check the HttpRequest it built.
HttpResponse Echo(const HttpRequest& req) {
  HttpResponse res;
  res.SetHeader("Content-Type", "text/plain");
  res.SetHeader("X-Method", req.method);
  res.SetHeader("X-Target", req.target);
  res.SetHeader("X-Path", req.path);
  res.SetHeader("X-Query", req.query);
  res.SetHeader("X-Remote", req.remote_address);
  res.SetHeader("X-Seen-Request-Id", req.request_id);
  if (const std::string* v = req.Header("x-test")) res.SetHeader("X-Echo-Test", *v);
  res.body = req.body.empty() ? "hello world" : req.body;
  return res;
}

class TestServer {
 public:
  explicit TestServer(HttpServerOptions options, HttpHandler handler = Echo) {
    options.port = 0;
    server_ = std::make_unique<HttpServer>(std::move(options), std::move(handler));
    Result<uint16_t> port = server_->Start();
    EXPECT_TRUE(port.has_value()) << (port ? "" : port.error().public_message);
    port_ = port ? *port : 0;
  }
  HttpServer& server() { return *server_; }
  uint16_t port() const { return port_; }

 private:
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

std::string Field(const Response& res, std::string_view name) { return std::string(res[name]); }

TEST(HttpServerTest, GetAndPostOnOneKeepAliveConnection) {
  TestServer ts({});
  Client c(ts.port());

  c.Send("GET", "/a/b?x=1&y=2", "", {{"X-Test", "Value 1"}});
  Response r1 = c.Read();
  EXPECT_EQ(r1.result_int(), 200);
  EXPECT_EQ(r1.body(), "hello world");
  EXPECT_EQ(Field(r1, "X-Method"), "GET");
  EXPECT_EQ(Field(r1, "X-Target"), "/a/b?x=1&y=2");
  EXPECT_EQ(Field(r1, "X-Path"), "/a/b");
  EXPECT_EQ(Field(r1, "X-Query"), "x=1&y=2");
  EXPECT_EQ(Field(r1, "X-Echo-Test"), "Value 1");  // looked up by lower-case name
  EXPECT_EQ(Field(r1, "X-Remote"), "127.0.0.1");
  EXPECT_EQ(Field(r1, "Server"), "kring");
  EXPECT_EQ(Field(r1, "Content-Length"), "11");
  EXPECT_EQ(Field(r1, "Content-Type"), "text/plain");
  EXPECT_TRUE(r1.keep_alive());

  c.Send("POST", "/echo", "payload bytes");
  Response r2 = c.Read();
  EXPECT_EQ(r2.result_int(), 200);
  EXPECT_EQ(r2.body(), "payload bytes");
  EXPECT_EQ(Field(r2, "X-Method"), "POST");
  EXPECT_EQ(Field(r2, "X-Query"), "");
  EXPECT_TRUE(r2.keep_alive());
}

TEST(HttpServerTest, RequestIdIsTakenFromClientOnlyIfSane) {
  TestServer ts({});
  Client c(ts.port());

  c.Send("GET", "/", "", {{"X-Request-Id", "abc-DEF_123"}});
  Response r1 = c.Read();
  EXPECT_EQ(Field(r1, "X-Request-Id"), "abc-DEF_123");
  EXPECT_EQ(Field(r1, "X-Seen-Request-Id"), "abc-DEF_123");

  c.Send("GET", "/", "", {{"X-Request-Id", "has spaces; and=junk"}});
  Response r2 = c.Read();
  std::string id = Field(r2, "X-Request-Id");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_EQ(Field(r2, "X-Seen-Request-Id"), id);

  c.Send("GET", "/");
  Response r3 = c.Read();
  EXPECT_EQ(Field(r3, "X-Request-Id").size(), 16u);
  EXPECT_NE(Field(r3, "X-Request-Id"), id);
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer ts({});
  Client c(ts.port());
  c.Send(
      "POST /1 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\none"
      "POST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo");
  EXPECT_EQ(c.Read().body(), "one");
  EXPECT_EQ(c.Read().body(), "two");
}

TEST(HttpServerTest, Http10ClosesUnlessKeepAliveIsAsked) {
  TestServer ts({});
  {
    Client c(ts.port());
    c.Send("GET / HTTP/1.0\r\n\r\n");
    Response r = c.Read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.version(), 10u);
    EXPECT_FALSE(r.keep_alive());
    EXPECT_TRUE(IsClosed(c.WaitForClose()));
  }
  {
    Client c(ts.port());
    c.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    Response r1 = c.Read();
    EXPECT_TRUE(r1.keep_alive());
    EXPECT_EQ(Field(r1, "Connection"), "keep-alive");
    c.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_EQ(c.Read().result_int(), 200);
  }
}

TEST(HttpServerTest, PerRequestBodyLimitRaisesTheLimitForOneRouteOnly) {
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  o.body_limit_for = [](const HttpRequest& r) -> size_t {
    EXPECT_TRUE(r.body.empty());
    return r.method == "POST" && r.path == "/upload" ? 8192 : 1024;
  };
  TestServer ts(o);
  {
    Client c(ts.port());
    c.Send("POST", "/upload?x=1", std::string(5000, 'x'));
    EXPECT_EQ(c.Read().result_int(), 200);
  }
  for (const char* target : {"/other", "/upload"}) {
    Client c(ts.port());
    c.Send("POST", target, std::string(std::string_view(target) == "/other" ? 5000 : 9000, 'x'));
    Response r = c.Read();
    EXPECT_EQ(r.result_int(), 413) << target;
    EXPECT_TRUE(IsClosed(c.WaitForClose()));
  }
  {
    // Chunked: the per-request limit applies while the body streams in.
    Client c(ts.port());
    c.Send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2710\r\n" +
           std::string(10000, 'y') + "\r\n0\r\n\r\n");
    EXPECT_EQ(c.Read().result_int(), 413);
  }
}

TEST(HttpServerTest, BodyOverLimitGets413AndClose) {
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  TestServer ts(o);
  {
    Client c(ts.port());
    c.Send("POST", "/upload", std::string(5000, 'x'));
    Response r = c.Read();
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_EQ(Field(r, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_NE(r.body().find("\"error\":\"payload_too_large\""), std::string::npos) << r.body();
    EXPECT_NE(r.body().find("\"message\":"), std::string::npos);
    EXPECT_FALSE(r.keep_alive());
    EXPECT_TRUE(IsClosed(c.WaitForClose()));
  }
  {
    // Chunked bodies have no Content-Length to check up front; the limit still holds.
    Client c(ts.port());
    c.Send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" +
           std::string(2000, 'y') + "\r\n0\r\n\r\n");
    Response r = c.Read();
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_TRUE(IsClosed(c.WaitForClose()));
  }
  {
    Client c(ts.port());  // exactly at the limit is fine
    c.Send("POST", "/upload", std::string(1024, 'z'));
    EXPECT_EQ(c.Read().body(), std::string(1024, 'z'));
  }
}

TEST(HttpServerTest, Expect100ContinueIsAnswered) {
  TestServer ts({});
  Client c(ts.port());
  c.Send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(c.ReadUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  c.Send("abcde");
  Response r = c.Read();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "abcde");
}

TEST(HttpServerTest, GarbageGets400AndClose) {
  TestServer ts({});
  for (std::string garbage : {std::string("THIS IS NOT HTTP\r\n\r\n"),
                              std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
                              std::string("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")}) {
    Client c(ts.port());
    c.Send(garbage);
    Response r = c.Read();
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r.body().find("{\"error\":\"bad_request\",\"message\":\""), std::string::npos)
        << r.body();
    EXPECT_TRUE(IsClosed(c.WaitForClose()));
  }
}

TEST(HttpServerTest, HugeHeaderGets431) {
  TestServer ts({});  // 16 KiB header limit
  Client c(ts.port());
  c.Send("GET", "/", "", {{"X-Big", std::string(20000, 'a')}});
  Response r = c.Read();
  EXPECT_EQ(r.result_int(), 431);
  EXPECT_NE(r.body().find("\"error\":\"header_too_large\""), std::string::npos);
  EXPECT_TRUE(IsClosed(c.WaitForClose()));
}

TEST(HttpServerTest, StalledHeaderIsClosedWhileOthersAreServed) {
  HttpServerOptions o;
  o.header_timeout_ms = 300;
  TestServer ts(o);
  auto t0 = Clock::now();
  Client loris(ts.port());
  loris.Send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ");

  Client good(ts.port());
  good.Send("GET", "/");
  EXPECT_EQ(good.Read().result_int(), 200);
  long long served_ms = MillisSince(t0);

  EXPECT_TRUE(IsClosed(loris.WaitForClose(3s)));
  long long closed_ms = MillisSince(t0);
  EXPECT_LT(served_ms, closed_ms);  // served while the stalled client held its connection
  EXPECT_GE(closed_ms, 250);
  EXPECT_LT(closed_ms, 2000);
}

TEST(HttpServerTest, TricklingHeaderIsClosedAtTheHeaderDeadline) {
  // The header deadline is for the whole header, not per read: a byte every 50 ms does not
  // keep the connection alive.
  HttpServerOptions o;
  o.header_timeout_ms = 300;
  TestServer ts(o);
  Client loris(ts.port());
  auto t0 = Clock::now();
  std::string header = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + std::string(100, 'a');
  bool closed = false;
  for (size_t i = 0; i < header.size() && MillisSince(t0) < 2000; ++i) {
    try {
      loris.Send(header.substr(i, 1));
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(MillisSince(t0), 1500);
}

TEST(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerOptions o;
  o.idle_timeout_ms = 200;
  TestServer ts(o);
  Client c(ts.port());
  c.Send("GET", "/");
  EXPECT_EQ(c.Read().result_int(), 200);
  auto t0 = Clock::now();
  EXPECT_TRUE(IsClosed(c.WaitForClose(3s)));
  EXPECT_GE(MillisSince(t0), 150);
  EXPECT_LT(MillisSince(t0), 1500);
}

TEST(HttpServerTest, ClientThatStopsReadingIsDropped) {
  std::promise<AccessLogEntry> logged;
  HttpServerOptions o;
  o.write_timeout_ms = 200;
  o.access_log = [&](const AccessLogEntry& e) { logged.set_value(e); };
  const size_t kBody = 32u << 20;  // far more than the socket buffers hold
  TestServer ts(o, [&](const HttpRequest&) {
    HttpResponse res;
    res.body.assign(kBody, 'x');
    return res;
  });
  Client c(ts.port(), /*receive_buffer=*/4096);
  c.Send("GET", "/big");
  // Never read. The server must give up on its own once writes stop making progress.
  auto entry = logged.get_future();
  ASSERT_EQ(entry.wait_for(3s), std::future_status::ready);
  AccessLogEntry e = entry.get();
  EXPECT_EQ(e.status, 200);
  EXPECT_LT(e.bytes_sent, kBody);
}

TEST(HttpServerTest, HandlersRunOnWorkersNotOnTheIoThread) {
  // /a blocks until /b has run. With one I/O thread, that only works if handlers run elsewhere.
  std::promise<void> b_ran;
  std::shared_future<void> b_ran_future = b_ran.get_future().share();
  HttpServerOptions o;
  o.io_threads = 1;
  o.worker_threads = 2;
  TestServer ts(o, [&](const HttpRequest& req) {
    HttpResponse res;
    if (req.path == "/a") {
      res.body = b_ran_future.wait_for(2s) == std::future_status::ready ? "ok" : "timed out";
    } else {
      b_ran.set_value();
      res.body = "b";
    }
    return res;
  });
  Client a(ts.port());
  a.Send("GET", "/a");
  std::this_thread::sleep_for(50ms);
  Client b(ts.port());
  b.Send("GET", "/b");
  EXPECT_EQ(b.Read().body(), "b");
  EXPECT_EQ(a.Read().body(), "ok");
}

TEST(HttpServerTest, ManyClientsOnSeveralIoThreads) {
  HttpServerOptions o;
  o.io_threads = 2;
  o.worker_threads = 3;
  TestServer ts(o);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      Client c(ts.port());
      for (int i = 0; i < 20; ++i) {
        std::string body = "client " + std::to_string(t) + " request " + std::to_string(i);
        c.Send("POST", "/", body);
        if (c.Read().body() == body) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 6 * 20);
}

TEST(HttpServerTest, HandlerExceptionGets500AndConnectionSurvives) {
  TestServer ts({}, [](const HttpRequest& req) -> HttpResponse {
    if (req.path == "/throw") throw std::runtime_error("boom");
    return Echo(req);
  });
  Client c(ts.port());
  c.Send("GET", "/throw");
  Response r = c.Read();
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_EQ(r.body(),
            "{\"error\":\"internal_error\",\"message\":\"Something went wrong on the server.\"}");
  c.Send("GET", "/fine");
  EXPECT_EQ(c.Read().result_int(), 200);
}

TEST(HttpServerTest, HeadSendsHeadersOnly) {
  TestServer ts({});
  Client c(ts.port());
  // If the HEAD response carried a body, the GET response would not parse.
  c.Send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\nGET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  Response head = c.Read(/*head=*/true);
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(Field(head, "Content-Length"), "11");
  EXPECT_EQ(Field(head, "X-Method"), "HEAD");
  EXPECT_EQ(head.body(), "");
  Response get = c.Read();
  EXPECT_EQ(get.body(), "hello world");
}

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("kring_http_file_test_" + std::to_string(::getpid()) + ".bin"))
                .string();
    content_.resize(300 * 1000);
    for (size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>('a' + (i * 7) % 26);
    std::ofstream(path_, std::ios::binary).write(content_.data(), content_.size());
  }
  void TearDown() override { std::filesystem::remove(path_); }

  // Serves path_ with the range given as /file?OFFSET,LENGTH.
  HttpHandler FileHandler() {
    return [this](const HttpRequest& req) {
      HttpResponse res;
      unsigned long long offset = 0, length = 0;
      std::sscanf(req.query.c_str(), "%llu,%llu", &offset, &length);
      res.SetHeader("Content-Type", "application/octet-stream");
      res.file_path = req.path == "/missing" ? path_ + ".missing" : path_;
      res.file_offset = offset;
      res.file_length = length;
      return res;
    };
  }

  std::string path_;
  std::string content_;
};

TEST_F(FileTest, SendsTheRequestedRange) {
  TestServer ts({}, FileHandler());
  Client c(ts.port());

  c.Send("GET", "/file?3,10");
  Response small = c.Read();
  EXPECT_EQ(small.result_int(), 200);
  EXPECT_EQ(small.body(), content_.substr(3, 10));
  EXPECT_EQ(Field(small, "Content-Type"), "application/octet-stream");

  c.Send("GET", "/file?1000,250000");  // several chunks
  Response big = c.Read();
  EXPECT_EQ(big.body().size(), 250000u);
  EXPECT_TRUE(big.body() == content_.substr(1000, 250000));

  c.Send("HEAD", "/file?0,300000");
  Response head = c.Read(/*head=*/true);
  EXPECT_EQ(Field(head, "Content-Length"), "300000");
  EXPECT_EQ(head.body(), "");

  c.Send("GET", "/file?0,0");
  Response empty = c.Read();
  EXPECT_EQ(empty.result_int(), 200);
  EXPECT_EQ(empty.body(), "");

  c.Send("GET", "/file?299990,10");  // still on the same keep-alive connection
  EXPECT_EQ(c.Read().body(), content_.substr(299990, 10));
}

TEST_F(FileTest, MissingFileOrBadRangeGets500) {
  TestServer ts({}, FileHandler());
  Client c(ts.port());
  c.Send("GET", "/missing?0,10");
  Response r = c.Read();
  EXPECT_EQ(r.result_int(), 500);
  EXPECT_NE(r.body().find("internal_error"), std::string::npos);

  c.Send("GET", "/file?299995,10");
  EXPECT_EQ(c.Read().result_int(), 500);
}

TEST(HttpServerTest, StopLetsAnInFlightRequestFinish) {
  std::atomic<bool> entered{false};
  TestServer ts({}, [&](const HttpRequest& req) {
    HttpResponse res;
    if (req.path == "/slow") {
      entered = true;
      std::this_thread::sleep_for(300ms);
      res.body = "done";
    }
    return res;
  });
  Client idle(ts.port());
  idle.Send("GET", "/fast");
  EXPECT_EQ(idle.Read().result_int(), 200);

  Client slow(ts.port());
  slow.Send("GET", "/slow");
  for (int i = 0; i < 400 && !entered; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(entered);

  auto t0 = Clock::now();
  std::thread stopper([&] { ts.server().Stop(5000); });
  Response r = slow.Read();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "done");
  EXPECT_FALSE(r.keep_alive());  // Connection: close
  slow.Close();
  EXPECT_TRUE(IsClosed(idle.WaitForClose(1s)));  // idle keep-alive connections are closed

  stopper.join();
  EXPECT_LT(MillisSince(t0), 2000);  // done when the work is done, not at the end of the grace
  ts.server().Wait();                // returns at once: already stopped
  ts.server().Stop();                // idempotent

  EXPECT_THROW(Client late(ts.port()), boost::system::system_error);  // no longer listening
}

TEST(HttpServerTest, StopForceClosesWhatOutlivesTheGrace) {
  std::atomic<bool> entered{false};
  TestServer ts({}, [&](const HttpRequest&) {
    entered = true;
    std::this_thread::sleep_for(400ms);
    return HttpResponse{};
  });
  Client c(ts.port());
  c.Send("GET", "/slow");
  for (int i = 0; i < 400 && !entered; ++i) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(entered);
  auto t0 = Clock::now();
  ts.server().Stop(100);
  // A running handler cannot be interrupted, so Stop() waits for it, but its client is cut off.
  EXPECT_GE(MillisSince(t0), 250);
  EXPECT_LT(MillisSince(t0), 2000);
  beast::error_code ec;
  c.Read(ec);
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
}

TEST(HttpServerTest, StopAndWaitBeforeStartReturn) {
  HttpServer server({}, Echo);
  server.Stop();
  server.Wait();
  Result<uint16_t> port = server.Start();
  EXPECT_FALSE(port.has_value());
}

TEST(HttpServerTest, WaitReturnsWhenAnotherThreadStops) {
  TestServer ts({});
  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    ts.server().Stop(100);
  });
  ts.server().Wait();
  stopper.join();
}

TEST(HttpServerTest, OverCapacityGets503) {
  HttpServerOptions o;
  o.max_connections = 1;
  TestServer ts(o);
  auto a = std::make_unique<Client>(ts.port());
  a->Send("GET", "/");
  EXPECT_EQ(a->Read().result_int(), 200);  // a now holds the only slot

  {
    Client b(ts.port());
    Response r = b.Read();
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_EQ(Field(r, "Retry-After"), "1");
    EXPECT_NE(r.body().find("\"error\":\"overloaded\""), std::string::npos) << r.body();
    EXPECT_TRUE(IsClosed(b.WaitForClose()));
  }
  a->Send("GET", "/");
  EXPECT_EQ(a->Read().result_int(), 200);  // the rejected client did not disturb a

  a->Close();
  a.reset();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {  // the slot frees once the server sees a's close
    Client c(ts.port());
    c.Send("GET", "/");
    status = c.Read().result_int();
    if (status != 200) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(status, 200);
}

TEST(HttpServerTest, StartFailsClearlyWhenThePortIsTaken) {
  TestServer first({});
  HttpServerOptions o;
  o.port = first.port();
  HttpServer second(o, Echo);
  Result<uint16_t> port = second.Start();
  ASSERT_FALSE(port.has_value());
  EXPECT_EQ(port.error().code, Errc::kUnavailable);
  EXPECT_EQ(port.error().public_message, "Cannot listen on 127.0.0.1:" +
                                             std::to_string(first.port()) +
                                             ": address already in use");
  second.Stop();  // harmless after a failed Start
}

TEST(HttpServerTest, StartRejectsBadAddress) {
  HttpServerOptions o;
  o.address = "300.1.2.3";
  o.port = 0;
  HttpServer server(o, Echo);
  Result<uint16_t> port = server.Start();
  ASSERT_FALSE(port.has_value());
  EXPECT_EQ(port.error().public_message.rfind("Cannot listen on 300.1.2.3:0: ", 0), 0u)
      << port.error().public_message;
}

TEST(HttpServerTest, AccessLogReportsEachResponse) {
  std::mutex mu;
  std::vector<AccessLogEntry> entries;
  HttpServerOptions o;
  o.access_log = [&](const AccessLogEntry& e) {
    std::lock_guard lock(mu);
    entries.push_back(e);
  };
  TestServer ts(o);
  std::string id;
  {
    Client c(ts.port());
    c.Send("POST", "/p?secret=1", "body");
    id = Field(c.Read(), "X-Request-Id");
    c.Send("garbage\r\n\r\n");
    EXPECT_EQ(c.Read().result_int(), 400);
  }
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mu);
      if (entries.size() >= 2) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  std::lock_guard lock(mu);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].request_id, id);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].path, "/p");  // no query string in logs
  EXPECT_EQ(entries[0].remote_address, "127.0.0.1");
  EXPECT_EQ(entries[0].status, 200);
  EXPECT_GT(entries[0].bytes_sent, 4u);
  EXPECT_GE(entries[0].duration_ms, 0.0);
  EXPECT_EQ(entries[1].status, 400);
  EXPECT_EQ(entries[1].request_id.size(), 16u);
}

}  // namespace
}  // namespace kring::net
