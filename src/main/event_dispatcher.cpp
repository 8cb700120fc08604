#include "main/event_dispatcher.h"

#include <exception>

#include "base/log.h"

namespace kring::main {

void EventDispatcher::Start() {
  if (started_) return;
  started_ = true;
  worker_ = std::thread([this] { Run(); });
}

void EventDispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void EventDispatcher::Publish(const core::DomainEvent& event) {
  if (!started_) {
    // Before start (CLI commands such as `seed`): deliver inline.
    for (const auto& s : subscribers_) s(event);
    return;
  }
  {
    std::lock_guard lock(mu_);
    queue_.push_back(event);
  }
  cv_.notify_one();
}

void EventDispatcher::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    core::DomainEvent event = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    for (const auto& s : subscribers_) {
      try {
        s(event);
      } catch (const std::exception& e) {
        LogError(std::string("event subscriber failed: ") + e.what());
      }
    }
    lock.lock();
  }
}

}  // namespace kring::main
