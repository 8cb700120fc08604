// Communities, memberships, join requests and invite links of the in-memory store.
#include <algorithm>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

using core::Community;
using core::CommunityInvite;
using core::JoinRequest;
using core::Membership;

Status MemoryCommunityRepo::Create(const Community& community) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.communities.count(community.id.value())) return Internal("duplicate community id " + community.id.ToString());
  for (const auto& [id, c] : t.communities)
    if (c.slug == community.slug) return Conflict("slug_taken", "That address is already taken.");
  t.communities.emplace(community.id.value(), community);
  return Status::Ok();
}

Result<std::optional<Community>> MemoryCommunityRepo::FindById(CommunityId id) {
  Lock lock(db_.mu);
  auto it = db_.tables.communities.find(id.value());
  if (it == db_.tables.communities.end()) return std::optional<Community>();
  return std::optional<Community>(it->second);
}

Result<std::optional<Community>> MemoryCommunityRepo::FindBySlug(const std::string& slug) {
  Lock lock(db_.mu);
  for (const auto& [id, c] : db_.tables.communities)
    if (c.slug == slug) return std::optional<Community>(c);
  return std::optional<Community>();
}

Status MemoryCommunityRepo::Update(const Community& community) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  auto it = t.communities.find(community.id.value());
  if (it == t.communities.end()) return NotFound("community");
  // The slug is the community's permanent address (links, federation); counters and the creation
  // time belong to the store, not to whoever read the row last.
  Community& stored = it->second;
  stored.name = community.name;
  stored.description = community.description;
  stored.rules = community.rules;
  stored.topics = community.topics;
  stored.language = community.language;
  stored.place = community.place;
  stored.visibility = community.visibility;
  stored.join_policy = community.join_policy;
  return Status::Ok();
}

Status MemoryCommunityRepo::Delete(CommunityId id) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  const int64_t cid = id.value();
  std::erase_if(t.memberships, [&](const auto& row) { return row.first.first == cid; });
  std::erase_if(t.join_requests, [&](const auto& row) { return row.first.first == cid; });
  std::erase_if(t.community_invites, [&](const auto& row) { return row.second.community == id; });
  std::vector<int64_t> posts;
  for (const auto& [pid, p] : t.posts)
    if (p.community == id) posts.push_back(pid);
  for (int64_t pid : posts) DeletePostCascade(t, pid);
  t.communities.erase(cid);
  return Status::Ok();
}

Result<std::vector<Community>> MemoryCommunityRepo::ListDirectory(const app::DirectoryQuery& query) {
  Lock lock(db_.mu);
  const std::optional<std::string> place = query.place ? std::optional(AsciiLower(*query.place)) : std::nullopt;
  std::vector<Community> out;
  for (const auto& [id, c] : db_.tables.communities) {
    if (c.visibility == core::Visibility::kUnlisted) continue;
    if (query.topic && std::find(c.topics.begin(), c.topics.end(), *query.topic) == c.topics.end()) continue;
    if (query.language && c.language != *query.language) continue;
    if (place && AsciiLower(c.place) != *place) continue;
    if (c.member_count < query.min_members) continue;
    out.push_back(c);
  }
  // Ties fall back to the newest id so paging with an offset is stable.
  auto key = [&](const Community& c) -> int64_t {
    if (query.sort == "new") return c.created_at;
    if (query.sort == "size") return c.member_count;
    return c.last_activity_at;  // "active", the default
  };
  std::sort(out.begin(), out.end(), [&](const Community& a, const Community& b) {
    if (key(a) != key(b)) return key(a) > key(b);
    return a.id > b.id;
  });
  return PageByOffset(std::move(out), query.offset, query.limit);
}

Status MemoryCommunityRepo::TouchActivity(CommunityId id, TimeMs at) {
  Lock lock(db_.mu);
  auto it = db_.tables.communities.find(id.value());
  if (it == db_.tables.communities.end()) return NotFound("community");
  it->second.last_activity_at = std::max(it->second.last_activity_at, at);
  return Status::Ok();
}

Status MemoryCommunityRepo::AddMember(const Membership& membership) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  auto community = t.communities.find(membership.community.value());
  if (community == t.communities.end()) return NotFound("community");
  if (!t.accounts.count(membership.account.value())) return NotFound("account");
  if (!t.memberships.emplace(PairKey{membership.community.value(), membership.account.value()}, membership).second)
    return Conflict("already_member", "You are already a member of this community.");
  ++community->second.member_count;
  return Status::Ok();
}

Status MemoryCommunityRepo::RemoveMember(CommunityId community, AccountId account) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.memberships.erase({community.value(), account.value()}) == 0) return Status::Ok();
  auto c = t.communities.find(community.value());
  if (c != t.communities.end()) --c->second.member_count;
  return Status::Ok();
}

