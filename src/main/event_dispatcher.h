// EventDispatcher: the EventSink the server runs with. Publish() only queues the event; one worker
// thread hands events to the subscribers in order, so a request never waits for notifications
// (or, later, federation and insights) to be written. Stop() drains the queue before returning,
// so a graceful shutdown loses nothing; a crash loses at most the events still queued, which are
// derived data (the writes they describe are already committed).
//
// Thread safety: Publish() from any thread; Subscribe() before Start().
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/ports/services.h"

namespace kring::main {

class EventDispatcher final : public app::EventSink {
 public:
  using Subscriber = std::function<void(const core::DomainEvent&)>;
  ~EventDispatcher() override { Stop(); }
  void Subscribe(Subscriber s) { subscribers_.push_back(std::move(s)); }
  void Start();
  void Stop();
  void Publish(const core::DomainEvent& event) override;

 private:
  void Run();
  std::vector<Subscriber> subscribers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<core::DomainEvent> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                // GUARDED_BY(mu_)
  bool started_ = false;
  std::thread worker_;
};

}  // namespace kring::main
