// SQLite implementations of NotificationRepo and BlockRepo.
#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

using core::Notification;

namespace {

constexpr const char* kColumns =
    "id, account_id, kind, group_key, actor_id, actor_count, post_id, comment_id, community_id, subject_id, text, "
    "created_at, read_at";

Notification Read(const Statement& s) {
  Notification n;
  n.id = s.Int(0);
  n.recipient = AccountId(s.Int(1));
  n.kind = s.Text(2);
  n.group_key = s.Text(3);
  if (!s.IsNull(4)) n.actor = AccountId(s.Int(4));
  n.actor_count = s.Int(5);
  if (!s.IsNull(6)) n.post = PostId(s.Int(6));
  if (!s.IsNull(7)) n.comment = CommentId(s.Int(7));
  if (!s.IsNull(8)) n.community = CommunityId(s.Int(8));
  n.subject_id = s.Int(9);
  n.text = s.Text(10);
  n.created_at = s.Int(11);
  n.read_at = s.Int(12);
  return n;
}

template <typename Id>
std::optional<int64_t> Raw(const std::optional<Id>& id) {
  return id ? std::optional<int64_t>(id->value()) : std::nullopt;
}

}  // namespace

Result<int64_t> SqliteNotificationRepo::Add(const Notification& n) {
  int64_t stored = n.id;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    std::optional<int64_t> absorbing;
    if (!n.group_key.empty()) {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "SELECT id FROM notifications WHERE account_id = ? AND group_key = ? AND read_at = 0 ORDER BY id DESC LIMIT 1"));
      s->Bind(1, n.recipient.value()).Bind(2, n.group_key);
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) absorbing = s->Int(0);
    }
    if (absorbing) {
      // Move the group to the top under the new id; its actors follow by ON UPDATE CASCADE.
      KRING_ASSIGN_OR_RETURN(auto u, c.Prepare(
          "UPDATE notifications SET id = ?, actor_id = COALESCE(?, actor_id), text = ?, created_at = ? WHERE id = ?"));
      u->Bind(1, n.id).Bind(2, Raw(n.actor)).Bind(3, n.text).Bind(4, n.created_at).Bind(5, *absorbing);
      KRING_TRY(u->Run());
    } else {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("INSERT INTO notifications (") + kColumns +
                                               ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
      s->Bind(1, n.id).Bind(2, n.recipient.value()).Bind(3, n.kind).Bind(4, n.group_key).Bind(5, Raw(n.actor))
          .Bind(6, int64_t{0}).Bind(7, Raw(n.post)).Bind(8, Raw(n.comment)).Bind(9, Raw(n.community))
          .Bind(10, n.subject_id).Bind(11, n.text).Bind(12, n.created_at).Bind(13, n.read_at);
      KRING_TRY(s->Run());
    }
    if (n.actor) {
      KRING_ASSIGN_OR_RETURN(auto a, c.Prepare(
          "INSERT INTO notification_actors (notification_id, actor_id, created_at) VALUES (?, ?, ?) "
          "ON CONFLICT (notification_id, actor_id) DO UPDATE SET created_at = excluded.created_at"));
      a->Bind(1, n.id).Bind(2, n.actor->value()).Bind(3, n.created_at);
      KRING_TRY(a->Run());
      KRING_ASSIGN_OR_RETURN(auto cnt, c.Prepare(
          "UPDATE notifications SET actor_count = (SELECT COUNT(*) FROM notification_actors WHERE notification_id = ?1) "
          "WHERE id = ?1"));
      cnt->Bind(1, n.id);
      KRING_TRY(cnt->Run());
    }
    return Status::Ok();
  }));
  return stored;
}

