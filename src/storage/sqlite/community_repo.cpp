// SQLite implementation of CommunityRepo: communities, memberships, join requests, invite links.
#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

using core::Community;

namespace {

constexpr const char* kCommunityColumns =
    "id, slug, name, description, rules, language, place, visibility, join_policy, created_at, member_count, "
    "post_count, last_activity_at, banner, time_zone";

Community ReadCommunity(const Statement& s) {
  Community c;
  c.id = CommunityId(s.Int(0));
  c.slug = s.Text(1);
  c.name = s.Text(2);
  c.description = s.Text(3);
  c.rules = SplitList(s.Text(4));
  c.language = s.Text(5);
  c.place = s.Text(6);
  c.visibility = core::ParseVisibility(s.Text(7)).value_or(core::Visibility::kMembersOnly);
  c.join_policy = core::ParseJoinPolicy(s.Text(8)).value_or(core::JoinPolicy::kApproval);
  c.created_at = s.Int(9);
  c.member_count = s.Int(10);
  c.post_count = s.Int(11);
  c.last_activity_at = s.Int(12);
  c.banner = s.Text(13);
  c.time_zone = s.Text(14);
  return c;
}

core::Membership ReadMembership(const Statement& s) {
  core::Membership m;
  m.community = CommunityId(s.Int(0));
  m.account = AccountId(s.Int(1));
  m.role = static_cast<core::MemberRole>(s.Int(2));
  m.joined_at = s.Int(3);
  return m;
}

core::JoinRequest ReadRequest(const Statement& s) {
  core::JoinRequest r;
  r.community = CommunityId(s.Int(0));
  r.account = AccountId(s.Int(1));
  r.message = s.Text(2);
  std::string state = s.Text(3);
  r.state = state == "approved" ? core::JoinRequestState::kApproved
            : state == "rejected" ? core::JoinRequestState::kRejected
                                  : core::JoinRequestState::kPending;
  r.created_at = s.Int(4);
  if (!s.IsNull(5)) r.decided_by = AccountId(s.Int(5));
  r.decided_at = s.Int(6);
  return r;
}

core::CommunityInvite ReadInvite(const Statement& s) {
  core::CommunityInvite inv;
  inv.id = InviteId(s.Int(0));
  inv.community = CommunityId(s.Int(1));
  inv.code = s.Text(2);
  if (!s.IsNull(3)) inv.created_by = AccountId(s.Int(3));
  inv.created_at = s.Int(4);
  inv.expires_at = s.Int(5);
  inv.max_uses = s.Int(6);
  inv.uses = s.Int(7);
  inv.revoked = s.Int(8) != 0;
  return inv;
}

constexpr const char* kRequestColumns = "community_id, account_id, message, state, created_at, decided_by, decided_at";
constexpr const char* kInviteColumns =
    "id, community_id, code, created_by, created_at, expires_at, max_uses, uses, revoked";

template <typename T, typename Reader>
Status Collect(Statement& s, std::vector<T>& out, Reader read) {
  for (;;) {
    KRING_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return Status::Ok();
    out.push_back(read(s));
  }
}

}  // namespace

Status SqliteCommunityRepo::LoadTopics(Connection& c, Community& community) {
  KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT topic_key FROM community_topics WHERE community_id = ? ORDER BY position"));
  s->Bind(1, community.id.value());
  community.topics.clear();
  return Collect(*s, community.topics, [](const Statement& st) { return st.Text(0); });
}

Status SqliteCommunityRepo::SaveTopics(Connection& c, const Community& community) {
  KRING_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM community_topics WHERE community_id = ?"));
  del->Bind(1, community.id.value());
  KRING_TRY(del->Run());
  del.reset();
  for (size_t i = 0; i < community.topics.size(); ++i) {
    KRING_ASSIGN_OR_RETURN(auto ins, c.Prepare(
        "INSERT OR IGNORE INTO community_topics (community_id, position, topic_key) VALUES (?, ?, ?)"));
    ins->Bind(1, community.id.value()).Bind(2, static_cast<int64_t>(i)).Bind(3, community.topics[i]);
    KRING_TRY(ins->Run());
  }
  return Status::Ok();
}

