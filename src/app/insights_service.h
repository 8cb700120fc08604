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
  std::map<std::string, core::Masked> reactions;  // by kind
  std::optional<double> engagement_rate;          // interactions / unique viewers, when showable
  bool approximate = false;
};

struct CommunityDayRow {
  int64_t day = 0;  // UTC day number
  core::Masked joined, left, posts, comments, reactions, views, active, active7;
  // joined - left, shown only when both are.
  std::optional<int64_t> net_growth() const {
    if (!joined.Show() && joined.value > 0) return std::nullopt;
    if (!left.Show() && left.value > 0) return std::nullopt;
    return joined.value - left.value;
  }
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

  // For the post's author or the community's moderators and owner.
  Result<PostInsights> ForPost(const AuthContext& auth, PostId id);
  // For the community's moderators and owner; the last `days` UTC days (1-90), today included.
  Result<CommunityInsights> ForCommunity(const AuthContext& auth, const std::string& slug, int days);
  // Weekday × hour heatmap over the last `weeks` weeks in `time_zone` (default: the caller's).
  Result<BestTimes> WhenToPost(const AuthContext& auth, const std::string& slug, int weeks,
                               std::optional<std::string> time_zone);

  // Aggregates finished days and deletes raw events past retention (see InsightsRepo::Rollup).
  Result<RollupStats> Rollup();

 private:
  InsightsRepo* repo() const { return d_.insights; }
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
