#include "app/notification_service.h"

#include <algorithm>

#include "base/log.h"
#include "core/permissions.h"

namespace kring::app {

using core::Notification;

namespace {
template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

void NotificationService::Handle(const core::DomainEvent& event) {
  std::visit(Overloaded{
                 [this](const core::CommentCreated& e) { OnComment(e); },
                 [this](const core::AccountMentioned& e) { OnMention(e); },
                 [this](const core::ReactionAdded& e) { OnReaction(e); },
                 [this](const core::AccountFollowed& e) { OnFollow(e); },
                 [this](const core::JoinRequested& e) { OnJoinRequest(e); },
                 [this](const core::JoinRequestDecided& e) { OnJoinDecided(e); },
                 [this](const core::PostPublished& e) { OnPublished(e); },
                 [](const auto&) {},
             },
             event);
}

Result<bool> NotificationService::RecipientMayRead(AccountId recipient, const std::optional<CommunityId>& community) {
  if (!community) return true;
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(*community));
  if (!c) return false;
  KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(*community, recipient));
  return core::CanReadContent(*c, m);
}

void NotificationService::Notify(Notification n) {
  // Decisions and appeal outcomes concern the person even where they can no longer read (a ban).
  bool about_them = n.kind == core::kNotifyModeration || n.kind == core::kNotifyAppeal;
  Deliver(std::move(n), !about_them);
}

void NotificationService::Deliver(Notification n, bool require_readable) {
  auto fail = [](const Error& e) { LogError("notification not delivered: " + e.internal_message); };
  if (n.actor && *n.actor == n.recipient) return;  // nobody is told about their own doing
  auto muted = d_.notifications.MutedKinds(n.recipient);
  if (!muted) return fail(muted.error());
  if (std::find(muted->begin(), muted->end(), n.kind) != muted->end()) return;
  if (n.actor) {
    auto hides = d_.blocks.Hides(n.recipient, *n.actor);
    if (!hides) return fail(hides.error());
    if (*hides) return;
  }
  if (require_readable) {
    auto may = RecipientMayRead(n.recipient, n.community);
    if (!may) return fail(may.error());
    if (!*may) return;
  }
  n.id = d_.ids.Next();
  n.created_at = d_.clock.Now();
  int64_t stored = 0;
  Status st = d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(stored, d_.notifications.Add(n));
    return Status::Ok();
  });
  if (!st) return fail(st.error());
  if (!listener_) return;
  auto fresh = d_.notifications.FindById(stored);
  if (!fresh || !*fresh) return;
  auto view = MakeView(**fresh);
  if (view && *view) listener_(**view);
}

void NotificationService::OnComment(const core::CommentCreated& e) {
  auto post = d_.posts.FindById(e.post);
  if (!post || !*post) return;
  Notification n;
  n.kind = core::kNotifyReply;
  n.actor = e.author;
  n.post = e.post;
  n.comment = e.comment;
  n.community = (*post)->community;
  std::optional<AccountId> told;
  if ((*post)->author) {
    n.recipient = *(*post)->author;
    told = n.recipient;
    Deliver(n);
  }
  if (e.parent) {
    auto parent = d_.comments.FindById(*e.parent);
    if (parent && *parent && (*parent)->author && (*parent)->author != told) {
      n.recipient = *(*parent)->author;
      Deliver(n);
    }
  }
}

void NotificationService::OnMention(const core::AccountMentioned& e) {
  auto post = d_.posts.FindById(e.post);
  if (!post || !*post) return;
  // A mention in a reply to someone's own post (or comment) already told them through the reply.
  if (e.comment) {
    if ((*post)->author == e.mentioned) return;
    auto c = d_.comments.FindById(*e.comment);
    if (c && *c && (*c)->parent) {
      auto parent = d_.comments.FindById(*(*c)->parent);
      if (parent && *parent && (*parent)->author == e.mentioned) return;
    }
  }
  Notification n;
  n.kind = core::kNotifyMention;
  n.recipient = e.mentioned;
  n.actor = e.by;
  n.post = e.post;
  n.comment = e.comment;
  n.community = (*post)->community;
  Deliver(n);
}

