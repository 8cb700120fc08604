// Insights benchmark (`make bench`): ingest rate through the real repository path, memory while
// ingesting, and the latency of every dashboard query over a large event table. Figures, never
// pass/fail; prints a table and writes JSON (default bench/results/insights-latest.json).
//
//   kring_insights_bench [--events 10000000] [--ingest 1000000] [--batch 20000] [--repeat 30]
//                        [--dir /tmp/...] [--out bench/results/insights-latest.json] [--cache-mib N]
//                        [--keep 1] [--reuse DIR]
//
// Steps: a fixture of 2,000 accounts, 50 communities and 20,000 posts (SQL); `--ingest` events
// through InsightsBuffer::Record as the server records them (a batch stored every second or every
// `--batch` events), timing and sampling RSS; the rest up to `--events` generated in bulk in SQL
// (same shape: 20% of all events in the one large community, 60% views of which a quarter
// anonymous, 30 days); the daily rollup as the server runs it; then each dashboard query `--repeat`
// times against the large community, reporting p50/p95/max.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/insights.h"
#include "core/insights_stats.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/insights_repo.h"
#include "app/insights_buffer.h"

using namespace kring;
using storage::sqlite::Connection;

namespace {

constexpr int kAccounts = 2000, kCommunities = 50, kPostsPerCommunity = 400;
constexpr int64_t kPostBase = 1000000;

// The process's own memory (RssAnon: heap and stacks), without the pages of the database file
// SQLite reads through its memory map, which are file cache the kernel can drop (database.h).
long RssKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("RssAnon:", 0) == 0) return std::atol(line.c_str() + 8);
  return 0;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <typename R>  // Status or Result<T>
void Check(const R& r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().internal_message.c_str());
    std::exit(1);
  }
}

int64_t PostOf(int community, int k) { return kPostBase + community * 1000 + k; }

struct Latency {
  std::string name;
  double p50 = 0, p95 = 0, max = 0;
  int64_t rows = 0;
};

