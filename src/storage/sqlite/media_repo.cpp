#include "storage/sqlite/media_repo.h"

namespace kring::storage::sqlite {

namespace {

constexpr const char* kColumns =
    "SELECT id, uploader_id, post_id, position, source_hash, large_hash, small_hash, fallback_hash, width, height, "
    "placeholder, alt, bytes, created_at, kind, status, failure_code, failure_message, duration_ms, community_id, comment_id FROM media ";

// Recomputes posts.pending_media for the post of media row ?1 (no-op when unattached): set while
// any of the post's media is not ready, so the post is shown to its author only.
constexpr const char* kRefreshPending =
    "UPDATE posts SET pending_media = EXISTS (SELECT 1 FROM media m WHERE m.post_id = posts.id AND m.status != 'ready') "
    "WHERE id = (SELECT post_id FROM media WHERE id = ?1)";

app::MediaRecord Row(const Statement& s) {
  app::MediaRecord m;
  m.id = MediaId(s.Int(0));
  m.uploader = AccountId(s.Int(1));
  if (!s.IsNull(2)) m.post = PostId(s.Int(2));
  m.position = static_cast<int>(s.Int(3));
  m.source_hash = s.Text(4);
  m.large_hash = s.Text(5);
  m.small_hash = s.Text(6);
  m.fallback_hash = s.Text(7);
  m.width = static_cast<int>(s.Int(8));
  m.height = static_cast<int>(s.Int(9));
  m.placeholder = s.Text(10);
  m.alt = s.Text(11);
  m.bytes = s.Int(12);
  m.created_at = s.Int(13);
  m.kind = s.Text(14);
  m.status = s.Text(15);
  m.failure_code = s.Text(16);
  m.failure_message = s.Text(17);
  m.duration_ms = s.Int(18);
  if (!s.IsNull(19)) m.community = CommunityId(s.Int(19));
  if (!s.IsNull(20)) m.comment = CommentId(s.Int(20));
  return m;
}

}  // namespace

Result<std::vector<app::MediaRecord>> SqliteMediaRepo::Query(const std::string& sql,
                                                             const std::function<void(Statement&)>& bind) {
  std::vector<app::MediaRecord> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string(kColumns) + sql));
    bind(*s);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(Row(*s));
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteMediaRepo::Create(const app::MediaRecord& m) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO media (id, uploader_id, post_id, position, source_hash, large_hash, small_hash, fallback_hash, "
        "width, height, placeholder, alt, bytes, created_at, kind, status, failure_code, failure_message, duration_ms, "
        "community_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s->Bind(1, m.id.value()).Bind(2, m.uploader.value());
    if (m.post) s->Bind(3, m.post->value());
    else s->BindNull(3);
    s->Bind(4, m.position).Bind(5, m.source_hash).Bind(6, m.large_hash).Bind(7, m.small_hash);
    s->Bind(8, m.fallback_hash).Bind(9, m.width).Bind(10, m.height).Bind(11, m.placeholder).Bind(12, m.alt);
    s->Bind(13, m.bytes).Bind(14, m.created_at).Bind(15, m.kind).Bind(16, m.status).Bind(17, m.failure_code);
    s->Bind(18, m.failure_message).Bind(19, m.duration_ms);
    if (m.community) s->Bind(20, m.community->value());
    else s->BindNull(20);
    return s->Run();
  });
}

Result<std::optional<app::MediaRecord>> SqliteMediaRepo::FindById(MediaId id) {
  KRING_ASSIGN_OR_RETURN(auto rows, Query("WHERE id = ?", [&](Statement& s) { s.Bind(1, id.value()); }));
  if (rows.empty()) return std::optional<app::MediaRecord>();
  return std::optional<app::MediaRecord>(std::move(rows.front()));
}

Result<std::vector<app::MediaRecord>> SqliteMediaRepo::FindBySourceHash(const std::string& source_hash) {
  return Query("WHERE source_hash = ? ORDER BY id LIMIT 50", [&](Statement& s) { s.Bind(1, source_hash); });
}