void NotificationService::OnReaction(const core::ReactionAdded& e) {
  Notification n;
  n.kind = core::kNotifyReaction;
  n.actor = e.account;
  n.text = e.kind;
  n.group_key = "reaction:" + e.target_type + ":" + std::to_string(e.target_id);
  std::optional<PostId> post_id;
  if (e.target_type == "post") {
    post_id = PostId(e.target_id);
  } else {
    auto c = d_.comments.FindById(CommentId(e.target_id));
    if (!c || !*c || !(*c)->author) return;
    n.recipient = *(*c)->author;
    n.comment = (*c)->id;
    post_id = (*c)->post;
  }
  auto post = d_.posts.FindById(*post_id);
  if (!post || !*post) return;
  if (e.target_type == "post") {
    if (!(*post)->author) return;
    n.recipient = *(*post)->author;
  }
  n.post = post_id;
  n.community = (*post)->community;
  Deliver(n);
}

void NotificationService::OnFollow(const core::AccountFollowed& e) {
  Notification n;
  n.kind = core::kNotifyFollow;
  n.recipient = e.followed;
  n.actor = e.follower;
  n.group_key = "follow";
  Deliver(n);
}

void NotificationService::OnJoinRequest(const core::JoinRequested& e) {
  PageRequest page;
  page.limit = 50;
  auto members = d_.communities.ListMembers(e.community, page);
  if (!members) return;
  for (const auto& m : *members) {
    if (m.role < core::MemberRole::kModerator) break;  // ordered by role: moderators come first
    Notification n;
    n.kind = core::kNotifyJoinRequest;
    n.recipient = m.account;
    n.actor = e.account;
    n.community = e.community;
    n.group_key = "join_request:" + e.community.ToString();
    Deliver(n);
  }
}

void NotificationService::OnJoinDecided(const core::JoinRequestDecided& e) {
  Notification n;
  n.kind = core::kNotifyJoinDecided;
  n.recipient = e.account;
  n.community = e.community;
  n.text = e.approved ? "approved" : "rejected";
  // No actor: a rejection should not turn into a grudge against one moderator. A rejected person
  // cannot read a members-only community, but may learn the outcome of their own request.
  Deliver(n, /*require_readable=*/false);
}

void NotificationService::OnPublished(const core::PostPublished& e) {
  if (!e.was_scheduled) return;
  Notification n;
  n.kind = core::kNotifyScheduled;
  n.recipient = e.author;
  n.post = e.post;
  n.community = e.community;
  Deliver(n);
}

Result<std::optional<NotificationView>> NotificationService::MakeView(const Notification& n) {
  NotificationView v;
  v.notification = n;
  if (n.community) {
    KRING_ASSIGN_OR_RETURN(v.community, d_.communities.FindById(*n.community));
    if (!v.community) return std::optional<NotificationView>();
    KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(*n.community, n.recipient));
    bool readable = core::CanReadContent(*v.community, m);
    // Only the outcome of a join request may concern a community one cannot read.
    bool about_them = n.kind == core::kNotifyJoinDecided || n.kind == core::kNotifyModeration || n.kind == core::kNotifyAppeal;
    if (!readable && !about_them) return std::optional<NotificationView>();
  }
  if (n.post) {
    KRING_ASSIGN_OR_RETURN(v.post, d_.posts.FindById(*n.post));
    // A post whose video is still processing is its author's alone (media_service.h); a mention
    // in it shows up, with its original time, once the video is ready.
    if (v.post && v.post->pending_media && v.post->author != std::optional<AccountId>(n.recipient))
      return std::optional<NotificationView>();
  }
  if (n.comment) {
    KRING_ASSIGN_OR_RETURN(v.comment, d_.comments.FindById(*n.comment));
  }
  if (n.actor) {
    KRING_ASSIGN_OR_RETURN(auto ids, d_.notifications.Actors(n.id, 3));
    if (ids.empty()) ids.push_back(*n.actor);
    for (AccountId id : ids) {
      KRING_ASSIGN_OR_RETURN(auto hidden, d_.blocks.Hides(n.recipient, id));
      if (hidden) continue;
      KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(id));
      if (a && a->status == core::AccountStatus::kActive) v.actors.push_back(std::move(*a));
    }
    if (v.actors.empty()) return std::optional<NotificationView>();
  }
  return std::optional<NotificationView>(std::move(v));
}

