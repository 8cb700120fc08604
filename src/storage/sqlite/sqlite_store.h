// SqliteStore: every repository port implemented on one SQLite Database. main builds one and hands
// its parts to AppDeps; tests build one on a temporary file.
//
// Thread safety: every repository is safe from any thread (see database.h).
#pragma once

#include <memory>

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/moderation_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/post_repo.h"
#include "app/ports/search_repo.h"
#include "storage/sqlite/database.h"

namespace kring::storage::sqlite {

class SqliteAccountRepo final : public app::AccountRepo {
 public:
  explicit SqliteAccountRepo(Database& db) : db_(db) {}
  Status Create(const core::Account& a) override;
  Result<std::optional<core::Account>> FindById(AccountId id) override;
  Result<std::optional<core::Account>> FindByHandleKey(const std::string& key) override;
  Result<std::optional<core::Account>> FindByEmail(const std::string& email) override;
  Status Update(const core::Account& a) override;
  Result<std::vector<core::Account>> ListByStatus(core::AccountStatus status, const app::PageRequest& page) override;
  Result<int64_t> Count() override;

 private:
  Result<std::optional<core::Account>> FindOne(const char* where, const std::string& value, int64_t int_value);
  Database& db_;
};

class SqliteSessionRepo final : public app::SessionRepo {
 public:
  explicit SqliteSessionRepo(Database& db) : db_(db) {}
  Status Create(const app::Session& s) override;
  Result<std::optional<app::Session>> FindByTokenHash(const std::string& token_hash) override;
  Status Touch(SessionId id, TimeMs at) override;
  Status Delete(SessionId id) override;
  Status DeleteAllForAccount(AccountId account) override;
  Result<std::vector<app::Session>> ListForAccount(AccountId account) override;

 private:
  Database& db_;
};

class SqliteInstanceRepo final : public app::InstanceRepo {
 public:
  explicit SqliteInstanceRepo(Database& db) : db_(db) {}
  Result<app::InstanceSettings> GetSettings() override;
  Status PutSettings(const app::InstanceSettings& s) override;
  Status CreateInvite(const app::InstanceInvite& invite) override;
  Result<std::optional<app::InstanceInvite>> FindInvite(const std::string& code) override;
  Status IncrementInviteUse(const std::string& code) override;

 private:
  Database& db_;
};

class SqliteCommunityRepo final : public app::CommunityRepo {
 public:
  explicit SqliteCommunityRepo(Database& db) : db_(db) {}
  Status Create(const core::Community& c) override;
  Result<std::optional<core::Community>> FindById(CommunityId id) override;
  Result<std::optional<core::Community>> FindBySlug(const std::string& slug) override;
  Status Update(const core::Community& c) override;
  Status Delete(CommunityId id) override;
  Result<std::vector<core::Community>> ListDirectory(const app::DirectoryQuery& q) override;
  Status TouchActivity(CommunityId id, TimeMs at) override;
  Status AddMember(const core::Membership& m) override;
  Status RemoveMember(CommunityId community, AccountId account) override;
  Status SetRole(CommunityId community, AccountId account, core::MemberRole role) override;
  Result<std::optional<core::Membership>> FindMembership(CommunityId community, AccountId account) override;
  Result<std::vector<core::Membership>> ListMembers(CommunityId community, const app::PageRequest& page) override;
  Result<std::vector<core::Membership>> ListMembershipsOf(AccountId account) override;
  Status PutJoinRequest(const core::JoinRequest& r) override;
  Result<std::optional<core::JoinRequest>> FindJoinRequest(CommunityId community, AccountId account) override;
  Result<std::vector<core::JoinRequest>> ListJoinRequests(CommunityId community, core::JoinRequestState state) override;
  Result<std::vector<core::JoinRequest>> ListJoinRequestsOf(AccountId account) override;
  Status CreateInvite(const core::CommunityInvite& inv) override;
  Result<std::optional<core::CommunityInvite>> FindInviteByCode(const std::string& code) override;
  Result<std::vector<core::CommunityInvite>> ListInvites(CommunityId community) override;
  Status UpdateInvite(const core::CommunityInvite& inv) override;

