// Use cases for communities: founding, settings, the directory, joining (open, by approval, by
// invite link), leaving, member roles and invite links.
//
// Thread safety: stateless beyond AppDeps; safe to call from any thread.
#pragma once

#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/views.h"

namespace kring::app {

struct CommunityUpdate {
  std::optional<std::string> name, description, language, place, visibility, join_policy, time_zone;
  std::optional<std::vector<std::string>> rules, topics;
};

struct JoinOutcome {
  std::string state;  // "joined" | "requested" | "already_member"
  CommunityView community;
};

struct MemberView {
  core::Membership membership;
  core::Account account;
};

class CommunityService {
 public:
  explicit CommunityService(AppDeps& deps) : d_(deps) {}

  // The founder becomes owner and first member. Errors: invalid_argument, slug_taken (409).
  Result<CommunityView> Create(const AuthContext& auth, core::Community fields);
  // Not found for nobody: every community's card (name, description, rules) is visible, so people
  // can ask to join; content is guarded separately.
  Result<CommunityView> Get(const std::string& slug, const core::Viewer& viewer);
  Result<CommunityView> GetById(CommunityId id, const core::Viewer& viewer);
  Result<CommunityView> Update(const AuthContext& auth, const std::string& slug, const CommunityUpdate& update);
  Result<std::vector<CommunityView>> Directory(const DirectoryQuery& query, const core::Viewer& viewer);
  Result<std::vector<CommunityView>> ListJoined(const AuthContext& auth);

  // Open: joins. Approval: files a request (message optional). Invite: needs a usable code.
  Result<JoinOutcome> Join(const AuthContext& auth, const std::string& slug, const std::string& message,
                           const std::string& invite_code);
  // The last owner cannot leave (owner_must_transfer, 409) while others remain.
  Status Leave(const AuthContext& auth, const std::string& slug);

  Result<std::vector<MemberView>> ListMembers(const std::string& slug, const core::Viewer& viewer,
                                              const PageRequest& page);
  Result<std::vector<std::pair<core::JoinRequest, core::Account>>> ListJoinRequests(const AuthContext& auth,
                                                                                    const std::string& slug);
  Status DecideJoinRequest(const AuthContext& auth, const std::string& slug, AccountId account, bool approve);
  // Owners set roles; setting "owner" on someone transfers ownership (the old owner becomes moderator).
  Status SetMemberRole(const AuthContext& auth, const std::string& slug, AccountId account, core::MemberRole role);
  // Moderators remove members (not owners, not other moderators unless owner).
  Status RemoveMember(const AuthContext& auth, const std::string& slug, AccountId account);

  Result<core::CommunityInvite> CreateInvite(const AuthContext& auth, const std::string& slug, int64_t max_uses,
                                             TimeMs expires_at);
  Result<std::vector<core::CommunityInvite>> ListInvites(const AuthContext& auth, const std::string& slug);
  Status RevokeInvite(const AuthContext& auth, const std::string& slug, const std::string& code);
  // What an invite link leads to, for the landing screen (anonymous allowed).
  Result<std::pair<core::CommunityInvite, CommunityView>> InspectInvite(const std::string& code,
                                                                        const core::Viewer& viewer);

 private:
  // The same rule as an account's time zone: an IANA name the system tz database knows.
  Status CheckTimeZone(const std::string& zone);
  Result<core::Community> Load(const std::string& slug);
  Result<CommunityView> MakeView(core::Community community, const core::Viewer& viewer);
  Result<std::optional<core::Membership>> MembershipOf(const core::Community& c, const core::Viewer& viewer);
  Status RequireModerator(const AuthContext& auth, const core::Community& c);
  AppDeps& d_;
};

}  // namespace kring::app
