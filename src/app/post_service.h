// Use cases for posts, comments, reactions and feeds: what members write and read.
//
// Visibility: every read goes through CanReadContent (core/permissions.h) or through a repository
// feed query that applies the same rule; a members-only community's content is returned to
// members alone. Not-visible and not-existing answer the same (not_found), so ids leak nothing.
//
// Thread safety: stateless beyond AppDeps; safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/views.h"

namespace kring::app {

struct PostInput {
  std::string community_slug;  // "" = a post on the author's own profile
  std::string kind = "discussion";
  std::string title, body, url, place_name;
  int rating = 0;
  std::optional<TimeMs> scheduled_at;  // publish later
  std::vector<MediaId> media_ids;      // the author's own unattached uploads, at most 10
};

struct PostEdit {
  std::optional<std::string> title, body, url, place_name;
  std::optional<int> rating;
};

// Either a published post or a scheduled one.
struct CreatePostOutcome {
  std::optional<PostView> post;
  std::optional<ScheduledPost> scheduled;
};

enum class CommentSort { kOld, kNew, kTop };

class PostService {
 public:
  explicit PostService(AppDeps& deps) : d_(deps) {}

  Result<CreatePostOutcome> CreatePost(const AuthContext& auth, const PostInput& input);
  Result<PostView> GetPost(PostId id, const core::Viewer& viewer);
  Result<PostView> EditPost(const AuthContext& auth, PostId id, const PostEdit& edit);
  // The author or a moderator. The post becomes a tombstone; its thread stays.
  Status DeletePost(const AuthContext& auth, PostId id);
  Result<PostView> SetLocked(const AuthContext& auth, PostId id, bool locked);
  Result<PostView> SetPinned(const AuthContext& auth, PostId id, bool pinned);
  // Question posts: the author marks (or with nullopt clears) the accepted answer.
  Result<PostView> AcceptAnswer(const AuthContext& auth, PostId id, std::optional<CommentId> comment);
  Result<std::vector<core::Revision>> PostHistory(PostId id, const core::Viewer& viewer);

  // Scheduled posts of the caller, and cancelling one.
  Result<std::vector<ScheduledPost>> ListScheduled(const AuthContext& auth);
  Status CancelScheduled(const AuthContext& auth, ScheduledPostId id);
  // Publishes every scheduled post that is due; returns how many were published. Called by the
  // background publisher; safe to call repeatedly (each post is published once).
  Result<int> PublishDue();

  // Comments.
  // `media`: at most one of the author's own unattached, ready photos (invalid_media otherwise).
  Result<CommentView> CreateComment(const AuthContext& auth, PostId post, std::optional<CommentId> parent,
                                    const std::string& body, const std::vector<MediaId>& media = {});
  Result<CommentView> EditComment(const AuthContext& auth, CommentId id, const std::string& body);
  Status DeleteComment(const AuthContext& auth, CommentId id);
  Result<std::vector<core::Revision>> CommentHistory(CommentId id, const core::Viewer& viewer);
  // The post with its comment tree, rendered to `depth` levels (0 = the configured default).
  Result<ThreadView> GetThread(PostId post, const core::Viewer& viewer, CommentSort sort, int depth);
  // The subtree below one comment (for "more replies").
  Result<CommentView> GetCommentSubtree(CommentId id, const core::Viewer& viewer, CommentSort sort, int depth);

  // Reactions: idempotent. Returns the target's fresh summary.
  Result<core::ReactionSummary> React(const AuthContext& auth, const std::string& target_type, int64_t target_id,
                                      const std::string& kind, bool add);

  // Feeds.
  Result<std::vector<PostView>> CommunityFeed(const std::string& slug, const core::Viewer& viewer, FeedSort sort,
                                              const std::string& window, const PageRequest& page);
  Result<std::vector<PostView>> HomeFeed(const AuthContext& auth, const PageRequest& page);
  Result<std::vector<PostView>> HashtagFeed(const std::string& tag, const core::Viewer& viewer,
                                            const PageRequest& page);
  Result<std::vector<PostView>> ProfileFeed(AccountId author, const core::Viewer& viewer, const PageRequest& page);

 private:
  struct Access {
    std::optional<core::Community> community;
    std::optional<core::Membership> membership;
  };
  Status RequireNotBlocked(AccountId actor, AccountId other);
  Result<Access> AccessTo(const std::optional<CommunityId>& community, const core::Viewer& viewer);
  Result<std::pair<core::Post, Access>> LoadVisiblePost(PostId id, const core::Viewer& viewer);
  // Renders Markdown and resolves hashtags and mentions into the post or comment.
  Result<RenderedText> Render(const std::string& markdown);
  Result<std::vector<AccountId>> ResolveMentions(const RenderedText& rendered);
  Result<std::vector<PostView>> MakeViews(std::vector<core::Post> posts, const core::Viewer& viewer);
  Result<PostView> MakeView(core::Post post, const Access& access, const core::Viewer& viewer);
  Result<core::Post> BuildPost(const AuthContext& auth, const PostInput& input, Access& access);
  Result<PostView> PublishPost(core::Post post, const Access& access, const core::Viewer& viewer, bool scheduled,
                               const std::vector<MediaId>& media = {});
  Status AttachMediaToViews(std::vector<PostView>& views);
  // A post whose video is still processing (or failed) is its author's alone.
  static bool MediaReadyFor(const core::Post& p, const core::Viewer& viewer);
  Result<CommentView> BuildCommentTree(const core::Post& post, std::vector<core::Comment> comments,
                                       std::optional<CommentId> root, const core::Viewer& viewer, bool can_moderate,
                                       CommentSort sort, int depth, std::vector<CommentView>* top_level);
  AppDeps& d_;
};

}  // namespace kring::app
