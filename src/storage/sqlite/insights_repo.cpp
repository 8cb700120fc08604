// SQLite implementation of InsightsRepo. Counts of people are always COUNT(DISTINCT …) over the
// signed-in account or the anonymous day-hash; nothing returns an identity.
#include "storage/sqlite/insights_repo.h"

#include "core/insights.h"

namespace kring::storage::sqlite {

namespace {

// The live figures of one community day, from raw events (?1 community, ?2 day).
constexpr const char* kCommunityDayLive =
    "SELECT kind, CASE WHEN kind = 'reaction' THEN detail ELSE '' END AS d, COUNT(*), "
    "COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events WHERE community_id = ?1 AND day = ?2 "
    "GROUP BY kind, d "
    "UNION ALL SELECT 'active', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) FROM insight_events "
    "WHERE community_id = ?1 AND day = ?2 AND actor_id IS NOT NULL AND kind <> 'leave' "
    "UNION ALL SELECT 'active7', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) FROM insight_events "
    "WHERE community_id = ?1 AND day BETWEEN ?2 - 6 AND ?2 AND actor_id IS NOT NULL AND kind <> 'leave'";

// The same for every community at once, stored (?1 day).
constexpr const char* kRollupSteps[] = {
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, kind, CASE WHEN kind = 'reaction' THEN detail ELSE '' END AS d, COUNT(*), "
    "COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events WHERE day = ?1 AND community_id IS NOT NULL "
    "GROUP BY community_id, kind, d",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, 'active', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) "
    "FROM insight_events WHERE day = ?1 AND community_id IS NOT NULL AND actor_id IS NOT NULL AND kind <> 'leave' "
    "GROUP BY community_id",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, 'active7', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) "
    "FROM insight_events WHERE day BETWEEN ?1 - 6 AND ?1 AND community_id IS NOT NULL AND actor_id IS NOT NULL "
    "AND kind <> 'leave' AND community_id IN (SELECT DISTINCT community_id FROM insight_events WHERE day = ?1) "
    "GROUP BY community_id",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'p', post_id, ?1, kind, detail, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) "
    "FROM insight_events WHERE day = ?1 AND post_id IS NOT NULL AND kind IN ('view', 'reaction', 'comment') "
    "GROUP BY post_id, kind, detail",
};

Status ReadMetrics(Statement& s, std::vector<app::MetricCount>& out) {
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Ok();
    out.push_back(app::MetricCount{s.Text(0), s.Text(1), s.Int(2), s.Int(3)});
  }
}

}  // namespace

Result<bool> SqliteInsightsRepo::Record(const app::InsightEvent& e) {
  bool stored = false;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT OR IGNORE INTO insight_events (at, day, kind, community_id, post_id, actor_id, visitor, "
        "target_account_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    s->Bind(1, e.at).Bind(2, core::DayOf(e.at)).Bind(3, e.kind);
    if (e.community) s->Bind(4, e.community->value()); else s->BindNull(4);
    if (e.post) s->Bind(5, e.post->value()); else s->BindNull(5);
    if (e.actor) s->Bind(6, e.actor->value()); else s->BindNull(6);
    if (!e.visitor.empty()) s->Bind(7, e.visitor); else s->BindNull(7);
    if (e.target_account) s->Bind(8, e.target_account->value()); else s->BindNull(8);
    s->Bind(9, e.detail);
    KRING_TRY(s->Run());
    stored = s->Changes() > 0;
    return Status::Ok();
  }));
  return stored;
}

