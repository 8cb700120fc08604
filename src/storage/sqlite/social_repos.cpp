// SQLite implementations of FollowRepo, ScheduledPostRepo and AccountEraser.
#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

Result<bool> SqliteFollowRepo::Add(AccountId follower, AccountId followed, TimeMs at) {
  bool changed = false;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT OR IGNORE INTO follows (follower_id, followed_id, created_at) VALUES (?, ?, ?)"));
    s->Bind(1, follower.value()).Bind(2, followed.value()).Bind(3, at);
    KRING_TRY(s->Run());
    changed = s->Changes() > 0;
    return Status::Ok();
  }));
  return changed;
}

Result<bool> SqliteFollowRepo::Remove(AccountId follower, AccountId followed) {
  bool changed = false;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM follows WHERE follower_id = ? AND followed_id = ?"));
    s->Bind(1, follower.value()).Bind(2, followed.value());
    KRING_TRY(s->Run());
    changed = s->Changes() > 0;
    return Status::Ok();
  }));
  return changed;
}

Result<bool> SqliteFollowRepo::Exists(AccountId follower, AccountId followed) {
  bool exists = false;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT 1 FROM follows WHERE follower_id = ? AND followed_id = ?"));
    s->Bind(1, follower.value()).Bind(2, followed.value());
    KRING_ASSIGN_OR_RETURN(exists, s->Step());
    return Status::Ok();
  }));
  return exists;
}

Result<std::vector<app::FollowRecord>> SqliteFollowRepo::List(const char* sql, AccountId account,
                                                              const app::PageRequest& page) {
  std::vector<app::FollowRecord> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    s->Bind(1, account.value()).Bind(2, page.limit).Bind(3, page.offset);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::FollowRecord{AccountId(s->Int(0)), AccountId(s->Int(1)), s->Int(2)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<app::FollowRecord>> SqliteFollowRepo::ListFollowers(AccountId account, const app::PageRequest& page) {
  return List("SELECT follower_id, followed_id, created_at FROM follows WHERE followed_id = ? "
              "ORDER BY created_at DESC, follower_id DESC LIMIT ? OFFSET ?",
              account, page);
}

Result<std::vector<app::FollowRecord>> SqliteFollowRepo::ListFollowing(AccountId account, const app::PageRequest& page) {
  return List("SELECT follower_id, followed_id, created_at FROM follows WHERE follower_id = ? "
              "ORDER BY created_at DESC, followed_id DESC LIMIT ? OFFSET ?",
              account, page);
}

Result<int64_t> SqliteFollowRepo::CountWhere(const char* sql, AccountId account) {
  int64_t n = 0;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    s->Bind(1, account.value());
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) n = s->Int(0);
    return Status::Ok();
  }));
  return n;
}

Result<int64_t> SqliteFollowRepo::CountFollowers(AccountId account) {
  return CountWhere("SELECT COUNT(*) FROM follows WHERE followed_id = ?", account);
}
Result<int64_t> SqliteFollowRepo::CountFollowing(AccountId account) {
  return CountWhere("SELECT COUNT(*) FROM follows WHERE follower_id = ?", account);
}

// ---- scheduled posts ----

namespace {
constexpr const char* kScheduledColumns =
    "id, author_id, community_id, kind, title, body, url, place_name, rating, publish_at, state, failure, "
    "published_post_id, created_at";

app::ScheduledPost ReadScheduled(const Statement& s) {
  app::ScheduledPost x;
  x.id = ScheduledPostId(s.Int(0));
  x.author = AccountId(s.Int(1));
  x.draft.author = x.author;
  if (!s.IsNull(2)) x.draft.community = CommunityId(s.Int(2));
  x.draft.kind = core::ParsePostKind(s.Text(3)).value_or(core::PostKind::kDiscussion);
  x.draft.title = s.Text(4);
  x.draft.body = s.Text(5);
  x.draft.url = s.Text(6);
  x.draft.place_name = s.Text(7);
  x.draft.rating = static_cast<int>(s.Int(8));
  x.publish_at = s.Int(9);
  x.state = s.Text(10);
  x.failure = s.Text(11);
  if (!s.IsNull(12)) x.published_post = PostId(s.Int(12));
  x.created_at = s.Int(13);
  return x;
}
}  // namespace

Result<std::vector<app::ScheduledPost>> SqliteScheduledPostRepo::Query(const std::string& sql,
                                                                       const std::function<void(Statement&)>& bind) {
  std::vector<app::ScheduledPost> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    bind(*s);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(ReadScheduled(*s));
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteScheduledPostRepo::Create(const app::ScheduledPost& x) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("INSERT INTO scheduled_posts (") + kScheduledColumns +
                                             ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    std::optional<int64_t> community, published;
    if (x.draft.community) community = x.draft.community->value();
    if (x.published_post) published = x.published_post->value();
    s->Bind(1, x.id.value()).Bind(2, x.author.value()).Bind(3, community).Bind(4, core::PostKindName(x.draft.kind))
        .Bind(5, x.draft.title).Bind(6, x.draft.body).Bind(7, x.draft.url).Bind(8, x.draft.place_name)
        .Bind(9, x.draft.rating).Bind(10, x.publish_at).Bind(11, x.state).Bind(12, x.failure).Bind(13, published)
        .Bind(14, x.created_at);
    return s->Run();
  });
}

