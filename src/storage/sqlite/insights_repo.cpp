// SQLite implementation of InsightsRepo. Counts of people are always COUNT(DISTINCT …) over the
// signed-in account or the anonymous day-hash; nothing returns an identity.
#include "storage/sqlite/insights_repo.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/insights.h"

namespace kring::storage::sqlite {

namespace {

// The live figures of one community day, from raw events (?1 community, ?2 day).
constexpr const char* kCommunityDayLive =
    // Grouped in the order of insight_events_community, which covers the query. Only reactions
    // (their kind) and link clicks (the link) have a detail; a community's clicks are one figure.
    "SELECT kind, detail, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
    "WHERE community_id = ?1 AND day = ?2 AND kind <> 'click' GROUP BY kind, detail "
    "UNION ALL SELECT 'click', '', COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
    "WHERE community_id = ?1 AND day = ?2 AND kind = 'click' HAVING COUNT(*) > 0 "
    "UNION ALL SELECT 'active', '', COUNT(*), COUNT(*) FROM insight_active WHERE community_id = ?1 AND day = ?2 "
    "UNION ALL SELECT 'active7', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) FROM insight_active "
    "WHERE community_id = ?1 AND day BETWEEN ?2 - 6 AND ?2";

// The same for every community at once, stored (?1 day).
constexpr const char* kRollupSteps[] = {
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, kind, CASE WHEN kind = 'reaction' THEN detail ELSE '' END AS d, COUNT(*), "
    "COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events WHERE day = ?1 AND community_id IS NOT NULL "
    "GROUP BY community_id, kind, d",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, 'active', '', COUNT(*), COUNT(*) FROM insight_active WHERE day = ?1 "
    "GROUP BY community_id",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'c', community_id, ?1, 'active7', '', COUNT(DISTINCT actor_id), COUNT(DISTINCT actor_id) "
    "FROM insight_active WHERE day BETWEEN ?1 - 6 AND ?1 "
    "AND community_id IN (SELECT DISTINCT community_id FROM insight_events WHERE day = ?1) "
    "GROUP BY community_id",
    "INSERT OR REPLACE INTO insight_hourly (community_id, hour, events, people) "
    "SELECT community_id, at / 3600000, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
    "WHERE day = ?1 AND community_id IS NOT NULL AND kind IN ('view', 'reaction', 'comment', 'post') "
    "GROUP BY community_id, at / 3600000",
    "INSERT OR REPLACE INTO insight_daily (scope, scope_id, day, metric, detail, count, people) "
    "SELECT 'p', post_id, ?1, kind, detail, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) "
    "FROM insight_events WHERE day = ?1 AND post_id IS NOT NULL AND kind IN ('view', 'reaction', 'comment', 'share', 'click') "
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

namespace {
// Rows of (at, actor_id, visitor) into activity rows: the shape every audience-activity query reads.
Status ReadActivityRows(Statement& s, std::vector<app::ActivityRow>& out) {
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Ok();
    app::ActivityRow r;
    r.at = s.Int(0);
    if (!s.IsNull(1)) r.actor = AccountId(s.Int(1));
    r.visitor = s.Text(2);
    out.push_back(std::move(r));
  }
}
}  // namespace

namespace {

// What one batch adds to a post's running totals (insight_post_stats).
struct PostDelta {
  int64_t views = 0, viewers = 0, reactions = 0, comments = 0;
};

struct ActiveKey {
  int64_t community, day, actor;
  bool operator==(const ActiveKey&) const = default;
};
struct ActiveKeyHash {
  size_t operator()(const ActiveKey& k) const {
    // Unsigned arithmetic: ids are snowflakes near 2^60, a signed product would overflow.
    uint64_t h = static_cast<uint64_t>(k.community) * 0x9E3779B97F4A7C15ull;
    h ^= static_cast<uint64_t>(k.day) + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= static_cast<uint64_t>(k.actor) + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// The person behind an event as the unique indexes see it: COALESCE(actor_id, visitor).
void BindPerson(Statement& s, int index, const app::InsightEvent& e) {
  if (e.actor) s.Bind(index, e.actor->value());
  else s.Bind(index, e.visitor);
}

}  // namespace

Result<std::vector<bool>> SqliteInsightsRepo::RecordBatch(const std::vector<app::InsightEvent>& events) {
  std::vector<bool> stored(events.size(), false);
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    // An account erased while its event waited in a buffer has no row any more: its event is not
    // stored, so nothing about it comes back after the erasure. Checked once per account.
    std::unordered_set<int64_t> gone;
    {
      std::unordered_set<int64_t> named;
      for (const auto& e : events) {
        if (e.actor) named.insert(e.actor->value());
        if (e.target_account) named.insert(e.target_account->value());
      }
      KRING_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT 1 FROM accounts WHERE id = ?1"));
      for (int64_t id : named) {
        exists->Bind(1, id);
        KRING_ASSIGN_OR_RETURN(bool found, exists->Step());
        exists->Reset();
        if (!found) gone.insert(id);
      }
    }
    auto names_gone = [&](const app::InsightEvent& e) {
      return (e.actor && gone.count(e.actor->value())) || (e.target_account && gone.count(e.target_account->value()));
    };
    // The unique partial indexes (views, shares, clicks, profile visits once per person per day)
    // turn a repeat into "ignored".
    KRING_ASSIGN_OR_RETURN(auto insert, c.Prepare(
        "INSERT OR IGNORE INTO insight_events (at, day, kind, community_id, post_id, actor_id, visitor, "
        "target_account_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    // A signed-in viewer counts once per post ever (while their views are kept); the view just
    // stored is excluded by its id. Written with the expression of insight_views_once, which
    // answers it from its (post, person) prefix.
    KRING_ASSIGN_OR_RETURN(auto seen_before, c.Prepare(
        "SELECT EXISTS (SELECT 1 FROM insight_events WHERE post_id = ?1 AND COALESCE(actor_id, visitor) = ?2 "
        "AND kind = 'view' AND id <> ?3)"));
    std::unordered_map<int64_t, PostDelta> posts;
    std::unordered_set<ActiveKey, ActiveKeyHash> active;
    for (size_t i = 0; i < events.size(); ++i) {
      const app::InsightEvent& e = events[i];
      if (!gone.empty() && names_gone(e)) continue;
      const int64_t day = core::DayOf(e.at);
      insert->Bind(1, e.at).Bind(2, day).Bind(3, e.kind);
      if (e.community) insert->Bind(4, e.community->value()); else insert->BindNull(4);
      if (e.post) insert->Bind(5, e.post->value()); else insert->BindNull(5);
      if (e.actor) insert->Bind(6, e.actor->value()); else insert->BindNull(6);
      if (!e.visitor.empty()) insert->Bind(7, e.visitor); else insert->BindNull(7);
      if (e.target_account) insert->Bind(8, e.target_account->value()); else insert->BindNull(8);
      insert->Bind(9, e.detail);
      KRING_TRY(insert->Run());
      const bool inserted = insert->Changes() > 0;
      const int64_t id = insert->LastInsertRowid();
      insert->Reset();
      if (!inserted) continue;
      stored[i] = true;
      if (e.post && (e.kind == "view" || e.kind == "reaction" || e.kind == "comment")) {
        PostDelta& d = posts[e.post->value()];
        if (e.kind == "view") {
          d.views++;
          bool first = true;  // an anonymous visitor's hash is new every day: once per day it is
          if (e.actor) {
            seen_before->Bind(1, e.post->value()).Bind(2, e.actor->value()).Bind(3, id);
            KRING_ASSIGN_OR_RETURN(bool row, seen_before->Step());
            first = row && seen_before->Int(0) == 0;
            seen_before->Reset();
          }
          d.viewers += first ? 1 : 0;
        } else if (e.kind == "reaction") {
          d.reactions++;
        } else {
          d.comments++;
        }
      }
      if (e.community && e.actor && e.kind != "leave") active.insert({e.community->value(), day, e.actor->value()});
    }
    KRING_ASSIGN_OR_RETURN(auto totals, c.Prepare(
        "INSERT INTO insight_post_stats (post_id, views, viewers, reactions, comments) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (post_id) DO UPDATE SET views = views + excluded.views, viewers = viewers + excluded.viewers, "
        "reactions = reactions + excluded.reactions, comments = comments + excluded.comments"));
    for (const auto& [post, d] : posts) {
      totals->Bind(1, post).Bind(2, d.views).Bind(3, d.viewers).Bind(4, d.reactions).Bind(5, d.comments);
      KRING_TRY(totals->Run());
      totals->Reset();
    }
    KRING_ASSIGN_OR_RETURN(auto mark, c.Prepare(
        "INSERT OR IGNORE INTO insight_active (community_id, day, actor_id) VALUES (?1, ?2, ?3)"));
    for (const auto& k : active) {
      mark->Bind(1, k.community).Bind(2, k.day).Bind(3, k.actor);
      KRING_TRY(mark->Run());
      mark->Reset();
    }
    return Status::Ok();
  }));
  return stored;
}

Result<bool> SqliteInsightsRepo::AlreadyCounted(const app::InsightEvent& e) {
  // Each text repeats its unique index's WHERE and expression so that index answers it.
  const char* sql = nullptr;
  if (e.kind == "view" && e.post) {
    sql = "SELECT 1 FROM insight_events WHERE post_id = ?1 AND day = ?2 AND COALESCE(actor_id, visitor) = ?3 "
          "AND kind = 'view'";
  } else if ((e.kind == "share" || e.kind == "click") && e.post) {
    sql = "SELECT 1 FROM insight_events WHERE post_id = ?1 AND day = ?2 AND kind = ?4 AND detail = ?5 "
          "AND COALESCE(actor_id, visitor) = ?3 AND kind IN ('share', 'click')";
  } else if (e.kind == "profile_visit" && e.target_account) {
    sql = "SELECT 1 FROM insight_events WHERE target_account_id = ?1 AND day = ?2 "
          "AND COALESCE(actor_id, visitor) = ?3 AND kind = 'profile_visit'";
  }
  if (!sql) return false;
  bool found = false;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    s->Bind(1, e.kind == "profile_visit" ? e.target_account->value() : e.post->value()).Bind(2, core::DayOf(e.at));
    BindPerson(*s, 3, e);
    if (e.kind == "share" || e.kind == "click") s->Bind(4, e.kind).Bind(5, e.detail);
    KRING_ASSIGN_OR_RETURN(found, s->Step());
    return Status::Ok();
  }));
  return found;
}

