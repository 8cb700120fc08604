// Storage for insights: raw events (kept for a short retention period), daily aggregates, and the
// aggregate queries the insights use cases need. Every query answers with counts and the number of
// distinct people behind them; none returns who.
//
// Thread safety: safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace kring::app {

struct InsightEvent {
  TimeMs at = 0;
  std::string kind;  // view, reaction, comment, post, follow, join, leave
  std::optional<CommunityId> community;
  std::optional<PostId> post;
  std::optional<AccountId> actor;        // signed-in person
  std::string visitor;                   // anonymous viewer: the day's salted hash, else empty
  std::optional<AccountId> target_account;  // follow: who was followed
  std::string detail;                    // reaction kind
};

// A count and the distinct people behind it. metric is an event kind, or for communities also
// "active" (distinct signed-in people that day) and "active7" (over the 7 days ending that day).
struct MetricCount {
  std::string metric;
  std::string detail;
  int64_t count = 0;
  int64_t people = 0;
};

struct PostMetrics {
  std::vector<MetricCount> metrics;
  // True when days whose raw events were already purged contributed: their distinct people are
  // counted per day, so a person seen on two such days counts twice.
  bool approximate = false;
};

// One audience action, for the heatmap. Exactly one of actor / visitor is set.
struct ActivityRow {
  TimeMs at = 0;
  std::optional<AccountId> actor;
  std::string visitor;
};

struct HashtagCount {
  std::string tag;       // as first written
  int64_t posts = 0;
  int64_t authors = 0;   // distinct people who used it
};

struct RollupStats {
  int64_t days_rolled_up = 0;
  int64_t events_purged = 0;
};

class InsightsRepo {
 public:
  virtual ~InsightsRepo() = default;
  // Stores an event. For views: false (and nothing stored) when this viewer's view of the post was
  // already counted on that UTC day.
  virtual Result<bool> Record(const InsightEvent& e) = 0;
  // Views, reactions (by kind) and comments of a post, from raw events plus purged days' aggregates.
  virtual Result<PostMetrics> ForPost(PostId post) = 0;
  // One UTC day of a community. Days whose raw events were purged come from the aggregates; others
  // are computed from raw events.
  virtual Result<std::vector<MetricCount>> CommunityDay(CommunityId community, int64_t day) = 0;
  // Audience actions (views, reactions, comments, posts) in a community since `since`.
  virtual Result<std::vector<ActivityRow>> Activity(CommunityId community, TimeMs since) = 0;
  // Hashtags of posts published in the community since `since`, most used first.
  virtual Result<std::vector<HashtagCount>> TopHashtags(CommunityId community, TimeMs since, int limit) = 0;
  // Aggregates every complete UTC day (before `now`'s day) not yet aggregated, then deletes raw
  // events older than `retention_days` days. Idempotent; one transaction.
  virtual Result<RollupStats> Rollup(TimeMs now, int retention_days) = 0;
};

}  // namespace kring::app

namespace kring::app {

// The offset of IANA time zone `zone` from UTC at instant `at`, in ms (local = at + offset);
// nullopt for an unknown zone. Implemented by main on the system tz database.
using TimeZoneOffset = std::function<std::optional<TimeMs>(std::string_view zone, TimeMs at)>;

}  // namespace kring::app