Result<std::optional<app::ScheduledPost>> SqliteScheduledPostRepo::FindById(ScheduledPostId id) {
  KRING_ASSIGN_OR_RETURN(auto list, Query(std::string("SELECT ") + kScheduledColumns + " FROM scheduled_posts WHERE id = ?",
                                          [&](Statement& s) { s.Bind(1, id.value()); }));
  if (list.empty()) return std::optional<app::ScheduledPost>();
  return std::optional<app::ScheduledPost>(std::move(list.front()));
}

Status SqliteScheduledPostRepo::Update(const app::ScheduledPost& x) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE scheduled_posts SET state = ?, failure = ?, published_post_id = ?, publish_at = ? WHERE id = ?"));
    std::optional<int64_t> published;
    if (x.published_post) published = x.published_post->value();
    s->Bind(1, x.state).Bind(2, x.failure).Bind(3, published).Bind(4, x.publish_at).Bind(5, x.id.value());
    return s->Run();
  });
}

Status SqliteScheduledPostRepo::Delete(ScheduledPostId id) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM scheduled_posts WHERE id = ?"));
    s->Bind(1, id.value());
    return s->Run();
  });
}

Result<std::vector<app::ScheduledPost>> SqliteScheduledPostRepo::ListDue(TimeMs now, int limit) {
  return Query(std::string("SELECT ") + kScheduledColumns +
                   " FROM scheduled_posts WHERE state = 'scheduled' AND publish_at <= ? ORDER BY publish_at, id LIMIT ?",
               [&](Statement& s) { s.Bind(1, now).Bind(2, limit); });
}

Result<std::vector<app::ScheduledPost>> SqliteScheduledPostRepo::ListForAuthor(AccountId author) {
  return Query(std::string("SELECT ") + kScheduledColumns +
                   " FROM scheduled_posts WHERE author_id = ? ORDER BY publish_at, id",
               [&](Statement& s) { s.Bind(1, author.value()); });
}

// ---- erasure ----

Status SqliteAccountEraser::EraseAccount(AccountId account) {
  // Each statement takes the account id as ?1. Order matters: counters first (they read the rows
  // about to go), then the account's own text, then the account row, whose foreign keys cascade to
  // sessions, memberships, requests, follows, reactions, mentions and scheduled posts.
  static constexpr const char* kSteps[] = {
      "UPDATE communities SET member_count = member_count - 1 "
      "WHERE id IN (SELECT community_id FROM memberships WHERE account_id = ?1)",
      "UPDATE posts SET reaction_count = reaction_count - (SELECT COUNT(*) FROM reactions r WHERE "
      "r.target_type = 'post' AND r.target_id = posts.id AND r.account_id = ?1) "
      "WHERE id IN (SELECT target_id FROM reactions WHERE target_type = 'post' AND account_id = ?1)",
      "UPDATE comments SET reaction_count = reaction_count - (SELECT COUNT(*) FROM reactions r WHERE "
      "r.target_type = 'comment' AND r.target_id = comments.id AND r.account_id = ?1) "
      "WHERE id IN (SELECT target_id FROM reactions WHERE target_type = 'comment' AND account_id = ?1)",
      "DELETE FROM post_revisions WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1)",
      "DELETE FROM post_hashtags WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1)",
      "DELETE FROM post_mentions WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1)",
      "DELETE FROM comment_revisions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = ?1)",
      "DELETE FROM comment_mentions WHERE comment_id IN (SELECT id FROM comments WHERE author_id = ?1)",
      "UPDATE posts SET author_id = NULL, deleted = 1, pinned = 0, title = '', body = '', body_html = '', url = '', "
      "place_name = '', rating = 0 WHERE author_id = ?1",
      "UPDATE comments SET author_id = NULL, deleted = 1, body = '', body_html = '' WHERE author_id = ?1",
      // Banners they uploaded leave the communities showing them; then every media row (photos,
      // videos, avatar, banners) goes with its uploader and a trigger queues the blobs for the sweep.
      "UPDATE communities SET banner = '' WHERE id IN (SELECT community_id FROM media WHERE uploader_id = ?1 AND "
      "kind = 'banner')",
      "DELETE FROM media WHERE uploader_id = ?1",
      // Insights (migration 0006): raw events by or about them; aggregates hold only counts.
      "DELETE FROM insight_events WHERE actor_id = ?1 OR target_account_id = ?1",
      // ... and which days they were active where (migration 0009).
      "DELETE FROM insight_active WHERE actor_id = ?1",
      "DELETE FROM accounts WHERE id = ?1",
  };
  return db_.Write([&](Connection& c) -> Status {
    for (const char* sql : kSteps) {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
      s->Bind(1, account.value());
      KRING_TRY(s->Run());
    }
    return Status::Ok();
  });
}

}  // namespace kring::storage::sqlite
