#include "app/moderation_service.h"

#include <algorithm>

#include "core/permissions.h"
#include "core/unicode_text.h"

namespace kring::app {

using core::Decision;

Result<TargetSnapshot> ModerationService::Snapshot(const std::string& type, int64_t id) {
  TargetSnapshot t;
  t.type = type;
  t.id = id;
  std::optional<AccountId> owner;
  std::optional<CommunityId> community;
  if (type == "post") {
    KRING_ASSIGN_OR_RETURN(auto p, d_.posts.FindById(PostId(id)));
    if (!p || p->deleted) return NotFound("post");
    owner = p->author;
    community = p->community;
    t.title = p->title;
    t.text = p->body;
    t.removed = p->removed;
  } else if (type == "comment") {
    KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(CommentId(id)));
    if (!c || c->deleted) return NotFound("comment");
    KRING_ASSIGN_OR_RETURN(auto p, d_.posts.FindById(c->post));
    if (!p) return NotFound("comment");
    owner = c->author;
    community = p->community;
    t.title = p->title;
    t.text = c->body;
    t.removed = c->removed;
  } else if (type == "account") {
    owner = AccountId(id);
  } else if (type == "community") {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(CommunityId(id)));
    if (!c) return NotFound("community");
    t.title = c->name;
    t.text = c->description;
    // A community's owner answers for it; the report goes to the instance queue.
    PageRequest page;
    page.limit = 1;
    KRING_ASSIGN_OR_RETURN(auto members, d_.communities.ListMembers(c->id, page));
    if (!members.empty() && members[0].role == core::MemberRole::kOwner) owner = members[0].account;
    t.community = std::move(*c);
  } else {
    return InvalidArgument("invalid_target", "The target type must be post, comment, account or community.", "target_type");
  }
  if (owner) {
    KRING_ASSIGN_OR_RETURN(t.owner, d_.accounts.FindById(*owner));
    if (type == "account" && !t.owner) return NotFound("account");
  }
  if (community) {
    KRING_ASSIGN_OR_RETURN(t.community, d_.communities.FindById(*community));
  }
  return t;
}

Result<bool> ModerationService::MayModerate(const core::Viewer& viewer, const std::optional<CommunityId>& community) {
  if (!community) return viewer.is_staff();
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(*community));
  if (!c) return false;
  std::optional<core::Membership> m;
  if (viewer.account) {
    KRING_ASSIGN_OR_RETURN(m, d_.communities.FindMembership(*community, *viewer.account));
  }
  return core::CanModerate(viewer, *c, m);
}

Result<std::optional<CommunityId>> ModerationService::QueueScope(const AuthContext& auth, const std::string& scope) {
  std::optional<CommunityId> community;
  if (scope != "instance") {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(scope));
    if (!c) return NotFound("community");
    community = c->id;
  }
  KRING_ASSIGN_OR_RETURN(bool may, MayModerate(auth.viewer(), community));
  if (!may) return PermissionDenied("moderators_only", "Only moderators can see this queue.");
  return community;
}

Result<core::Report> ModerationService::FileReport(const std::optional<AuthContext>& auth, const ReportInput& in) {
  if (!core::IsTargetType(in.target_type))
    return InvalidArgument("invalid_target", "The target type must be post, comment, account or community.", "target_type");
  if (!core::IsReportCategory(in.category))
    return InvalidArgument("invalid_category",
                           "Pick a reason: spam, harassment, hate, illegal, misinformation, undisclosed_ad or other.",
                           "category");
  KRING_TRY(core::ValidateReportText(in.text));
  core::Report r;
  if (!auth) {
    // DSA Art. 16: anyone may notify illegal content; we need a way to answer them.
    if (in.category != core::kCategoryIllegal)
      return Unauthenticated("Log in to report this; without an account you can report illegal content.");
    KRING_ASSIGN_OR_RETURN(r.reporter_email, core::NormalizeEmail(in.email));
  } else {
    r.reporter = auth->account.id;
  }
  KRING_ASSIGN_OR_RETURN(TargetSnapshot t, Snapshot(in.target_type, in.target_id));
  // A reporter must be able to see what they report: members-only content stays invisible.
  if ((in.target_type == "post" || in.target_type == "comment") && t.community) {
    std::optional<core::Membership> m;
    if (auth) {
      KRING_ASSIGN_OR_RETURN(m, d_.communities.FindMembership(t.community->id, auth->account.id));
    }
    if (!core::CanReadContent(*t.community, m)) return NotFound(in.target_type);
    r.community = t.community->id;
  }
  r.id = d_.ids.Next();
  r.target_type = in.target_type;
  r.target_id = in.target_id;
  if (t.owner) r.target_account = t.owner->id;
  r.category = in.category;
  r.text = core::NormalizeNfc(in.text);
  r.created_at = d_.clock.Now();
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.moderation.AddReport(r); }));
  return r;
}

