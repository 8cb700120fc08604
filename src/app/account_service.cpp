#include "app/account_service.h"

#include "core/unicode_text.h"

namespace kring::app {

using core::Account;
using core::AccountStatus;
using core::Role;

Result<Account> AccountService::BuildAccount(const RegisterInput& in) {
  KRING_ASSIGN_OR_RETURN(core::HandleParts handle, core::ValidateHandle(in.handle));
  KRING_TRY(core::ValidatePassword(in.password));
  Account a;
  a.handle = handle.display;
  a.handle_key = handle.key;
  if (!in.email.empty()) {
    KRING_ASSIGN_OR_RETURN(a.email, core::NormalizeEmail(in.email));
  }
  KRING_TRY(core::ValidateDisplayName(in.display_name));
  a.display_name = core::NormalizeNfc(in.display_name);
  KRING_TRY(core::ValidateLocale(in.locale));
  a.locale = in.locale;
  KRING_TRY(core::ValidateTimeZoneShape(in.time_zone));
  if (d_.time_zone_exists && !d_.time_zone_exists(in.time_zone))
    return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
  a.time_zone = in.time_zone;
  KRING_ASSIGN_OR_RETURN(a.password_hash, d_.hasher.Hash(in.password));
  a.id = AccountId(d_.ids.Next());
  a.created_at = d_.clock.Now();
  return a;
}

Result<Account> AccountService::Register(const RegisterInput& in) {
  KRING_ASSIGN_OR_RETURN(InstanceSettings settings, d_.instance.GetSettings());
  const std::string& mode = settings.registration_mode;
  if (mode == "closed")
    return PermissionDenied("registration_closed", "This community server is not taking new sign-ups.");
  if (mode == "invite" && in.invite_code.empty())
    return PermissionDenied("invite_required", "Signing up here needs an invite code.");
  // Hash outside the transaction: argon2id takes tens of milliseconds and the writer lock is shared.
  KRING_ASSIGN_OR_RETURN(Account account, BuildAccount(in));
  PendingEvents events(d_.events);
  Status st = d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(int64_t count, d_.accounts.Count());
    if (count == 0) {
      account.role = Role::kAdmin;  // whoever installs the server signs up first
    } else if (mode == "approval") {
      account.status = AccountStatus::kPending;
    }
    if (mode == "invite" && count > 0) {
      KRING_ASSIGN_OR_RETURN(auto invite, d_.instance.FindInvite(in.invite_code));
      TimeMs now = d_.clock.Now();
      if (!invite || (invite->expires_at != 0 && now >= invite->expires_at) ||
          (invite->max_uses != 0 && invite->uses >= invite->max_uses))
        return PermissionDenied("invite_invalid", "That invite code is unknown, used up or expired.");
      KRING_TRY(d_.instance.IncrementInviteUse(in.invite_code));
    }
    KRING_TRY(d_.accounts.Create(account));
    events.Add(core::AccountRegistered{account.id});
    return Status::Ok();
  });
  if (!st) return std::move(st).error();
  events.PublishAll();
  return account;
}

Result<Account> AccountService::CreateAccountByOperator(const RegisterInput& in, Role role) {
  KRING_ASSIGN_OR_RETURN(Account account, BuildAccount(in));
  account.role = role;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status { return d_.accounts.Create(account); }));
  d_.events.Publish(core::AccountRegistered{account.id});
  return account;
}

Result<LoginResult> AccountService::Login(const std::string& handle_or_email, const std::string& password,
                                          const std::string& kind, const std::string& label) {
  auto invalid = [] {
    return MakeError(Errc::kUnauthenticated, "invalid_credentials", "That handle or password is not right.");
  };
  if (handle_or_email.empty() || handle_or_email.size() > 300 || password.size() > core::kMaxPasswordBytes ||
      !core::IsValidUtf8(handle_or_email))
    return invalid();
  std::optional<Account> account;
  if (handle_or_email.find('@') != std::string::npos && handle_or_email.front() != '@') {
    auto email = core::NormalizeEmail(handle_or_email);
    if (email) {
      KRING_ASSIGN_OR_RETURN(account, d_.accounts.FindByEmail(*email));
    }
  } else {
    std::string_view h = handle_or_email;
    if (h.front() == '@') h.remove_prefix(1);
    KRING_ASSIGN_OR_RETURN(account, d_.accounts.FindByHandleKey(core::FoldKey(h)));
  }
  if (!account) {
    // Spend the same time as a real check so response timing does not reveal which handles exist.
    d_.hasher.Verify(password, "");
    return invalid();
  }
  if (!d_.hasher.Verify(password, account->password_hash)) return invalid();
  if (account->status == AccountStatus::kPending)
    return PermissionDenied("account_pending", "Your account is waiting for approval by an admin.");
  // Suspended accounts may log in to read the decision and appeal it; the API allows them little else.
  LoginResult out;
  out.account = *account;
  out.token = d_.tokens.NewToken();
  Session& s = out.session;
  s.id = SessionId(d_.ids.Next());
  s.account = account->id;
  s.token_hash = d_.tokens.Digest(out.token);
  s.kind = kind == "bearer" ? "bearer" : "cookie";
  s.label = core::IsValidUtf8(label) && !core::HasControlCharacters(label, false) ? core::TruncateCodePoints(label, 100)
                                                                              : std::string();
  s.created_at = s.last_used_at = d_.clock.Now();
  s.expires_at = s.created_at + d_.config.session_lifetime_ms;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.sessions.Create(s); }));
  return out;
}

