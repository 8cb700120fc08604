// SQLite implementations of AccountRepo, SessionRepo and InstanceRepo.
#include <string>

#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

using core::Account;

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += '\x1e';
    out += items[i];
  }
  return out;
}

std::vector<std::string> SplitList(const std::string& joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t pos = joined.find('\x1e', start);
    out.push_back(joined.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

namespace {

constexpr const char* kAccountColumns =
    "id, handle, handle_key, COALESCE(email, ''), display_name, bio, locale, time_zone, role, status, created_at, "
    "password_hash, avatar, show_in_insights";

Account ReadAccount(const Statement& s) {
  Account a;
  a.id = AccountId(s.Int(0));
  a.handle = s.Text(1);
  a.handle_key = s.Text(2);
  a.email = s.Text(3);
  a.display_name = s.Text(4);
  a.bio = s.Text(5);
  a.locale = s.Text(6);
  a.time_zone = s.Text(7);
  a.role = core::ParseRole(s.Text(8)).value_or(core::Role::kUser);
  a.status = core::ParseAccountStatus(s.Text(9)).value_or(core::AccountStatus::kActive);
  a.created_at = s.Int(10);
  a.password_hash = s.Text(11);
  a.avatar = s.Text(12);
  a.show_in_insights = s.Int(13) != 0;
  return a;
}

// Unique violations name the column; turn them into the stable codes clients understand.
Error AccountConflict(Error e) {
  if (e.code != Errc::kConflict) return e;
  if (e.internal_message.find("accounts.email") != std::string::npos)
    return Conflict("email_taken", "That email address is already in use.");
  if (e.internal_message.find("accounts.handle_key") != std::string::npos)
    return Conflict("handle_taken", "That handle is taken; choose another.");
  return e;
}

void BindAccount(Statement& s, const Account& a) {
  s.Bind(1, a.id.value())
      .Bind(2, a.handle)
      .Bind(3, a.handle_key)
      .Bind(4, a.email.empty() ? std::optional<std::string>() : std::optional<std::string>(a.email))
      .Bind(5, a.display_name)
      .Bind(6, a.bio)
      .Bind(7, a.locale)
      .Bind(8, a.time_zone)
      .Bind(9, core::RoleName(a.role))
      .Bind(10, core::AccountStatusName(a.status))
      .Bind(11, a.created_at)
      .Bind(12, a.password_hash)
      .Bind(13, a.show_in_insights);
}

}  // namespace

Status SqliteAccountRepo::Create(const Account& a) {
  Status st = db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO accounts (id, handle, handle_key, email, display_name, bio, locale, time_zone, role, status, "
        "created_at, password_hash, show_in_insights) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    BindAccount(*s, a);
    return s->Run();
  });
  if (!st) return AccountConflict(std::move(st).error());
  return st;
}

Status SqliteAccountRepo::Update(const Account& a) {
  Status st = db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE accounts SET id = ?1, handle = ?2, handle_key = ?3, email = ?4, display_name = ?5, bio = ?6, "
        "locale = ?7, time_zone = ?8, role = ?9, status = ?10, created_at = ?11, password_hash = ?12, "
        "show_in_insights = ?13 WHERE id = ?1"));
    BindAccount(*s, a);
    KRING_TRY(s->Run());
    if (s->Changes() == 0) return NotFound("account");
    return Status::Ok();
  });
  if (!st) return AccountConflict(std::move(st).error());
  return st;
}

Result<std::optional<Account>> SqliteAccountRepo::FindOne(const char* where, const std::string& value,
                                                          int64_t int_value) {
  std::optional<Account> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE " + where));
    if (value.empty()) s->Bind(1, int_value);
    else s->Bind(1, value);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadAccount(*s);
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Account>> SqliteAccountRepo::FindById(AccountId id) { return FindOne("id = ?", "", id.value()); }
Result<std::optional<Account>> SqliteAccountRepo::FindByHandleKey(const std::string& key) {
  if (key.empty()) return std::optional<Account>();
  return FindOne("handle_key = ?", key, 0);
}
Result<std::optional<Account>> SqliteAccountRepo::FindByEmail(const std::string& email) {
  if (email.empty()) return std::optional<Account>();
  return FindOne("email = ?", email, 0);
}

Result<std::vector<Account>> SqliteAccountRepo::ListByStatus(core::AccountStatus status, const app::PageRequest& page) {
  std::vector<Account> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kAccountColumns +
                                             " FROM accounts WHERE status = ? AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3"));
    s->Bind(1, core::AccountStatusName(status)).Bind(2, page.max_id).Bind(3, page.limit);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(ReadAccount(*s));
    }
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> SqliteAccountRepo::Count() {
  int64_t n = 0;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT COUNT(*) FROM accounts"));
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) n = s->Int(0);
    return Status::Ok();
  }));
  return n;
}

