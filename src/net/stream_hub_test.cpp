// Tests for StreamHub / StreamOutbox (plain unit tests with fake subscribers) and for WebSocket
// streaming through HttpServer (a real server on port 0 and Beast WebSocket clients over loopback).
// Timeouts are short so the file runs in a few seconds.
#include "net/stream_hub.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"

namespace kring::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

long long MillisSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// Polls `pred` for up to `timeout`; true as soon as it holds.
bool Eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 2s) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// ---------------------------------------------------------------------------------------------
// StreamHub and StreamOutbox, without sockets.

class FakeSubscriber : public StreamSubscriber {
 public:
  void Deliver(std::shared_ptr<const std::string> text) override {
    std::lock_guard lock(mu_);
    received_.push_back(*text);
  }
  void Close() override { closed_ = true; }

  std::vector<std::string> received() const {
    std::lock_guard lock(mu_);
    return received_;
  }
  bool closed() const { return closed_; }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> received_;
  std::atomic<bool> closed_{false};
};

TEST(StreamHubTest, PublishReachesEverySubscriberOfTheKeyAndNoOther) {
  StreamHub hub;
  auto a = std::make_shared<FakeSubscriber>();
  auto b = std::make_shared<FakeSubscriber>();
  auto other = std::make_shared<FakeSubscriber>();
  hub.Subscribe(1, a);
  hub.Subscribe(1, b);
  hub.Subscribe(1, b);  // once is enough
  hub.Subscribe(2, other);
  EXPECT_EQ(hub.SessionCount(1), 2u);
  EXPECT_EQ(hub.SessionCount(2), 1u);
  EXPECT_EQ(hub.SessionCount(3), 0u);

  hub.Publish(1, "one");
  hub.Publish(1, "two");
  hub.Publish(3, "nobody");
  EXPECT_EQ(a->received(), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(b->received(), (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(other->received().empty());

  hub.Unsubscribe(1, a.get());
  hub.Publish(1, "three");
  EXPECT_EQ(a->received().size(), 2u);
  EXPECT_EQ(b->received().size(), 3u);
  EXPECT_EQ(hub.SessionCount(1), 1u);
}

TEST(StreamHubTest, DeadSubscribersAreNotCountedOrDeliveredTo) {
  StreamHub hub;
  auto a = std::make_shared<FakeSubscriber>();
  auto b = std::make_shared<FakeSubscriber>();
  hub.Subscribe(5, a);
  hub.Subscribe(5, b);
  a.reset();  // died without unsubscribing
  EXPECT_EQ(hub.SessionCount(5), 1u);
  hub.Publish(5, "x");
  EXPECT_EQ(b->received().size(), 1u);
  hub.Unsubscribe(5, b.get());
  EXPECT_EQ(hub.SessionCount(5), 0u);
}

TEST(StreamHubTest, CloseAllClosesEverySubscriber) {
  StreamHub hub;
  auto a = std::make_shared<FakeSubscriber>();
  auto b = std::make_shared<FakeSubscriber>();
  hub.Subscribe(1, a);
  hub.Subscribe(2, b);
  hub.CloseAll();
  EXPECT_TRUE(a->closed());
  EXPECT_TRUE(b->closed());
}

TEST(StreamHubTest, ConcurrentPublishersAndSubscribers) {
  StreamHub hub;
  auto steady = std::make_shared<FakeSubscriber>();
  hub.Subscribe(9, steady);
  std::atomic<bool> stop{false};
  std::thread churn([&] {  // subscribers coming and going while others publish
    while (!stop) {
      auto s = std::make_shared<FakeSubscriber>();
      hub.Subscribe(9, s);
      hub.Unsubscribe(9, s.get());
    }
  });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t)
    publishers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) hub.Publish(9, "m");
    });
  for (auto& t : publishers) t.join();
  stop = true;
  churn.join();
  EXPECT_EQ(steady->received().size(), 4000u);
  EXPECT_EQ(hub.SessionCount(9), 1u);
}

