// Use cases for notifications: turning domain events into notifications (grouped where it helps),
// listing them, unread counts, marking read, per-kind preferences, and live delivery through a
// listener (the streaming endpoint). Also blocks and mutes, which decide who may notify whom.
//
// No notification tells anyone about content they may not read: a mention or reply in a
// members-only community reaches members only, checked when the notification is made and again
// when it is shown.
//
// Thread safety: Handle() may run on an event worker thread while requests call the rest.
#pragma once

#include <functional>
#include <map>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/views.h"

namespace kring::app {

class NotificationService {
 public:
  explicit NotificationService(AppDeps& deps) : d_(deps) {}

  // Called with every new or regrouped notification, after it was stored (live push).
  // REQUIRES: set during start-up, before events flow.
  void SetListener(std::function<void(const NotificationView&)> listener) { listener_ = std::move(listener); }

  // The event subscriber. Failures are logged, never thrown: a lost notification must not take
  // down the event worker.
  void Handle(const core::DomainEvent& event);

  Result<std::vector<NotificationView>> List(const AuthContext& auth, const PageRequest& page, bool unread_only);
  Result<int64_t> UnreadCount(const AuthContext& auth);
  Status MarkRead(const AuthContext& auth, std::optional<int64_t> id);
  // kind -> enabled, for every kind.
  Result<std::map<std::string, bool>> Preferences(const AuthContext& auth);
  Result<std::map<std::string, bool>> SetPreferences(const AuthContext& auth, const std::map<std::string, bool>& changes);

  // Blocks and mutes. Blocking also ends follows both ways.
  Status Block(const AuthContext& auth, AccountId target, const std::string& kind);
  Status Unblock(const AuthContext& auth, AccountId target);
  Result<std::vector<std::pair<BlockRecord, core::Account>>> ListBlocks(const AuthContext& auth);

  // Sends a notification built elsewhere (moderation decisions), honouring preferences.
  void Notify(core::Notification n);

 private:
  // Stores `n` for its recipient unless they muted the kind or hide the actor, or may not read
  // the community it is about. Then pushes it live.
  void Deliver(core::Notification n, bool require_readable = true);
  Result<bool> RecipientMayRead(AccountId recipient, const std::optional<CommunityId>& community);
  Result<std::optional<NotificationView>> MakeView(const core::Notification& n);
  void OnComment(const core::CommentCreated& e);
  void OnMention(const core::AccountMentioned& e);
  void OnReaction(const core::ReactionAdded& e);
  void OnFollow(const core::AccountFollowed& e);
  void OnJoinRequest(const core::JoinRequested& e);
  void OnJoinDecided(const core::JoinRequestDecided& e);
  void OnPublished(const core::PostPublished& e);

  AppDeps& d_;
  std::function<void(const NotificationView&)> listener_;
};

}  // namespace kring::app