Result<app::PostMetrics> SqliteInsightsRepo::ForPost(PostId post) {
  app::PostMetrics out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT kind, detail, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
        "WHERE post_id = ?1 AND kind IN ('view', 'reaction', 'comment') GROUP BY kind, detail"));
    s->Bind(1, post.value());
    KRING_TRY(ReadMetrics(*s, out.metrics));
    KRING_ASSIGN_OR_RETURN(auto old, c.Prepare(
        "SELECT metric, detail, SUM(count), SUM(people) FROM insight_daily WHERE scope = 'p' AND scope_id = ?1 "
        "AND day IN (SELECT day FROM insight_rollups WHERE purged = 1) GROUP BY metric, detail"));
    old->Bind(1, post.value());
    std::vector<app::MetricCount> purged;
    KRING_TRY(ReadMetrics(*old, purged));
    for (const auto& p : purged) {
      out.approximate = true;
      bool merged = false;
      for (auto& m : out.metrics) {
        if (m.metric == p.metric && m.detail == p.detail) {
          m.count += p.count;
          m.people += p.people;
          merged = true;
        }
      }
      if (!merged) out.metrics.push_back(p);
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::MetricCount>> SqliteInsightsRepo::CommunityDay(CommunityId community, int64_t day) {
  std::vector<app::MetricCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto p, c.Prepare("SELECT purged FROM insight_rollups WHERE day = ?1"));
    p->Bind(1, day);
    KRING_ASSIGN_OR_RETURN(bool row, p->Step());
    const bool purged = row && p->Int(0) != 0;
    if (purged) {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "SELECT metric, detail, count, people FROM insight_daily WHERE scope = 'c' AND scope_id = ?1 AND day = ?2"));
      s->Bind(1, community.value()).Bind(2, day);
      return ReadMetrics(*s, out);
    }
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(kCommunityDayLive));
    s->Bind(1, community.value()).Bind(2, day);
    return ReadMetrics(*s, out);
  }));
  return out;
}

Result<std::vector<app::ActivityRow>> SqliteInsightsRepo::Activity(CommunityId community, TimeMs since) {
  std::vector<app::ActivityRow> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT at, actor_id, COALESCE(visitor, '') FROM insight_events WHERE community_id = ?1 AND day >= ?2 "
        "AND at >= ?3 AND kind IN ('view', 'reaction', 'comment', 'post')"));
    s->Bind(1, community.value()).Bind(2, core::DayOf(since)).Bind(3, since);
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      app::ActivityRow r;
      r.at = s->Int(0);
      if (!s->IsNull(1)) r.actor = AccountId(s->Int(1));
      r.visitor = s->Text(2);
      out.push_back(std::move(r));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::HashtagCount>> SqliteInsightsRepo::TopHashtags(CommunityId community, TimeMs since, int limit) {
  std::vector<app::HashtagCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT MIN(h.tag_display), COUNT(*), COUNT(DISTINCT p.author_id) FROM post_hashtags h "
        "JOIN posts p ON p.id = h.post_id WHERE p.community_id = ?1 AND p.created_at >= ?2 AND p.deleted = 0 "
        "AND p.removed = 0 GROUP BY h.tag_key ORDER BY COUNT(*) DESC, h.tag_key LIMIT ?3"));
    s->Bind(1, community.value()).Bind(2, since).Bind(3, static_cast<int64_t>(limit));
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::HashtagCount{s->Text(0), s->Int(1), s->Int(2)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<app::RollupStats> SqliteInsightsRepo::Rollup(TimeMs now, int retention_days) {
  app::RollupStats stats;
  const int64_t today = core::DayOf(now);
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    std::vector<int64_t> days;
    {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "SELECT DISTINCT day FROM insight_events WHERE day < ?1 AND day NOT IN (SELECT day FROM insight_rollups) "
          "ORDER BY day"));
      s->Bind(1, today);
      while (true) {
        KRING_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        days.push_back(s->Int(0));
      }
    }
    for (int64_t day : days) {
      for (const char* sql : kRollupSteps) {
        KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
        s->Bind(1, day);
        KRING_TRY(s->Run());
      }
      KRING_ASSIGN_OR_RETURN(auto mark, c.Prepare("INSERT INTO insight_rollups (day, rolled_at) VALUES (?1, ?2)"));
      mark->Bind(1, day).Bind(2, now);
      KRING_TRY(mark->Run());
      stats.days_rolled_up++;
    }
    const int64_t cut = today - retention_days;
    KRING_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM insight_events WHERE day < ?1"));
    del->Bind(1, cut);
    KRING_TRY(del->Run());
    stats.events_purged = del->Changes();
    KRING_ASSIGN_OR_RETURN(auto mark, c.Prepare("UPDATE insight_rollups SET purged = 1 WHERE day < ?1 AND purged = 0"));
    mark->Bind(1, cut);
    return mark->Run();
  }));
  return stats;
}

}  // namespace kring::storage::sqlite
