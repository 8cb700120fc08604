#include "core/permissions.h"

namespace kring::core {

bool CanReadContent(const Community& community, const std::optional<Membership>& membership) {
  if (community.visibility != Visibility::kMembersOnly) return true;
  return membership.has_value();
}

bool CanPost(const Community& community, const std::optional<Membership>& membership, PostKind kind) {
  if (!membership) return false;
  if (kind == PostKind::kAnnouncement) return membership->role >= MemberRole::kModerator;
  return true;
}

bool CanModerate(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership) {
  if (viewer.is_staff() && CanReadContent(community, membership)) return true;
  return membership && membership->role >= MemberRole::kModerator;
}

bool CanEditCommunity(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership) {
  if (viewer.is_admin() && CanReadContent(community, membership)) return true;
  return membership && membership->role >= MemberRole::kModerator;
}

bool CanManageRoles(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership) {
  if (viewer.is_admin() && CanReadContent(community, membership)) return true;
  return membership && membership->role == MemberRole::kOwner;
}

bool IsListed(const Community& community) { return community.visibility != Visibility::kUnlisted; }

}  // namespace kring::core