std::shared_ptr<const std::string> Text(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

TEST(StreamOutboxTest, QueuesInOrderAndWakesOncePerIdlePeriod) {
  int wakes = 0;
  StreamOutbox box({.max_messages = 10, .max_bytes = 1000}, [&] { ++wakes; });
  std::shared_ptr<const std::string> out;
  EXPECT_EQ(box.Take(&out), StreamOutbox::State::kEmpty);
  box.Deliver(Text("a"));
  box.Deliver(Text("bb"));
  EXPECT_EQ(wakes, 1);  // the consumer needs one wake-up to find both
  EXPECT_EQ(box.QueuedMessages(), 2u);
  EXPECT_EQ(box.QueuedBytes(), 3u);
  ASSERT_EQ(box.Take(&out), StreamOutbox::State::kMessage);
  EXPECT_EQ(*out, "a");
  ASSERT_EQ(box.Take(&out), StreamOutbox::State::kMessage);
  EXPECT_EQ(*out, "bb");
  EXPECT_EQ(box.Take(&out), StreamOutbox::State::kEmpty);
  box.Deliver(Text("c"));
  EXPECT_EQ(wakes, 2);
}

TEST(StreamOutboxTest, OverflowByCountDropsTheQueue) {
  int wakes = 0;
  StreamOutbox box({.max_messages = 3, .max_bytes = 1000}, [&] { ++wakes; });
  for (int i = 0; i < 3; ++i) box.Deliver(Text("x"));
  EXPECT_FALSE(box.Overflowed());
  EXPECT_EQ(wakes, 1);
  box.Deliver(Text("x"));
  EXPECT_TRUE(box.Overflowed());
  EXPECT_EQ(wakes, 2);  // a consumer stuck in a send must learn of it
  EXPECT_EQ(box.QueuedMessages(), 0u);  // memory is released at once
  EXPECT_EQ(box.QueuedBytes(), 0u);
  box.Deliver(Text("x"));  // ignored
  EXPECT_EQ(box.QueuedMessages(), 0u);
  EXPECT_EQ(wakes, 2);
  std::shared_ptr<const std::string> out;
  EXPECT_EQ(box.Take(&out), StreamOutbox::State::kOverflow);
}

TEST(StreamOutboxTest, OverflowByBytesButOneBigMessageFitsAnEmptyQueue) {
  StreamOutbox box({.max_messages = 100, .max_bytes = 10}, [] {});
  box.Deliver(Text(std::string(50, 'x')));  // alone: accepted
  EXPECT_FALSE(box.Overflowed());
  std::shared_ptr<const std::string> out;
  ASSERT_EQ(box.Take(&out), StreamOutbox::State::kMessage);
  box.Deliver(Text("12345"));
  box.Deliver(Text("12345"));
  EXPECT_FALSE(box.Overflowed());
  box.Deliver(Text("1"));
  EXPECT_TRUE(box.Overflowed());
}

TEST(StreamOutboxTest, CloseComesAfterQueuedMessagesAndDetachStopsEverything) {
  int wakes = 0;
  StreamOutbox box({}, [&] { ++wakes; });
  box.Deliver(Text("last"));
  box.Close();
  box.Deliver(Text("too late"));
  std::shared_ptr<const std::string> out;
  ASSERT_EQ(box.Take(&out), StreamOutbox::State::kMessage);
  EXPECT_EQ(*out, "last");
  EXPECT_EQ(box.Take(&out), StreamOutbox::State::kClose);
  box.Detach();
  box.Detach();
  EXPECT_EQ(box.Take(&out), StreamOutbox::State::kDetached);
  int before = wakes;
  box.Deliver(Text("x"));
  box.Close();
  EXPECT_EQ(wakes, before);
}

// ---------------------------------------------------------------------------------------------
// WebSocket streaming through HttpServer.

// A blocking WebSocket client. Every wait runs the client's own io_context with a deadline, so a
// server that does not answer fails the test instead of hanging it.
class WsClient {
 public:
  // receive_buffer > 0 shrinks the socket's receive buffer, to play a client that stops reading.
  explicit WsClient(uint16_t port, int receive_buffer = 0) : ws_(ioc_) {
    tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(server.protocol());
    if (receive_buffer > 0)
      socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    beast::get_lowest_layer(ws_).connect(server);
  }

  beast::error_code Handshake(
      std::string_view target, websocket::response_type* res = nullptr,
      std::function<void(websocket::request_type&)> decorate = nullptr) {
    if (decorate)
      ws_.set_option(websocket::stream_base::decorator(
          [decorate](websocket::request_type& req) { decorate(req); }));
    websocket::response_type local;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).expires_after(3s);
    ws_.async_handshake(res ? *res : local, "test", target, [&](beast::error_code e) { ec = e; });
    Run();
    beast::get_lowest_layer(ws_).expires_never();
    return ec;
  }

  void Open(std::string_view target) {
    beast::error_code ec = Handshake(target);
    ASSERT_FALSE(ec) << ec.message();
  }

  // The next message; on failure "" and `ec` (beast::error::timeout if nothing came in time).
  std::string Read(beast::error_code& ec, std::chrono::milliseconds timeout = 3s) {
    beast::flat_buffer buffer;
    bool done = false;
    ec = {};
    ws_.async_read(buffer, [&](beast::error_code e, size_t) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(ws_).close();  // abandons the read; the client is unusable after
      Run();
      ec = beast::error::timeout;
      return {};
    }
    return ec ? std::string() : beast::buffers_to_string(buffer.data());
  }

  std::string Read() {
    beast::error_code ec;
    std::string text = Read(ec);
    EXPECT_FALSE(ec) << ec.message();
    return text;
  }

  void Write(const std::string& text) {
    beast::error_code ec;
    ws_.async_write(asio::buffer(text), [&](beast::error_code e, size_t) { ec = e; });
    Run();
    EXPECT_FALSE(ec) << ec.message();
  }

  const websocket::close_reason& reason() const { return ws_.reason(); }

 private:
  void Run() {
    ioc_.restart();
    ioc_.run_for(3s);
  }

  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

constexpr int64_t kAlice = 42;
constexpr int64_t kBob = 43;
constexpr int64_t kCarol = 44;

HttpResponse PlainHandler(const HttpRequest& req) {
  HttpResponse res;
  res.body = "plain " + req.path;
  return res;
}

// A hook like the API's: /api/v1/streaming?access_token=<name> picks the account.
UpgradeDecision StreamingHook(const HttpRequest& req) {
  UpgradeDecision d;
  int64_t key = 0;
  if (req.path == "/api/v1/streaming") {
    if (req.query.find("access_token=alice") != std::string::npos) key = kAlice;
    if (req.query.find("access_token=bob") != std::string::npos) key = kBob;
    if (req.query.find("access_token=carol") != std::string::npos) key = kCarol;
    // Mastodon's web client sends the token as the WebSocket protocol instead.
    const std::string* protocol = req.Header("sec-websocket-protocol");
    if (protocol && *protocol == "alice") {
      key = kAlice;
      d.protocol = *protocol;
    }
  }
  if (key != 0) {
    d.accept = true;
    d.key = key;
    return d;
  }
  d.rejection.status = 401;
  d.rejection.SetHeader("Content-Type", "application/json");
  d.rejection.body = R"({"error":"unauthorized","message":"The access token is invalid."})";
  return d;
}

class StreamServer {
 public:
  explicit StreamServer(HttpServerOptions options = {},
                        UpgradeHook hook = StreamingHook) {
    options.port = 0;
    options.stream_hub = &hub_;
    options.websocket_upgrade = std::move(hook);
    server_ = std::make_unique<HttpServer>(std::move(options), PlainHandler);
    Result<uint16_t> port = server_->Start();
    EXPECT_TRUE(port.has_value()) << (port ? "" : port.error().public_message);
    port_ = port ? *port : 0;
  }
  ~StreamServer() { server_->Stop(1000); }  // before hub_ goes

  StreamHub& hub() { return hub_; }
  HttpServer& server() { return *server_; }
  uint16_t port() const { return port_; }

  // Connects a client for `token` and waits until the hub has it, so a Publish reaches it.
  std::unique_ptr<WsClient> Connect(std::string_view token, int64_t key, int receive_buffer = 0) {
    size_t before = hub_.SessionCount(key);
    auto c = std::make_unique<WsClient>(port_, receive_buffer);
    c->Open("/api/v1/streaming?access_token=" + std::string(token) + "&stream=user");
    EXPECT_TRUE(Eventually([&] { return hub_.SessionCount(key) == before + 1; }));
    return c;
  }

 private:
  StreamHub hub_;  // outlives server_
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

TEST(WebSocketTest, AcceptedUpgradeReceivesPublishedMessages) {
  std::mutex mu;
  std::vector<AccessLogEntry> log;
  std::thread::id hook_thread, log_thread;
  std::string seen_query;
  HttpServerOptions o;
  o.access_log = [&](const AccessLogEntry& e) {
    std::lock_guard lock(mu);
    log.push_back(e);
    log_thread = std::this_thread::get_id();
  };
  StreamServer s(o, [&](const HttpRequest& req) {
    {
      std::lock_guard lock(mu);
      hook_thread = std::this_thread::get_id();
      seen_query = req.query;
    }
    return StreamingHook(req);
  });

  WsClient c(s.port());
  websocket::response_type res;
  ASSERT_FALSE(c.Handshake("/api/v1/streaming?access_token=alice&stream=user", &res));
  EXPECT_EQ(res.result_int(), 101);
  EXPECT_EQ(res[http::field::server], "kring");
  EXPECT_EQ(res["X-Request-Id"].size(), 16u);
  ASSERT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 1; }));

  s.hub().Publish(kAlice, R"({"event":"update","payload":"1"})");
  s.hub().Publish(kAlice, "second");
  EXPECT_EQ(c.Read(), R"({"event":"update","payload":"1"})");
  EXPECT_EQ(c.Read(), "second");

  c.Write(R"({"type":"subscribe","stream":"hashtag","tag":"x"})");  // ignored, connection lives
  s.hub().Publish(kAlice, "third");
  EXPECT_EQ(c.Read(), "third");

  {
    std::lock_guard lock(mu);
    EXPECT_EQ(seen_query, "access_token=alice&stream=user");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].status, 101);
    EXPECT_EQ(log[0].method, "GET");
    EXPECT_EQ(log[0].path, "/api/v1/streaming");  // no token in the log
    EXPECT_NE(hook_thread, log_thread);  // hook on a worker, not on the I/O thread
  }

  // Which paths may upgrade is the hook's decision.
  WsClient elsewhere(s.port());
  websocket::response_type res2;
  EXPECT_EQ(elsewhere.Handshake("/api/v1/timelines/home?access_token=alice", &res2),
            websocket::error::upgrade_declined);
  EXPECT_EQ(res2.result_int(), 401);
}

