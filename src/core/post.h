// Posts, comments and reactions: what members say to each other.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace kring::core {

enum class PostKind { kDiscussion, kQuestion, kLink, kReview, kAnnouncement };

const char* PostKindName(PostKind k);
std::optional<PostKind> ParsePostKind(std::string_view s);

struct Tag {
  std::string display;  // as first written, NFC
  std::string key;      // fold key
};

struct Post {
  PostId id;
  std::optional<CommunityId> community;  // nullopt: a post on the author's profile
  std::optional<AccountId> author;       // nullopt once the author deleted their account
  PostKind kind = PostKind::kDiscussion;
  std::string title;
  std::string body;       // Markdown source
  std::string body_html;  // rendered, sanitised
  std::string url;        // link posts
  std::string place_name; // reviews: the place or business reviewed
  int rating = 0;         // reviews: 1-5 stars
  std::vector<Tag> hashtags;
  std::vector<AccountId> mentions;
  bool pinned = false;
  bool locked = false;
  bool deleted = false;  // tombstone: text erased, thread kept
  bool removed = false;  // by a moderator: text kept for moderators (and appeals), hidden from others
  // Some attached media (a video) is not ready yet: shown to its author only. Kept by the media
  // repository, never written by post updates.
  bool pending_media = false;
  std::optional<CommentId> accepted_comment;
  TimeMs created_at = 0;
  TimeMs edited_at = 0;  // 0 = never edited
  // Denormalised, kept by the repository in the same transaction as the change.
  int64_t comment_count = 0;
  TimeMs last_activity_at = 0;
};

struct Comment {
  CommentId id;
  PostId post;
  std::optional<CommentId> parent;
  std::optional<AccountId> author;
  std::string body;
  std::string body_html;
  std::vector<AccountId> mentions;
  bool deleted = false;
  bool removed = false;  // by a moderator (see Post::removed)
  TimeMs created_at = 0;
  TimeMs edited_at = 0;
};

// A previous version of a post or comment, kept when it is edited.
struct Revision {
  std::string title;
  std::string body;
  TimeMs replaced_at = 0;  // when this version stopped being current
};

// The fixed set of reactions. "like" is the default; the others are emoji.
const std::vector<std::string>& ReactionKinds();
bool IsReactionKind(std::string_view kind);

// Counts per kind (only kinds with a count > 0) and the caller's own reactions.
struct ReactionSummary {
  std::map<std::string, int64_t> counts;
  std::vector<std::string> mine;
};

constexpr size_t kMaxTitleCodePoints = 300;
constexpr size_t kMaxPostBodyCodePoints = 40000;
constexpr size_t kMaxCommentBodyCodePoints = 10000;
constexpr size_t kMaxUrlBytes = 2048;
constexpr size_t kMaxHashtagsPerPost = 30;
constexpr size_t kMaxMentionsPerText = 30;

// Checks the fields that depend on the kind (title required for link posts, rating for reviews ...).
// Does not check permissions (permissions.h).
Status ValidatePostFields(const Post& post);
Status ValidateCommentBody(std::string_view body);
// http or https with a host; no spaces or control characters.
Status ValidateLinkUrl(std::string_view url);

}  // namespace kring::core
