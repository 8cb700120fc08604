// SqliteInsightsRepo: InsightsRepo on the shared SQLite database (tables from migrations 0006, 0009
// and 0010).
//
// Thread safety: safe from any thread (see database.h).
#pragma once

#include "app/ports/insights_repo.h"
#include "storage/sqlite/database.h"

namespace kring::storage::sqlite {

class SqliteInsightsRepo final : public app::InsightsRepo {
 public:
  explicit SqliteInsightsRepo(Database& db) : db_(db) {}
  Result<std::vector<bool>> RecordBatch(const std::vector<app::InsightEvent>& events) override;
  Result<bool> AlreadyCounted(const app::InsightEvent& e) override;
  Result<std::vector<app::InsightEvent>> OncePerDayEvents(int64_t day, size_t limit) override;
  Result<app::PostMetrics> ForPost(PostId post) override;
  Result<std::vector<app::MetricCount>> CommunityDay(CommunityId community, int64_t day) override;
  Result<std::vector<app::ActivityRow>> Activity(CommunityId community, TimeMs since) override;
  Result<std::vector<app::HourCount>> ActivityHours(CommunityId community, TimeMs since) override;
  Result<std::vector<app::HashtagCount>> TopHashtags(CommunityId community, TimeMs since, int limit) override;
  Result<std::vector<app::PostEngagementRow>> PostEngagement(const app::PostEngagementFilter& filter) override;
  Result<int64_t> ActivePeople(CommunityId community, TimeMs since) override;
  Result<std::vector<app::ContributorCount>> Contributors(CommunityId community, TimeMs since, int limit) override;
  Result<std::vector<app::CohortCount>> Retention(CommunityId community, int64_t from_day) override;
  Result<std::vector<app::MetricCount>> FollowsByDay(AccountId account, int64_t from_day) override;
  Result<std::vector<app::ActivityRow>> AudienceOf(AccountId author, TimeMs since) override;
  Result<app::RollupStats> Rollup(TimeMs now, int retention_days) override;

 private:
  Database& db_;
};

}  // namespace kring::storage::sqlite