Status SqliteCommunityRepo::Create(const Community& x) {
  Status st = db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO communities (id, slug, name, description, rules, language, place, visibility, join_policy, "
        "created_at, member_count, post_count, last_activity_at, time_zone) VALUES (?,?,?,?,?,?,?,?,?,?,0,0,?,?)"));
    s->Bind(1, x.id.value()).Bind(2, x.slug).Bind(3, x.name).Bind(4, x.description).Bind(5, JoinList(x.rules))
        .Bind(6, x.language).Bind(7, x.place).Bind(8, core::VisibilityName(x.visibility))
        .Bind(9, core::JoinPolicyName(x.join_policy)).Bind(10, x.created_at).Bind(11, x.last_activity_at).Bind(12, x.time_zone);
    KRING_TRY(s->Run());
    s.reset();
    return SaveTopics(c, x);
  });
  if (!st && st.error().code == Errc::kConflict) return Conflict("slug_taken", "That address is taken; choose another.");
  return st;
}

Status SqliteCommunityRepo::Update(const Community& x) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE communities SET name = ?, description = ?, rules = ?, language = ?, place = ?, visibility = ?, "
        "join_policy = ?, time_zone = ? WHERE id = ?"));
    s->Bind(1, x.name).Bind(2, x.description).Bind(3, JoinList(x.rules)).Bind(4, x.language).Bind(5, x.place)
        .Bind(6, core::VisibilityName(x.visibility)).Bind(7, core::JoinPolicyName(x.join_policy)).Bind(8, x.time_zone)
        .Bind(9, x.id.value());
    KRING_TRY(s->Run());
    if (s->Changes() == 0) return NotFound("community");
    s.reset();
    return SaveTopics(c, x);
  });
}

Status SqliteCommunityRepo::Delete(CommunityId id) {
  return db_.Write([&](Connection& c) -> Status {
    // Reactions point at posts and comments without a foreign key (they target either), so they
    // go first; the rest follows the ON DELETE CASCADE chain from communities.
    KRING_ASSIGN_OR_RETURN(auto r1, c.Prepare(
        "DELETE FROM reactions WHERE target_type = 'comment' AND target_id IN "
        "(SELECT cm.id FROM comments cm JOIN posts p ON p.id = cm.post_id WHERE p.community_id = ?)"));
    r1->Bind(1, id.value());
    KRING_TRY(r1->Run());
    r1.reset();
    KRING_ASSIGN_OR_RETURN(auto r2, c.Prepare(
        "DELETE FROM reactions WHERE target_type = 'post' AND target_id IN (SELECT id FROM posts WHERE community_id = ?)"));
    r2->Bind(1, id.value());
    KRING_TRY(r2->Run());
    r2.reset();
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM communities WHERE id = ?"));
    s->Bind(1, id.value());
    return s->Run();
  });
}

Result<std::vector<Community>> SqliteCommunityRepo::Query(const std::string& sql,
                                                          const std::function<void(Statement&)>& bind) {
  std::vector<Community> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
      bind(*s);
      KRING_TRY(Collect(*s, out, ReadCommunity));
    }
    for (auto& community : out) KRING_TRY(LoadTopics(c, community));
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Community>> SqliteCommunityRepo::FindById(CommunityId id) {
  KRING_ASSIGN_OR_RETURN(auto list, Query(std::string("SELECT ") + kCommunityColumns + " FROM communities WHERE id = ?",
                                          [&](Statement& s) { s.Bind(1, id.value()); }));
  if (list.empty()) return std::optional<Community>();
  return std::optional<Community>(std::move(list.front()));
}

Result<std::optional<Community>> SqliteCommunityRepo::FindBySlug(const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(auto list, Query(std::string("SELECT ") + kCommunityColumns + " FROM communities WHERE slug = ?",
                                          [&](Statement& s) { s.Bind(1, slug); }));
  if (list.empty()) return std::optional<Community>();
  return std::optional<Community>(std::move(list.front()));
}