Result<std::vector<app::InsightEvent>> SqliteInsightsRepo::OncePerDayEvents(int64_t day, size_t limit) {
  std::vector<app::InsightEvent> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT at, kind, post_id, target_account_id, actor_id, COALESCE(visitor, ''), detail FROM insight_events "
        "INDEXED BY insight_events_day WHERE day = ?1 AND kind IN ('view', 'share', 'click', 'profile_visit') LIMIT ?2"));
    s->Bind(1, day).Bind(2, static_cast<int64_t>(limit) + 1);
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) return Status::Ok();
      app::InsightEvent e;
      e.at = s->Int(0);
      e.kind = s->Text(1);
      if (!s->IsNull(2)) e.post = PostId(s->Int(2));
      if (!s->IsNull(3)) e.target_account = AccountId(s->Int(3));
      if (!s->IsNull(4)) e.actor = AccountId(s->Int(4));
      e.visitor = s->Text(5);
      e.detail = s->Text(6);
      out.push_back(std::move(e));
    }
  }));
  return out;
}

Result<app::PostMetrics> SqliteInsightsRepo::ForPost(PostId post) {
  app::PostMetrics out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        // Two halves, one per index (migration 0010): views from insight_views_once, which alone
        // answers them; the other kinds from insight_events_post.
        "SELECT 'view', '', COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
        "WHERE post_id = ?1 AND kind = 'view' HAVING COUNT(*) > 0 "
        "UNION ALL SELECT kind, detail, COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
        "WHERE post_id = ?1 AND kind <> 'view' AND kind IN ('reaction', 'comment', 'share', 'click') GROUP BY kind, detail"));
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
    // A rolled-up day's aggregates are complete (events are recorded at the time they happen, so a
    // finished day gets no new ones): read them instead of recounting raw events.
    KRING_ASSIGN_OR_RETURN(auto p, c.Prepare("SELECT 1 FROM insight_rollups WHERE day = ?1"));
    p->Bind(1, day);
    KRING_ASSIGN_OR_RETURN(bool rolled, p->Step());
    if (rolled) {
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
    // The rollup aggregates every finished day in order, so the days after the last rolled-up one
    // (normally just today) are the only ones still needed raw; starting there keeps the index
    // range short instead of filtering weeks of rows.
    KRING_ASSIGN_OR_RETURN(auto last, c.Prepare("SELECT COALESCE(MAX(day), -1) FROM insight_rollups"));
    KRING_ASSIGN_OR_RETURN(bool has_last, last->Step());
    const int64_t first_raw = std::max(core::DayOf(since), (has_last ? last->Int(0) : -1) + 1);
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT at, actor_id, COALESCE(visitor, '') FROM insight_events WHERE community_id = ?1 AND day >= ?2 "
        "AND at >= ?3 AND kind IN ('view', 'reaction', 'comment', 'post')"));
    s->Bind(1, community.value()).Bind(2, first_raw).Bind(3, since);
    return ReadActivityRows(*s, out);
  }));
  return out;
}

