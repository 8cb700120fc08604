// SQLite implementation of ModerationRepo.
#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

using core::Appeal;
using core::Decision;
using core::Report;

namespace {

template <typename Id>
std::optional<int64_t> Raw(const std::optional<Id>& id) {
  return id ? std::optional<int64_t>(id->value()) : std::nullopt;
}

constexpr const char* kReportColumns =
    "id, reporter_id, reporter_email, target_type, target_id, target_account_id, community_id, category, text, state, "
    "decision_id, created_at, resolved_at";
Report ReadReport(const Statement& s) {
  Report r;
  r.id = s.Int(0);
  if (!s.IsNull(1)) r.reporter = AccountId(s.Int(1));
  r.reporter_email = s.Text(2);
  r.target_type = s.Text(3);
  r.target_id = s.Int(4);
  if (!s.IsNull(5)) r.target_account = AccountId(s.Int(5));
  if (!s.IsNull(6)) r.community = CommunityId(s.Int(6));
  r.category = s.Text(7);
  r.text = s.Text(8);
  r.state = s.Text(9);
  r.decision_id = s.IsNull(10) ? 0 : s.Int(10);
  r.created_at = s.Int(11);
  r.resolved_at = s.Int(12);
  return r;
}

constexpr const char* kDecisionColumns =
    "id, moderator_id, community_id, target_type, target_id, affected_account_id, action, rule, facts, automated, "
    "ban_until, created_at, reversed_at";
Decision ReadDecision(const Statement& s) {
  Decision d;
  d.id = s.Int(0);
  if (!s.IsNull(1)) d.moderator = AccountId(s.Int(1));
  if (!s.IsNull(2)) d.community = CommunityId(s.Int(2));
  d.target_type = s.Text(3);
  d.target_id = s.Int(4);
  if (!s.IsNull(5)) d.affected = AccountId(s.Int(5));
  d.action = s.Text(6);
  d.rule = s.Text(7);
  d.facts = s.Text(8);
  d.automated = s.Int(9) != 0;
  d.ban_until = s.Int(10);
  d.created_at = s.Int(11);
  d.reversed_at = s.Int(12);
  return d;
}

constexpr const char* kAppealColumns = "id, decision_id, account_id, text, state, decided_by, outcome, created_at, decided_at";
Appeal ReadAppeal(const Statement& s) {
  Appeal a;
  a.id = s.Int(0);
  a.decision_id = s.Int(1);
  if (!s.IsNull(2)) a.account = AccountId(s.Int(2));
  a.text = s.Text(3);
  a.state = s.Text(4);
  if (!s.IsNull(5)) a.decided_by = AccountId(s.Int(5));
  a.outcome = s.Text(6);
  a.created_at = s.Int(7);
  a.decided_at = s.Int(8);
  return a;
}

template <typename T, typename Reader>
Result<std::vector<T>> Select(Database& db, const std::string& sql, const std::function<void(Statement&)>& bind,
                              Reader read) {
  std::vector<T> out;
  KRING_TRY(db.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    bind(*s);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(read(*s));
    }
    return Status::Ok();
  }));
  return out;
}

template <typename T>
Result<std::optional<T>> First(Result<std::vector<T>> list) {
  if (!list) return std::move(list).error();
  if (list->empty()) return std::optional<T>();
  return std::optional<T>(std::move(list->front()));
}

Status Exec(Database& db, const std::string& sql, const std::function<void(Statement&)>& bind) {
  return db.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    bind(*s);
    return s->Run();
  });
}

}  // namespace

Status SqliteModerationRepo::AddReport(const Report& r) {
  return Exec(db_, std::string("INSERT INTO reports (") + kReportColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
              [&](Statement& s) {
                s.Bind(1, r.id).Bind(2, Raw(r.reporter)).Bind(3, r.reporter_email).Bind(4, r.target_type)
                    .Bind(5, r.target_id).Bind(6, Raw(r.target_account)).Bind(7, Raw(r.community)).Bind(8, r.category)
                    .Bind(9, r.text).Bind(10, r.state).Bind(11, r.decision_id ? std::optional<int64_t>(r.decision_id) : std::nullopt)
                    .Bind(12, r.created_at).Bind(13, r.resolved_at);
              });
}