Result<std::vector<Community>> SqliteCommunityRepo::ListDirectory(const app::DirectoryQuery& q) {
  std::string order = q.sort == "new"    ? "created_at DESC, id DESC"
                      : q.sort == "size" ? "member_count DESC, id DESC"
                                         : "last_activity_at DESC, id DESC";
  std::string sql = std::string("SELECT ") + kCommunityColumns +
                    " FROM communities WHERE visibility != 'unlisted'"
                    " AND (?1 IS NULL OR id IN (SELECT community_id FROM community_topics WHERE topic_key = ?1))"
                    " AND (?2 IS NULL OR language = ?2)"
                    " AND (?3 IS NULL OR place = ?3 COLLATE NOCASE)"
                    " AND member_count >= ?4"
                    " ORDER BY " + order + " LIMIT ?5 OFFSET ?6";
  return Query(sql, [&](Statement& s) {
    s.Bind(1, q.topic).Bind(2, q.language).Bind(3, q.place).Bind(4, q.min_members).Bind(5, q.limit).Bind(6, q.offset);
  });
}

Status SqliteCommunityRepo::TouchActivity(CommunityId id, TimeMs at) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE communities SET last_activity_at = MAX(last_activity_at, ?) WHERE id = ?"));
    s->Bind(1, at).Bind(2, id.value());
    return s->Run();
  });
}

Status SqliteCommunityRepo::AddMember(const core::Membership& m) {
  Status st = db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO memberships (community_id, account_id, role, joined_at) VALUES (?,?,?,?)"));
    s->Bind(1, m.community.value()).Bind(2, m.account.value()).Bind(3, static_cast<int64_t>(m.role)).Bind(4, m.joined_at);
    KRING_TRY(s->Run());
    s.reset();
    KRING_ASSIGN_OR_RETURN(auto u, c.Prepare(
        "UPDATE communities SET member_count = member_count + 1, last_activity_at = MAX(last_activity_at, ?) WHERE id = ?"));
    u->Bind(1, m.joined_at).Bind(2, m.community.value());
    return u->Run();
  });
  if (!st && st.error().code == Errc::kConflict) return Conflict("already_member", "You are already a member.");
  return st;
}

Status SqliteCommunityRepo::RemoveMember(CommunityId community, AccountId account) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM memberships WHERE community_id = ? AND account_id = ?"));
    s->Bind(1, community.value()).Bind(2, account.value());
    KRING_TRY(s->Run());
    int64_t changed = s->Changes();
    s.reset();
    if (changed == 0) return Status::Ok();
    KRING_ASSIGN_OR_RETURN(auto u, c.Prepare("UPDATE communities SET member_count = member_count - 1 WHERE id = ?"));
    u->Bind(1, community.value());
    return u->Run();
  });
}

Status SqliteCommunityRepo::SetRole(CommunityId community, AccountId account, core::MemberRole role) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE memberships SET role = ? WHERE community_id = ? AND account_id = ?"));
    s->Bind(1, static_cast<int64_t>(role)).Bind(2, community.value()).Bind(3, account.value());
    KRING_TRY(s->Run());
    if (s->Changes() == 0) return NotFound("member");
    return Status::Ok();
  });
}

Result<std::optional<core::Membership>> SqliteCommunityRepo::FindMembership(CommunityId community, AccountId account) {
  std::optional<core::Membership> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT community_id, account_id, role, joined_at FROM memberships WHERE community_id = ? AND account_id = ?"));
    s->Bind(1, community.value()).Bind(2, account.value());
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadMembership(*s);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<core::Membership>> SqliteCommunityRepo::ListMembers(CommunityId community,
                                                                       const app::PageRequest& page) {
  std::vector<core::Membership> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT community_id, account_id, role, joined_at FROM memberships WHERE community_id = ? "
        "ORDER BY role DESC, joined_at, account_id LIMIT ? OFFSET ?"));
    s->Bind(1, community.value()).Bind(2, page.limit).Bind(3, page.offset);
    return Collect(*s, out, ReadMembership);
  }));
  return out;
}