Result<std::vector<Notification>> SqliteNotificationRepo::Query(const std::string& sql,
                                                                 const std::function<void(Statement&)>& bind) {
  std::vector<Notification> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    bind(*s);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(Read(*s));
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Notification>> SqliteNotificationRepo::FindById(int64_t id) {
  KRING_ASSIGN_OR_RETURN(auto list, Query(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ?",
                                          [&](Statement& s) { s.Bind(1, id); }));
  if (list.empty()) return std::optional<Notification>();
  return std::optional<Notification>(std::move(list.front()));
}

Result<std::vector<Notification>> SqliteNotificationRepo::List(AccountId account, const app::PageRequest& page,
                                                               bool unread_only) {
  return Query(std::string("SELECT ") + kColumns +
                   " FROM notifications WHERE account_id = ?1 AND (?2 = 0 OR read_at = 0) AND (?3 IS NULL OR id < ?3) "
                   "AND (?4 IS NULL OR id > ?4) ORDER BY id DESC LIMIT ?5",
               [&](Statement& s) {
                 s.Bind(1, account.value()).Bind(2, unread_only).Bind(3, page.max_id).Bind(4, page.min_id).Bind(5, page.limit);
               });
}

Result<std::vector<AccountId>> SqliteNotificationRepo::Actors(int64_t notification_id, int limit) {
  std::vector<AccountId> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT actor_id FROM notification_actors WHERE notification_id = ? ORDER BY created_at DESC LIMIT ?"));
    s->Bind(1, notification_id).Bind(2, limit);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(AccountId(s->Int(0)));
    }
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> SqliteNotificationRepo::CountUnread(AccountId account) {
  int64_t n = 0;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT COUNT(*) FROM notifications WHERE account_id = ?1 AND read_at = 0 AND (actor_id IS NULL OR actor_id NOT IN "
        "(SELECT target_id FROM account_blocks WHERE account_id = ?1))"));
    s->Bind(1, account.value());
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) n = s->Int(0);
    return Status::Ok();
  }));
  return n;
}

Status SqliteNotificationRepo::MarkRead(AccountId account, std::optional<int64_t> id, TimeMs at) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE notifications SET read_at = ?1 WHERE account_id = ?2 AND read_at = 0 AND (?3 IS NULL OR id = ?3)"));
    s->Bind(1, at).Bind(2, account.value()).Bind(3, id);
    return s->Run();
  });
}

Result<std::vector<std::string>> SqliteNotificationRepo::MutedKinds(AccountId account) {
  std::vector<std::string> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT kind FROM notification_mutes WHERE account_id = ? ORDER BY kind"));
    s->Bind(1, account.value());
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(s->Text(0));
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteNotificationRepo::SetKindMuted(AccountId account, const std::string& kind, bool muted) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(muted ? "INSERT OR IGNORE INTO notification_mutes (account_id, kind) VALUES (?, ?)"
                                                   : "DELETE FROM notification_mutes WHERE account_id = ? AND kind = ?"));
    s->Bind(1, account.value()).Bind(2, kind);
    return s->Run();
  });
}

// ---- blocks ----

Status SqliteBlockRepo::Put(AccountId account, AccountId target, const std::string& kind, TimeMs at) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO account_blocks (account_id, target_id, kind, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (account_id, target_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at"));
    s->Bind(1, account.value()).Bind(2, target.value()).Bind(3, kind).Bind(4, at);
    return s->Run();
  });
}

Status SqliteBlockRepo::Remove(AccountId account, AccountId target) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM account_blocks WHERE account_id = ? AND target_id = ?"));
    s->Bind(1, account.value()).Bind(2, target.value());
    return s->Run();
  });
}

Result<std::vector<app::BlockRecord>> SqliteBlockRepo::List(AccountId account) {
  std::vector<app::BlockRecord> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT target_id, kind, created_at FROM account_blocks WHERE account_id = ? ORDER BY created_at DESC"));
    s->Bind(1, account.value());
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::BlockRecord{AccountId(s->Int(0)), s->Text(1), s->Int(2)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<bool> SqliteBlockRepo::Hides(AccountId account, AccountId target) {
  bool found = false;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT 1 FROM account_blocks WHERE account_id = ? AND target_id = ?"));
    s->Bind(1, account.value()).Bind(2, target.value());
    KRING_ASSIGN_OR_RETURN(found, s->Step());
    return Status::Ok();
  }));
  return found;
}

Result<bool> SqliteBlockRepo::BlockedEitherWay(AccountId a, AccountId b) {
  bool found = false;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT 1 FROM account_blocks WHERE kind = 'block' AND ((account_id = ?1 AND target_id = ?2) OR "
        "(account_id = ?2 AND target_id = ?1))"));
    s->Bind(1, a.value()).Bind(2, b.value());
    KRING_ASSIGN_OR_RETURN(found, s->Step());
    return Status::Ok();
  }));
  return found;
}

}  // namespace kring::storage::sqlite
