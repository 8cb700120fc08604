// InsightsBuffer: an InsightsRepo in front of another one that collects recorded events in memory
// and stores them in batches, one transaction per batch, from a background thread.
//
// Why: every view of a post is an event. Stored one at a time, each would be its own transaction
// (a disk sync) and would update the per-post totals on its own; in a batch the totals are updated
// once per post and the sync is shared (see bench/insights: ingest per CPU-second).
//
// Promises:
// - Record answers at once, and as the inner repository would: false for a repeat of a once-per-day
//   event, true otherwise. To answer without a database lookup per view it remembers a 64-bit
//   hash of every once-per-day event of the current UTC day (waiting or stored; loaded from the
//   store at Start, forgotten when the day changes), up to `max_remembered` of them. Past that,
//   and for an event of another day, it asks the store. (One process per database: a second
//   server writing the same database would make its memory incomplete; see architecture.md.)
// - A recorded event is stored within `max_delay` (or sooner when `max_events` are waiting).
// - Every read and Rollup first stores what is waiting, so figures include every event recorded
//   before the call (read-your-writes for dashboards and tests). Not to be called inside a write
//   transaction (the background thread may be waiting for it). RecordBatch goes straight to the
//   store and may be called inside one.
// - Stop (and the destructor) store what is waiting. What it costs: a crash (kill -9, power loss)
//   loses the events of at most the last `max_delay`; they are counts for insights only — the
//   posts, comments, reactions and follows they describe are stored by their own use cases.
// - Memory is bounded: beyond `max_waiting` waiting events (the store is failing or far behind)
//   Record answers kUnavailable "insights_busy" and keeps nothing.
//
// Thread safety: every method is safe from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "app/ports/insights_repo.h"

namespace kring::app {

struct InsightsBufferOptions {
  TimeMs max_delay = 1000;       // a waiting event is stored at the latest after this long
  size_t max_events = 20000;     // ... or as soon as this many wait
  size_t max_waiting = 100000;   // more than this and Record refuses (memory bound, about 25 MB)
  size_t max_remembered = 1000000;  // once-per-day keys remembered per day (about 40 MB at most)
};

// The identity of a once-per-day event (kind, what, person, UTC day) as the storage's unique
// indexes see it; nullopt for kinds that can repeat (reactions, comments, posts, follows, ...).
std::optional<std::string> OncePerDayKey(const InsightEvent& e);

class InsightsBuffer final : public InsightsRepo {
 public:
  InsightsBuffer(InsightsRepo& inner, InsightsBufferOptions options = {});
  ~InsightsBuffer() override;
  InsightsBuffer(const InsightsBuffer&) = delete;
  InsightsBuffer& operator=(const InsightsBuffer&) = delete;

  // Starts the background thread, which first loads the current day's once-per-day keys from the
  // store (`today`: the UTC day now), then stores waiting events. Returns at once. Without Start,
  // events are stored by Flush, by the next read, or when `max_events` wait (by the recording
  // thread), and every possible repeat is checked in the store.
  void Start(int64_t today);
  // Stops the thread and stores what is waiting. Idempotent.
  void Stop();
  // Stores every event waiting now, in one batch. On a storage error the batch is dropped (and
  // logged): insights are counts, and holding on to a batch the store refuses would grow without bound.
  Status Flush();
  // Events recorded and not yet stored.
  size_t waiting() const;
  // Whether repeats of the current day are answered from memory (false until Start has loaded the
  // day, and after `max_remembered`).
  bool remembers_today() const;

  Result<bool> Record(const InsightEvent& e) override;
  Result<std::vector<bool>> RecordBatch(const std::vector<InsightEvent>& events) override;
  Result<bool> AlreadyCounted(const InsightEvent& e) override;
  Result<std::vector<InsightEvent>> OncePerDayEvents(int64_t day, size_t limit) override;
  Result<PostMetrics> ForPost(PostId post) override;
  Result<std::vector<MetricCount>> CommunityDay(CommunityId community, int64_t day) override;
  Result<std::vector<ActivityRow>> Activity(CommunityId community, TimeMs since) override;
  Result<std::vector<HourCount>> ActivityHours(CommunityId community, TimeMs since) override;
  Result<std::vector<HashtagCount>> TopHashtags(CommunityId community, TimeMs since, int limit) override;
  Result<std::vector<PostEngagementRow>> PostEngagement(const PostEngagementFilter& filter) override;
  Result<int64_t> ActivePeople(CommunityId community, TimeMs since) override;
  Result<std::vector<ContributorCount>> Contributors(CommunityId community, TimeMs since, int limit) override;
  Result<std::vector<CohortCount>> Retention(CommunityId community, int64_t from_day) override;
  Result<std::vector<MetricCount>> FollowsByDay(AccountId account, int64_t from_day) override;
  Result<std::vector<ActivityRow>> AudienceOf(AccountId author, TimeMs since) override;
  Result<RollupStats> Rollup(TimeMs now, int retention_days) override;

 private:
  void Run();
  void CatchUp();  // Flush, ignoring (already logged) failure
  void Load(int64_t today);  // today's once-per-day keys from the store (the thread, at Start)
  uint64_t Hash(const std::string& key) const;
  // Moves the memory on to `day` if it is later than `day_` (caller holds mu_). Nothing of a new
  // day can be stored yet (Record stamps events with the current time), so it starts complete.
  void MoveTo(int64_t day);
  // Adds a hash of day_ (caller holds mu_): false if it was already there. Past `max_remembered`
  // it stops remembering, marks the memory incomplete and answers true.
  bool Remember(uint64_t hash);

  InsightsRepo& inner_;
  const InsightsBufferOptions options_;

  mutable std::mutex mu_;                   // guards the fields below
  std::condition_variable wake_;
  std::vector<InsightEvent> waiting_;
  // Hashes (keyed with `seed_`) of the once-per-day events of UTC day `day_`, waiting or stored.
  // `complete_`: every such event of `day_` in the store is in here, so a hash that is not here
  // is not a repeat. False until Start has loaded the day, and after `max_remembered`.
  std::unordered_set<uint64_t> today_;
  int64_t day_ = -1;
  bool complete_ = false;
  bool stopping_ = false;
  const std::string seed_;

  std::mutex flush_mu_;  // one batch at a time, in order
  std::thread thread_;   // started and joined only by Start and Stop
  std::atomic<bool> threaded_{false};  // the thread runs: Record wakes it instead of storing itself
};

}  // namespace kring::app
