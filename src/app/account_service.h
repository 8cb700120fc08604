// Use cases for accounts: sign-up, log-in, sessions, profile, instance administration, and the
// GDPR rights (export and erasure).
//
// Thread safety: stateless beyond AppDeps; safe to call from any thread.
#pragma once

#include <optional>
#include <string>

#include "app/app_deps.h"
#include "app/views.h"

namespace kring::app {

struct RegisterInput {
  std::string handle;
  std::string password;
  std::string email;  // optional
  std::string display_name;
  std::string locale = "en";
  std::string time_zone = "Europe/Amsterdam";
  std::string invite_code;  // required on invite-only instances
};

struct LoginResult {
  core::Account account;
  std::string token;  // shown once; only its digest is stored
  Session session;
};

struct AuthContext {
  core::Account account;
  Session session;
  core::Viewer viewer() const { return core::Viewer{account.id, account.role}; }
};

struct ProfileUpdate {
  std::optional<std::string> display_name, bio, locale, time_zone, email;
  std::optional<bool> show_in_insights;
};

class AccountService {
 public:
  explicit AccountService(AppDeps& deps) : d_(deps) {}

  // Creates an account per the instance's registration mode. The first account of an instance
  // becomes its admin. Errors: invalid_argument (field rules), handle_taken/email_taken (409),
  // registration_closed / invite_required / invite_invalid (403).
  Result<core::Account> Register(const RegisterInput& input);

  // Checks the password and opens a session of `kind` ("cookie" or "bearer"). Errors:
  // invalid_credentials (401; the same for unknown handle and wrong password),
  // account_pending / account_suspended (403).
  Result<LoginResult> Login(const std::string& handle_or_email, const std::string& password,
                            const std::string& kind, const std::string& label);

  // Resolves a token to its account; kUnauthenticated when unknown, expired or the account is gone.
  Result<AuthContext> Authenticate(const std::string& token);
  Status Logout(const AuthContext& auth);

  Result<core::Account> UpdateProfile(const AuthContext& auth, const ProfileUpdate& update);
  // Ends every other session, so a stolen session dies with the old password.
  Status ChangePassword(const AuthContext& auth, const std::string& current, const std::string& next);

  Result<AccountView> GetAccount(AccountId id, const core::Viewer& viewer);
  Result<AccountView> GetAccountByHandle(const std::string& handle, const core::Viewer& viewer);

  // Instance administration (admins only: forbidden otherwise).
  Result<InstanceSettings> GetInstanceSettings();
  Result<InstanceSettings> UpdateInstanceSettings(const core::Viewer& viewer, InstanceSettings settings);
  Result<InstanceInvite> CreateInstanceInvite(const core::Viewer& viewer, int64_t max_uses, TimeMs expires_at);
  Result<std::vector<core::Account>> ListPendingAccounts(const core::Viewer& viewer);
  Status DecidePendingAccount(const core::Viewer& viewer, AccountId id, bool approve);
  // Sets an account's instance role (admin only).
  Result<core::Account> SetRole(const core::Viewer& viewer, AccountId id, core::Role role);

  // Creates an account from the command line (no registration-mode checks).
  Result<core::Account> CreateAccountByOperator(const RegisterInput& input, core::Role role);

  // GDPR Art. 17: erases the account after checking the password. Communities it owned alone pass
  // to their longest-serving moderator, else member; an empty community is deleted.
  Status DeleteAccount(const AuthContext& auth, const std::string& password);

 private:
  Result<core::Account> BuildAccount(const RegisterInput& input);
  Result<AccountView> MakeView(core::Account account, const core::Viewer& viewer);
  AppDeps& d_;
};

}  // namespace kring::app
