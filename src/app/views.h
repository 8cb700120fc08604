// Read models returned by use cases: a domain object with what a client needs to show it
// (author, community, reaction counts, what the viewer may do). The API turns them into JSON.
#pragma once

#include <optional>
#include <vector>

#include "app/ports/media_repo.h"
#include "core/account.h"
#include "core/community.h"
#include "core/notification.h"
#include "core/permissions.h"
#include "core/post.h"

namespace kring::app {

struct AccountView {
  core::Account account;
  int64_t followers_count = 0;
  int64_t following_count = 0;
  std::optional<bool> followed_by_viewer;  // set when a signed-in viewer asks
};

struct CommunityView {
  core::Community community;
  std::optional<core::Membership> membership;     // the viewer's
  std::optional<core::JoinRequest> join_request;  // the viewer's pending or decided request
  bool can_read = false;
  bool can_moderate = false;
};

struct PostView {
  core::Post post;
  std::optional<core::Account> author;
  std::optional<core::Community> community;
  core::ReactionSummary reactions;
  bool can_edit = false;      // the author
  bool can_moderate = false;  // lock, pin, delete others' posts
  std::vector<MediaRecord> media;  // attached photos, in order (none for deleted posts)
};

struct CommentView {
  core::Comment comment;
  std::optional<core::Account> author;
  core::ReactionSummary reactions;
  bool can_edit = false;
  bool is_accepted_answer = false;
  bool hidden = false;  // written by someone the viewer blocked or muted
  int64_t reply_count = 0;          // direct replies, including collapsed ones
  bool more_replies = false;        // replies exist below the render depth
  std::vector<MediaRecord> media;   // the comment's photo (none when deleted, hidden or removed)
  std::vector<CommentView> replies;
};

struct ThreadView {
  PostView post;
  std::vector<CommentView> comments;  // top level, each with nested replies
  int64_t total_comments = 0;
};

struct NotificationView {
  core::Notification notification;
  std::vector<core::Account> actors;  // latest first, at most three
  std::optional<core::Post> post;
  std::optional<core::Comment> comment;
  std::optional<core::Community> community;
};

}  // namespace kring::app