Result<std::optional<Report>> SqliteModerationRepo::FindReport(int64_t id) {
  return First(Select<Report>(db_, std::string("SELECT ") + kReportColumns + " FROM reports WHERE id = ?",
                              [&](Statement& s) { s.Bind(1, id); }, ReadReport));
}

Result<std::vector<Report>> SqliteModerationRepo::ListOpenReports(std::optional<CommunityId> community, int limit) {
  if (community)
    return Select<Report>(db_, std::string("SELECT ") + kReportColumns +
                                   " FROM reports WHERE state = 'open' AND community_id = ? ORDER BY id LIMIT ?",
                          [&](Statement& s) { s.Bind(1, community->value()).Bind(2, limit); }, ReadReport);
  return Select<Report>(db_, std::string("SELECT ") + kReportColumns +
                                 " FROM reports WHERE state = 'open' AND (community_id IS NULL OR category = 'illegal') "
                                 "ORDER BY id LIMIT ?",
                        [&](Statement& s) { s.Bind(1, limit); }, ReadReport);
}

Status SqliteModerationRepo::ResolveReports(const std::string& target_type, int64_t target_id, int64_t decision_id,
                                            TimeMs at) {
  return Exec(db_,
              "UPDATE reports SET state = 'resolved', decision_id = ?, resolved_at = ? WHERE target_type = ? AND "
              "target_id = ? AND state = 'open'",
              [&](Statement& s) { s.Bind(1, decision_id).Bind(2, at).Bind(3, target_type).Bind(4, target_id); });
}

Status SqliteModerationRepo::AddDecision(const Decision& d) {
  return Exec(db_, std::string("INSERT INTO moderation_decisions (") + kDecisionColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
              [&](Statement& s) {
                s.Bind(1, d.id).Bind(2, Raw(d.moderator)).Bind(3, Raw(d.community)).Bind(4, d.target_type)
                    .Bind(5, d.target_id).Bind(6, Raw(d.affected)).Bind(7, d.action).Bind(8, d.rule).Bind(9, d.facts)
                    .Bind(10, d.automated).Bind(11, d.ban_until).Bind(12, d.created_at).Bind(13, d.reversed_at);
              });
}

Result<std::optional<Decision>> SqliteModerationRepo::FindDecision(int64_t id) {
  return First(Select<Decision>(db_, std::string("SELECT ") + kDecisionColumns + " FROM moderation_decisions WHERE id = ?",
                                [&](Statement& s) { s.Bind(1, id); }, ReadDecision));
}

Status SqliteModerationRepo::MarkReversed(int64_t decision_id, TimeMs at) {
  return Exec(db_, "UPDATE moderation_decisions SET reversed_at = ? WHERE id = ?",
              [&](Statement& s) { s.Bind(1, at).Bind(2, decision_id); });
}

Result<std::vector<Decision>> SqliteModerationRepo::ListDecisions(std::optional<CommunityId> community,
                                                                  const app::PageRequest& page) {
  return Select<Decision>(db_, std::string("SELECT ") + kDecisionColumns +
                                   " FROM moderation_decisions WHERE (?1 IS NULL OR community_id = ?1) AND "
                                   "(?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3",
                          [&](Statement& s) { s.Bind(1, Raw(community)).Bind(2, page.max_id).Bind(3, page.limit); },
                          ReadDecision);
}

Status SqliteModerationRepo::AddAppeal(const Appeal& a) {
  Status st = Exec(db_, std::string("INSERT INTO appeals (") + kAppealColumns + ") VALUES (?,?,?,?,?,?,?,?,?)",
                   [&](Statement& s) {
                     s.Bind(1, a.id).Bind(2, a.decision_id).Bind(3, Raw(a.account)).Bind(4, a.text).Bind(5, a.state)
                         .Bind(6, Raw(a.decided_by)).Bind(7, a.outcome).Bind(8, a.created_at).Bind(9, a.decided_at);
                   });
  if (!st && st.error().code == Errc::kConflict)
    return Conflict("already_appealed", "This decision has already been appealed; each decision can be appealed once.");
  return st;
}

