// Storage of accounts, login sessions and instance-level settings and invites.
// All methods: kUnavailable when the database cannot be reached or is full; kInternal on bugs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "core/account.h"

namespace kring::app {

class AccountRepo {
 public:
  virtual ~AccountRepo() = default;
  // kConflict with detail "handle_taken" / "email_taken" when the handle key or email is in use.
  virtual Status Create(const core::Account& account) = 0;
  virtual Result<std::optional<core::Account>> FindById(AccountId id) = 0;
  virtual Result<std::optional<core::Account>> FindByHandleKey(const std::string& handle_key) = 0;
  virtual Result<std::optional<core::Account>> FindByEmail(const std::string& email) = 0;
  // Replaces every stored field of the account with the given values. kNotFound if absent.
  virtual Status Update(const core::Account& account) = 0;
  virtual Result<std::vector<core::Account>> ListByStatus(core::AccountStatus status, const PageRequest& page) = 0;
  virtual Result<int64_t> Count() = 0;
};

struct Session {
  SessionId id;
  AccountId account;
  std::string token_hash;  // SHA-256 of the token; the token itself is never stored
  std::string kind;        // "cookie" (browser) or "bearer" (apps)
  std::string label;       // e.g. the app name or "Browser"
  TimeMs created_at = 0;
  TimeMs last_used_at = 0;
  TimeMs expires_at = 0;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual Status Create(const Session& session) = 0;
  virtual Result<std::optional<Session>> FindByTokenHash(const std::string& token_hash) = 0;
  virtual Status Touch(SessionId id, TimeMs last_used_at) = 0;
  virtual Status Delete(SessionId id) = 0;
  virtual Status DeleteAllForAccount(AccountId account) = 0;
  virtual Result<std::vector<Session>> ListForAccount(AccountId account) = 0;
};

struct InstanceSettings {
  std::string name = "Kring";
  std::string description;
  std::string registration_mode = "open";  // open | approval | invite | closed
  std::vector<std::string> rules;
};

struct InstanceInvite {
  std::string code;
  std::optional<AccountId> created_by;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0 = never
  int64_t max_uses = 1;   // 0 = unlimited
  int64_t uses = 0;
};

class InstanceRepo {
 public:
  virtual ~InstanceRepo() = default;
  virtual Result<InstanceSettings> GetSettings() = 0;
  virtual Status PutSettings(const InstanceSettings& settings) = 0;
  virtual Status CreateInvite(const InstanceInvite& invite) = 0;
  virtual Result<std::optional<InstanceInvite>> FindInvite(const std::string& code) = 0;
  virtual Status IncrementInviteUse(const std::string& code) = 0;
};

}  // namespace kring::app