// ---- sessions ----

namespace {
app::Session ReadSession(const Statement& s) {
  app::Session x;
  x.id = SessionId(s.Int(0));
  x.account = AccountId(s.Int(1));
  x.token_hash = s.Text(2);
  x.kind = s.Text(3);
  x.label = s.Text(4);
  x.created_at = s.Int(5);
  x.last_used_at = s.Int(6);
  x.expires_at = s.Int(7);
  return x;
}
constexpr const char* kSessionColumns = "id, account_id, token_hash, kind, label, created_at, last_used_at, expires_at";
}  // namespace

Status SqliteSessionRepo::Create(const app::Session& x) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO sessions (id, account_id, token_hash, kind, label, created_at, last_used_at, expires_at) "
        "VALUES (?,?,?,?,?,?,?,?)"));
    s->Bind(1, x.id.value()).Bind(2, x.account.value()).Bind(3, x.token_hash).Bind(4, x.kind).Bind(5, x.label)
        .Bind(6, x.created_at).Bind(7, x.last_used_at).Bind(8, x.expires_at);
    return s->Run();
  });
}

Result<std::optional<app::Session>> SqliteSessionRepo::FindByTokenHash(const std::string& token_hash) {
  std::optional<app::Session> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?"));
    s->Bind(1, token_hash);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadSession(*s);
    return Status::Ok();
  }));
  return out;
}

Status SqliteSessionRepo::Touch(SessionId id, TimeMs at) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE sessions SET last_used_at = ? WHERE id = ?"));
    s->Bind(1, at).Bind(2, id.value());
    return s->Run();
  });
}

Status SqliteSessionRepo::Delete(SessionId id) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM sessions WHERE id = ?"));
    s->Bind(1, id.value());
    return s->Run();
  });
}

Status SqliteSessionRepo::DeleteAllForAccount(AccountId account) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM sessions WHERE account_id = ?"));
    s->Bind(1, account.value());
    return s->Run();
  });
}

Result<std::vector<app::Session>> SqliteSessionRepo::ListForAccount(AccountId account) {
  std::vector<app::Session> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kSessionColumns +
                                             " FROM sessions WHERE account_id = ? ORDER BY id"));
    s->Bind(1, account.value());
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(ReadSession(*s));
    }
    return Status::Ok();
  }));
  return out;
}

// ---- instance ----

Result<app::InstanceSettings> SqliteInstanceRepo::GetSettings() {
  app::InstanceSettings out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT name, description, registration_mode, rules FROM instance_settings WHERE id = 1"));
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      out.name = s->Text(0);
      out.description = s->Text(1);
      out.registration_mode = s->Text(2);
      out.rules = SplitList(s->Text(3));
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteInstanceRepo::PutSettings(const app::InstanceSettings& x) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO instance_settings (id, name, description, registration_mode, rules) VALUES (1, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, "
        "registration_mode = excluded.registration_mode, rules = excluded.rules"));
    s->Bind(1, x.name).Bind(2, x.description).Bind(3, x.registration_mode).Bind(4, JoinList(x.rules));
    return s->Run();
  });
}

Status SqliteInstanceRepo::CreateInvite(const app::InstanceInvite& inv) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO instance_invites (code, created_by, created_at, expires_at, max_uses, uses) VALUES (?,?,?,?,?,?)"));
    std::optional<int64_t> by;
    if (inv.created_by) by = inv.created_by->value();
    s->Bind(1, inv.code).Bind(2, by).Bind(3, inv.created_at).Bind(4, inv.expires_at).Bind(5, inv.max_uses)
        .Bind(6, inv.uses);
    return s->Run();
  });
}

Result<std::optional<app::InstanceInvite>> SqliteInstanceRepo::FindInvite(const std::string& code) {
  std::optional<app::InstanceInvite> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT code, created_by, created_at, expires_at, max_uses, uses FROM instance_invites WHERE code = ?"));
    s->Bind(1, code);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      app::InstanceInvite inv;
      inv.code = s->Text(0);
      if (!s->IsNull(1)) inv.created_by = AccountId(s->Int(1));
      inv.created_at = s->Int(2);
      inv.expires_at = s->Int(3);
      inv.max_uses = s->Int(4);
      inv.uses = s->Int(5);
      out = std::move(inv);
    }
    return Status::Ok();
  }));
  return out;
}

Status SqliteInstanceRepo::IncrementInviteUse(const std::string& code) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE instance_invites SET uses = uses + 1 WHERE code = ?"));
    s->Bind(1, code);
    return s->Run();
  });
}

}  // namespace kring::storage::sqlite
