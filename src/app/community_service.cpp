#include "app/community_service.h"

#include "core/unicode_text.h"

namespace kring::app {

using core::Community;
using core::Membership;
using core::MemberRole;

Result<Community> CommunityService::Load(const std::string& slug) {
  if (slug.empty() || slug.size() > 40) return NotFound("community");
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(slug));
  if (!c) return NotFound("community");
  return std::move(*c);
}

Result<std::optional<Membership>> CommunityService::MembershipOf(const Community& c, const core::Viewer& viewer) {
  if (!viewer.account) return std::optional<Membership>();
  return d_.communities.FindMembership(c.id, *viewer.account);
}

Result<CommunityView> CommunityService::MakeView(Community c, const core::Viewer& viewer) {
  CommunityView v;
  KRING_ASSIGN_OR_RETURN(v.membership, MembershipOf(c, viewer));
  if (viewer.account && !v.membership) {
    KRING_ASSIGN_OR_RETURN(v.join_request, d_.communities.FindJoinRequest(c.id, *viewer.account));
  }
  v.can_read = core::CanReadContent(c, v.membership);
  v.can_moderate = core::CanModerate(viewer, c, v.membership);
  v.community = std::move(c);
  return v;
}

Status CommunityService::RequireModerator(const AuthContext& auth, const Community& c) {
  KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(c.id, auth.account.id));
  if (!core::CanModerate(auth.viewer(), c, m))
    return PermissionDenied("moderators_only", "Only moderators of this community can do that.");
  return Status::Ok();
}

Status CommunityService::CheckTimeZone(const std::string& zone) {
  KRING_TRY(core::ValidateTimeZoneShape(zone));
  if (d_.time_zone_exists && !d_.time_zone_exists(zone))
    return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
  return Status::Ok();
}

Result<CommunityView> CommunityService::Create(const AuthContext& auth, Community c) {
  c.name = core::NormalizeNfc(core::IsValidUtf8(c.name) ? c.name : std::string());
  KRING_TRY(core::ValidateCommunityFields(c));
  if (c.time_zone.empty()) c.time_zone = auth.account.time_zone;
  KRING_TRY(CheckTimeZone(c.time_zone));
  c.id = CommunityId(d_.ids.Next());
  c.created_at = c.last_activity_at = d_.clock.Now();
  c.member_count = 0;
  c.post_count = 0;
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.communities.Create(c));
    KRING_TRY(d_.communities.AddMember(Membership{c.id, auth.account.id, MemberRole::kOwner, c.created_at}));
    events.Add(core::MemberJoined{c.id, auth.account.id});
    return Status::Ok();
  }));
  events.PublishAll();
  c.member_count = 1;
  return MakeView(std::move(c), auth.viewer());
}

Result<CommunityView> CommunityService::Get(const std::string& slug, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  return MakeView(std::move(c), viewer);
}

Result<CommunityView> CommunityService::GetById(CommunityId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(id));
  if (!c) return NotFound("community");
  return MakeView(std::move(*c), viewer);
}

Result<CommunityView> CommunityService::Update(const AuthContext& auth, const std::string& slug,
                                               const CommunityUpdate& u) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(c.id, auth.account.id));
  if (!core::CanEditCommunity(auth.viewer(), c, m))
    return PermissionDenied("moderators_only", "Only moderators of this community can change its settings.");
  bool owner_level = core::CanManageRoles(auth.viewer(), c, m);
  if ((u.visibility || u.join_policy) && !owner_level)
    return PermissionDenied("owner_only", "Only the owner can change who may see and join the community.");
  if (u.time_zone && !owner_level)
    return PermissionDenied("owner_only", "Only the owner can change the community's time zone.");
  if (u.time_zone) {
    KRING_TRY(CheckTimeZone(*u.time_zone));
    c.time_zone = *u.time_zone;
  }
  if (u.name) c.name = core::IsValidUtf8(*u.name) ? core::NormalizeNfc(*u.name) : *u.name;
  if (u.description) c.description = *u.description;
  if (u.language) c.language = *u.language;
  if (u.place) c.place = *u.place;
  if (u.rules) c.rules = *u.rules;
  if (u.topics) c.topics = *u.topics;
  if (u.visibility) {
    auto v = core::ParseVisibility(*u.visibility);
    if (!v) return InvalidArgument("invalid_visibility", "Visibility must be public, members_only or unlisted.", "visibility");
    c.visibility = *v;
  }
  if (u.join_policy) {
    auto p = core::ParseJoinPolicy(*u.join_policy);
    if (!p) return InvalidArgument("invalid_join_policy", "The join policy must be open, approval or invite.", "join_policy");
    c.join_policy = *p;
  }
  KRING_TRY(core::ValidateCommunityFields(c));
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.communities.Update(c); }));
  return MakeView(std::move(c), auth.viewer());
}

