// Internal to storage/memory: the repository classes MemoryStore hands out. Each is a thin view
// over the shared MemoryDb and takes its lock for every call, so a call is atomic on its own and
// joins the transaction of the thread that already holds the lock.
//
// Where the port headers are silent, these choices hold (and are what the contract tests expect):
// - Update/Touch/SetRole/IncrementInviteUse of a missing row: kNotFound. Delete/Remove of a missing
//   row: success, nothing changes (deletes are idempotent, as in SQL).
// - A second row with an existing primary key: kInternal (an id generator bug, not a user error).
// - A row pointing at a missing parent (post in an unknown community, comment on an unknown post,
//   member of an unknown community): kNotFound, where SQL would fail a foreign key.
#pragma once

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/post_repo.h"
#include "app/ports/transactor.h"
#include "storage/memory/memory_tables.h"

namespace kring::storage::memory {

class MemoryTransactor final : public app::Transactor {
 public:
  explicit MemoryTransactor(MemoryDb& db) : db_(db) {}
  Status RunInTransaction(const std::function<Status()>& work) override;

 private:
  MemoryDb& db_;
};

class MemoryAccountRepo final : public app::AccountRepo {
 public:
  explicit MemoryAccountRepo(MemoryDb& db) : db_(db) {}
  Status Create(const core::Account& account) override;
  Result<std::optional<core::Account>> FindById(AccountId id) override;
  Result<std::optional<core::Account>> FindByHandleKey(const std::string& handle_key) override;
  Result<std::optional<core::Account>> FindByEmail(const std::string& email) override;
  Status Update(const core::Account& account) override;
  // Newest first, id cursor.
  Result<std::vector<core::Account>> ListByStatus(core::AccountStatus status, const app::PageRequest& page) override;
  Result<int64_t> Count() override;

 private:
  // kConflict when another account (not `self`) holds the handle key or email of `account`.
  Status CheckUnique(const core::Account& account, std::optional<AccountId> self) const;
  MemoryDb& db_;
};

class MemorySessionRepo final : public app::SessionRepo {
 public:
  explicit MemorySessionRepo(MemoryDb& db) : db_(db) {}
  Status Create(const app::Session& session) override;
  Result<std::optional<app::Session>> FindByTokenHash(const std::string& token_hash) override;
  Status Touch(SessionId id, TimeMs last_used_at) override;
  Status Delete(SessionId id) override;
  Status DeleteAllForAccount(AccountId account) override;
  // Newest first.
  Result<std::vector<app::Session>> ListForAccount(AccountId account) override;

 private:
  MemoryDb& db_;
};

class MemoryInstanceRepo final : public app::InstanceRepo {
 public:
  explicit MemoryInstanceRepo(MemoryDb& db) : db_(db) {}
  // The defaults of InstanceSettings until PutSettings is called.
  Result<app::InstanceSettings> GetSettings() override;
  Status PutSettings(const app::InstanceSettings& settings) override;
  // kConflict "invite_code_taken" for a code in use.
  Status CreateInvite(const app::InstanceInvite& invite) override;
  Result<std::optional<app::InstanceInvite>> FindInvite(const std::string& code) override;
  Status IncrementInviteUse(const std::string& code) override;