Result<std::vector<NotificationView>> NotificationService::List(const AuthContext& auth, const PageRequest& page,
                                                                bool unread_only) {
  PageRequest p = page;
  p.limit = std::clamp(page.limit, 1, kMaxPageLimit);
  KRING_ASSIGN_OR_RETURN(auto list, d_.notifications.List(auth.account.id, p, unread_only));
  std::vector<NotificationView> out;
  for (const auto& n : list) {
    KRING_ASSIGN_OR_RETURN(auto v, MakeView(n));
    if (v) out.push_back(std::move(*v));
  }
  return out;
}

Result<int64_t> NotificationService::UnreadCount(const AuthContext& auth) {
  return d_.notifications.CountUnread(auth.account.id);
}

Status NotificationService::MarkRead(const AuthContext& auth, std::optional<int64_t> id) {
  if (id) {
    KRING_ASSIGN_OR_RETURN(auto n, d_.notifications.FindById(*id));
    if (!n || n->recipient != auth.account.id) return NotFound("notification");
  }
  return d_.tx.RunInTransaction([&] { return d_.notifications.MarkRead(auth.account.id, id, d_.clock.Now()); });
}

Result<std::map<std::string, bool>> NotificationService::Preferences(const AuthContext& auth) {
  KRING_ASSIGN_OR_RETURN(auto muted, d_.notifications.MutedKinds(auth.account.id));
  std::map<std::string, bool> out;
  for (const auto& k : core::NotificationKinds()) out[k] = std::find(muted.begin(), muted.end(), k) == muted.end();
  return out;
}

Result<std::map<std::string, bool>> NotificationService::SetPreferences(const AuthContext& auth,
                                                                        const std::map<std::string, bool>& changes) {
  for (const auto& [kind, enabled] : changes) {
    if (!core::IsNotificationKind(kind))
      return InvalidArgument("unknown_kind", "Unknown notification kind \"" + kind + "\".", "kind");
    // Decisions about you and appeal outcomes always reach you (DSA Art. 17 and 20).
    if (!enabled && (kind == core::kNotifyModeration || kind == core::kNotifyAppeal))
      return InvalidArgument("always_on", "Moderation decisions and appeal outcomes cannot be switched off.", kind);
  }
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    for (const auto& [kind, enabled] : changes) KRING_TRY(d_.notifications.SetKindMuted(auth.account.id, kind, !enabled));
    return Status::Ok();
  }));
  return Preferences(auth);
}

Status NotificationService::Block(const AuthContext& auth, AccountId target, const std::string& kind) {
  if (kind != "block" && kind != "mute") return InvalidArgument("invalid_kind", "Use block or mute.", "kind");
  if (target == auth.account.id) return InvalidArgument("cannot_block_self", "You cannot block or mute yourself.", "id");
  KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(target));
  if (!a) return NotFound("account");
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.blocks.Put(auth.account.id, target, kind, d_.clock.Now()));
    if (kind == "block") {
      KRING_ASSIGN_OR_RETURN(bool a1, d_.follows.Remove(auth.account.id, target));
      KRING_ASSIGN_OR_RETURN(bool a2, d_.follows.Remove(target, auth.account.id));
      (void)a1;
      (void)a2;
    }
    return Status::Ok();
  });
}

Status NotificationService::Unblock(const AuthContext& auth, AccountId target) {
  return d_.tx.RunInTransaction([&] { return d_.blocks.Remove(auth.account.id, target); });
}

Result<std::vector<std::pair<BlockRecord, core::Account>>> NotificationService::ListBlocks(const AuthContext& auth) {
  KRING_ASSIGN_OR_RETURN(auto list, d_.blocks.List(auth.account.id));
  std::vector<std::pair<BlockRecord, core::Account>> out;
  for (auto& b : list) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(b.target));
    if (a) out.emplace_back(std::move(b), std::move(*a));
  }
  return out;
}

}  // namespace kring::app