Result<std::vector<CommunityView>> CommunityService::Directory(const DirectoryQuery& q, const core::Viewer& viewer) {
  if (q.sort != "new" && q.sort != "active" && q.sort != "size")
    return InvalidArgument("invalid_parameter", "Sort must be new, active or size.", "sort");
  KRING_ASSIGN_OR_RETURN(auto list, d_.communities.ListDirectory(q));
  std::vector<CommunityView> out;
  for (auto& c : list) {
    KRING_ASSIGN_OR_RETURN(CommunityView v, MakeView(std::move(c), viewer));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<CommunityView>> CommunityService::ListJoined(const AuthContext& auth) {
  KRING_ASSIGN_OR_RETURN(auto memberships, d_.communities.ListMembershipsOf(auth.account.id));
  std::vector<CommunityView> out;
  for (const auto& m : memberships) {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(m.community));
    if (!c) continue;
    KRING_ASSIGN_OR_RETURN(CommunityView v, MakeView(std::move(*c), auth.viewer()));
    out.push_back(std::move(v));
  }
  return out;
}

Result<JoinOutcome> CommunityService::Join(const AuthContext& auth, const std::string& slug,
                                           const std::string& message, const std::string& invite_code) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  if (!core::IsValidUtf8(message) || core::CodePointCount(message) > 1000)
    return InvalidArgument("too_long", "The message to the moderators can be at most 1000 characters.", "message");
  const AccountId me = auth.account.id;
  const TimeMs now = d_.clock.Now();
  std::string state;
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto existing, d_.communities.FindMembership(c.id, me));
    if (existing) {
      state = "already_member";
      return Status::Ok();
    }
    KRING_ASSIGN_OR_RETURN(auto ban, d_.moderation.ActiveBan(c.id, me, now));
    if (ban)
      return PermissionDenied("banned", *ban == 0 ? "You are banned from this community."
                                                   : "You are banned from this community for now; you can appeal the decision.");
    bool admit = c.join_policy == core::JoinPolicy::kOpen;
    if (!invite_code.empty()) {
      KRING_ASSIGN_OR_RETURN(auto invite, d_.communities.FindInviteByCode(invite_code));
      if (!invite || invite->community != c.id || !invite->UsableAt(now))
        return PermissionDenied("invite_invalid", "That invite link is unknown, used up or expired.");
      ++invite->uses;
      KRING_TRY(d_.communities.UpdateInvite(*invite));
      admit = true;
    } else if (c.join_policy == core::JoinPolicy::kInvite) {
      return PermissionDenied("invite_required", "This community can only be joined with an invite link.");
    }
    if (admit) {
      KRING_TRY(d_.communities.AddMember(Membership{c.id, me, MemberRole::kMember, now}));
      KRING_ASSIGN_OR_RETURN(auto pending, d_.communities.FindJoinRequest(c.id, me));
      if (pending && pending->state == core::JoinRequestState::kPending) {
        pending->state = core::JoinRequestState::kApproved;
        pending->decided_at = now;
        KRING_TRY(d_.communities.PutJoinRequest(*pending));
      }
      events.Add(core::MemberJoined{c.id, me});
      state = "joined";
      return Status::Ok();
    }
    core::JoinRequest r;
    r.community = c.id;
    r.account = me;
    r.message = core::NormalizeNfc(message);
    r.created_at = now;
    KRING_TRY(d_.communities.PutJoinRequest(r));
    events.Add(core::JoinRequested{c.id, me});
    state = "requested";
    return Status::Ok();
  }));
  events.PublishAll();
  KRING_ASSIGN_OR_RETURN(auto fresh, d_.communities.FindById(c.id));
  if (!fresh) return NotFound("community");
  KRING_ASSIGN_OR_RETURN(CommunityView view, MakeView(std::move(*fresh), auth.viewer()));
  return JoinOutcome{state, std::move(view)};
}

