#include "app/insights_buffer.h"

#include <chrono>
#include <functional>
#include <random>
#include <utility>

#include "base/log.h"
#include "core/insights.h"

namespace kring::app {

std::optional<std::string> OncePerDayKey(const InsightEvent& e) {
  std::string what;
  if ((e.kind == "view" || e.kind == "share" || e.kind == "click") && e.post) {
    what = std::to_string(e.post->value());
  } else if (e.kind == "profile_visit" && e.target_account) {
    what = std::to_string(e.target_account->value());
  } else {
    return std::nullopt;
  }
  // Accounts and anonymous day-hashes cannot collide: a hash never starts with '#'.
  const std::string who = e.actor ? "#" + std::to_string(e.actor->value()) : e.visitor;
  std::string key = e.kind;
  key += '\n';
  key += what;
  key += '\n';
  key += std::to_string(core::DayOf(e.at));
  key += '\n';
  key += who;
  if (e.kind == "click") {  // each link of a post counts on its own
    key += '\n';
    key += e.detail;
  }
  return key;
}

namespace {
// A per-process random prefix for the key hashes, so nobody can craft two events (a click's link
// is chosen by the post's author) whose hashes collide on purpose.
std::string RandomSeed() {
  std::random_device device;
  std::string seed;
  for (int i = 0; i < 4; ++i) seed += std::to_string(device());
  return seed + '\n';
}
}  // namespace

InsightsBuffer::InsightsBuffer(InsightsRepo& inner, InsightsBufferOptions options)
    : inner_(inner), options_(options), seed_(RandomSeed()) {}

InsightsBuffer::~InsightsBuffer() { Stop(); }

uint64_t InsightsBuffer::Hash(const std::string& key) const { return std::hash<std::string>{}(seed_ + key); }

bool InsightsBuffer::Remember(uint64_t hash) {
  if (today_.size() >= options_.max_remembered) {
    complete_ = false;  // from now on, ask the store
    return true;
  }
  return today_.insert(hash).second;
}

void InsightsBuffer::MoveTo(int64_t day) {
  if (day <= day_) return;
  complete_ = day_ >= 0;  // tracked since before `day` began: nothing of it was stored without us
  day_ = day;
  today_.clear();
}

void InsightsBuffer::Start(int64_t today) {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  // The thread loads the day first, so start-up does not wait for it; until it has, Record asks the
  // store about possible repeats (complete_ is false), which is slower but exact.
  thread_ = std::thread([this, today] {
    Load(today);
    Run();
  });
  threaded_ = true;
}

void InsightsBuffer::Load(int64_t today) {
  auto stored = inner_.OncePerDayEvents(today, options_.max_remembered);
  if (!stored) {
    LogError("insights: today's counted events not loaded (every view is checked in the store): " +
             stored.error().internal_message);
    return;
  }
  std::lock_guard lock(mu_);
  MoveTo(today);
  if (day_ != today) return;  // midnight passed meanwhile: the new day started complete
  // Merged with what was recorded while loading (those keys are already here).
  for (const auto& e : *stored)
    if (auto key = OncePerDayKey(e)) today_.insert(Hash(*key));
  complete_ = stored->size() <= options_.max_remembered && today_.size() <= options_.max_remembered;
}

bool InsightsBuffer::remembers_today() const {
  std::lock_guard lock(mu_);
  return complete_;
}

void InsightsBuffer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  threaded_ = false;
  CatchUp();
}

void InsightsBuffer::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    // Sleep until the oldest waiting event is due, or enough are waiting, or Stop.
    wake_.wait_for(lock, std::chrono::milliseconds(options_.max_delay),
                   [&] { return stopping_ || waiting_.size() >= options_.max_events; });
    if (stopping_) break;
    lock.unlock();
    CatchUp();
    lock.lock();
  }
}

size_t InsightsBuffer::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

Status InsightsBuffer::Flush() {
  std::lock_guard flush_lock(flush_mu_);
  std::vector<InsightEvent> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(waiting_);
  }
  if (batch.empty()) return Status::Ok();
  auto stored = inner_.RecordBatch(batch);
  if (!stored) {
    LogError("insights: " + std::to_string(batch.size()) + " events not stored: " + stored.error().internal_message);
    // They were never stored: a repeat of one of them must count again.
    std::lock_guard lock(mu_);
    for (const auto& e : batch)
      if (auto key = OncePerDayKey(e); key && core::DayOf(e.at) == day_) today_.erase(Hash(*key));
    return stored.error();
  }
  return Status::Ok();
}