Result<AuthContext> AccountService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) return Unauthenticated("Your session is not valid; log in again.");
  KRING_ASSIGN_OR_RETURN(auto session, d_.sessions.FindByTokenHash(d_.tokens.Digest(token)));
  TimeMs now = d_.clock.Now();
  if (!session || session->expires_at <= now) return Unauthenticated("Your session has expired; log in again.");
  KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(session->account));
  if (!account || account->status == AccountStatus::kPending)
    return Unauthenticated("Your session is not valid; log in again.");
  // Record use at most once an hour: a write per request would make every read a write.
  if (now - session->last_used_at > kHourMs) {
    session->last_used_at = now;
    (void)d_.tx.RunInTransaction([&] { return d_.sessions.Touch(session->id, now); });
  }
  return AuthContext{std::move(*account), std::move(*session)};
}

Status AccountService::Logout(const AuthContext& auth) {
  return d_.tx.RunInTransaction([&] { return d_.sessions.Delete(auth.session.id); });
}

Result<Account> AccountService::UpdateProfile(const AuthContext& auth, const ProfileUpdate& u) {
  Account a = auth.account;
  if (u.display_name) {
    KRING_TRY(core::ValidateDisplayName(*u.display_name));
    a.display_name = core::NormalizeNfc(*u.display_name);
  }
  if (u.bio) {
    KRING_TRY(core::ValidateBio(*u.bio));
    a.bio = core::NormalizeNfc(*u.bio);
  }
  if (u.locale) {
    KRING_TRY(core::ValidateLocale(*u.locale));
    a.locale = *u.locale;
  }
  if (u.show_in_insights) a.show_in_insights = *u.show_in_insights;
  if (u.time_zone) {
    KRING_TRY(core::ValidateTimeZoneShape(*u.time_zone));
    if (d_.time_zone_exists && !d_.time_zone_exists(*u.time_zone))
      return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
    a.time_zone = *u.time_zone;
  }
  if (u.email) {
    if (u.email->empty()) {
      a.email.clear();
    } else {
      KRING_ASSIGN_OR_RETURN(a.email, core::NormalizeEmail(*u.email));
    }
  }
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.accounts.Update(a); }));
  return a;
}

Status AccountService::ChangePassword(const AuthContext& auth, const std::string& current, const std::string& next) {
  if (!d_.hasher.Verify(current, auth.account.password_hash)) {
    Error e = MakeError(Errc::kPermissionDenied, "wrong_password", "The current password is not right.");
    e.field = "current_password";
    return e;
  }
  Status valid = core::ValidatePassword(next);
  if (!valid) {
    Error e = std::move(valid).error();
    e.field = "new_password";
    return e;
  }
  KRING_ASSIGN_OR_RETURN(std::string hash, d_.hasher.Hash(next));
  return d_.tx.RunInTransaction([&]() -> Status {
    Account a = auth.account;
    a.password_hash = hash;
    KRING_TRY(d_.accounts.Update(a));
    KRING_ASSIGN_OR_RETURN(auto sessions, d_.sessions.ListForAccount(a.id));
    for (const auto& s : sessions)
      if (s.id != auth.session.id) KRING_TRY(d_.sessions.Delete(s.id));
    return Status::Ok();
  });
}

Result<AccountView> AccountService::MakeView(Account account, const core::Viewer& viewer) {
  AccountView v;
  KRING_ASSIGN_OR_RETURN(v.followers_count, d_.follows.CountFollowers(account.id));
  KRING_ASSIGN_OR_RETURN(v.following_count, d_.follows.CountFollowing(account.id));
  if (viewer.account && *viewer.account != account.id) {
    KRING_ASSIGN_OR_RETURN(bool follows, d_.follows.Exists(*viewer.account, account.id));
    v.followed_by_viewer = follows;
  }
  v.account = std::move(account);
  return v;
}

Result<AccountView> AccountService::GetAccount(AccountId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(id));
  if (!account || (account->status != AccountStatus::kActive && !viewer.is_staff())) return NotFound("account");
  return MakeView(std::move(*account), viewer);
}

Result<AccountView> AccountService::GetAccountByHandle(const std::string& handle, const core::Viewer& viewer) {
  if (handle.empty() || handle.size() > 200 || !core::IsValidUtf8(handle)) return NotFound("account");
  KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindByHandleKey(core::FoldKey(handle)));
  if (!account || (account->status != AccountStatus::kActive && !viewer.is_staff())) return NotFound("account");
  return MakeView(std::move(*account), viewer);
}

namespace {
Status RequireAdmin(const core::Viewer& viewer) {
  if (!viewer.is_admin()) return PermissionDenied("admin_only", "Only an admin of this server can do that.");
  return Status::Ok();
}
}  // namespace

