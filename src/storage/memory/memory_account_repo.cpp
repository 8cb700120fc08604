// Accounts, sessions and instance settings/invites of the in-memory store.
#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

Status MemoryAccountRepo::CheckUnique(const core::Account& account, std::optional<AccountId> self) const {
  for (const auto& [id, other] : db_.tables.accounts) {
    if (self && other.id == *self) continue;
    if (other.handle_key == account.handle_key) return Conflict("handle_taken", "That handle is already taken.");
    // An empty email means "not given" (NULL in SQL), which never collides.
    if (!account.email.empty() && other.email == account.email)
      return Conflict("email_taken", "That email address is already in use.");
  }
  return Status::Ok();
}

Status MemoryAccountRepo::Create(const core::Account& account) {
  Lock lock(db_.mu);
  if (db_.tables.accounts.count(account.id.value())) return Internal("duplicate account id " + account.id.ToString());
  KRING_TRY(CheckUnique(account, std::nullopt));
  db_.tables.accounts.emplace(account.id.value(), account);
  return Status::Ok();
}

Result<std::optional<core::Account>> MemoryAccountRepo::FindById(AccountId id) {
  Lock lock(db_.mu);
  auto it = db_.tables.accounts.find(id.value());
  if (it == db_.tables.accounts.end()) return std::optional<core::Account>();
  return std::optional<core::Account>(it->second);
}

Result<std::optional<core::Account>> MemoryAccountRepo::FindByHandleKey(const std::string& handle_key) {
  Lock lock(db_.mu);
  for (const auto& [id, a] : db_.tables.accounts)
    if (a.handle_key == handle_key) return std::optional<core::Account>(a);
  return std::optional<core::Account>();
}

Result<std::optional<core::Account>> MemoryAccountRepo::FindByEmail(const std::string& email) {
  Lock lock(db_.mu);
  if (email.empty()) return std::optional<core::Account>();
  for (const auto& [id, a] : db_.tables.accounts)
    if (a.email == email) return std::optional<core::Account>(a);
  return std::optional<core::Account>();
}

Status MemoryAccountRepo::Update(const core::Account& account) {
  Lock lock(db_.mu);
  auto it = db_.tables.accounts.find(account.id.value());
  if (it == db_.tables.accounts.end()) return NotFound("account");
  KRING_TRY(CheckUnique(account, account.id));
  it->second = account;
  return Status::Ok();
}

Result<std::vector<core::Account>> MemoryAccountRepo::ListByStatus(core::AccountStatus status,
                                                                   const app::PageRequest& page) {
  Lock lock(db_.mu);
  std::vector<core::Account> out;
  for (const auto& [id, a] : db_.tables.accounts)
    if (a.status == status) out.push_back(a);
  return PageByIdDesc(std::move(out), page, [](const core::Account& a) { return a.id.value(); });
}

Result<int64_t> MemoryAccountRepo::Count() {
  Lock lock(db_.mu);
  return static_cast<int64_t>(db_.tables.accounts.size());
}

Status MemorySessionRepo::Create(const app::Session& session) {
  Lock lock(db_.mu);
  if (db_.tables.sessions.count(session.id.value())) return Internal("duplicate session id " + session.id.ToString());
  if (!db_.tables.accounts.count(session.account.value())) return NotFound("account");
  db_.tables.sessions.emplace(session.id.value(), session);
  return Status::Ok();
}

Result<std::optional<app::Session>> MemorySessionRepo::FindByTokenHash(const std::string& token_hash) {
  Lock lock(db_.mu);
  for (const auto& [id, s] : db_.tables.sessions)
    if (s.token_hash == token_hash) return std::optional<app::Session>(s);
  return std::optional<app::Session>();
}

Status MemorySessionRepo::Touch(SessionId id, TimeMs last_used_at) {
  Lock lock(db_.mu);
  auto it = db_.tables.sessions.find(id.value());
  if (it == db_.tables.sessions.end()) return NotFound("session");
  it->second.last_used_at = last_used_at;
  return Status::Ok();
}

Status MemorySessionRepo::Delete(SessionId id) {
  Lock lock(db_.mu);
  db_.tables.sessions.erase(id.value());
  return Status::Ok();
}

Status MemorySessionRepo::DeleteAllForAccount(AccountId account) {
  Lock lock(db_.mu);
  std::erase_if(db_.tables.sessions, [&](const auto& row) { return row.second.account == account; });
  return Status::Ok();
}

Result<std::vector<app::Session>> MemorySessionRepo::ListForAccount(AccountId account) {
  Lock lock(db_.mu);
  std::vector<app::Session> out;
  for (auto it = db_.tables.sessions.rbegin(); it != db_.tables.sessions.rend(); ++it)
    if (it->second.account == account) out.push_back(it->second);
  return out;
}

Result<app::InstanceSettings> MemoryInstanceRepo::GetSettings() {
  Lock lock(db_.mu);
  return db_.tables.settings;
}

Status MemoryInstanceRepo::PutSettings(const app::InstanceSettings& settings) {
  Lock lock(db_.mu);
  db_.tables.settings = settings;
  return Status::Ok();
}

Status MemoryInstanceRepo::CreateInvite(const app::InstanceInvite& invite) {
  Lock lock(db_.mu);
  if (!db_.tables.instance_invites.emplace(invite.code, invite).second)
    return Conflict("invite_code_taken", "That invite code is already in use.");
  return Status::Ok();
}

Result<std::optional<app::InstanceInvite>> MemoryInstanceRepo::FindInvite(const std::string& code) {
  Lock lock(db_.mu);
  auto it = db_.tables.instance_invites.find(code);
  if (it == db_.tables.instance_invites.end()) return std::optional<app::InstanceInvite>();
  return std::optional<app::InstanceInvite>(it->second);
}

Status MemoryInstanceRepo::IncrementInviteUse(const std::string& code) {
  Lock lock(db_.mu);
  auto it = db_.tables.instance_invites.find(code);
  if (it == db_.tables.instance_invites.end()) return NotFound("invite");
  ++it->second.uses;
  return Status::Ok();
}

}  // namespace kring::storage::memory