Result<std::vector<app::MediaRecord>> SqliteMediaRepo::ListForPosts(const std::vector<PostId>& posts) {
  if (posts.empty()) return std::vector<app::MediaRecord>();
  std::string in = "WHERE post_id IN (";
  for (size_t i = 0; i < posts.size(); ++i) in += i ? ",?" : "?";
  in += ") ORDER BY post_id, position";
  return Query(in, [&](Statement& s) {
    for (size_t i = 0; i < posts.size(); ++i) s.Bind(static_cast<int>(i + 1), posts[i].value());
  });
}

Result<std::vector<app::MediaRecord>> SqliteMediaRepo::ListForComments(const std::vector<CommentId>& comments) {
  if (comments.empty()) return std::vector<app::MediaRecord>();
  std::string in = "WHERE comment_id IN (";
  for (size_t i = 0; i < comments.size(); ++i) in += i ? ",?" : "?";
  in += ") ORDER BY comment_id, position";
  return Query(in, [&](Statement& s) {
    for (size_t i = 0; i < comments.size(); ++i) s.Bind(static_cast<int>(i + 1), comments[i].value());
  });
}

Status SqliteMediaRepo::AttachToComment(const std::vector<MediaId>& ids, AccountId uploader, CommentId comment) {
  return db_.Write([&](Connection& c) -> Status {
    for (size_t i = 0; i < ids.size(); ++i) {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "UPDATE media SET comment_id = ?, position = ? WHERE id = ? AND uploader_id = ? AND post_id IS NULL AND "
          "comment_id IS NULL AND status = 'ready' AND kind = 'image'"));
      s->Bind(1, comment.value()).Bind(2, static_cast<int64_t>(i)).Bind(3, ids[i].value()).Bind(4, uploader.value());
      KRING_TRY(s->Run());
      if (s->Changes() != 1)
        return InvalidArgument("invalid_media",
                               "Photo " + std::to_string(ids[i].value()) +
                                   " is not one of your photos waiting to be used; upload it again.",
                               "media_ids");
    }
    return Status::Ok();
  });
}

Status SqliteMediaRepo::DeleteForComment(CommentId comment) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM media WHERE comment_id = ?"));
    s->Bind(1, comment.value());
    return s->Run();
  });
}

Status SqliteMediaRepo::SetAlt(MediaId id, const std::string& alt) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE media SET alt = ? WHERE id = ?"));
    s->Bind(1, alt).Bind(2, id.value());
    return s->Run();
  });
}

Status SqliteMediaRepo::AttachToPost(const std::vector<MediaId>& ids, AccountId uploader, PostId post) {
  return db_.Write([&](Connection& c) -> Status {
    for (size_t i = 0; i < ids.size(); ++i) {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "UPDATE media SET post_id = ?, position = ? WHERE id = ? AND uploader_id = ? AND post_id IS NULL AND "
          "comment_id IS NULL AND status != 'failed' AND kind IN ('image', 'video')"));
      s->Bind(1, post.value()).Bind(2, static_cast<int64_t>(i)).Bind(3, ids[i].value()).Bind(4, uploader.value());
      KRING_TRY(s->Run());
      if (s->Changes() != 1)
        return InvalidArgument("invalid_media",
                               "Photo " + std::to_string(ids[i].value()) +
                                   " is not one of your uploads waiting for a post; upload it again.",
                               "media_ids");
    }
    if (ids.empty()) return Status::Ok();
    KRING_ASSIGN_OR_RETURN(auto r, c.Prepare(kRefreshPending));
    r->Bind(1, ids.front().value());
    return r->Run();
  });
}

Result<std::vector<MediaId>> SqliteMediaRepo::ListProcessing() {
  std::vector<MediaId> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT id FROM media WHERE status = 'processing' ORDER BY id"));
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(MediaId(s->Int(0)));
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteMediaRepo::ReplaceAvatar(AccountId account, const std::optional<app::MediaRecord>& m) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto d, c.Prepare("DELETE FROM media WHERE uploader_id = ? AND kind = 'avatar' AND id != ?"));
    d->Bind(1, account.value()).Bind(2, m ? m->id.value() : int64_t{0});
    KRING_TRY(d->Run());
    KRING_ASSIGN_OR_RETURN(auto u, c.Prepare("UPDATE accounts SET avatar = ? WHERE id = ?"));
    u->Bind(1, m ? m->source_hash : std::string()).Bind(2, account.value());
    return u->Run();
  });
}