Result<int64_t> SqliteInsightsRepo::ActivePeople(CommunityId community, TimeMs since) {
  int64_t out = 0;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT COUNT(DISTINCT actor_id) FROM insight_active WHERE community_id = ?1 AND day >= ?2"));
    s->Bind(1, community.value()).Bind(2, core::DayOf(since));
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    out = row ? s->Int(0) : 0;
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::ContributorCount>> SqliteInsightsRepo::Contributors(CommunityId community, TimeMs since,
                                                                           int limit) {
  std::vector<app::ContributorCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    // Consent is checked in the same query that names anyone: no opt-in, no row.
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT a.handle, a.display_name, SUM(e.kind = 'post'), SUM(e.kind = 'comment') FROM insight_events e "
        "JOIN accounts a ON a.id = e.actor_id WHERE e.community_id = ?1 AND e.day >= ?2 AND e.at >= ?3 "
        "AND e.kind IN ('post', 'comment') AND a.show_in_insights = 1 AND a.status = 'active' "
        "GROUP BY e.actor_id ORDER BY COUNT(*) DESC, a.handle_key LIMIT ?4"));
    s->Bind(1, community.value()).Bind(2, core::DayOf(since)).Bind(3, since).Bind(4, static_cast<int64_t>(limit));
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::ContributorCount{s->Text(0), s->Text(1), s->Int(2), s->Int(3)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::CohortCount>> SqliteInsightsRepo::Retention(CommunityId community, int64_t from_day) {
  std::vector<app::CohortCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    // Who joined when stays inside this function: only counts per cohort and week leave it.
    std::unordered_map<int64_t, int64_t> joined;  // account -> first join day in the window
    KRING_ASSIGN_OR_RETURN(auto j, c.Prepare(
        // INDEXED BY: without statistics the planner prefers insight_events_community and reads
        // every event of the community (0.3 s at 1 M events instead of 2 ms).
        "SELECT actor_id, MIN(day) FROM insight_events INDEXED BY insight_events_joins WHERE community_id = ?1 "
        "AND kind = 'join' AND day >= ?2 "
        "AND actor_id IS NOT NULL GROUP BY actor_id"));
    j->Bind(1, community.value()).Bind(2, from_day);
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, j->Step());
      if (!row) break;
      joined.emplace(j->Int(0), j->Int(1));
    }
    // 1970-01-01 was a Thursday: (day + 3) % 7 is days since Monday.
    auto cohort_of = [](int64_t day) { return day - (day + 3) % 7; };
    std::map<std::pair<int64_t, int64_t>, std::unordered_set<int64_t>> active;  // (cohort, week) -> people
    std::map<int64_t, int64_t> sizes;
    for (const auto& [account, day] : joined) sizes[cohort_of(day)]++;
    if (!joined.empty()) {
      KRING_ASSIGN_OR_RETURN(auto a, c.Prepare(
          "SELECT actor_id, day FROM insight_active WHERE community_id = ?1 AND day >= ?2"));
      a->Bind(1, community.value()).Bind(2, from_day);
      while (true) {
        KRING_ASSIGN_OR_RETURN(bool row, a->Step());
        if (!row) break;
        auto it = joined.find(a->Int(0));
        const int64_t day = a->Int(1);
        if (it == joined.end() || day < it->second) continue;
        const int64_t cohort = cohort_of(it->second);
        active[{cohort, (day - cohort) / 7}].insert(it->first);
      }
    }
    for (const auto& [cohort, size] : sizes) {
      out.push_back(app::CohortCount{cohort, -1, size});
      for (auto it = active.lower_bound({cohort, 0}); it != active.end() && it->first.first == cohort; ++it)
        out.push_back(app::CohortCount{cohort, it->first.second, static_cast<int64_t>(it->second.size())});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::MetricCount>> SqliteInsightsRepo::FollowsByDay(AccountId account, int64_t from_day) {
  std::vector<app::MetricCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT kind, CAST(day AS TEXT), COUNT(*), COUNT(DISTINCT COALESCE(actor_id, visitor)) FROM insight_events "
        "WHERE target_account_id = ?1 AND kind IN ('follow', 'unfollow', 'profile_visit') AND day >= ?2 GROUP BY kind, day"));
    s->Bind(1, account.value()).Bind(2, from_day);
    return ReadMetrics(*s, out);
  }));
  return out;
}

