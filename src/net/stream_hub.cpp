#include "net/stream_hub.h"

#include <algorithm>
#include <utility>

namespace kring::net {

// ---------------------------------------------------------------------------------------------
// StreamOutbox

StreamOutbox::StreamOutbox(Limits limits, std::function<void()> wake)
    : limits_(limits), wake_(std::move(wake)) {}

void StreamOutbox::WakeLocked() {
  if (wake_pending_ || !wake_) return;
  wake_pending_ = true;
  wake_();
}

void StreamOutbox::Deliver(std::shared_ptr<const std::string> text) {
  if (!text) return;
  std::lock_guard lock(mu_);
  if (detached_ || overflowed_ || close_requested_) return;
  const size_t size = text->size();
  const bool over = queue_.size() >= limits_.max_messages ||
                    (!queue_.empty() && queued_bytes_ + size > limits_.max_bytes);
  if (over) {
    // Dropping one message silently would leave the client with a gap it cannot detect; closing
    // makes it reconnect and reload, which is what Mastodon clients do after a disconnect.
    overflowed_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    // The consumer is most likely stuck in a send and has a wake-up pending already; it must
    // hear about this one anyway (once: nothing is accepted after an overflow).
    wake_pending_ = false;
  } else {
    queue_.push_back(std::move(text));
    queued_bytes_ += size;
  }
  WakeLocked();
}

void StreamOutbox::Close() {
  std::lock_guard lock(mu_);
  if (detached_ || close_requested_) return;
  close_requested_ = true;
  WakeLocked();
}

StreamOutbox::State StreamOutbox::Take(std::shared_ptr<const std::string>* out) {
  std::lock_guard lock(mu_);
  if (detached_) return State::kDetached;
  if (overflowed_) return State::kOverflow;
  if (!queue_.empty()) {
    *out = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= (*out)->size();
    return State::kMessage;
  }
  if (close_requested_) return State::kClose;
  // The consumer is about to wait: the next producer must wake it.
  wake_pending_ = false;
  return State::kEmpty;
}

void StreamOutbox::Detach() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    detached_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    wake.swap(wake_);
  }
  // Destroyed outside the lock: the callback may own things whose destructors take locks.
}

bool StreamOutbox::Overflowed() const {
  std::lock_guard lock(mu_);
  return overflowed_;
}

size_t StreamOutbox::QueuedMessages() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

size_t StreamOutbox::QueuedBytes() const {
  std::lock_guard lock(mu_);
  return queued_bytes_;
}

// ---------------------------------------------------------------------------------------------
// StreamHub

void StreamHub::Subscribe(int64_t key, const std::shared_ptr<StreamSubscriber>& subscriber) {
  if (!subscriber) return;
  std::lock_guard lock(mu_);
  auto& list = subscribers_[key];
  // Drop dead entries here too, so a key whose sessions die without unsubscribing cannot grow.
  std::erase_if(list, [](const Entry& e) { return e.subscriber.expired(); });
  for (const Entry& e : list)
    if (e.id == subscriber.get()) return;
  list.push_back(Entry{subscriber.get(), subscriber});
}

void StreamHub::Unsubscribe(int64_t key, const StreamSubscriber* subscriber) {
  std::lock_guard lock(mu_);
  auto it = subscribers_.find(key);
  if (it == subscribers_.end()) return;
  std::erase_if(it->second, [&](const Entry& e) { return e.id == subscriber || e.subscriber.expired(); });
  if (it->second.empty()) subscribers_.erase(it);
}

std::vector<std::shared_ptr<StreamSubscriber>> StreamHub::Live(int64_t key) {
  std::vector<std::weak_ptr<StreamSubscriber>> weak;
  {
    std::lock_guard lock(mu_);
    auto it = subscribers_.find(key);
    if (it == subscribers_.end()) return {};
    weak.reserve(it->second.size());
    for (const Entry& e : it->second) weak.push_back(e.subscriber);
  }
  // Outside mu_: if delivery ends up holding a subscriber's last reference, its destructor may
  // call Unsubscribe() (which takes mu_).
  std::vector<std::shared_ptr<StreamSubscriber>> live;
  live.reserve(weak.size());
  for (auto& w : weak)
    if (auto s = w.lock()) live.push_back(std::move(s));
  return live;
}

void StreamHub::Publish(int64_t key, std::string text) {
  std::vector<std::shared_ptr<StreamSubscriber>> live = Live(key);
  if (live.empty()) return;
  auto shared = std::make_shared<const std::string>(std::move(text));
  for (auto& s : live) s->Deliver(shared);
}

size_t StreamHub::SessionCount(int64_t key) const {
  std::lock_guard lock(mu_);
  auto it = subscribers_.find(key);
  if (it == subscribers_.end()) return 0;
  return static_cast<size_t>(std::count_if(it->second.begin(), it->second.end(),
                                           [](const Entry& e) { return !e.subscriber.expired(); }));
}

void StreamHub::CloseAll() {
  std::vector<std::weak_ptr<StreamSubscriber>> weak;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, list] : subscribers_)
      for (const Entry& e : list) weak.push_back(e.subscriber);
  }
  for (auto& w : weak)
    if (auto s = w.lock()) s->Close();
}

}  // namespace kring::net
