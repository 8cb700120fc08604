// StreamHub: fan-out of server-pushed text messages (Mastodon-style /api/v1/streaming) to the live
// WebSocket connections of an account, from any thread.
//
// The pieces:
// - StreamSubscriber: what the hub needs from one live connection (queue a message, close). The
//   HTTP server's WebSocket sessions implement it; tests can use a fake.
// - StreamOutbox: the bounded, thread-safe outgoing queue each WebSocket session owns. A consumer
//   that falls too far behind (never reads) overflows it: the queue is dropped and the connection
//   is closed, so one stuck client never blocks the others or grows memory.
// - StreamHub: the registry, keyed by an int64_t (the account id). Publish() copies the key's
//   subscribers under its lock and delivers outside it, so a publisher only ever waits for a short
//   map look-up and the subscribers' non-blocking queue pushes.
//
// No Boost here: api/ and main/ include this header without paying Beast's compile time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kring::net {

// The receiving end of one live connection, as the hub sees it.
// Thread safety: both calls may come from any thread, concurrently; neither may block.
class StreamSubscriber {
 public:
  virtual ~StreamSubscriber() = default;
  // Queues one text message for sending. Never blocks; a subscriber over its bound drops the
  // message (and typically its connection).
  virtual void Deliver(std::shared_ptr<const std::string> text) = 0;
  // Asks the connection to end with a "going away" close frame. Returns at once.
  virtual void Close() = 0;
};

// The bounded outgoing queue of one connection. Producers (Deliver, Close) run on any thread; the
// single consumer (the connection's writer) calls Take() and waits for the wake callback when it
// finds nothing to do.
//
// The wake callback is called with the outbox's mutex held, once per transition of the outbox from
// "nothing to do" to "something to do" and once more on overflow; it must only schedule work (e.g. post to the
// connection's strand), never call back into the outbox. After Detach() it is never called again
// and has been destroyed, so it may refer to things that die with the connection.
class StreamOutbox : public StreamSubscriber {
 public:
  struct Limits {
    size_t max_messages = 256;
    size_t max_bytes = 1 << 20;  // a single larger message is still accepted into an empty queue
  };
  enum class State {
    kMessage,   // Take() returned a message to send
    kEmpty,     // nothing to send; wait for the wake callback
    kClose,     // Close() was called: send a close frame and end
    kOverflow,  // the consumer fell behind the bound: drop the connection
    kDetached,  // Detach() was called
  };

  StreamOutbox(Limits limits, std::function<void()> wake);

  void Deliver(std::shared_ptr<const std::string> text) override;
  void Close() override;

  // For the consumer. On kMessage `*out` is the next message; queued messages are sent before a
  // close is honoured. Overflow wins over everything (the queue has been dropped).
  State Take(std::shared_ptr<const std::string>* out);

  // Stops accepting messages, drops the queue and destroys the wake callback. Idempotent.
  void Detach();

  bool Overflowed() const;
  size_t QueuedMessages() const;
  size_t QueuedBytes() const;

 private:
  void WakeLocked();

  const Limits limits_;
  mutable std::mutex mu_;
  std::function<void()> wake_;                           // guarded by mu_; empty after Detach
  std::deque<std::shared_ptr<const std::string>> queue_;  // guarded by mu_
  size_t queued_bytes_ = 0;                               // guarded by mu_
  bool close_requested_ = false;                          // guarded by mu_
  bool overflowed_ = false;                               // guarded by mu_
  bool detached_ = false;                                 // guarded by mu_
  bool wake_pending_ = false;  // guarded by mu_; a wake-up was scheduled and not yet consumed
};

// Thread safety: every method may be called from any thread, concurrently.
// Ownership: the hub holds subscribers weakly; a subscriber that dies without unsubscribing is
// pruned lazily and never delivered to.
class StreamHub {
 public:
  StreamHub() = default;
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // Registers `subscriber` under `key`. Subscribing the same subscriber twice under one key
  // registers it once.
  void Subscribe(int64_t key, const std::shared_ptr<StreamSubscriber>& subscriber);
  // Removes `subscriber` from `key`; a no-op if it is not there.
  void Unsubscribe(int64_t key, const StreamSubscriber* subscriber);

  // Delivers `text` (one WebSocket text frame, typically a JSON event) to every live subscriber
  // of `key`, sharing one copy of the bytes. Never blocks on the network: slow subscribers drop
  // the message and close. Messages from one thread reach each subscriber in publication order.
  void Publish(int64_t key, std::string text);

  // Live subscribers of `key` (for tests, metrics and "is this account online").
  size_t SessionCount(int64_t key) const;

  // Asks every current subscriber to close (going away), e.g. before a restart. Subscribers
  // added afterwards are unaffected.
  void CloseAll();

 private:
  struct Entry {
    const StreamSubscriber* id;
    std::weak_ptr<StreamSubscriber> subscriber;
  };
  std::vector<std::shared_ptr<StreamSubscriber>> Live(int64_t key);

  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::vector<Entry>> subscribers_;  // guarded by mu_
};

}  // namespace kring::net
