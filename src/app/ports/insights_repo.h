// Storage for insights: raw events (kept for a short retention period), daily aggregates, and the
// aggregate queries the insights use cases need. Every query answers with counts and the number of
// distinct people behind them; none returns who.
//
// Thread safety: safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <utility>
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
  std::string kind;  // view, reaction, comment, post, follow, unfollow, join, leave, share, click, profile_visit
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

// One rolled-up UTC hour of a community's audience actions.
struct HourCount {
  TimeMs start = 0;  // the hour's first millisecond (UTC)
  int64_t events = 0;
  int64_t people = 0;  // distinct people within that hour
};

struct HashtagCount {
  std::string tag;       // as first written
  int64_t posts = 0;
  int64_t authors = 0;   // distinct people who used it
};

// One post's running totals with what it is (for "which hashtags / kinds of content work").
struct PostEngagementRow {
  PostId post;
  std::optional<AccountId> author;
  std::optional<CommunityId> community;
  // "text", "photo", "video", "link" or "question" (video and photo by the post's media).
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> tags;  // (fold key, as first written)
  int64_t viewers = 0;       // unique viewers (see migration 0009)
  int64_t interactions = 0;  // reactions + comments
};

// Which posts: those of a community, or of an author, published since `since`.
struct PostEngagementFilter {
  std::optional<CommunityId> community;
  std::optional<AccountId> author;
  TimeMs since = 0;
  int64_t min_viewers = 0;  // posts seen by fewer people are left out
  int limit = 5000;          // newest first
};

// A community's top contributors among the members who agreed to be shown (show_in_insights).
struct ContributorCount {
  std::string handle;
  std::string display_name;
  int64_t posts = 0;
  int64_t comments = 0;
};

// Weekly cohorts of new members: `week` 0 is the week they joined (weeks start on Monday, UTC;
// joining counts as being active); week -1 carries the cohort's size. `people`: distinct members
// of the cohort active that week.
struct CohortCount {
  int64_t cohort_day = 0;  // the Monday starting the cohort's week (UTC day number)
  int64_t week = 0;
  int64_t people = 0;
};

struct RollupStats {
  int64_t days_rolled_up = 0;
  int64_t events_purged = 0;
};

class InsightsRepo {
 public:
  virtual ~InsightsRepo() = default;
  // Stores an event. False (and nothing stored) when it repeats a once-per-day event already counted
  // (a view, share or link click of the same post, or a visit of the same profile, by the same
  // person on the same UTC day), or when the person it names no longer exists (erased meanwhile).
  virtual Result<bool> Record(const InsightEvent& e) {
    KRING_ASSIGN_OR_RETURN(auto stored, RecordBatch({e}));
    return static_cast<bool>(stored.front());
  }
  // Stores events in order, all in one transaction (all or none); result[i] is Record's answer for
  // events[i]. Batching is what makes ingest fast: the per-post totals and active-member rows are
  // updated once per post and person in the batch instead of once per event.
  virtual Result<std::vector<bool>> RecordBatch(const std::vector<InsightEvent>& events) = 0;
  // Whether a once-per-day event equal to `e` (see Record) is already stored. False for the other
  // kinds, which are never repeats.
  virtual Result<bool> AlreadyCounted(const InsightEvent& e) = 0;
  // The once-per-day events (views, shares, link clicks, profile visits) stored for UTC `day`, at
  // most `limit` of them (any `limit` + 1 tells the caller there are more).
  virtual Result<std::vector<InsightEvent>> OncePerDayEvents(int64_t day, size_t limit) = 0;
  // Views, reactions (by kind) and comments of a post, from raw events plus purged days' aggregates.
  virtual Result<PostMetrics> ForPost(PostId post) = 0;
  // One UTC day of a community. Rolled-up days come from the aggregates; the others (today) are
  // computed from raw events.
  virtual Result<std::vector<MetricCount>> CommunityDay(CommunityId community, int64_t day) = 0;
  // Audience actions (views, reactions, comments, posts) in a community since `since`, on days not
  // yet rolled up (ActivityHours has the others).
  virtual Result<std::vector<ActivityRow>> Activity(CommunityId community, TimeMs since) = 0;
  // Rolled-up days' audience actions per whole UTC hour from `since` (rounded up to the hour).
  virtual Result<std::vector<HourCount>> ActivityHours(CommunityId community, TimeMs since) = 0;
  // Hashtags of posts published in the community since `since`, most used first.
  virtual Result<std::vector<HashtagCount>> TopHashtags(CommunityId community, TimeMs since, int limit) = 0;
  // Posts matching `filter` with their running totals, newest first.
  virtual Result<std::vector<PostEngagementRow>> PostEngagement(const PostEngagementFilter& filter) = 0;
  // Distinct signed-in people active in the community on the UTC days from `since`'s day on
  // (monthly active members).
  virtual Result<int64_t> ActivePeople(CommunityId community, TimeMs since) = 0;
  // Most posts + comments since `since` by members who opted in to be shown; nobody else.
  virtual Result<std::vector<ContributorCount>> Contributors(CommunityId community, TimeMs since, int limit) = 0;
  // Weekly cohorts of members who joined since `from_day` and how many were active in later weeks.
  virtual Result<std::vector<CohortCount>> Retention(CommunityId community, int64_t from_day) = 0;
  // New followers, unfollows and profile visits of `account` per UTC day since `from_day` (raw
  // events: at most the retention). metric = "follow", "unfollow" or "profile_visit", detail = the
  // day as a decimal string.
  virtual Result<std::vector<MetricCount>> FollowsByDay(AccountId account, int64_t from_day) = 0;
  // Audience actions (views, reactions, comments) on the author's posts since `since`.
  virtual Result<std::vector<ActivityRow>> AudienceOf(AccountId author, TimeMs since) = 0;
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
