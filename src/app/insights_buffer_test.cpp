// InsightsBuffer against a fake store: what a member and a dashboard would notice — a repeat view is
// not counted twice, a recorded event shows up in the next figures, nothing is lost on a clean stop,
// and memory stays bounded when the store falls behind.
#include "app/insights_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "core/insights.h"

namespace kring::app {
namespace {

constexpr TimeMs kNoon = 20000 * kDayMs + 12 * kHourMs;  // some UTC day, at noon

// A store that keeps events in a vector and dedupes once-per-day events like the SQL unique indexes.
// Safe from any thread, like the real one (the buffer's thread loads and stores while tests record).
class FakeStore final : public InsightsRepo {
 public:
  std::mutex mu;
  std::vector<InsightEvent> stored;
  std::set<std::string> keys;
  int batches = 0, lookups = 0;
  std::atomic<bool> fail{false};
  size_t stored_before_last_read = 0;

  Result<std::vector<bool>> RecordBatch(const std::vector<InsightEvent>& events) override {
    std::lock_guard lock(mu);
    if (fail) return Unavailable("storage_full", "full");
    batches++;
    std::vector<bool> out;
    for (const auto& e : events) {
      auto key = OncePerDayKey(e);
      const bool fresh = !key || keys.insert(*key).second;
      if (fresh) stored.push_back(e);
      out.push_back(fresh);
    }
    return out;
  }
  Result<bool> AlreadyCounted(const InsightEvent& e) override {
    std::lock_guard lock(mu);
    lookups++;
    auto key = OncePerDayKey(e);
    return key && keys.count(*key) > 0;
  }
  Result<std::vector<InsightEvent>> OncePerDayEvents(int64_t day, size_t limit) override {
    std::lock_guard lock(mu);
    std::vector<InsightEvent> out;
    for (const auto& e : stored)
      if (core::DayOf(e.at) == day && OncePerDayKey(e) && out.size() <= limit) out.push_back(e);
    return out;
  }
  Result<PostMetrics> ForPost(PostId) override {
    std::lock_guard lock(mu);
    stored_before_last_read = stored.size();
    return PostMetrics{};
  }
  Result<std::vector<MetricCount>> CommunityDay(CommunityId, int64_t) override { return std::vector<MetricCount>{}; }
  Result<std::vector<ActivityRow>> Activity(CommunityId, TimeMs) override { return std::vector<ActivityRow>{}; }
  Result<std::vector<HourCount>> ActivityHours(CommunityId, TimeMs) override { return std::vector<HourCount>{}; }
  Result<std::vector<HashtagCount>> TopHashtags(CommunityId, TimeMs, int) override {
    return std::vector<HashtagCount>{};
  }
  Result<std::vector<PostEngagementRow>> PostEngagement(const PostEngagementFilter&) override {
    return std::vector<PostEngagementRow>{};
  }
  Result<int64_t> ActivePeople(CommunityId, TimeMs) override { return int64_t{0}; }
  Result<std::vector<ContributorCount>> Contributors(CommunityId, TimeMs, int) override {
    return std::vector<ContributorCount>{};
  }
  Result<std::vector<CohortCount>> Retention(CommunityId, int64_t) override { return std::vector<CohortCount>{}; }
  Result<std::vector<MetricCount>> FollowsByDay(AccountId, int64_t) override { return std::vector<MetricCount>{}; }
  Result<std::vector<ActivityRow>> AudienceOf(AccountId, TimeMs) override { return std::vector<ActivityRow>{}; }
  Result<RollupStats> Rollup(TimeMs, int) override { return RollupStats{}; }
};

InsightEvent View(int64_t post, int64_t viewer, TimeMs at = kNoon) {
  InsightEvent e;
  e.at = at;
  e.kind = "view";
  e.community = CommunityId(1);
  e.post = PostId(post);
  e.actor = AccountId(viewer);
  return e;
}

InsightEvent AnonymousView(int64_t post, std::string visitor) {
  InsightEvent e = View(post, 0);
  e.actor.reset();
  e.visitor = std::move(visitor);
  return e;
}

TEST(InsightsBufferTest, AViewCountsOncePerPersonPerDayWhetherWaitingOrStored) {
  FakeStore store;
  InsightsBuffer buffer(store);
  EXPECT_TRUE(*buffer.Record(View(7, 1)));
  EXPECT_FALSE(*buffer.Record(View(7, 1)));              // still waiting
  EXPECT_TRUE(*buffer.Record(View(7, 2)));               // someone else
  EXPECT_TRUE(*buffer.Record(View(8, 1)));               // another post
  EXPECT_TRUE(*buffer.Record(AnonymousView(7, "abc")));  // an anonymous visitor
  EXPECT_FALSE(*buffer.Record(AnonymousView(7, "abc")));
  EXPECT_TRUE(*buffer.Record(View(7, 1, kNoon + kDayMs)));  // the next day counts again
  ASSERT_TRUE(buffer.Flush());
  EXPECT_EQ(store.stored.size(), 5u);
  EXPECT_EQ(store.batches, 1);  // one transaction for all of them
  EXPECT_FALSE(*buffer.Record(View(7, 2)));  // already stored
}

TEST(InsightsBufferTest, RepeatableEventsAreAllKept) {
  FakeStore store;
  InsightsBuffer buffer(store);
  InsightEvent like = View(7, 1);
  like.kind = "reaction";
  like.detail = "like";
  EXPECT_TRUE(*buffer.Record(like));
  EXPECT_TRUE(*buffer.Record(like));
  ASSERT_TRUE(buffer.Flush());
  EXPECT_EQ(store.stored.size(), 2u);
}

TEST(InsightsBufferTest, AfterStartTodaysRepeatsAreAnsweredFromMemory) {
  FakeStore store;
  store.RecordBatch({View(7, 1)}).value();  // stored by an earlier run of the server
  InsightsBuffer buffer(store);
  buffer.Start(core::DayOf(kNoon));
  for (int i = 0; i < 500 && !buffer.remembers_today(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(buffer.remembers_today());
  EXPECT_FALSE(*buffer.Record(View(7, 1)));  // known from the load at Start
  EXPECT_TRUE(*buffer.Record(View(7, 2)));
  EXPECT_EQ(store.lookups, 0);               // no database lookup per view
  // An event of another day (a clock step back) is checked in the store.
  EXPECT_TRUE(*buffer.Record(View(7, 1, kNoon - kDayMs)));
  EXPECT_EQ(store.lookups, 1);
  buffer.Stop();
  EXPECT_EQ(store.stored.size(), 3u);  // Stop stored what was waiting
}

TEST(InsightsBufferTest, WithoutStartEveryPossibleRepeatIsCheckedInTheStore) {
  FakeStore store;
  store.RecordBatch({View(7, 1)}).value();
  InsightsBuffer buffer(store);  // not started: it does not know what today already holds
  EXPECT_FALSE(*buffer.Record(View(7, 1)));
  EXPECT_GE(store.lookups, 1);
}

TEST(InsightsBufferTest, TheBackgroundThreadStoresEventsWithoutBeingAsked) {
  FakeStore store;
  InsightsBufferOptions options;
  options.max_delay = 20;
  InsightsBuffer buffer(store, options);
  buffer.Start(core::DayOf(kNoon));
  ASSERT_TRUE(*buffer.Record(View(7, 1)));
  for (int i = 0; i < 500 && buffer.waiting() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(buffer.waiting(), 0u);
  buffer.Stop();
  EXPECT_EQ(store.stored.size(), 1u);
}

TEST(InsightsBufferTest, ReadsSeeEveryEventRecordedBeforeThem) {
  FakeStore store;
  InsightsBuffer buffer(store);
  ASSERT_TRUE(*buffer.Record(View(7, 1)));
  ASSERT_TRUE(*buffer.Record(View(7, 2)));
  ASSERT_TRUE(buffer.ForPost(PostId(7)));
  EXPECT_EQ(store.stored_before_last_read, 2u);
}

TEST(InsightsBufferTest, WhenTheStoreFallsBehindItRefusesInsteadOfGrowing) {
  FakeStore store;
  InsightsBufferOptions options;
  options.max_events = 1000;
  options.max_waiting = 3;
  InsightsBuffer buffer(store, options);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(*buffer.Record(View(7, i)));
  auto refused = buffer.Record(View(7, 4));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().detail, "insights_busy");
  EXPECT_EQ(buffer.waiting(), 3u);
}

TEST(InsightsBufferTest, ABatchTheStoreRefusedIsNotRememberedAsCounted) {
  FakeStore store;
  InsightsBuffer buffer(store);
  buffer.Start(core::DayOf(kNoon));
  store.fail = true;
  ASSERT_TRUE(*buffer.Record(View(7, 1)));
  EXPECT_FALSE(buffer.Flush());
  store.fail = false;
  EXPECT_TRUE(*buffer.Record(View(7, 1)));  // it was never stored, so it counts now
  buffer.Stop();
  EXPECT_EQ(store.stored.size(), 1u);
}

TEST(InsightsBufferTest, ConcurrentRecordersCountEachViewOnce) {
  FakeStore store;
  InsightsBufferOptions options;
  options.max_events = 50;  // many small batches while the threads run
  InsightsBuffer buffer(store, options);
  buffer.Start(core::DayOf(kNoon));
  std::atomic<int> counted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int viewer = 1; viewer <= 300; ++viewer)
        if (*buffer.Record(View(7, viewer))) counted++;
    });
  for (auto& t : threads) t.join();
  buffer.Stop();
  EXPECT_EQ(counted.load(), 300);
  EXPECT_EQ(store.stored.size(), 300u);
}

}  // namespace
}  // namespace kring::app