 private:
  Result<std::vector<core::Community>> Query(const std::string& sql,
                                             const std::function<void(Statement&)>& bind);
  Status LoadTopics(Connection& c, core::Community& community);
  Status SaveTopics(Connection& c, const core::Community& community);
  Database& db_;
};

class SqlitePostRepo final : public app::PostRepo {
 public:
  explicit SqlitePostRepo(Database& db) : db_(db) {}
  Status Create(const core::Post& p) override;
  Result<std::optional<core::Post>> FindById(PostId id) override;
  Result<std::vector<core::Post>> FindByIds(const std::vector<PostId>& ids) override;
  Status Update(const core::Post& p) override;
  Status AddRevision(PostId post, const core::Revision& r) override;
  Result<std::vector<core::Revision>> ListRevisions(PostId post) override;
  Result<std::vector<core::Post>> ListCommunityFeed(const app::CommunityFeedQuery& q) override;
  Result<std::vector<core::Post>> ListHomeFeed(AccountId viewer, const app::PageRequest& page) override;
  Result<std::vector<core::Post>> ListHashtagFeed(const std::string& tag_key, std::optional<AccountId> viewer,
                                                  const app::PageRequest& page) override;
  Result<std::vector<core::Post>> ListProfileFeed(AccountId author, std::optional<AccountId> viewer,
                                                  const app::PageRequest& page) override;
  Result<std::vector<core::Post>> ListAllByAuthor(AccountId author) override;

 private:
  // Runs a SELECT of post columns; `bind` binds the parameters; loads hashtags and mentions.
  Result<std::vector<core::Post>> Query(const std::string& sql, const std::function<void(Statement&)>& bind);
  Result<std::vector<core::Post>> CursorFeed(const std::string& where, const app::PageRequest& page,
                                             const std::function<int(Statement&)>& bind_where);
  Status SaveTags(Connection& c, const core::Post& p);
  Database& db_;
};

class SqliteCommentRepo final : public app::CommentRepo {
 public:
  explicit SqliteCommentRepo(Database& db) : db_(db) {}
  Status Create(const core::Comment& c) override;
  Result<std::optional<core::Comment>> FindById(CommentId id) override;
  Status Update(const core::Comment& c) override;
  Status AddRevision(CommentId comment, const core::Revision& r) override;
  Result<std::vector<core::Revision>> ListRevisions(CommentId comment) override;
  Result<std::vector<core::Comment>> ListForPost(PostId post, int limit) override;
  Result<std::vector<core::Comment>> ListAllByAuthor(AccountId author) override;

 private:
  Result<std::vector<core::Comment>> Query(const std::string& sql, const std::function<void(Statement&)>& bind);
  Database& db_;
};

class SqliteReactionRepo final : public app::ReactionRepo {
 public:
  explicit SqliteReactionRepo(Database& db) : db_(db) {}
  Result<bool> Add(const std::string& target_type, int64_t target_id, AccountId account, const std::string& kind,
                   TimeMs at) override;
  Result<bool> Remove(const std::string& target_type, int64_t target_id, AccountId account,
                      const std::string& kind) override;
  Result<std::map<int64_t, core::ReactionSummary>> Summaries(const std::string& target_type,
                                                             const std::vector<int64_t>& target_ids,
                                                             std::optional<AccountId> viewer) override;
  Result<std::vector<app::ReactionRecord>> ListByAccount(AccountId account) override;

 private:
  Database& db_;
};

class SqliteFollowRepo final : public app::FollowRepo {
 public:
  explicit SqliteFollowRepo(Database& db) : db_(db) {}
  Result<bool> Add(AccountId follower, AccountId followed, TimeMs at) override;
  Result<bool> Remove(AccountId follower, AccountId followed) override;
  Result<bool> Exists(AccountId follower, AccountId followed) override;
  Result<std::vector<app::FollowRecord>> ListFollowers(AccountId account, const app::PageRequest& page) override;
  Result<std::vector<app::FollowRecord>> ListFollowing(AccountId account, const app::PageRequest& page) override;
  Result<int64_t> CountFollowers(AccountId account) override;
  Result<int64_t> CountFollowing(AccountId account) override;