Status CommunityService::Leave(const AuthContext& auth, const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  const AccountId me = auth.account.id;
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto m, d_.communities.FindMembership(c.id, me));
    if (!m) {
      // Leaving also withdraws a pending request.
      KRING_ASSIGN_OR_RETURN(auto r, d_.communities.FindJoinRequest(c.id, me));
      if (r && r->state == core::JoinRequestState::kPending) {
        r->state = core::JoinRequestState::kRejected;
        r->decided_at = d_.clock.Now();
        r->decided_by = me;
        return d_.communities.PutJoinRequest(*r);
      }
      return Status::Ok();
    }
    if (m->role == MemberRole::kOwner) {
      PageRequest page;
      page.limit = 3;
      KRING_ASSIGN_OR_RETURN(auto members, d_.communities.ListMembers(c.id, page));
      int owners = 0;
      for (const auto& x : members) owners += x.role == MemberRole::kOwner;
      if (owners <= 1 && c.member_count > 1)
        return Conflict("owner_must_transfer", "Make someone else owner before you leave the community.");
    }
    KRING_TRY(d_.communities.RemoveMember(c.id, me));
    events.Add(core::MemberLeft{c.id, me});
    return Status::Ok();
  }));
  events.PublishAll();
  return Status::Ok();
}

Result<std::vector<MemberView>> CommunityService::ListMembers(const std::string& slug, const core::Viewer& viewer,
                                                              const PageRequest& page) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_ASSIGN_OR_RETURN(auto m, MembershipOf(c, viewer));
  if (!core::CanReadContent(c, m))
    return PermissionDenied("members_only", "Only members can see who is in this community.");
  KRING_ASSIGN_OR_RETURN(auto members, d_.communities.ListMembers(c.id, page));
  std::vector<MemberView> out;
  for (auto& mem : members) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(mem.account));
    if (a) out.push_back(MemberView{mem, std::move(*a)});
  }
  return out;
}

Result<std::vector<std::pair<core::JoinRequest, core::Account>>> CommunityService::ListJoinRequests(
    const AuthContext& auth, const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_TRY(RequireModerator(auth, c));
  KRING_ASSIGN_OR_RETURN(auto reqs, d_.communities.ListJoinRequests(c.id, core::JoinRequestState::kPending));
  std::vector<std::pair<core::JoinRequest, core::Account>> out;
  for (auto& r : reqs) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(r.account));
    if (a) out.emplace_back(std::move(r), std::move(*a));
  }
  return out;
}

Status CommunityService::DecideJoinRequest(const AuthContext& auth, const std::string& slug, AccountId account,
                                           bool approve) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_TRY(RequireModerator(auth, c));
  const TimeMs now = d_.clock.Now();
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto r, d_.communities.FindJoinRequest(c.id, account));
    if (!r || r->state != core::JoinRequestState::kPending) return NotFound("join request");
    r->state = approve ? core::JoinRequestState::kApproved : core::JoinRequestState::kRejected;
    r->decided_by = auth.account.id;
    r->decided_at = now;
    KRING_TRY(d_.communities.PutJoinRequest(*r));
    if (approve) {
      KRING_TRY(d_.communities.AddMember(Membership{c.id, account, MemberRole::kMember, now}));
      events.Add(core::MemberJoined{c.id, account});
    }
    events.Add(core::JoinRequestDecided{c.id, account, approve, auth.account.id});
    return Status::Ok();
  }));
  events.PublishAll();
  return Status::Ok();
}