template <typename F>
Latency Time(const std::string& name, int repeat, F&& f) {
  std::vector<double> ms;
  int64_t rows = 0;
  for (int i = 0; i < repeat; ++i) {
    double t = Now();
    rows = f();
    ms.push_back((Now() - t) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
  Latency l{name, at(0.5), at(0.95), ms.back(), rows};
  std::printf("  %-34s p50 %8.2f ms   p95 %8.2f ms   max %8.2f ms   (%lld rows)\n", name.c_str(), l.p50, l.p95, l.max,
              static_cast<long long>(rows));
  std::fflush(stdout);
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t total = 10000000, ingest = 1000000, batch = 20000;
  int repeat = 30;
  int64_t cache_mib = 0;  // 0: the server's default writer cache
  bool keep = false;   // --keep 1: leave the database for a later --reuse
  std::string reuse;  // a kept --dir of an earlier run: measure the queries only  // 0: SQLite's default page cache, as the server runs
  std::string dir, out = "bench/results/insights-latest.json";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--events") total = std::atoll(argv[i + 1]);
    else if (a == "--ingest") ingest = std::atoll(argv[i + 1]);
    else if (a == "--batch") batch = std::atoll(argv[i + 1]);
    else if (a == "--repeat") repeat = std::atoi(argv[i + 1]);
    else if (a == "--dir") dir = argv[i + 1];
    else if (a == "--out") out = argv[i + 1];
    else if (a == "--cache-mib") cache_mib = std::atoll(argv[i + 1]);
    else if (a == "--reuse") reuse = argv[i + 1];
    else if (a == "--keep") keep = std::string(argv[i + 1]) == "1";
  }
  ingest = std::min(ingest, total);
  if (!reuse.empty()) dir = reuse;
  if (dir.empty()) dir = (std::filesystem::temp_directory_path() / ("kring-insights-bench-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/bench.db";
  if (reuse.empty()) std::filesystem::remove(path);
  // The server's options (database.h), unless --cache-mib asks what another writer cache would do.
  storage::sqlite::DatabaseOptions options;
  if (cache_mib > 0) options.writer_cache_kib = cache_mib * 1024;
  cache_mib = options.writer_cache_kib / 1024;
  auto opened = storage::sqlite::Database::Open(path, options);
  Check(opened, "open");
  auto& db = **opened;
  storage::sqlite::SqliteInsightsRepo repo(db);
  const TimeMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();

  // ---- fixture ----
  if (reuse.empty()) Check(db.Write([&](Connection& c) -> Status {
    KRING_TRY(c.Exec(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) "
        "INSERT INTO accounts (id, handle, handle_key, created_at, password_hash) "
        "SELECT x, 'bench' || x, 'bench' || x, 0, '' FROM n"));
    KRING_TRY(c.Exec(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50) "
        "INSERT INTO communities (id, slug, name, language, visibility, join_policy, created_at, last_activity_at) "
        "SELECT x, 'c' || x, 'C' || x, 'nl', 'public', 'open', 0, 0 FROM n"));
    KRING_TRY(c.Exec(
        "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 50 * 400 - 1) "
        "INSERT INTO posts (id, community_id, author_id, kind, created_at, last_activity_at) "
        "SELECT 1000000 + (1 + x / 400) * 1000 + x % 400, 1 + x / 400, 1 + (x * 7) % 2000, "
        "CASE x % 5 WHEN 0 THEN 'question' WHEN 1 THEN 'link' ELSE 'discussion' END, " +
        std::to_string(now - 20 * kDayMs) + ", 0 FROM n"));
    return c.Exec(
        "INSERT INTO post_hashtags (post_id, tag_key, tag_display) SELECT id, 'tag' || (id % 12), 'Tag' || (id % 12) "
        "FROM posts WHERE id % 3 = 0");
  }), "fixture");

  // ---- ingest through the repository ----
  std::printf("Insights benchmark: %lld events (%lld through InsightsBuffer::Record, up to %lld per transaction)\n",
              static_cast<long long>(total), static_cast<long long>(ingest), static_cast<long long>(batch));
  std::mt19937_64 rng(2026);
  std::uniform_int_distribution<int> pct(0, 99), account(1, kAccounts), other(2, kCommunities), post(0, kPostsPerCommunity - 1);
  if (!reuse.empty()) ingest = 0;
  const long rss_start = RssKb();
  long rss_max = rss_start;
  int64_t stored = 0;
  // The server's path: InsightsBuffer in front of the repository, its background thread storing a
  // batch every second or every `--batch` events. CPU time below covers both threads.
  app::InsightsBufferOptions buffer_options;
  buffer_options.max_events = static_cast<size_t>(batch);
  app::InsightsBuffer buffer(repo, buffer_options);
  buffer.Start(core::DayOf(now - kDayMs));  // as a server that was running when the first event came
  const double t0 = Now();
  const std::clock_t c0 = std::clock();
  for (int64_t done = 0; done < ingest; ++done) {
    app::InsightEvent e;
    // In the server events arrive as they happen (`at` = now, ascending); spread the ingested
    // ones evenly over the last day in that order, so the time-keyed indexes grow at their end
    // as they do in production.
    e.at = now - kDayMs + done * kDayMs / ingest;
    const int community = pct(rng) < 20 ? 1 : other(rng);
    e.community = CommunityId(community);
    e.post = PostId(PostOf(community, post(rng)));
    const int k = pct(rng);
    e.kind = k < 60 ? "view" : k < 80 ? "reaction" : k < 92 ? "comment" : k < 99 ? "post" : "join";
    if (e.kind == "reaction") e.detail = "like";
    if (e.kind == "view" && pct(rng) < 25) e.visitor = "v" + std::to_string(account(rng));
    else e.actor = AccountId(account(rng));
    auto ok = buffer.Record(e);
    while (!ok && ok.error().detail == "insights_busy") {  // the store is behind: help it, then retry
      Check(buffer.Flush(), "flush");
      ok = buffer.Record(e);
    }
    Check(ok, "record");
    stored += *ok ? 1 : 0;
    if (done % 10000 == 0) rss_max = std::max(rss_max, RssKb());
  }
  Check(buffer.Flush(), "flush");
  buffer.Stop();
  rss_max = std::max(rss_max, RssKb());
  const double ingest_s = Now() - t0;
  const double rate = ingest > 0 ? static_cast<double>(ingest) / ingest_s : 0;
  // CPU time as well: on a shared machine the wall clock also measures the neighbours.
  const double cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  const double cpu_rate = ingest > 0 && cpu_s > 0 ? static_cast<double>(ingest) / cpu_s : 0;
  std::printf("  ingest: %.0f events/s wall, %.0f events per CPU-second (%lld stored, the rest repeated views of the "
              "day), RssAnon %ld -> max %ld KiB\n", rate, cpu_rate, static_cast<long long>(stored), rss_start, rss_max);
  std::fflush(stdout);

  // ---- bulk fill in SQL ----
  const double t1 = Now();
  const int64_t chunk = 1000000;
  for (int64_t from = ingest; reuse.empty() && from < total; from += chunk) {
    const int64_t to = std::min(total, from + chunk);
    // Deterministic pseudo-random columns from the row number (LCG steps), so a row is self-consistent.
    const std::string sql =
        "WITH RECURSIVE n(x) AS (SELECT " + std::to_string(from) + " UNION ALL SELECT x + 1 FROM n WHERE x < " +
        std::to_string(to - 1) + "), "
        "h AS (SELECT x, (x * 2654435761 + 12345) % 4294967291 AS h1 FROM n), "
        "h2 AS (SELECT x, h1, (h1 * 1664525 + 1013904223) % 4294967296 AS h2 FROM h), "
        "h3 AS (SELECT x, h1, h2, (h2 * 1664525 + 1013904223) % 4294967296 AS h3 FROM h2), "
        "r AS (SELECT " + std::to_string(now) + " - h1 % 2592000000 AS at, "
        "CASE WHEN h2 % 5 = 0 THEN 1 ELSE 2 + (h2 / 5) % 49 END AS community, h2, h3, "
        "CASE WHEN (h3 / 400) % 100 < 60 THEN 'view' WHEN (h3 / 400) % 100 < 80 THEN 'reaction' "
        "WHEN (h3 / 400) % 100 < 92 THEN 'comment' WHEN (h3 / 400) % 100 < 99 THEN 'post' ELSE 'join' END AS kind FROM h3) "
        "INSERT OR IGNORE INTO insight_events (at, day, kind, community_id, post_id, actor_id, visitor, detail) "
        "SELECT at, at / 86400000, kind, community, 1000000 + community * 1000 + h3 % 400, "
        "CASE WHEN kind = 'view' AND (h2 / 300) % 4 = 0 THEN NULL ELSE 1 + (h2 / 1200) % 2000 END, "
        "CASE WHEN kind = 'view' AND (h2 / 300) % 4 = 0 THEN 'v' || (h3 / 40000) % 5000 END, "
        "CASE WHEN kind = 'reaction' THEN 'like' ELSE '' END FROM r";
    Check(db.Write([&](Connection& c) { return c.Exec(sql); }), "bulk");
    std::printf("  bulk: %lld / %lld events (%.0f s)\n", static_cast<long long>(to), static_cast<long long>(total), Now() - t1);
    std::fflush(stdout);
  }
  // The bulk rows bypassed RecordBatch: derive the per-post totals and active-member rows from
  // all raw events, as migrations 0009 did for existing data.
  if (reuse.empty() && total > ingest) Check(db.Write([&](Connection& c) -> Status {
    KRING_TRY(c.Exec(
        "INSERT OR REPLACE INTO insight_post_stats (post_id, views, viewers, reactions, comments) "
        "SELECT post_id, SUM(kind = 'view'), COUNT(DISTINCT CASE WHEN kind = 'view' THEN COALESCE(actor_id, visitor) END), "
        "SUM(kind = 'reaction'), SUM(kind = 'comment') FROM insight_events WHERE post_id IS NOT NULL GROUP BY post_id"));
    return c.Exec(
        "INSERT OR IGNORE INTO insight_active (community_id, day, actor_id) SELECT community_id, day, actor_id "
        "FROM insight_events WHERE community_id IS NOT NULL AND actor_id IS NOT NULL AND kind <> 'leave'");
  }), "totals");
  int64_t rows = 0;
  Check(db.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT COUNT(*) FROM insight_events"));
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    rows = row ? s->Int(0) : 0;
    return Status::Ok();
  }), "count");
  const double t2 = Now();
  auto rolled = repo.Rollup(now, 30);  // on a reused directory: only the days since
  Check(rolled, "rollup");
  const double rollup_s = Now() - t2;
  std::printf("  %lld events stored; first rollup of %lld days took %.1f s\n", static_cast<long long>(rows),
              static_cast<long long>(rolled->days_rolled_up), rollup_s);

  // ---- dashboard queries on the large community ----
  const CommunityId big(1);
  const int64_t today = core::DayOf(now);
  std::vector<Latency> lat;
  lat.push_back(Time("community table (28 days)", repeat, [&] {
    int64_t n = 0;
    for (int64_t d = today - 27; d <= today; ++d) {
      auto r = repo.CommunityDay(big, d);
      Check(r, "day");
      n += static_cast<int64_t>(r->size());
    }
    return n;
  }));
  lat.push_back(Time("community today (live)", repeat, [&] {
    auto r = repo.CommunityDay(big, today);
    Check(r, "today");
    return static_cast<int64_t>(r->size());
  }));
  lat.push_back(Time("when to post (4 weeks, heatmap)", repeat, [&] {
    auto r = repo.Activity(big, now - 28 * kDayMs);
    Check(r, "activity");
    std::vector<core::ActivitySample> s;
    s.reserve(r->size());
    for (const auto& a : *r)
      s.push_back({core::WeekdayOf(a.at), core::HourOf(a.at),
                   a.actor ? a.actor->value() : static_cast<int64_t>(std::hash<std::string>{}(a.visitor))});
    auto hours = repo.ActivityHours(big, now - 28 * kDayMs);
    Check(hours, "hours");
    std::vector<core::HourBucket> buckets;
    for (const auto& b : *hours) buckets.push_back({core::WeekdayOf(b.start), core::HourOf(b.start), b.events, b.people});
    auto people = repo.ActivePeople(big, now - 27 * kDayMs);
    Check(people, "people");
    auto h = core::BuildHeatmap(s, buckets, *people);
    return h.events;
  }));
  lat.push_back(Time("monthly active members", repeat, [&] {
    auto r = repo.ActivePeople(big, (today - 29) * kDayMs);
    Check(r, "mau");
    return *r;
  }));
  lat.push_back(Time("retention cohorts", repeat, [&] {
    auto r = repo.Retention(big, today - 29);
    Check(r, "retention");
    return static_cast<int64_t>(r->size());
  }));
  lat.push_back(Time("top hashtags", repeat, [&] {
    auto r = repo.TopHashtags(big, now - 28 * kDayMs, 10);
    Check(r, "tags");
    return static_cast<int64_t>(r->size());
  }));
  auto decisions = [&](bool by_tag) {
    app::PostEngagementFilter f;
    f.community = big;
    f.since = now - 90 * kDayMs;
    f.min_viewers = 5;
    auto r = repo.PostEngagement(f);
    Check(r, "engagement");
    std::set<std::string> groups;
    for (const auto& p : *r) {
      if (by_tag) for (const auto& t : p.tags) groups.insert(t.first);
      else groups.insert(p.content_type);
    }
    for (const auto& g : groups) {
      std::vector<double> in, outside;
      for (const auto& p : *r) {
        bool member = by_tag ? std::any_of(p.tags.begin(), p.tags.end(), [&](const auto& t) { return t.first == g; })
                             : p.content_type == g;
        (member ? in : outside).push_back(static_cast<double>(p.interactions) / static_cast<double>(p.viewers));
      }
      core::CompareMeans(in, outside);
    }
    return static_cast<int64_t>(r->size());
  };
  lat.push_back(Time("which hashtags work", repeat, [&] { return decisions(true); }));
  lat.push_back(Time("which content types work", repeat, [&] { return decisions(false); }));
  lat.push_back(Time("post insights", repeat, [&] {
    auto r = repo.ForPost(PostId(PostOf(1, 7)));
    Check(r, "post");
    return static_cast<int64_t>(r->metrics.size());
  }));

  double worst = 0;
  for (const auto& l : lat) worst = std::max(worst, l.p95);
  std::printf("  worst p95: %.2f ms (target < 50 ms); ingest %.0f events/s wall, %.0f per CPU-second (target >= 50,000)\n",
              worst, rate, cpu_rate);

  std::filesystem::create_directories(std::filesystem::path(out).parent_path());
  std::ofstream js(out);
  js << "{\n  \"events\": " << rows << ",\n  \"ingest\": {\"events\": " << ingest << ", \"batch\": " << batch
     << ", \"events_per_second\": " << static_cast<int64_t>(rate)
     << ", \"events_per_cpu_second\": " << static_cast<int64_t>(cpu_rate) << ", \"target_events_per_second\": 50000"
     << ", \"writer_cache_mib\": " << cache_mib
     << ", \"rss_anon_start_kib\": " << rss_start << ", \"rss_anon_max_kib\": " << rss_max << "},\n"
     << "  \"rollup_seconds\": " << rollup_s << ",\n  \"queries\": [\n";
  for (size_t i = 0; i < lat.size(); ++i)
    js << "    {\"name\": \"" << lat[i].name << "\", \"p50_ms\": " << lat[i].p50 << ", \"p95_ms\": " << lat[i].p95
       << ", \"max_ms\": " << lat[i].max << ", \"rows\": " << lat[i].rows << "}" << (i + 1 < lat.size() ? "," : "") << "\n";
  js << "  ],\n  \"worst_p95_ms\": " << worst << ",\n  \"target_p95_ms\": 50,\n  \"repeat\": " << repeat << "\n}\n";
  std::printf("Wrote %s\n", out.c_str());
  if (reuse.empty() && !keep) std::filesystem::remove_all(dir);
  return 0;
}