Result<std::vector<ReportView>> ModerationService::Queue(const AuthContext& auth, const std::string& scope) {
  KRING_ASSIGN_OR_RETURN(std::optional<CommunityId> community, QueueScope(auth, scope));
  KRING_ASSIGN_OR_RETURN(auto reports, d_.moderation.ListOpenReports(community, 200));
  std::vector<ReportView> out;
  for (auto& r : reports) {
    auto t = Snapshot(r.target_type, r.target_id);
    if (!t) continue;  // deleted by its author meanwhile
    ReportView v{std::move(r), std::move(*t)};
    v.report.reporter.reset();  // moderators judge the content, not who reported it
    v.report.reporter_email.clear();
    out.push_back(std::move(v));
  }
  return out;
}

Status ModerationService::Apply(const Decision& d, bool undo) {
  const std::string& a = d.action;
  if (a == "remove" || a == "lock") {
    if (d.target_type == "post") {
      KRING_ASSIGN_OR_RETURN(auto p, d_.posts.FindById(PostId(d.target_id)));
      if (!p) return Status::Ok();
      if (a == "remove") {
        p->removed = !undo;
        if (!undo) p->pinned = false;
      } else {
        p->locked = !undo;
      }
      return d_.posts.Update(*p);
    }
    KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(CommentId(d.target_id)));
    if (!c) return Status::Ok();
    c->removed = !undo;
    return d_.comments.Update(*c);
  }
  if (a == "ban" && d.community && d.affected) {
    if (undo) return d_.moderation.RemoveBan(*d.community, *d.affected);
    KRING_TRY(d_.moderation.PutBan(*d.community, *d.affected, d.ban_until, d.id));
    KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(*d.community, *d.affected));
    if (m && m->role != core::MemberRole::kOwner) KRING_TRY(d_.communities.RemoveMember(*d.community, *d.affected));
    return Status::Ok();
  }
  if (a == "suspend" && d.affected) {
    KRING_ASSIGN_OR_RETURN(auto acc, d_.accounts.FindById(*d.affected));
    if (!acc) return Status::Ok();
    acc->status = undo ? core::AccountStatus::kActive : core::AccountStatus::kSuspended;
    KRING_TRY(d_.accounts.Update(*acc));
    if (!undo) KRING_TRY(d_.sessions.DeleteAllForAccount(*d.affected));
    return Status::Ok();
  }
  return Status::Ok();  // warn, dismiss: the statement is the action
}