Result<std::optional<Appeal>> SqliteModerationRepo::FindAppeal(int64_t id) {
  return First(Select<Appeal>(db_, std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE id = ?",
                              [&](Statement& s) { s.Bind(1, id); }, ReadAppeal));
}

Result<std::optional<Appeal>> SqliteModerationRepo::FindAppealOfDecision(int64_t decision_id) {
  return First(Select<Appeal>(db_, std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE decision_id = ?",
                              [&](Statement& s) { s.Bind(1, decision_id); }, ReadAppeal));
}

Status SqliteModerationRepo::UpdateAppeal(const Appeal& a) {
  return Exec(db_, "UPDATE appeals SET state = ?, decided_by = ?, outcome = ?, decided_at = ? WHERE id = ?",
              [&](Statement& s) {
                s.Bind(1, a.state).Bind(2, Raw(a.decided_by)).Bind(3, a.outcome).Bind(4, a.decided_at).Bind(5, a.id);
              });
}

Result<std::vector<Appeal>> SqliteModerationRepo::ListOpenAppeals(std::optional<CommunityId> community) {
  std::string cols;
  for (std::string_view c : {"a.id", "a.decision_id", "a.account_id", "a.text", "a.state", "a.decided_by", "a.outcome",
                             "a.created_at", "a.decided_at"})
    cols += (cols.empty() ? "" : ", ") + std::string(c);
  return Select<Appeal>(db_, "SELECT " + cols +
                                 " FROM appeals a JOIN moderation_decisions d ON d.id = a.decision_id WHERE a.state = 'open' "
                                 "AND ((?1 IS NULL AND d.community_id IS NULL) OR d.community_id = ?1) ORDER BY a.id",
                        [&](Statement& s) { s.Bind(1, Raw(community)); }, ReadAppeal);
}

Result<std::vector<Report>> SqliteModerationRepo::ListReportsBy(AccountId account) {
  return Select<Report>(db_, std::string("SELECT ") + kReportColumns + " FROM reports WHERE reporter_id = ? ORDER BY id",
                        [&](Statement& s) { s.Bind(1, account.value()); }, ReadReport);
}

Result<std::vector<Appeal>> SqliteModerationRepo::ListAppealsBy(AccountId account) {
  return Select<Appeal>(db_, std::string("SELECT ") + kAppealColumns + " FROM appeals WHERE account_id = ? ORDER BY id",
                        [&](Statement& s) { s.Bind(1, account.value()); }, ReadAppeal);
}

Status SqliteModerationRepo::PutBan(CommunityId community, AccountId account, TimeMs until, int64_t decision_id) {
  return Exec(db_,
              "INSERT INTO community_bans (community_id, account_id, until, decision_id) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (community_id, account_id) DO UPDATE SET until = excluded.until, decision_id = excluded.decision_id",
              [&](Statement& s) { s.Bind(1, community.value()).Bind(2, account.value()).Bind(3, until).Bind(4, decision_id); });
}

Status SqliteModerationRepo::RemoveBan(CommunityId community, AccountId account) {
  return Exec(db_, "DELETE FROM community_bans WHERE community_id = ? AND account_id = ?",
              [&](Statement& s) { s.Bind(1, community.value()).Bind(2, account.value()); });
}

Result<std::optional<TimeMs>> SqliteModerationRepo::ActiveBan(CommunityId community, AccountId account, TimeMs now) {
  std::optional<TimeMs> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT until FROM community_bans WHERE community_id = ? AND account_id = ? AND (until = 0 OR until > ?)"));
    s->Bind(1, community.value()).Bind(2, account.value()).Bind(3, now);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = s->Int(0);
    return Status::Ok();
  }));
  return out;
}

}  // namespace kring::storage::sqlite