Result<InstanceSettings> AccountService::GetInstanceSettings() { return d_.instance.GetSettings(); }

Result<InstanceSettings> AccountService::UpdateInstanceSettings(const core::Viewer& viewer, InstanceSettings s) {
  KRING_TRY(RequireAdmin(viewer));
  const auto& m = s.registration_mode;
  if (m != "open" && m != "approval" && m != "invite" && m != "closed")
    return InvalidArgument("invalid_registration_mode",
                           "The registration mode must be open, approval, invite or closed.", "registration_mode");
  if (!core::IsValidUtf8(s.name) || s.name.empty() || core::CodePointCount(s.name) > 80 ||
      core::HasControlCharacters(s.name, false))
    return InvalidArgument("invalid_name", "The server name must be 1 to 80 characters.", "name");
  if (!core::IsValidUtf8(s.description) || core::CodePointCount(s.description) > 5000)
    return InvalidArgument("too_long", "The description can be at most 5000 characters.", "description");
  if (s.rules.size() > 20) return InvalidArgument("too_many", "At most 20 rules.", "rules");
  for (const auto& r : s.rules)
    if (!core::IsValidUtf8(r) || r.empty() || core::CodePointCount(r) > 500)
      return InvalidArgument("invalid_rule", "Each rule must be 1 to 500 characters.", "rules");
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.instance.PutSettings(s); }));
  return s;
}

Result<InstanceInvite> AccountService::CreateInstanceInvite(const core::Viewer& viewer, int64_t max_uses,
                                                            TimeMs expires_at) {
  KRING_TRY(RequireAdmin(viewer));
  if (max_uses < 0 || max_uses > 10000)
    return InvalidArgument("invalid_max_uses", "An invite can be used 0 (unlimited) to 10000 times.", "max_uses");
  if (expires_at != 0 && expires_at <= d_.clock.Now())
    return InvalidArgument("invalid_expiry", "The expiry must be in the future.", "expires_at");
  InstanceInvite inv;
  inv.code = d_.tokens.NewCode();
  inv.created_by = viewer.account;
  inv.created_at = d_.clock.Now();
  inv.expires_at = expires_at;
  inv.max_uses = max_uses;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.instance.CreateInvite(inv); }));
  return inv;
}

Result<std::vector<Account>> AccountService::ListPendingAccounts(const core::Viewer& viewer) {
  KRING_TRY(RequireAdmin(viewer));
  PageRequest page;
  page.limit = kMaxPageLimit;
  return d_.accounts.ListByStatus(AccountStatus::kPending, page);
}

Status AccountService::DecidePendingAccount(const core::Viewer& viewer, AccountId id, bool approve) {
  KRING_TRY(RequireAdmin(viewer));
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(id));
    if (!account) return NotFound("account");
    if (account->status != AccountStatus::kPending)
      return Conflict("not_pending", "That account is not waiting for approval.");
    if (approve) {
      account->status = AccountStatus::kActive;
      return d_.accounts.Update(*account);
    }
    // A rejected sign-up leaves nothing behind.
    return d_.eraser.EraseAccount(id);
  });
}

Result<Account> AccountService::SetRole(const core::Viewer& viewer, AccountId id, Role role) {
  KRING_TRY(RequireAdmin(viewer));
  Account out;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(id));
    if (!account) return NotFound("account");
    account->role = role;
    KRING_TRY(d_.accounts.Update(*account));
    out = *account;
    return Status::Ok();
  }));
  return out;
}

Status AccountService::DeleteAccount(const AuthContext& auth, const std::string& password) {
  if (!d_.hasher.Verify(password, auth.account.password_hash)) {
    Error e = MakeError(Errc::kPermissionDenied, "wrong_password", "The password is not right.");
    e.field = "password";
    return e;
  }
  const AccountId me = auth.account.id;
  PendingEvents events(d_.events);
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto memberships, d_.communities.ListMembershipsOf(me));
    for (const auto& m : memberships) {
      if (m.role != core::MemberRole::kOwner) continue;
      PageRequest page;
      page.limit = kMaxPageLimit;
      KRING_ASSIGN_OR_RETURN(auto members, d_.communities.ListMembers(m.community, page));
      bool other_owner = false;
      std::optional<core::Membership> heir;
      for (const auto& other : members) {
        if (other.account == me) continue;
        if (other.role == core::MemberRole::kOwner) other_owner = true;
        // ListMembers orders by role, then join time: the first non-owner is the heir.
        if (!heir && other.role != core::MemberRole::kOwner) heir = other;
      }
      if (other_owner) continue;
      if (heir) {
        KRING_TRY(d_.communities.SetRole(m.community, heir->account, core::MemberRole::kOwner));
      } else {
        KRING_TRY(d_.communities.Delete(m.community));
      }
    }
    KRING_TRY(d_.eraser.EraseAccount(me));
    events.Add(core::AccountDeleted{me});
    return Status::Ok();
  }));
  events.PublishAll();
  return Status::Ok();
}

}  // namespace kring::app