 private:
  MemoryDb& db_;
};

class MemoryCommunityRepo final : public app::CommunityRepo {
 public:
  explicit MemoryCommunityRepo(MemoryDb& db) : db_(db) {}
  Status Create(const core::Community& community) override;
  Result<std::optional<core::Community>> FindById(CommunityId id) override;
  Result<std::optional<core::Community>> FindBySlug(const std::string& slug) override;
  // The slug never changes: it is the community's permanent address.
  Status Update(const core::Community& community) override;
  Status Delete(CommunityId id) override;
  Result<std::vector<core::Community>> ListDirectory(const app::DirectoryQuery& query) override;
  // Activity only moves forward: an older time leaves last_activity_at alone.
  Status TouchActivity(CommunityId id, TimeMs at) override;
  Status AddMember(const core::Membership& membership) override;
  Status RemoveMember(CommunityId community, AccountId account) override;
  Status SetRole(CommunityId community, AccountId account, core::MemberRole role) override;
  Result<std::optional<core::Membership>> FindMembership(CommunityId community, AccountId account) override;
  // Offset paging (page.offset, page.limit); the id cursors do not apply to this order.
  Result<std::vector<core::Membership>> ListMembers(CommunityId community, const app::PageRequest& page) override;
  // Oldest membership first.
  Result<std::vector<core::Membership>> ListMembershipsOf(AccountId account) override;
  Status PutJoinRequest(const core::JoinRequest& request) override;
  Result<std::optional<core::JoinRequest>> FindJoinRequest(CommunityId community, AccountId account) override;
  // Oldest first: the moderators' queue.
  Result<std::vector<core::JoinRequest>> ListJoinRequests(CommunityId community, core::JoinRequestState state) override;
  // Newest first.
  Result<std::vector<core::JoinRequest>> ListJoinRequestsOf(AccountId account) override;
  // kConflict "invite_code_taken" for a code in use; kNotFound for an unknown community.
  Status CreateInvite(const core::CommunityInvite& invite) override;
  Result<std::optional<core::CommunityInvite>> FindInviteByCode(const std::string& code) override;
  // Newest first.
  Result<std::vector<core::CommunityInvite>> ListInvites(CommunityId community) override;
  // Replaces expires_at, max_uses, uses and revoked of the invite with the same id.
  Status UpdateInvite(const core::CommunityInvite& invite) override;

 private:
  MemoryDb& db_;
};

// Feeds. Posts deleted by their author or removed by a moderator never appear; the community,
// home and hashtag feeds leave out posts by authors the viewer blocked or muted (the profile feed
// does not: visiting someone's profile is asking to see them). Orders:
// - kNew: id cursor, newest first. The first page (no max_id/min_id) starts with every pinned post,
//   newest first, followed by `limit` unpinned posts: pinned posts do not count toward the limit, so
//   the last item is always an unpinned post and using it as the next max_id skips nothing. Pages
//   with a cursor hold unpinned posts only, so a pinned post never shows twice.
// - kTop: (reactions on the post + comment_count) descending, then id descending; created_at >=
//   top_since; offset paging.
// - kActive: last_activity_at descending, then id descending; offset paging.
class MemoryPostRepo final : public app::PostRepo {
 public:
  explicit MemoryPostRepo(MemoryDb& db) : db_(db) {}
  Status Create(const core::Post& post) override;
  Result<std::optional<core::Post>> FindById(PostId id) override;
  // In the order of `ids`; unknown ids are skipped.
  Result<std::vector<core::Post>> FindByIds(const std::vector<PostId>& ids) override;
  Status Update(const core::Post& post) override;
  Status AddRevision(PostId post, const core::Revision& revision) override;
  // Oldest first.
  Result<std::vector<core::Revision>> ListRevisions(PostId post) override;
  Result<std::vector<core::Post>> ListCommunityFeed(const app::CommunityFeedQuery& query) override;
  Result<std::vector<core::Post>> ListHomeFeed(AccountId viewer, const app::PageRequest& page) override;
  Result<std::vector<core::Post>> ListHashtagFeed(const std::string& tag_key, std::optional<AccountId> viewer,
                                                  const app::PageRequest& page) override;
  Result<std::vector<core::Post>> ListProfileFeed(AccountId author, std::optional<AccountId> viewer,
                                                  const app::PageRequest& page) override;
  // Oldest first, tombstones included.
  Result<std::vector<core::Post>> ListAllByAuthor(AccountId author) override;

 private:
  MemoryDb& db_;
};

class MemoryCommentRepo final : public app::CommentRepo {
 public:
  explicit MemoryCommentRepo(MemoryDb& db) : db_(db) {}
  Status Create(const core::Comment& comment) override;
  Result<std::optional<core::Comment>> FindById(CommentId id) override;
  // Replaces body, body_html, mentions, deleted, removed and edited_at.
  Status Update(const core::Comment& comment) override;
  Status AddRevision(CommentId comment, const core::Revision& revision) override;
  Result<std::vector<core::Revision>> ListRevisions(CommentId comment) override;
  Result<std::vector<core::Comment>> ListForPost(PostId post, int limit) override;
  // Oldest first, tombstones included.
  Result<std::vector<core::Comment>> ListAllByAuthor(AccountId author) override;