Status MemoryCommunityRepo::SetRole(CommunityId community, AccountId account, core::MemberRole role) {
  Lock lock(db_.mu);
  auto it = db_.tables.memberships.find({community.value(), account.value()});
  if (it == db_.tables.memberships.end()) return NotFound("membership");
  it->second.role = role;
  return Status::Ok();
}

Result<std::optional<Membership>> MemoryCommunityRepo::FindMembership(CommunityId community, AccountId account) {
  Lock lock(db_.mu);
  auto it = db_.tables.memberships.find({community.value(), account.value()});
  if (it == db_.tables.memberships.end()) return std::optional<Membership>();
  return std::optional<Membership>(it->second);
}

Result<std::vector<Membership>> MemoryCommunityRepo::ListMembers(CommunityId community, const app::PageRequest& page) {
  Lock lock(db_.mu);
  std::vector<Membership> out;
  for (const auto& [key, m] : db_.tables.memberships)
    if (m.community == community) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const Membership& a, const Membership& b) {
    if (a.role != b.role) return a.role > b.role;  // owner, moderator, member
    if (a.joined_at != b.joined_at) return a.joined_at < b.joined_at;
    return a.account < b.account;
  });
  return PageByOffset(std::move(out), page.offset, page.limit);
}

Result<std::vector<Membership>> MemoryCommunityRepo::ListMembershipsOf(AccountId account) {
  Lock lock(db_.mu);
  std::vector<Membership> out;
  for (const auto& [key, m] : db_.tables.memberships)
    if (m.account == account) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const Membership& a, const Membership& b) {
    if (a.joined_at != b.joined_at) return a.joined_at < b.joined_at;
    return a.community < b.community;
  });
  return out;
}

Status MemoryCommunityRepo::PutJoinRequest(const JoinRequest& request) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (!t.communities.count(request.community.value())) return NotFound("community");
  if (!t.accounts.count(request.account.value())) return NotFound("account");
  t.join_requests[{request.community.value(), request.account.value()}] = request;
  return Status::Ok();
}

Result<std::optional<JoinRequest>> MemoryCommunityRepo::FindJoinRequest(CommunityId community, AccountId account) {
  Lock lock(db_.mu);
  auto it = db_.tables.join_requests.find({community.value(), account.value()});
  if (it == db_.tables.join_requests.end()) return std::optional<JoinRequest>();
  return std::optional<JoinRequest>(it->second);
}

Result<std::vector<JoinRequest>> MemoryCommunityRepo::ListJoinRequests(CommunityId community,
                                                                       core::JoinRequestState state) {
  Lock lock(db_.mu);
  std::vector<JoinRequest> out;
  for (const auto& [key, r] : db_.tables.join_requests)
    if (r.community == community && r.state == state) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const JoinRequest& a, const JoinRequest& b) {
    if (a.created_at != b.created_at) return a.created_at < b.created_at;
    return a.account < b.account;
  });
  return out;
}

Result<std::vector<JoinRequest>> MemoryCommunityRepo::ListJoinRequestsOf(AccountId account) {
  Lock lock(db_.mu);
  std::vector<JoinRequest> out;
  for (const auto& [key, r] : db_.tables.join_requests)
    if (r.account == account) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const JoinRequest& a, const JoinRequest& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.community > b.community;
  });
  return out;
}

Status MemoryCommunityRepo::CreateInvite(const CommunityInvite& invite) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.community_invites.count(invite.id.value())) return Internal("duplicate invite id " + invite.id.ToString());
  if (!t.communities.count(invite.community.value())) return NotFound("community");
  for (const auto& [id, other] : t.community_invites)
    if (other.code == invite.code) return Conflict("invite_code_taken", "That invite code is already in use.");
  t.community_invites.emplace(invite.id.value(), invite);
  return Status::Ok();
}

Result<std::optional<CommunityInvite>> MemoryCommunityRepo::FindInviteByCode(const std::string& code) {
  Lock lock(db_.mu);
  for (const auto& [id, inv] : db_.tables.community_invites)
    if (inv.code == code) return std::optional<CommunityInvite>(inv);
  return std::optional<CommunityInvite>();
}

Result<std::vector<CommunityInvite>> MemoryCommunityRepo::ListInvites(CommunityId community) {
  Lock lock(db_.mu);
  std::vector<CommunityInvite> out;
  for (const auto& [id, inv] : db_.tables.community_invites)
    if (inv.community == community) out.push_back(inv);
  std::sort(out.begin(), out.end(), [](const CommunityInvite& a, const CommunityInvite& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.id > b.id;
  });
  return out;
}

Status MemoryCommunityRepo::UpdateInvite(const CommunityInvite& invite) {
  Lock lock(db_.mu);
  auto it = db_.tables.community_invites.find(invite.id.value());
  if (it == db_.tables.community_invites.end()) return NotFound("invite");
  CommunityInvite& stored = it->second;
  stored.expires_at = invite.expires_at;
  stored.max_uses = invite.max_uses;
  stored.uses = invite.uses;
  stored.revoked = invite.revoked;
  return Status::Ok();
}

}  // namespace kring::storage::memory