TEST(WebSocketTest, TokenInTheProtocolHeaderIsEchoedAsBrowsersRequire) {
  StreamServer s;
  WsClient c(s.port());
  websocket::response_type res;
  ASSERT_FALSE(c.Handshake("/api/v1/streaming?stream=user", &res,
                           [](websocket::request_type& req) {
                             req.set(http::field::sec_websocket_protocol, "alice");
                           }));
  EXPECT_EQ(res[http::field::sec_websocket_protocol], "alice");
  ASSERT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 1; }));
  s.hub().Publish(kAlice, "hi");
  EXPECT_EQ(c.Read(), "hi");
}

TEST(WebSocketTest, RejectedUpgradeGetsTheHooksResponse) {
  StreamServer s;
  WsClient c(s.port());
  websocket::response_type res;
  EXPECT_EQ(c.Handshake("/api/v1/streaming?access_token=wrong", &res),
            websocket::error::upgrade_declined);
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(res.body(), R"({"error":"unauthorized","message":"The access token is invalid."})");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res[http::field::server], "kring");
}

TEST(WebSocketTest, MalformedHandshakeIsRejectedBeforeTheHook) {
  std::atomic<int> hook_calls{0};
  StreamServer s({}, [&](const HttpRequest& req) {
    ++hook_calls;
    return StreamingHook(req);
  });
  {
    WsClient c(s.port());
    websocket::response_type res;
    EXPECT_EQ(c.Handshake("/api/v1/streaming?access_token=alice", &res,
                          [](websocket::request_type& req) {
                            req.set(http::field::sec_websocket_version, "8");
                          }),
              websocket::error::upgrade_declined);
    EXPECT_EQ(res.result_int(), 426);
    EXPECT_EQ(res[http::field::sec_websocket_version], "13");
  }
  {
    WsClient c(s.port());
    websocket::response_type res;
    EXPECT_EQ(c.Handshake("/api/v1/streaming?access_token=alice", &res,
                          [](websocket::request_type& req) {
                            req.erase(http::field::sec_websocket_key);
                          }),
              websocket::error::upgrade_declined);
    EXPECT_EQ(res.result_int(), 400);
    EXPECT_NE(res.body().find("\"error\":\"bad_websocket_handshake\""), std::string::npos)
        << res.body();
  }
  EXPECT_EQ(hook_calls, 0);
}

