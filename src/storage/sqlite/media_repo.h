// SqliteMediaRepo: the `media` table (migrations 0005, 0008) and the queue of blobs to sweep.
// Thread safety: safe from any thread (see database.h).
#pragma once

#include "app/ports/media_repo.h"
#include "storage/sqlite/database.h"

namespace kring::storage::sqlite {

class SqliteMediaRepo final : public app::MediaRepo {
 public:
  explicit SqliteMediaRepo(Database& db) : db_(db) {}
  Status Create(const app::MediaRecord& m) override;
  Result<std::optional<app::MediaRecord>> FindById(MediaId id) override;
  Result<std::vector<app::MediaRecord>> FindBySourceHash(const std::string& source_hash) override;
  Result<std::vector<app::MediaRecord>> ListForPosts(const std::vector<PostId>& posts) override;
  Status SetAlt(MediaId id, const std::string& alt) override;
  Result<std::vector<app::MediaRecord>> ListForComments(const std::vector<CommentId>& comments) override;
  Status AttachToComment(const std::vector<MediaId>& ids, AccountId uploader, CommentId comment) override;
  Status DeleteForComment(CommentId comment) override;
  Status AttachToPost(const std::vector<MediaId>& ids, AccountId uploader, PostId post) override;
  Result<int64_t> BytesUsedBy(AccountId uploader) override;
  Result<std::vector<MediaId>> ListProcessing() override;
  Result<bool> FinishVideo(const app::MediaRecord& m) override;
  Status ReplaceAvatar(AccountId account, const std::optional<app::MediaRecord>& m) override;
  Status ReplaceBanner(CommunityId community, const std::optional<app::MediaRecord>& m) override;
  Status Delete(MediaId id) override;
  Status DeleteForPost(PostId post) override;
  Result<std::vector<std::string>> TakeUnreferencedBlobs(int limit) override;
  Result<bool> BlobReferenced(const std::string& hash) override;

 private:
  Result<std::vector<app::MediaRecord>> Query(const std::string& sql, const std::function<void(Statement&)>& bind);
  Database& db_;
};

}  // namespace kring::storage::sqlite