Result<bool> InsightsBuffer::Record(const InsightEvent& e) {
  const std::optional<std::string> key = OncePerDayKey(e);
  const int64_t day = core::DayOf(e.at);
  const uint64_t hash = key ? Hash(*key) : 0;
  bool ask_store = false;
  if (key) {
    std::lock_guard lock(mu_);
    MoveTo(day);
    if (day == day_ && today_.count(hash)) return false;
    ask_store = day != day_ || !complete_;
  }
  if (ask_store) {
    KRING_ASSIGN_OR_RETURN(bool counted, inner_.AlreadyCounted(e));
    if (counted) {
      std::lock_guard lock(mu_);
      if (day == day_) Remember(hash);
      return false;
    }
  }
  bool full = false;
  {
    std::lock_guard lock(mu_);
    if (waiting_.size() >= options_.max_waiting)
      return Unavailable("insights_busy", "Insights are catching up; this was not counted.",
                         "insights buffer full: " + std::to_string(waiting_.size()) + " events waiting");
    if (key && day == day_ && !Remember(hash)) return false;  // another thread was a moment earlier
    waiting_.push_back(e);
    full = waiting_.size() >= options_.max_events;
  }
  if (full) {
    if (threaded_) wake_.notify_one();
    else CatchUp();  // no background thread: the recording thread stores the batch
  }
  return true;
}

Result<std::vector<bool>> InsightsBuffer::RecordBatch(const std::vector<InsightEvent>& events) {
  // Bulk callers (the seed command, imports) want their batch stored now. Straight through, without
  // storing what waits first: they call this inside their own transaction, and taking flush_mu_
  // there could deadlock with the thread that holds it while waiting for that transaction to end.
  KRING_ASSIGN_OR_RETURN(auto stored, inner_.RecordBatch(events));
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < events.size(); ++i) {
    if (!stored[i] || core::DayOf(events[i].at) != day_) continue;
    if (auto key = OncePerDayKey(events[i])) Remember(Hash(*key));
  }
  return stored;
}

Result<bool> InsightsBuffer::AlreadyCounted(const InsightEvent& e) {
  if (auto key = OncePerDayKey(e)) {
    std::lock_guard lock(mu_);
    if (core::DayOf(e.at) == day_) {
      if (today_.count(Hash(*key))) return true;
      if (complete_) return false;
    }
  }
  return inner_.AlreadyCounted(e);
}

// Reads store what is waiting first, so they see every event recorded before them. A failing store
// (a full disk) must not take the dashboards down with it: they answer with what is stored.
void InsightsBuffer::CatchUp() {
  Status st = Flush();
  (void)st;  // logged by Flush
}

Result<PostMetrics> InsightsBuffer::ForPost(PostId post) {
  CatchUp();
  return inner_.ForPost(post);
}
Result<std::vector<MetricCount>> InsightsBuffer::CommunityDay(CommunityId community, int64_t day) {
  CatchUp();
  return inner_.CommunityDay(community, day);
}
Result<std::vector<InsightEvent>> InsightsBuffer::OncePerDayEvents(int64_t day, size_t limit) {
  CatchUp();
  return inner_.OncePerDayEvents(day, limit);
}
Result<std::vector<ActivityRow>> InsightsBuffer::Activity(CommunityId community, TimeMs since) {
  CatchUp();
  return inner_.Activity(community, since);
}
Result<std::vector<HourCount>> InsightsBuffer::ActivityHours(CommunityId community, TimeMs since) {
  CatchUp();
  return inner_.ActivityHours(community, since);
}
Result<std::vector<HashtagCount>> InsightsBuffer::TopHashtags(CommunityId community, TimeMs since, int limit) {
  CatchUp();
  return inner_.TopHashtags(community, since, limit);
}
Result<std::vector<PostEngagementRow>> InsightsBuffer::PostEngagement(const PostEngagementFilter& filter) {
  CatchUp();
  return inner_.PostEngagement(filter);
}
Result<int64_t> InsightsBuffer::ActivePeople(CommunityId community, TimeMs since) {
  CatchUp();
  return inner_.ActivePeople(community, since);
}
Result<std::vector<ContributorCount>> InsightsBuffer::Contributors(CommunityId community, TimeMs since, int limit) {
  CatchUp();
  return inner_.Contributors(community, since, limit);
}
Result<std::vector<CohortCount>> InsightsBuffer::Retention(CommunityId community, int64_t from_day) {
  CatchUp();
  return inner_.Retention(community, from_day);
}
Result<std::vector<MetricCount>> InsightsBuffer::FollowsByDay(AccountId account, int64_t from_day) {
  CatchUp();
  return inner_.FollowsByDay(account, from_day);
}
Result<std::vector<ActivityRow>> InsightsBuffer::AudienceOf(AccountId author, TimeMs since) {
  CatchUp();
  return inner_.AudienceOf(author, since);
}
Result<RollupStats> InsightsBuffer::Rollup(TimeMs now, int retention_days) {
  CatchUp();
  return inner_.Rollup(now, retention_days);
}

}  // namespace kring::app