TEST(WebSocketTest, WithoutAHookAnUpgradeRequestGoesToTheHandler) {
  HttpServerOptions o;
  o.port = 0;
  HttpServer server(o, PlainHandler);
  Result<uint16_t> port = server.Start();
  ASSERT_TRUE(port.has_value());
  WsClient c(*port);
  websocket::response_type res;
  EXPECT_EQ(c.Handshake("/api/v1/streaming?access_token=alice", &res),
            websocket::error::upgrade_declined);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "plain /api/v1/streaming");
  server.Stop(1000);
}

TEST(WebSocketTest, HookWithoutHubIsRefusedAtStart) {
  HttpServerOptions o;
  o.port = 0;
  o.websocket_upgrade = StreamingHook;
  HttpServer server(o, PlainHandler);
  Result<uint16_t> port = server.Start();
  ASSERT_FALSE(port.has_value());
  EXPECT_EQ(port.error().code, Errc::kInvalidArgument);
}

TEST(WebSocketTest, PublishReachesEverySessionOfTheKeyAndNoOther) {
  StreamServer s;
  auto alice_phone = s.Connect("alice", kAlice);
  auto alice_laptop = s.Connect("alice", kAlice);
  auto bob = s.Connect("bob", kBob);
  EXPECT_EQ(s.hub().SessionCount(kAlice), 2u);
  EXPECT_EQ(s.hub().SessionCount(kBob), 1u);

  s.hub().Publish(kAlice, "for alice");
  s.hub().Publish(kBob, "for bob");
  EXPECT_EQ(alice_phone->Read(), "for alice");
  EXPECT_EQ(alice_laptop->Read(), "for alice");
  EXPECT_EQ(bob->Read(), "for bob");  // the first thing bob gets: nothing of alice's

  bob.reset();  // the client goes away: the hub forgets the session
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kBob) == 0; }));
}

