// Storage of posts, comments, reactions and their revisions, and the feed queries over them.
// Feed queries apply the visibility rule of core/permissions.h (members-only content only for
// members) in the query itself, so no caller can forget it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "core/post.h"

namespace kring::app {

enum class FeedSort { kNew, kTop, kActive };

struct CommunityFeedQuery {
  CommunityId community;
  std::optional<AccountId> viewer;  // posts by accounts the viewer blocked or muted are left out
  FeedSort sort = FeedSort::kNew;
  TimeMs top_since = 0;  // kTop: only posts created at or after this time (0 = all time)
  PageRequest page;
};

class PostRepo {
 public:
  virtual ~PostRepo() = default;
  // Stores the post with its hashtags and mentions; bumps the community's post count and activity.
  virtual Status Create(const core::Post& post) = 0;
  virtual Result<std::optional<core::Post>> FindById(PostId id) = 0;
  virtual Result<std::vector<core::Post>> FindByIds(const std::vector<PostId>& ids) = 0;
  // Replaces the editable fields, flags, hashtags and mentions.
  virtual Status Update(const core::Post& post) = 0;
  virtual Status AddRevision(PostId post, const core::Revision& revision) = 0;
  virtual Result<std::vector<core::Revision>> ListRevisions(PostId post) = 0;

  // Feeds. Deleted posts never appear. Pinned posts come first in a community's first page of
  // kNew (when no cursor is given).
  virtual Result<std::vector<core::Post>> ListCommunityFeed(const CommunityFeedQuery& query) = 0;
  // Posts in communities `viewer` belongs to, and posts by accounts `viewer` follows that `viewer`
  // may read; newest first.
  virtual Result<std::vector<core::Post>> ListHomeFeed(AccountId viewer, const PageRequest& page) = 0;
  virtual Result<std::vector<core::Post>> ListHashtagFeed(const std::string& tag_key,
                                                          std::optional<AccountId> viewer,
                                                          const PageRequest& page) = 0;
  virtual Result<std::vector<core::Post>> ListProfileFeed(AccountId author, std::optional<AccountId> viewer,
                                                          const PageRequest& page) = 0;
  // Everything the account wrote (for export), including posts in members-only communities.
  virtual Result<std::vector<core::Post>> ListAllByAuthor(AccountId author) = 0;
};

class CommentRepo {
 public:
  virtual ~CommentRepo() = default;
  // Stores the comment; bumps the post's comment count and last activity.
  virtual Status Create(const core::Comment& comment) = 0;
  virtual Result<std::optional<core::Comment>> FindById(CommentId id) = 0;
  virtual Status Update(const core::Comment& comment) = 0;
  virtual Status AddRevision(CommentId comment, const core::Revision& revision) = 0;
  virtual Result<std::vector<core::Revision>> ListRevisions(CommentId comment) = 0;
  // All comments of a post (deleted ones included, as tombstones), oldest first, at most `limit`.
  virtual Result<std::vector<core::Comment>> ListForPost(PostId post, int limit) = 0;
  virtual Result<std::vector<core::Comment>> ListAllByAuthor(AccountId author) = 0;
};

struct ReactionRecord {
  std::string target_type;  // "post" or "comment"
  int64_t target_id = 0;
  std::string kind;
  TimeMs created_at = 0;
};

class ReactionRepo {
 public:
  virtual ~ReactionRepo() = default;
  // Idempotent: adding an existing reaction or removing a missing one succeeds and changes nothing.
  // Returns whether anything changed.
  virtual Result<bool> Add(const std::string& target_type, int64_t target_id, AccountId account,
                           const std::string& kind, TimeMs at) = 0;
  virtual Result<bool> Remove(const std::string& target_type, int64_t target_id, AccountId account,
                              const std::string& kind) = 0;
  virtual Result<std::map<int64_t, core::ReactionSummary>> Summaries(const std::string& target_type,
                                                                     const std::vector<int64_t>& target_ids,
                                                                     std::optional<AccountId> viewer) = 0;
  virtual Result<std::vector<ReactionRecord>> ListByAccount(AccountId account) = 0;
};

struct FollowRecord {
  AccountId follower;
  AccountId followed;
  TimeMs created_at = 0;
};

class FollowRepo {
 public:
  virtual ~FollowRepo() = default;
  virtual Result<bool> Add(AccountId follower, AccountId followed, TimeMs at) = 0;  // idempotent
  virtual Result<bool> Remove(AccountId follower, AccountId followed) = 0;          // idempotent
  virtual Result<bool> Exists(AccountId follower, AccountId followed) = 0;
  virtual Result<std::vector<FollowRecord>> ListFollowers(AccountId account, const PageRequest& page) = 0;
  virtual Result<std::vector<FollowRecord>> ListFollowing(AccountId account, const PageRequest& page) = 0;
  virtual Result<int64_t> CountFollowers(AccountId account) = 0;
  virtual Result<int64_t> CountFollowing(AccountId account) = 0;
};

// A post waiting for its time. When due, the publisher turns it into a real post with a fresh id,
// so it lands at the top of the feeds at its publication time.
struct ScheduledPost {
  ScheduledPostId id;
  AccountId author;
  core::Post draft;  // id and created_at unset
  TimeMs publish_at = 0;
  std::string state = "scheduled";  // scheduled | published | failed
  std::string failure;              // public reason when failed
  std::optional<PostId> published_post;
  TimeMs created_at = 0;
};

class ScheduledPostRepo {
 public:
  virtual ~ScheduledPostRepo() = default;
  virtual Status Create(const ScheduledPost& scheduled) = 0;
  virtual Result<std::optional<ScheduledPost>> FindById(ScheduledPostId id) = 0;
  virtual Status Update(const ScheduledPost& scheduled) = 0;
  virtual Status Delete(ScheduledPostId id) = 0;
  // State "scheduled" with publish_at <= now, oldest first.
  virtual Result<std::vector<ScheduledPost>> ListDue(TimeMs now, int limit) = 0;
  virtual Result<std::vector<ScheduledPost>> ListForAuthor(AccountId author) = 0;
};

// Erasure of everything that identifies one account (GDPR Art. 17). Implemented by the storage
// adapter, which knows every table: the account row, sessions, memberships, requests, follows,
// reactions, mentions and revisions are removed; the account's posts and comments become
// tombstones (text erased, author cleared) so other people's replies keep their place.
// REQUIRES: called inside a transaction.
class AccountEraser {
 public:
  virtual ~AccountEraser() = default;
  virtual Status EraseAccount(AccountId account) = 0;
};

}  // namespace kring::app
