// Use cases for insights: privacy-first analytics for community owners, moderators and authors.
//
// Capture: Handle() turns domain events (posts, comments, reactions, follows, joins, leaves) into
// insight events; RecordView() counts a post being shown, once per viewer per post per UTC day.
// Anonymous viewers are a hash of IP + User-Agent under a random salt that lives in this process's
// memory for one UTC day only (never stored); no cookie, no stored IP. Raw events are kept for
// retention_days, then only daily aggregates remain (Rollup()).
//
// Queries answer with counts only, never who; any figure resting on fewer than core::kMinPeople
// distinct people comes back masked (core::Masked::Show() false) and adapters print "< 5".
//
// Thread safety: Handle() runs on the event worker while requests call the rest; all methods are
// safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/ports/insights_repo.h"
#include "core/insights.h"
#include "core/insights_stats.h"

namespace kring::app {

struct InsightsConfig {
  int retention_days = 30;  // raw events; at least 8 (weekly actives need 7 days of raw events)
  int max_heatmap_weeks = 4;
  core::HeatmapPolicy heatmap;
};

struct PostInsights {
  PostId post;
  core::Masked views;           // one per viewer per day
  core::Masked unique_viewers;  // distinct viewers (anonymous ones per day)
  core::Masked comments;
  core::Masked interactions;    // reactions + comments
  core::Masked shares;          // link copies and shares, once per person per day
  core::Masked link_clicks;     // outbound links followed, once per person per link per day
  std::map<std::string, core::Masked> reactions;  // by kind
  std::optional<double> engagement_rate;          // interactions / unique viewers, when showable
  bool approximate = false;
};

struct CommunityDayRow {
  int64_t day = 0;  // UTC day number
  core::Masked joined, left, posts, comments, reactions, views, active, active7, shares, link_clicks;
  // joined - left, shown only when both are.
  std::optional<int64_t> net_growth() const {
    if (!joined.Show() && joined.value > 0) return std::nullopt;
    if (!left.Show() && left.value > 0) return std::nullopt;
    return joined.value - left.value;
  }
};

struct Contributor {
  std::string handle, display_name;
  int64_t posts = 0, comments = 0;
};

// One weekly cohort of new members. A cell is shown only when it rests on at least 5 people and
// also leaves at least 5 (or none) out, so no single member's coming back or not can be read off.
struct Cohort {
  int64_t week_start = 0;  // UTC day number of the Monday
  core::Masked joined;
  std::vector<core::Masked> active;  // [weeks since joining]; people = value (distinct people)
  std::vector<bool> shown;           // per cell, after the complement rule
};

struct HashtagInsight {
  std::string tag;
  core::Masked posts;  // people = distinct authors
};

struct CommunityInsights {
  CommunityId community;
  std::string slug;
  int64_t member_count = 0;
  std::vector<CommunityDayRow> days;  // oldest first, today last
  std::vector<HashtagInsight> hashtags;
  core::Masked monthly_active;            // distinct signed-in people active in the last 30 days
  std::vector<Contributor> contributors;  // opted-in members only
  std::vector<Cohort> retention;          // weekly cohorts of the last `days` days (raw events: <= 30)
};

struct BestTimes {
  CommunityId community;
  std::string slug;
  std::string time_zone;
  int weeks = 0;
  TimeMs from = 0, to = 0;
  core::HeatmapPolicy policy;
  core::Heatmap heatmap;
};

// A creator's own insights: follower growth, their posts, and when their audience is active.
struct CreatorPost {
  PostId post;
  std::string title;
  std::optional<CommunityId> community;
  PostInsights insights;
};

struct CreatorInsights {
  AccountId account;
  std::string time_zone;
  int days = 0;
  int64_t followers = 0;  // now
  struct Day {
    int64_t day = 0;  // UTC
    core::Masked new_followers, lost_followers, profile_visits;
  };
  std::vector<Day> daily;  // oldest first
  std::vector<CreatorPost> top_posts;  // most interactions first (ties: most viewers)
  BestTimes audience;                  // heatmap of the audience's actions on their posts
};

// One row of decision support: a hashtag or a kind of content against the posts without it.
struct DecisionItem {
  std::string key;    // tag fold key, or the content type
  std::string label;  // "#Omega" as first written, or the content type
  core::Masked authors;  // distinct authors of the group's posts
  core::Comparison comparison;
};

struct DecisionReport {
  std::string what;                      // "hashtags" or "content_types"
  std::optional<std::string> community;  // slug; nullopt: the caller's own posts
  int days = 0;
  int64_t min_viewers = 0;  // posts seen by fewer people are left out
  core::ComparePolicy policy;
  int64_t posts_considered = 0;
  double average_engagement = 0;
  std::vector<DecisionItem> items;
};

// The kinds of content decision support knows, in display order.
inline constexpr const char* kContentTypes[] = {"text", "photo", "video", "link", "question"};

class InsightsService {
 public:
  explicit InsightsService(AppDeps& deps) : d_(deps) {}