Status CommunityService::SetMemberRole(const AuthContext& auth, const std::string& slug, AccountId account,
                                       MemberRole role) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto mine, d_.communities.FindMembership(c.id, auth.account.id));
    if (!core::CanManageRoles(auth.viewer(), c, mine))
      return PermissionDenied("owner_only", "Only the owner can change roles.");
    KRING_ASSIGN_OR_RETURN(auto target, d_.communities.FindMembership(c.id, account));
    if (!target) return NotFound("member");
    if (target->role == MemberRole::kOwner && account == auth.account.id && role != MemberRole::kOwner)
      return Conflict("owner_must_transfer", "Make someone else owner first.");
    // Transfer: a community has one owner; whoever owned it steps down to moderator.
    if (role == MemberRole::kOwner && target->role != MemberRole::kOwner) {
      PageRequest page;
      page.limit = 5;
      KRING_ASSIGN_OR_RETURN(auto members, d_.communities.ListMembers(c.id, page));
      for (const auto& m : members)
        if (m.role == MemberRole::kOwner) KRING_TRY(d_.communities.SetRole(c.id, m.account, MemberRole::kModerator));
    }
    return d_.communities.SetRole(c.id, account, role);
  });
}

Status CommunityService::RemoveMember(const AuthContext& auth, const std::string& slug, AccountId account) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto mine, d_.communities.FindMembership(c.id, auth.account.id));
    if (!core::CanModerate(auth.viewer(), c, mine))
      return PermissionDenied("moderators_only", "Only moderators can remove members.");
    KRING_ASSIGN_OR_RETURN(auto target, d_.communities.FindMembership(c.id, account));
    if (!target) return NotFound("member");
    MemberRole my_role = mine ? mine->role : MemberRole::kMember;
    if (target->role >= MemberRole::kModerator && !(my_role == MemberRole::kOwner && target->role != MemberRole::kOwner) &&
        !auth.viewer().is_admin())
      return PermissionDenied("cannot_remove", "You cannot remove a moderator or the owner.");
    KRING_TRY(d_.communities.RemoveMember(c.id, account));
    events.Add(core::MemberLeft{c.id, account});
    return Status::Ok();
  }));
  events.PublishAll();
  return Status::Ok();
}

Result<core::CommunityInvite> CommunityService::CreateInvite(const AuthContext& auth, const std::string& slug,
                                                             int64_t max_uses, TimeMs expires_at) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_TRY(RequireModerator(auth, c));
  if (max_uses < 0 || max_uses > 10000)
    return InvalidArgument("invalid_max_uses", "An invite link can be used 0 (unlimited) to 10000 times.", "max_uses");
  const TimeMs now = d_.clock.Now();
  if (expires_at != 0 && (expires_at <= now || expires_at > now + 366 * kDayMs))
    return InvalidArgument("invalid_expiry", "The expiry must be in the future and within a year.", "expires_at");
  core::CommunityInvite inv;
  inv.id = InviteId(d_.ids.Next());
  inv.community = c.id;
  inv.code = d_.tokens.NewCode();
  inv.created_by = auth.account.id;
  inv.created_at = now;
  inv.expires_at = expires_at;
  inv.max_uses = max_uses;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.communities.CreateInvite(inv); }));
  return inv;
}

Result<std::vector<core::CommunityInvite>> CommunityService::ListInvites(const AuthContext& auth,
                                                                         const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_TRY(RequireModerator(auth, c));
  return d_.communities.ListInvites(c.id);
}

Status CommunityService::RevokeInvite(const AuthContext& auth, const std::string& slug, const std::string& code) {
  KRING_ASSIGN_OR_RETURN(Community c, Load(slug));
  KRING_TRY(RequireModerator(auth, c));
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto inv, d_.communities.FindInviteByCode(code));
    if (!inv || inv->community != c.id) return NotFound("invite");
    inv->revoked = true;
    return d_.communities.UpdateInvite(*inv);
  });
}

Result<std::pair<core::CommunityInvite, CommunityView>> CommunityService::InspectInvite(const std::string& code,
                                                                                      const core::Viewer& viewer) {
  if (code.empty() || code.size() > 64) return NotFound("invite");
  KRING_ASSIGN_OR_RETURN(auto inv, d_.communities.FindInviteByCode(code));
  if (!inv || !inv->UsableAt(d_.clock.Now())) return NotFound("invite");
  KRING_ASSIGN_OR_RETURN(CommunityView v, GetById(inv->community, viewer));
  return std::make_pair(std::move(*inv), std::move(v));
}

}  // namespace kring::app