Result<DecisionView> ModerationService::Decide(const AuthContext& auth, const DecisionInput& in) {
  if (!core::IsTargetType(in.target_type))
    return InvalidArgument("invalid_target", "The target type must be post, comment, account or community.", "target_type");
  if (!core::ActionAllowed(in.target_type, in.action))
    return InvalidArgument("invalid_action", "That action does not apply to a " + in.target_type + ".", "action");
  if (in.ban_days < 0 || in.ban_days > 3650)
    return InvalidArgument("invalid_ban_days", "A ban lasts 1 to 3650 days, or 0 for good.", "ban_days");
  if (in.report_id) {
    KRING_ASSIGN_OR_RETURN(auto r, d_.moderation.FindReport(*in.report_id));
    if (!r || r->target_type != in.target_type || r->target_id != in.target_id) return NotFound("report");
  }
  KRING_ASSIGN_OR_RETURN(TargetSnapshot t, Snapshot(in.target_type, in.target_id));
  Decision d;
  d.id = d_.ids.Next();
  d.moderator = auth.account.id;
  d.target_type = in.target_type;
  d.target_id = in.target_id;
  if (t.owner) d.affected = t.owner->id;
  d.action = in.action;
  d.rule = core::IsValidUtf8(in.rule) ? core::NormalizeNfc(in.rule) : in.rule;
  d.facts = core::IsValidUtf8(in.facts) ? core::NormalizeNfc(in.facts) : in.facts;
  d.automated = in.automated;
  d.created_at = d_.clock.Now();
  KRING_TRY(core::ValidateDecisionText(d));
  bool in_community = (in.target_type == "post" || in.target_type == "comment") && t.community;
  // Suspensions are instance decisions; everything about community content is the community's.
  if (in_community && in.action != "suspend") d.community = t.community->id;
  if (in.action == "ban" && !d.community)
    return InvalidArgument("invalid_action", "A ban is from a community; for content outside one, suspend instead.", "action");
  if ((in.action == "ban" || in.action == "suspend" || in.action == "warn") && !d.affected)
    return InvalidArgument("invalid_action", "Nobody can be warned, banned or suspended for this: its author is gone.", "action");
  if (in.action == "suspend" && d.affected && *d.affected == auth.account.id)
    return InvalidArgument("invalid_action", "You cannot suspend yourself.", "action");
  if (in.action == "ban") d.ban_until = in.ban_days == 0 ? 0 : d.created_at + in.ban_days * kDayMs;
  if (t.community && (in.target_type == "post" || in.target_type == "comment")) {
    KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(t.community->id, auth.account.id));
    if (!core::CanReadContent(*t.community, m)) return NotFound(in.target_type);  // existence stays hidden
  }
  KRING_ASSIGN_OR_RETURN(bool may, MayModerate(auth.viewer(), d.community));
  if (!may)
    return PermissionDenied("moderators_only", d.community ? "Only moderators of this community can decide this."
                                                           : "Only the server's moderators can decide this.");
  std::vector<core::Report> resolved;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.moderation.AddDecision(d));
    KRING_TRY(Apply(d, false));
    return d_.moderation.ResolveReports(d.target_type, d.target_id, d.id, d.created_at);
  }));
  if (d.affected && d.action != "dismiss") {
    core::Notification n;
    n.kind = core::kNotifyModeration;
    n.recipient = *d.affected;
    n.subject_id = d.id;
    n.community = d.community;
    n.text = d.action;
    notifications_.Notify(std::move(n));
  }
  return MakeView(std::move(d), auth.viewer());
}

Result<DecisionView> ModerationService::MakeView(Decision d, const core::Viewer& viewer) {
  DecisionView v;
  if (d.community) {
    KRING_ASSIGN_OR_RETURN(v.community, d_.communities.FindById(*d.community));
  }
  KRING_ASSIGN_OR_RETURN(v.appeal, d_.moderation.FindAppealOfDecision(d.id));
  v.appeal_until = d.created_at + core::kAppealWindowMs;
  v.decided_by_viewer = viewer.account && d.moderator && *viewer.account == *d.moderator;
  if (d.target_type == "post" || d.target_type == "comment") {
    auto t = Snapshot(d.target_type, d.target_id);
    if (t) v.target = std::move(*t);
  }
  v.can_appeal = viewer.account && d.affected && *viewer.account == *d.affected && !v.appeal && d.reversed_at == 0 &&
                 d.action != "dismiss" && d_.clock.Now() < v.appeal_until;
  v.decision = std::move(d);
  return v;
}

Result<DecisionView> ModerationService::GetDecision(const AuthContext& auth, int64_t id) {
  KRING_ASSIGN_OR_RETURN(auto d, d_.moderation.FindDecision(id));
  if (!d) return NotFound("decision");
  bool affected = d->affected && *d->affected == auth.account.id;
  if (!affected) {
    KRING_ASSIGN_OR_RETURN(bool may, MayModerate(auth.viewer(), d->community));
    if (!may) return NotFound("decision");
  }
  return MakeView(std::move(*d), auth.viewer());
}

Result<core::Appeal> ModerationService::FileAppeal(const AuthContext& auth, int64_t decision_id, const std::string& text) {
  KRING_ASSIGN_OR_RETURN(auto d, d_.moderation.FindDecision(decision_id));
  if (!d || !d->affected || *d->affected != auth.account.id) return NotFound("decision");
  if (d->action == "dismiss" || d->reversed_at)
    return Conflict("not_appealable", "There is nothing to appeal in this decision.");
  if (d_.clock.Now() >= d->created_at + core::kAppealWindowMs)
    return Conflict("appeal_window_closed", "The time to appeal this decision (six months) has passed.");
  if (!core::IsValidUtf8(text) || text.find_first_not_of(" \t\r\n") == std::string::npos)
    return InvalidArgument("required", "Say why the decision should change.", "text");
  if (core::CodePointCount(text) > 5000) return InvalidArgument("too_long", "An appeal can be at most 5000 characters.", "text");
  core::Appeal a;
  a.id = d_.ids.Next();
  a.decision_id = decision_id;
  a.account = auth.account.id;
  a.text = core::NormalizeNfc(text);
  a.created_at = d_.clock.Now();
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.moderation.AddAppeal(a); }));
  return a;
}