Result<std::vector<app::ActivityRow>> SqliteInsightsRepo::AudienceOf(AccountId author, TimeMs since) {
  std::vector<app::ActivityRow> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    // Views and the rest in two halves, each through its own post-keyed index (see ForPost).
    static const std::string kAudience =
        "SELECT e.at, e.actor_id, COALESCE(e.visitor, '') FROM posts p JOIN insight_events e ON e.post_id = p.id "
        "WHERE p.author_id = ?1 AND e.at >= ?2 AND (e.actor_id IS NULL OR e.actor_id <> ?1) AND ";
    static const std::string kSql = kAudience + "e.kind = 'view' UNION ALL " + kAudience +
                                    "e.kind <> 'view' AND e.kind IN ('reaction', 'comment')";
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(kSql));
    s->Bind(1, author.value()).Bind(2, since);
    return ReadActivityRows(*s, out);
  }));
  return out;
}

Result<std::vector<app::HourCount>> SqliteInsightsRepo::ActivityHours(CommunityId community, TimeMs since) {
  std::vector<app::HourCount> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    // Whole hours from `since` rounded up: a partly covered first hour is left out.
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT hour, events, people FROM insight_hourly WHERE community_id = ?1 AND hour >= ?2"));
    s->Bind(1, community.value()).Bind(2, (since + kHourMs - 1) / kHourMs);
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::HourCount{s->Int(0) * kHourMs, s->Int(1), s->Int(2)});
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

