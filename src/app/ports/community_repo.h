// Storage of communities, memberships, join requests and invite links. Membership changes keep
// Community::member_count in step inside the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "core/community.h"

namespace kring::app {

struct DirectoryQuery {
  std::optional<std::string> topic;     // fold key
  std::optional<std::string> language;  // two-letter code
  std::optional<std::string> place;     // case-insensitive exact match
  int64_t min_members = 0;
  std::string sort = "active";  // new | active | size
  int limit = kDefaultPageLimit;
  int offset = 0;
  // Listed communities only, plus any the viewer is a member of when `member` is set.
};

class CommunityRepo {
 public:
  virtual ~CommunityRepo() = default;
  // kConflict "slug_taken" when the slug is in use.
  virtual Status Create(const core::Community& community) = 0;
  virtual Result<std::optional<core::Community>> FindById(CommunityId id) = 0;
  virtual Result<std::optional<core::Community>> FindBySlug(const std::string& slug) = 0;
  // Updates the editable fields (not counters).
  virtual Status Update(const core::Community& community) = 0;
  virtual Status Delete(CommunityId id) = 0;
  // Listed (public and members-only) communities matching the query.
  virtual Result<std::vector<core::Community>> ListDirectory(const DirectoryQuery& query) = 0;
  virtual Status TouchActivity(CommunityId id, TimeMs at) = 0;

  // Memberships. AddMember: kConflict "already_member".
  virtual Status AddMember(const core::Membership& membership) = 0;
  virtual Status RemoveMember(CommunityId community, AccountId account) = 0;
  virtual Status SetRole(CommunityId community, AccountId account, core::MemberRole role) = 0;
  virtual Result<std::optional<core::Membership>> FindMembership(CommunityId community, AccountId account) = 0;
  // Ordered by role (owner first), then join time.
  virtual Result<std::vector<core::Membership>> ListMembers(CommunityId community, const PageRequest& page) = 0;
  virtual Result<std::vector<core::Membership>> ListMembershipsOf(AccountId account) = 0;

  // Join requests: one per (community, account); Put replaces.
  virtual Status PutJoinRequest(const core::JoinRequest& request) = 0;
  virtual Result<std::optional<core::JoinRequest>> FindJoinRequest(CommunityId community, AccountId account) = 0;
  virtual Result<std::vector<core::JoinRequest>> ListJoinRequests(CommunityId community, core::JoinRequestState state) = 0;
  virtual Result<std::vector<core::JoinRequest>> ListJoinRequestsOf(AccountId account) = 0;

  // Invite links.
  virtual Status CreateInvite(const core::CommunityInvite& invite) = 0;
  virtual Result<std::optional<core::CommunityInvite>> FindInviteByCode(const std::string& code) = 0;
  virtual Result<std::vector<core::CommunityInvite>> ListInvites(CommunityId community) = 0;
  virtual Status UpdateInvite(const core::CommunityInvite& invite) = 0;
};

}  // namespace kring::app