Result<std::vector<AppealView>> ModerationService::AppealQueue(const AuthContext& auth, const std::string& scope) {
  KRING_ASSIGN_OR_RETURN(std::optional<CommunityId> community, QueueScope(auth, scope));
  KRING_ASSIGN_OR_RETURN(auto appeals, d_.moderation.ListOpenAppeals(community));
  std::vector<AppealView> out;
  for (auto& a : appeals) {
    KRING_ASSIGN_OR_RETURN(auto d, d_.moderation.FindDecision(a.decision_id));
    if (!d) continue;
    auto t = Snapshot(d->target_type, d->target_id);
    KRING_ASSIGN_OR_RETURN(DecisionView dv, MakeView(*d, auth.viewer()));
    out.push_back(AppealView{std::move(a), std::move(dv), t ? std::move(*t) : TargetSnapshot{}});
  }
  return out;
}

Result<DecisionView> ModerationService::DecideAppeal(const AuthContext& auth, int64_t appeal_id, const std::string& outcome,
                                                     const std::string& reason) {
  if (outcome != "upheld" && outcome != "reversed")
    return InvalidArgument("invalid_outcome", "The outcome must be upheld or reversed.", "outcome");
  if (!core::IsValidUtf8(reason) || reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return InvalidArgument("required", "Explain the outcome to the person who appealed.", "reason");
  if (core::CodePointCount(reason) > 5000) return InvalidArgument("too_long", "At most 5000 characters.", "reason");
  KRING_ASSIGN_OR_RETURN(auto a, d_.moderation.FindAppeal(appeal_id));
  if (!a) return NotFound("appeal");
  KRING_ASSIGN_OR_RETURN(auto d, d_.moderation.FindDecision(a->decision_id));
  if (!d) return NotFound("appeal");
  KRING_ASSIGN_OR_RETURN(bool may, MayModerate(auth.viewer(), d->community));
  if (!may) return PermissionDenied("moderators_only", "Only moderators can decide appeals.");
  if (d->moderator && *d->moderator == auth.account.id)
    return PermissionDenied("same_moderator", "Another moderator must decide an appeal against your own decision.");
  if (a->state != "open") return Conflict("already_decided", "This appeal has already been decided.");
  const TimeMs now = d_.clock.Now();
  a->state = outcome;
  a->decided_by = auth.account.id;
  a->outcome = core::NormalizeNfc(reason);
  a->decided_at = now;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.moderation.UpdateAppeal(*a));
    if (outcome == "reversed") {
      KRING_TRY(Apply(*d, true));
      KRING_TRY(d_.moderation.MarkReversed(d->id, now));
    }
    return Status::Ok();
  }));
  if (outcome == "reversed") d->reversed_at = now;
  if (a->account) {
    core::Notification n;
    n.kind = core::kNotifyAppeal;
    n.recipient = *a->account;
    n.subject_id = d->id;
    n.community = d->community;
    n.text = outcome;
    notifications_.Notify(std::move(n));
  }
  return MakeView(std::move(*d), auth.viewer());
}

Result<std::vector<Decision>> ModerationService::CommunityLog(const std::string& slug, const core::Viewer& viewer,
                                                              const PageRequest& page) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(slug));
  if (!c) return NotFound("community");
  std::optional<core::Membership> m;
  if (viewer.account) {
    KRING_ASSIGN_OR_RETURN(m, d_.communities.FindMembership(c->id, *viewer.account));
  }
  if (!core::CanReadContent(*c, m)) return PermissionDenied("members_only", "Only members can read this log.");
  PageRequest p = page;
  p.limit = std::clamp(page.limit, 1, kMaxPageLimit);
  return d_.moderation.ListDecisions(c->id, p);
}

Result<std::vector<Decision>> ModerationService::InstanceLog(const AuthContext& auth, const PageRequest& page) {
  if (!auth.viewer().is_staff()) return PermissionDenied("staff_only", "Only the server's moderators can read this log.");
  PageRequest p = page;
  p.limit = std::clamp(page.limit, 1, kMaxPageLimit);
  return d_.moderation.ListDecisions(std::nullopt, p);
}

}  // namespace kring::app