Result<std::vector<app::PostEngagementRow>> SqliteInsightsRepo::PostEngagement(const app::PostEngagementFilter& f) {
  std::vector<app::PostEngagementRow> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    // Videos are media rows of type 'video' once the media table has a type column (the video
    // branch adds it); until then every media item is a photo.
    KRING_ASSIGN_OR_RETURN(auto col, c.Prepare("SELECT COUNT(*) FROM pragma_table_info('media') WHERE name = 'type'"));
    KRING_ASSIGN_OR_RETURN(bool has_row, col->Step());
    const bool typed_media = has_row && col->Int(0) > 0;
    const std::string video = typed_media
        ? "EXISTS (SELECT 1 FROM media m WHERE m.post_id = p.id AND m.type = 'video')"
        : "0";
    // Separate texts per filter so each uses its own index (posts_community or posts_author).
    const std::string where = std::string(f.community ? "p.community_id = ?1" : "p.author_id = ?1") +
        " AND p.created_at >= ?2 AND p.deleted = 0 AND p.removed = 0 AND s.viewers >= ?3";
    const std::string posts_sql =
        "SELECT p.id, p.author_id, p.community_id, CASE WHEN " + video + " THEN 'video' "
        "WHEN EXISTS (SELECT 1 FROM media m WHERE m.post_id = p.id) THEN 'photo' "
        "WHEN p.kind = 'link' OR p.url <> '' THEN 'link' WHEN p.kind = 'question' THEN 'question' ELSE 'text' END, "
        "s.viewers, s.reactions + s.comments FROM posts p JOIN insight_post_stats s ON s.post_id = p.id WHERE " +
        where + " ORDER BY p.id DESC LIMIT ?4";
    const int64_t key = f.community ? f.community->value() : (f.author ? f.author->value() : 0);
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(posts_sql));
    s->Bind(1, key).Bind(2, f.since).Bind(3, f.min_viewers).Bind(4, static_cast<int64_t>(f.limit));
    std::unordered_map<int64_t, size_t> index;
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      app::PostEngagementRow r;
      r.post = PostId(s->Int(0));
      if (!s->IsNull(1)) r.author = AccountId(s->Int(1));
      if (!s->IsNull(2)) r.community = CommunityId(s->Int(2));
      r.content_type = s->Text(3);
      r.viewers = s->Int(4);
      r.interactions = s->Int(5);
      index.emplace(r.post.value(), out.size());
      out.push_back(std::move(r));
    }
    if (out.empty()) return Status::Ok();
    KRING_ASSIGN_OR_RETURN(auto t, c.Prepare(
        "SELECT h.post_id, h.tag_key, h.tag_display FROM post_hashtags h JOIN posts p ON p.id = h.post_id "
        "JOIN insight_post_stats s ON s.post_id = p.id WHERE " + where + " AND p.id >= ?4"));
    t->Bind(1, key).Bind(2, f.since).Bind(3, f.min_viewers).Bind(4, out.back().post.value());
    while (true) {
      KRING_ASSIGN_OR_RETURN(bool row, t->Step());
      if (!row) break;
      auto it = index.find(t->Int(0));
      if (it != index.end()) out[it->second].tags.emplace_back(t->Text(1), t->Text(2));
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
    KRING_ASSIGN_OR_RETURN(auto del_active, c.Prepare("DELETE FROM insight_active WHERE day < ?1"));
    del_active->Bind(1, cut);
    KRING_TRY(del_active->Run());
    KRING_ASSIGN_OR_RETURN(auto mark, c.Prepare("UPDATE insight_rollups SET purged = 1 WHERE day < ?1 AND purged = 0"));
    mark->Bind(1, cut);
    return mark->Run();
  }));
  return stats;
}

}  // namespace kring::storage::sqlite