 private:
  Result<std::vector<app::FollowRecord>> List(const char* sql, AccountId account, const app::PageRequest& page);
  Result<int64_t> CountWhere(const char* sql, AccountId account);
  Database& db_;
};

class SqliteScheduledPostRepo final : public app::ScheduledPostRepo {
 public:
  explicit SqliteScheduledPostRepo(Database& db) : db_(db) {}
  Status Create(const app::ScheduledPost& s) override;
  Result<std::optional<app::ScheduledPost>> FindById(ScheduledPostId id) override;
  Status Update(const app::ScheduledPost& s) override;
  Status Delete(ScheduledPostId id) override;
  Result<std::vector<app::ScheduledPost>> ListDue(TimeMs now, int limit) override;
  Result<std::vector<app::ScheduledPost>> ListForAuthor(AccountId author) override;

 private:
  Result<std::vector<app::ScheduledPost>> Query(const std::string& sql, const std::function<void(Statement&)>& bind);
  Database& db_;
};

class SqliteAccountEraser final : public app::AccountEraser {
 public:
  explicit SqliteAccountEraser(Database& db) : db_(db) {}
  Status EraseAccount(AccountId account) override;

 private:
  Database& db_;
};

class SqliteSearchRepo final : public app::SearchRepo {
 public:
  explicit SqliteSearchRepo(Database& db) : db_(db) {}
  Result<std::vector<app::SearchHit>> SearchPosts(const std::string& fts, const app::SearchFilters& filters,
                                                  std::optional<AccountId> viewer, TimeMs now,
                                                  const app::SearchPage& page) override;
  Result<std::vector<app::SearchHit>> SearchComments(const std::string& fts, const app::SearchFilters& filters,
                                                     std::optional<AccountId> viewer, TimeMs now,
                                                     const app::SearchPage& page) override;
  Result<std::vector<app::SearchHit>> SearchCommunities(const std::string& fts, std::optional<AccountId> viewer,
                                                        const app::SearchPage& page) override;
  Result<std::vector<app::SearchHit>> SearchAccounts(const std::string& fts, const app::SearchPage& page) override;

 private:
  Result<std::vector<app::SearchHit>> Run(const std::string& sql, const std::function<void(Statement&)>& bind);
  Database& db_;
};

class SqliteNotificationRepo final : public app::NotificationRepo {
 public:
  explicit SqliteNotificationRepo(Database& db) : db_(db) {}
  Result<int64_t> Add(const core::Notification& n) override;
  Result<std::optional<core::Notification>> FindById(int64_t id) override;
  Result<std::vector<core::Notification>> List(AccountId account, const app::PageRequest& page, bool unread_only) override;
  Result<std::vector<AccountId>> Actors(int64_t notification_id, int limit) override;
  Result<int64_t> CountUnread(AccountId account) override;
  Status MarkRead(AccountId account, std::optional<int64_t> id, TimeMs at) override;
  Result<std::vector<std::string>> MutedKinds(AccountId account) override;
  Status SetKindMuted(AccountId account, const std::string& kind, bool muted) override;

 private:
  Result<std::vector<core::Notification>> Query(const std::string& sql, const std::function<void(Statement&)>& bind);
  Database& db_;
};

class SqliteBlockRepo final : public app::BlockRepo {
 public:
  explicit SqliteBlockRepo(Database& db) : db_(db) {}
  Status Put(AccountId account, AccountId target, const std::string& kind, TimeMs at) override;
  Status Remove(AccountId account, AccountId target) override;
  Result<std::vector<app::BlockRecord>> List(AccountId account) override;
  Result<bool> Hides(AccountId account, AccountId target) override;
  Result<bool> BlockedEitherWay(AccountId a, AccountId b) override;