TEST(WebSocketTest, ClientThatNeverReadsIsDroppedWithoutDelayingOthers) {
  HttpServerOptions o;
  o.websocket_queue_max_bytes = 256 * 1024;
  StreamServer s(o);
  // Both on one key: every Publish goes to the stuck client too.
  auto stuck = s.Connect("alice", kAlice, /*receive_buffer=*/4096);
  auto reader = s.Connect("alice", kAlice);

  const std::string payload(64 * 1024, 'p');
  auto t0 = Clock::now();
  // Lock-step with the reader: each message must arrive while the stuck client's socket buffers
  // and then its queue fill up (the kernel takes a few MiB before the queue sees anything).
  for (int i = 0; i < 160; ++i) {
    s.hub().Publish(kAlice, std::to_string(i) + payload);
    beast::error_code ec;
    std::string got = reader->Read(ec, 2s);
    ASSERT_FALSE(ec) << "message " << i << ": " << ec.message();
    ASSERT_EQ(got.size(), payload.size() + std::to_string(i).size());
    ASSERT_EQ(got.substr(0, std::to_string(i).size()), std::to_string(i));
  }
  EXPECT_LT(MillisSince(t0), 3000);
  // The stuck client overflowed its bounded queue and was disconnected; the reader was not.
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 1; }));
  s.hub().Publish(kAlice, "still here");
  EXPECT_EQ(reader->Read(), "still here");
}