Result<std::vector<core::Membership>> SqliteCommunityRepo::ListMembershipsOf(AccountId account) {
  std::vector<core::Membership> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "SELECT community_id, account_id, role, joined_at FROM memberships WHERE account_id = ? ORDER BY joined_at"));
    s->Bind(1, account.value());
    return Collect(*s, out, ReadMembership);
  }));
  return out;
}

Status SqliteCommunityRepo::PutJoinRequest(const core::JoinRequest& r) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "INSERT INTO join_requests (community_id, account_id, message, state, created_at, decided_by, decided_at) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT (community_id, account_id) DO UPDATE SET message = excluded.message, "
        "state = excluded.state, created_at = excluded.created_at, decided_by = excluded.decided_by, "
        "decided_at = excluded.decided_at"));
    std::optional<int64_t> by;
    if (r.decided_by) by = r.decided_by->value();
    s->Bind(1, r.community.value()).Bind(2, r.account.value()).Bind(3, r.message)
        .Bind(4, core::JoinRequestStateName(r.state)).Bind(5, r.created_at).Bind(6, by).Bind(7, r.decided_at);
    return s->Run();
  });
}

Result<std::optional<core::JoinRequest>> SqliteCommunityRepo::FindJoinRequest(CommunityId community, AccountId account) {
  std::optional<core::JoinRequest> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kRequestColumns +
                                             " FROM join_requests WHERE community_id = ? AND account_id = ?"));
    s->Bind(1, community.value()).Bind(2, account.value());
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadRequest(*s);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<core::JoinRequest>> SqliteCommunityRepo::ListJoinRequests(CommunityId community,
                                                                             core::JoinRequestState state) {
  std::vector<core::JoinRequest> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kRequestColumns +
                                             " FROM join_requests WHERE community_id = ? AND state = ? ORDER BY created_at"));
    s->Bind(1, community.value()).Bind(2, core::JoinRequestStateName(state));
    return Collect(*s, out, ReadRequest);
  }));
  return out;
}

Result<std::vector<core::JoinRequest>> SqliteCommunityRepo::ListJoinRequestsOf(AccountId account) {
  std::vector<core::JoinRequest> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kRequestColumns +
                                             " FROM join_requests WHERE account_id = ? ORDER BY created_at"));
    s->Bind(1, account.value());
    return Collect(*s, out, ReadRequest);
  }));
  return out;
}

Status SqliteCommunityRepo::CreateInvite(const core::CommunityInvite& inv) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("INSERT INTO community_invites (") + kInviteColumns +
                                             ") VALUES (?,?,?,?,?,?,?,?,?)"));
    std::optional<int64_t> by;
    if (inv.created_by) by = inv.created_by->value();
    s->Bind(1, inv.id.value()).Bind(2, inv.community.value()).Bind(3, inv.code).Bind(4, by).Bind(5, inv.created_at)
        .Bind(6, inv.expires_at).Bind(7, inv.max_uses).Bind(8, inv.uses).Bind(9, inv.revoked);
    return s->Run();
  });
}

Result<std::optional<core::CommunityInvite>> SqliteCommunityRepo::FindInviteByCode(const std::string& code) {
  std::optional<core::CommunityInvite> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kInviteColumns +
                                             " FROM community_invites WHERE code = ?"));
    s->Bind(1, code);
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) out = ReadInvite(*s);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<core::CommunityInvite>> SqliteCommunityRepo::ListInvites(CommunityId community) {
  std::vector<core::CommunityInvite> out;
  KRING_TRY(db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kInviteColumns +
                                             " FROM community_invites WHERE community_id = ? ORDER BY id DESC"));
    s->Bind(1, community.value());
    return Collect(*s, out, ReadInvite);
  }));
  return out;
}

Status SqliteCommunityRepo::UpdateInvite(const core::CommunityInvite& inv) {
  return db_.Write([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
        "UPDATE community_invites SET expires_at = ?, max_uses = ?, uses = ?, revoked = ? WHERE id = ?"));
    s->Bind(1, inv.expires_at).Bind(2, inv.max_uses).Bind(3, inv.uses).Bind(4, inv.revoked).Bind(5, inv.id.value());
    return s->Run();
  });
}

}  // namespace kring::storage::sqlite