  // REQUIRES: called during start-up, before events flow.
  void Configure(InsightsConfig config) { config_ = config; }
  const InsightsConfig& config() const { return config_; }

  // The event subscriber. Failures are logged, never thrown.
  void Handle(const core::DomainEvent& event);

  // Counts post `id` as shown to the caller. Returns whether it counted (false: already counted
  // today for this viewer). not_found when the post does not exist or the caller may not read it.
  Result<bool> RecordView(const std::optional<AuthContext>& auth, PostId id, std::string_view client_ip,
                          std::string_view user_agent);

  // Counts a share (the caller copied or shared the post's link), once per person per post per day.
  // not_found as RecordView. Returns whether it counted.
  Result<bool> RecordShare(const std::optional<AuthContext>& auth, PostId id, std::string_view client_ip,
                           std::string_view user_agent);
  // An outbound link click: returns `url` when it appears in the post (its link, or a link in its
  // text) and counts the click once per person per link per day; never redirects anywhere else
  // (link_not_in_post, not_found as RecordView).
  Result<std::string> FollowLink(const std::optional<AuthContext>& auth, PostId id, const std::string& url,
                                 std::string_view client_ip, std::string_view user_agent);
  // Counts a visit of `account`'s profile, once per visitor per day; a person's own visits do not count.
  Result<bool> RecordProfileVisit(const std::optional<AuthContext>& auth, AccountId account,
                                  std::string_view client_ip, std::string_view user_agent);

  // For the post's author or the community's moderators and owner.
  Result<PostInsights> ForPost(const AuthContext& auth, PostId id);
  // For the community's moderators and owner; the last `days` UTC days (1-90), today included.
  Result<CommunityInsights> ForCommunity(const AuthContext& auth, const std::string& slug, int days);
  // Weekday × hour heatmap over the last `weeks` weeks in `time_zone` (default: the community's).
  Result<BestTimes> WhenToPost(const AuthContext& auth, const std::string& slug, int weeks,
                               std::optional<std::string> time_zone);

  // The caller's own insights over the last `days` days (1-28: raw events are kept 30 days), the
  // heatmap in the caller's time zone.
  Result<CreatorInsights> ForCreator(const AuthContext& auth, int days);

  // Which hashtags go with more engagement: posts with each tag against posts without it, over the
  // posts published in the last `days` days (7-365). `slug` set: the community's posts (its
  // moderators and owner only; tags used by fewer than 5 people are left out); nullopt: the caller's
  // own posts, against their other posts.
  Result<DecisionReport> Hashtags(const AuthContext& auth, const std::optional<std::string>& slug, int days);
  // The same for kinds of content (kContentTypes): each kind against the other posts.
  Result<DecisionReport> ContentTypes(const AuthContext& auth, const std::optional<std::string>& slug, int days);

  // Aggregates finished days and deletes raw events past retention (see InsightsRepo::Rollup).
  Result<RollupStats> Rollup();

 private:
  InsightsRepo* repo() const { return d_.insights; }
  Result<PostInsights> Measure(PostId id);
  Result<core::Post> ReadablePost(const std::optional<AuthContext>& auth, PostId id);
  Result<bool> RecordAudience(const std::optional<AuthContext>& auth, InsightEvent e, std::string_view client_ip,
                              std::string_view user_agent);
  std::vector<core::ActivitySample> Localize(const std::vector<ActivityRow>& rows, const std::string& zone);
  Result<DecisionReport> Decisions(const AuthContext& auth, const std::optional<std::string>& slug, int days,
                                   bool hashtags);
  Result<core::Community> LoadForModerator(const AuthContext& auth, const std::string& slug);
  Result<std::optional<CommunityId>> CommunityOfPost(PostId post);
  void Store(InsightEvent e);
  std::string VisitorKey(std::string_view ip, std::string_view user_agent, TimeMs now);

  AppDeps& d_;
  InsightsConfig config_;
  std::mutex salt_mu_;
  int64_t salt_day_ = -1;  // GUARDED_BY(salt_mu_)
  std::string salt_;       // GUARDED_BY(salt_mu_)
};

}  // namespace kring::app
