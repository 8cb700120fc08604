// Notifications: what Kring tells a person, and the kinds they can switch off.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/strong_id.h"

namespace kring::core {

// Stable kind names (also used for preferences).
inline constexpr const char* kNotifyReply = "reply";                    // a comment on your post or a reply to your comment
inline constexpr const char* kNotifyMention = "mention";
inline constexpr const char* kNotifyReaction = "reaction";              // grouped per post or comment
inline constexpr const char* kNotifyFollow = "follow";                  // grouped
inline constexpr const char* kNotifyJoinRequest = "join_request";       // to moderators, grouped per community
inline constexpr const char* kNotifyJoinDecided = "join_decided";       // your request was approved or rejected
inline constexpr const char* kNotifyScheduled = "scheduled_published";  // your scheduled post went live
inline constexpr const char* kNotifyModeration = "moderation";          // a decision about you or your content
inline constexpr const char* kNotifyAppeal = "appeal";                  // the outcome of your appeal

const std::vector<std::string>& NotificationKinds();
bool IsNotificationKind(std::string_view kind);

struct Notification {
  int64_t id = 0;
  AccountId recipient;
  std::string kind;
  std::string group_key;  // non-empty for grouped kinds
  std::optional<AccountId> actor;
  int64_t actor_count = 0;
  std::optional<PostId> post;
  std::optional<CommentId> comment;
  std::optional<CommunityId> community;
  int64_t subject_id = 0;
  std::string text;
  TimeMs created_at = 0;
  TimeMs read_at = 0;
};

}  // namespace kring::core