Status SqliteMediaRepo::ReplaceBanner(CommunityId community, const std::optional<app::MediaRecord>& m) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto d, c.Prepare("DELETE FROM media WHERE community_id = ? AND kind = 'banner' AND id != ?"));
    d->Bind(1, community.value()).Bind(2, m ? m->id.value() : int64_t{0});
    KRING_TRY(d->Run());
    KRING_ASSIGN_OR_RETURN(auto u, c.Prepare("UPDATE communities SET banner = ? WHERE id = ?"));
    u->Bind(1, m ? m->source_hash : std::string()).Bind(2, community.value());
    return u->Run();
  });
}

Result<bool> SqliteMediaRepo::FinishVideo(const app::MediaRecord& m) {
  bool changed = false;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE media SET status = ?, failure_code = ?, failure_message = ?, large_hash = ?, small_hash = ?, "
        "fallback_hash = ?, width = ?, height = ?, placeholder = ?, bytes = ?, duration_ms = ? "
        "WHERE id = ? AND status = 'processing'"));
    s->Bind(1, m.status).Bind(2, m.failure_code).Bind(3, m.failure_message).Bind(4, m.large_hash);
    s->Bind(5, m.small_hash).Bind(6, m.fallback_hash).Bind(7, m.width).Bind(8, m.height).Bind(9, m.placeholder);
    s->Bind(10, m.bytes).Bind(11, m.duration_ms).Bind(12, m.id.value());
    KRING_TRY(s->Run());
    changed = s->Changes() == 1;
    if (!changed) return Status::Ok();
    KRING_ASSIGN_OR_RETURN(auto r, c.Prepare(kRefreshPending));
    r->Bind(1, m.id.value());
    return r->Run();
  }));
  return changed;
}

Result<int64_t> SqliteMediaRepo::BytesUsedBy(AccountId uploader) {
  int64_t used = 0;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT COALESCE(SUM(bytes), 0) FROM media WHERE uploader_id = ?"));
    s->Bind(1, uploader.value());
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) used = s->Int(0);
    return Status::Ok();
  }));
  return used;
}

Status SqliteMediaRepo::Delete(MediaId id) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM media WHERE id = ?"));
    s->Bind(1, id.value());
    return s->Run();
  });
}

Status SqliteMediaRepo::DeleteForPost(PostId post) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM media WHERE post_id = ?"));
    s->Bind(1, post.value());
    return s->Run();
  });
}

Result<std::vector<std::string>> SqliteMediaRepo::TakeUnreferencedBlobs(int limit) {
  std::vector<std::string> out;
  KRING_TRY(db_.Write([&](Connection& c) -> Status {
    std::vector<std::string> queued;
    {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT hash FROM media_blob_orphans LIMIT ?"));
      s->Bind(1, static_cast<int64_t>(limit));
      for (;;) {
        KRING_ASSIGN_OR_RETURN(bool row, s->Step());
        if (!row) break;
        queued.push_back(s->Text(0));
      }
    }
    for (const auto& h : queued) {
      {
        KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
            "SELECT EXISTS (SELECT 1 FROM media WHERE large_hash = ?1) OR EXISTS (SELECT 1 FROM media WHERE "
            "small_hash = ?1) OR EXISTS (SELECT 1 FROM media WHERE fallback_hash = ?1)"));
        s->Bind(1, h);
        KRING_ASSIGN_OR_RETURN(bool row, s->Step());
        if (row && s->Int(0) == 0) out.push_back(h);
      }
      KRING_ASSIGN_OR_RETURN(auto d, c.Prepare("DELETE FROM media_blob_orphans WHERE hash = ?"));
      d->Bind(1, h);
      KRING_TRY(d->Run());
    }
    return Status::Ok();
  }));
  return out;
}

Result<bool> SqliteMediaRepo::BlobReferenced(const std::string& hash) {
  bool referenced = false;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT EXISTS (SELECT 1 FROM media WHERE large_hash = ?1) OR EXISTS (SELECT 1 FROM media WHERE "
        "small_hash = ?1) OR EXISTS (SELECT 1 FROM media WHERE fallback_hash = ?1)"));
    s->Bind(1, hash);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    referenced = row && s->Int(0) != 0;
    return Status::Ok();
  }));
  return referenced;
}

}  // namespace kring::storage::sqlite