 private:
  Database& db_;
};

class SqliteModerationRepo final : public app::ModerationRepo {
 public:
  explicit SqliteModerationRepo(Database& db) : db_(db) {}
  Status AddReport(const core::Report& r) override;
  Result<std::optional<core::Report>> FindReport(int64_t id) override;
  Result<std::vector<core::Report>> ListOpenReports(std::optional<CommunityId> community, int limit) override;
  Status ResolveReports(const std::string& target_type, int64_t target_id, int64_t decision_id, TimeMs at) override;
  Status AddDecision(const core::Decision& d) override;
  Result<std::optional<core::Decision>> FindDecision(int64_t id) override;
  Status MarkReversed(int64_t decision_id, TimeMs at) override;
  Result<std::vector<core::Decision>> ListDecisions(std::optional<CommunityId> community,
                                                    const app::PageRequest& page) override;
  Status AddAppeal(const core::Appeal& a) override;
  Result<std::optional<core::Appeal>> FindAppeal(int64_t id) override;
  Result<std::optional<core::Appeal>> FindAppealOfDecision(int64_t decision_id) override;
  Status UpdateAppeal(const core::Appeal& a) override;
  Result<std::vector<core::Appeal>> ListOpenAppeals(std::optional<CommunityId> community) override;
  Result<std::vector<core::Report>> ListReportsBy(AccountId account) override;
  Result<std::vector<core::Appeal>> ListAppealsBy(AccountId account) override;
  Status PutBan(CommunityId community, AccountId account, TimeMs until, int64_t decision_id) override;
  Status RemoveBan(CommunityId community, AccountId account) override;
  Result<std::optional<TimeMs>> ActiveBan(CommunityId community, AccountId account, TimeMs now) override;

 private:
  Database& db_;
};

class SqliteStore {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db)
      : db_(std::move(db)), accounts_(*db_), sessions_(*db_), instance_(*db_), communities_(*db_), posts_(*db_),
        comments_(*db_), reactions_(*db_), follows_(*db_), scheduled_(*db_), eraser_(*db_), search_(*db_),
        notifications_(*db_), blocks_(*db_), moderation_(*db_) {}

  Database& db() { return *db_; }
  app::Transactor& transactor() { return *db_; }
  app::AccountRepo& accounts() { return accounts_; }
  app::SessionRepo& sessions() { return sessions_; }
  app::InstanceRepo& instance() { return instance_; }
  app::CommunityRepo& communities() { return communities_; }
  app::PostRepo& posts() { return posts_; }
  app::CommentRepo& comments() { return comments_; }
  app::ReactionRepo& reactions() { return reactions_; }
  app::FollowRepo& follows() { return follows_; }
  app::ScheduledPostRepo& scheduled() { return scheduled_; }
  app::AccountEraser& eraser() { return eraser_; }
  app::SearchRepo& search() { return search_; }
  app::NotificationRepo& notifications() { return notifications_; }
  app::BlockRepo& blocks() { return blocks_; }
  app::ModerationRepo& moderation() { return moderation_; }

 private:
  std::unique_ptr<Database> db_;
  SqliteAccountRepo accounts_;
  SqliteSessionRepo sessions_;
  SqliteInstanceRepo instance_;
  SqliteCommunityRepo communities_;
  SqlitePostRepo posts_;
  SqliteCommentRepo comments_;
  SqliteReactionRepo reactions_;
  SqliteFollowRepo follows_;
  SqliteScheduledPostRepo scheduled_;
  SqliteAccountEraser eraser_;
  SqliteSearchRepo search_;
  SqliteNotificationRepo notifications_;
  SqliteBlockRepo blocks_;
  SqliteModerationRepo moderation_;
};

// Joins list items with U+001E for a TEXT column, and splits them back. Items never contain
// control characters (validated in core), so the separator cannot collide.
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitList(const std::string& joined);

}  // namespace kring::storage::sqlite