TEST(WebSocketTest, SendWithoutProgressIsDroppedAfterTheWriteTimeout) {
  HttpServerOptions o;
  o.write_timeout_ms = 300;
  o.websocket_queue_max_messages = 100000;  // so only the write timeout can end it
  o.websocket_queue_max_bytes = 64 << 20;
  StreamServer s(o);
  auto stuck = s.Connect("alice", kAlice, /*receive_buffer=*/4096);
  const std::string payload(256 * 1024, 'p');
  for (int i = 0; i < 40; ++i) s.hub().Publish(kAlice, payload);  // ~10 MiB: more than sockets hold
  auto t0 = Clock::now();
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 0; }, 3s));
  EXPECT_LT(MillisSince(t0), 2500);
}

TEST(WebSocketTest, SilentPeerIsDroppedAfterTheIdleTimeout) {
  HttpServerOptions o;
  o.websocket_idle_timeout_ms = 300;  // ping at 150 ms; nobody reads it, so no pong
  StreamServer s(o);
  auto silent = s.Connect("alice", kAlice);
  auto t0 = Clock::now();
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 0; }, 3s));
  EXPECT_GE(MillisSince(t0), 200);
}

TEST(WebSocketTest, OversizedClientMessageClosesWith1009) {
  StreamServer s;
  auto c = s.Connect("alice", kAlice);
  c->Write(std::string(5000, 'x'));
  beast::error_code ec;
  c->Read(ec);
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(c->reason().code, websocket::close_code::too_big);
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) == 0; }));
}

TEST(WebSocketTest, CloseAllSendsGoingAway) {
  StreamServer s;
  auto a = s.Connect("alice", kAlice);
  auto b = s.Connect("bob", kBob);
  s.hub().CloseAll();
  for (WsClient* c : {a.get(), b.get()}) {
    beast::error_code ec;
    c->Read(ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(c->reason().code, websocket::close_code::going_away);
  }
  EXPECT_TRUE(Eventually([&] { return s.hub().SessionCount(kAlice) + s.hub().SessionCount(kBob) == 0; }));
}

TEST(WebSocketTest, WebSocketsCountTowardMaxConnections) {
  HttpServerOptions o;
  o.max_connections = 1;
  StreamServer s(o);
  auto a = s.Connect("alice", kAlice);
  WsClient b(s.port());
  websocket::response_type res;
  EXPECT_EQ(b.Handshake("/api/v1/streaming?access_token=bob", &res),
            websocket::error::upgrade_declined);
  EXPECT_EQ(res.result_int(), 503);
  s.hub().Publish(kAlice, "unaffected");
  EXPECT_EQ(a->Read(), "unaffected");
}

TEST(WebSocketTest, StopClosesWebSocketsPromptly) {
  StreamServer s;
  auto a = s.Connect("alice", kAlice);
  auto b = s.Connect("bob", kBob);
  // The clients must be reading to answer the close frame, as a live browser is.
  std::vector<beast::error_code> results(2);
  std::thread ra([&] { a->Read(results[0]); });
  std::thread rb([&] { b->Read(results[1]); });
  auto t0 = Clock::now();
  s.server().Stop(5000);
  EXPECT_LT(MillisSince(t0), 1000);  // not the grace period
  ra.join();
  rb.join();
  for (const auto& ec : results) EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(a->reason().code, websocket::close_code::going_away);
  EXPECT_EQ(b->reason().code, websocket::close_code::going_away);
  EXPECT_EQ(s.hub().SessionCount(kAlice), 0u);
  EXPECT_EQ(s.hub().SessionCount(kBob), 0u);
}

TEST(WebSocketTest, StopForceClosesAWebSocketThatDoesNotAnswer) {
  StreamServer s;
  auto deaf = s.Connect("alice", kAlice);  // never reads, so never answers the close frame
  auto t0 = Clock::now();
  s.server().Stop(200);
  EXPECT_LT(MillisSince(t0), 1500);
  EXPECT_EQ(s.hub().SessionCount(kAlice), 0u);
}

}  // namespace
}  // namespace kring::net
