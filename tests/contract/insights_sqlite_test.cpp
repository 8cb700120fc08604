// SqliteInsightsRepo's batched ingest (migration 0010): the per-post totals and active-member rows
// it keeps instead of the old per-row triggers must be exactly what the raw events say, and an
// event naming an erased account must not come back after the erasure.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "core/insights.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/insights_repo.h"

namespace kring {
namespace {

using storage::sqlite::Connection;

constexpr TimeMs kNoon = 20000 * kDayMs + 12 * kHourMs;

class InsightsSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kring-insights-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto db = storage::sqlite::Database::Open(dir_ + "/kring.db", {});
    ASSERT_TRUE(db);
    db_ = std::move(db).value();
    repo_ = std::make_unique<storage::sqlite::SqliteInsightsRepo>(*db_);
    ASSERT_TRUE(db_->Write([](Connection& c) {
      return c.Exec(
          "INSERT INTO accounts (id, handle, handle_key, created_at, password_hash) VALUES "
          "(1, 'a', 'a', 0, ''), (2, 'b', 'b', 0, ''), (3, 'c', 'c', 0, '');"
          "INSERT INTO communities (id, slug, name, language, visibility, join_policy, created_at, last_activity_at) "
          "VALUES (1, 'club', 'Club', 'nl', 'public', 'open', 0, 0);"
          "INSERT INTO posts (id, community_id, author_id, kind, created_at, last_activity_at) VALUES "
          "(10, 1, 1, 'discussion', 0, 0), (11, 1, 1, 'discussion', 0, 0);");
    }));
  }
  void TearDown() override {
    repo_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Query(const std::string& sql) {
    int64_t out = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      out = row ? s->Int(0) : -1;
      return Status::Ok();
    }));
    return out;
  }

  static app::InsightEvent Event(std::string kind, int64_t post, std::optional<int64_t> actor, TimeMs at = kNoon) {
    app::InsightEvent e;
    e.at = at;
    e.kind = std::move(kind);
    e.community = CommunityId(1);
    if (post) e.post = PostId(post);
    if (actor) e.actor = AccountId(*actor);
    if (e.kind == "reaction") e.detail = "like";
    return e;
  }

  std::string dir_;
  std::unique_ptr<storage::sqlite::Database> db_;
  std::unique_ptr<storage::sqlite::SqliteInsightsRepo> repo_;
};

TEST_F(InsightsSqliteTest, ABatchKeepsPostTotalsThatMatchTheRawEvents) {
  app::InsightEvent anon = Event("view", 10, std::nullopt);
  anon.visitor = "day-hash-1";
  auto stored = repo_->RecordBatch({
      Event("view", 10, 2), Event("view", 10, 2),             // a repeat the same day: not stored
      Event("view", 10, 2, kNoon + kDayMs),                   // the next day: a view, not a new viewer
      Event("view", 10, 3), anon, Event("reaction", 10, 2), Event("reaction", 10, 3),
      Event("comment", 10, 3), Event("view", 11, 2), Event("join", 0, 3),
  });
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, (std::vector<bool>{true, false, true, true, true, true, true, true, true, true}));
  EXPECT_EQ(Query("SELECT views FROM insight_post_stats WHERE post_id = 10"), 4);
  EXPECT_EQ(Query("SELECT viewers FROM insight_post_stats WHERE post_id = 10"), 3);  // 2, 3 and the visitor
  EXPECT_EQ(Query("SELECT reactions FROM insight_post_stats WHERE post_id = 10"), 2);
  EXPECT_EQ(Query("SELECT comments FROM insight_post_stats WHERE post_id = 10"), 1);
  EXPECT_EQ(Query("SELECT viewers FROM insight_post_stats WHERE post_id = 11"), 1);
  // A later batch adds to the totals; a viewer already seen in an earlier batch stays one viewer.
  ASSERT_TRUE(repo_->RecordBatch({Event("view", 10, 3, kNoon + kDayMs), Event("view", 10, 1)}));
  EXPECT_EQ(Query("SELECT views FROM insight_post_stats WHERE post_id = 10"), 6);
  EXPECT_EQ(Query("SELECT viewers FROM insight_post_stats WHERE post_id = 10"), 4);
  // Active members: one row per person per community per day.
  EXPECT_EQ(Query("SELECT COUNT(*) FROM insight_active WHERE day = " + std::to_string(core::DayOf(kNoon))), 3);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM insight_active"), 5);
}

TEST_F(InsightsSqliteTest, AlreadyCountedFindsStoredOncePerDayEventsOnly) {
  ASSERT_TRUE(repo_->Record(Event("view", 10, 2)));
  EXPECT_TRUE(*repo_->AlreadyCounted(Event("view", 10, 2)));
  EXPECT_FALSE(*repo_->AlreadyCounted(Event("view", 10, 3)));
  EXPECT_FALSE(*repo_->AlreadyCounted(Event("view", 10, 2, kNoon + kDayMs)));
  EXPECT_FALSE(*repo_->AlreadyCounted(Event("reaction", 10, 2)));  // reactions are never repeats
  app::InsightEvent click = Event("click", 10, 2);
  click.detail = "https://example.org/a";
  ASSERT_TRUE(*repo_->Record(click));
  EXPECT_TRUE(*repo_->AlreadyCounted(click));
  click.detail = "https://example.org/b";  // another link of the post
  EXPECT_FALSE(*repo_->AlreadyCounted(click));
  auto today = repo_->OncePerDayEvents(core::DayOf(kNoon), 100);
  ASSERT_TRUE(today);
  EXPECT_EQ(today->size(), 2u);
}

TEST_F(InsightsSqliteTest, AnEventOfAnErasedAccountIsNotStored) {
  ASSERT_TRUE(db_->Write([](Connection& c) { return c.Exec("DELETE FROM accounts WHERE id = 3"); }));
  app::InsightEvent follow = Event("follow", 0, 2);
  follow.community.reset();
  follow.target_account = AccountId(3);
  auto stored = repo_->RecordBatch({Event("view", 10, 3), follow, Event("view", 10, 2)});
  ASSERT_TRUE(stored);
  EXPECT_EQ(*stored, (std::vector<bool>{false, false, true}));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM insight_events WHERE actor_id = 3 OR target_account_id = 3"), 0);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM insight_active WHERE actor_id = 3"), 0);
}

}  // namespace
}  // namespace kring
