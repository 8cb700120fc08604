// EventBus: an in-process EventSink that hands each domain event to every subscriber, in the
// order they subscribed. Notifications, insights and federation subscribe here (later modules).
//
// Thread safety: Subscribe() during start-up only; Publish() from any thread. Subscribers must be
// thread-safe and quick (queue work, do not do it inline).
#pragma once

#include <functional>
#include <vector>

#include "app/ports/services.h"

namespace kring::app {

class EventBus final : public EventSink {
 public:
  using Subscriber = std::function<void(const core::DomainEvent&)>;
  void Subscribe(Subscriber s) { subscribers_.push_back(std::move(s)); }
  void Publish(const core::DomainEvent& event) override {
    for (const auto& s : subscribers_) s(event);
  }

 private:
  std::vector<Subscriber> subscribers_;
};

}  // namespace kring::app