 private:
  MemoryDb& db_;
};

class MemoryReactionRepo final : public app::ReactionRepo {
 public:
  explicit MemoryReactionRepo(MemoryDb& db) : db_(db) {}
  Result<bool> Add(const std::string& target_type, int64_t target_id, AccountId account, const std::string& kind,
                   TimeMs at) override;
  Result<bool> Remove(const std::string& target_type, int64_t target_id, AccountId account,
                      const std::string& kind) override;
  // `mine` is sorted by kind name.
  Result<std::map<int64_t, core::ReactionSummary>> Summaries(const std::string& target_type,
                                                             const std::vector<int64_t>& target_ids,
                                                             std::optional<AccountId> viewer) override;
  // Oldest first.
  Result<std::vector<app::ReactionRecord>> ListByAccount(AccountId account) override;

 private:
  MemoryDb& db_;
};

// Follow lists are ordered newest follow first (then by the other account's id, descending) and
// paged with page.offset/page.limit: a follow has no id of its own for a cursor.
class MemoryFollowRepo final : public app::FollowRepo {
 public:
  explicit MemoryFollowRepo(MemoryDb& db) : db_(db) {}
  Result<bool> Add(AccountId follower, AccountId followed, TimeMs at) override;
  Result<bool> Remove(AccountId follower, AccountId followed) override;
  Result<bool> Exists(AccountId follower, AccountId followed) override;
  Result<std::vector<app::FollowRecord>> ListFollowers(AccountId account, const app::PageRequest& page) override;
  Result<std::vector<app::FollowRecord>> ListFollowing(AccountId account, const app::PageRequest& page) override;
  Result<int64_t> CountFollowers(AccountId account) override;
  Result<int64_t> CountFollowing(AccountId account) override;

 private:
  Result<std::vector<app::FollowRecord>> List(AccountId account, bool followers, const app::PageRequest& page);
  MemoryDb& db_;
};

// Blocks and mutes. Put replaces an earlier block or mute of the same target; List is newest first.
class MemoryBlockRepo final : public app::BlockRepo {
 public:
  explicit MemoryBlockRepo(MemoryDb& db) : db_(db) {}
  Status Put(AccountId account, AccountId target, const std::string& kind, TimeMs at) override;
  Status Remove(AccountId account, AccountId target) override;
  Result<std::vector<app::BlockRecord>> List(AccountId account) override;
  Result<bool> Hides(AccountId account, AccountId target) override;
  Result<bool> BlockedEitherWay(AccountId a, AccountId b) override;

 private:
  MemoryDb& db_;
};

class MemoryScheduledPostRepo final : public app::ScheduledPostRepo {
 public:
  explicit MemoryScheduledPostRepo(MemoryDb& db) : db_(db) {}
  Status Create(const app::ScheduledPost& scheduled) override;
  Result<std::optional<app::ScheduledPost>> FindById(ScheduledPostId id) override;
  Status Update(const app::ScheduledPost& scheduled) override;
  Status Delete(ScheduledPostId id) override;
  // Ties on publish_at go by id.
  Result<std::vector<app::ScheduledPost>> ListDue(TimeMs now, int limit) override;
  // Every state, earliest publish_at first.
  Result<std::vector<app::ScheduledPost>> ListForAuthor(AccountId author) override;

 private:
  MemoryDb& db_;
};

// Erasing an unknown account succeeds and changes nothing, so a retried erasure is harmless.
// Called outside a transaction it returns kInternal (the port requires one).
class MemoryAccountEraser final : public app::AccountEraser {
 public:
  explicit MemoryAccountEraser(MemoryDb& db) : db_(db) {}
  Status EraseAccount(AccountId account) override;

 private:
  MemoryDb& db_;
};

}  // namespace kring::storage::memory
