// Who may do what. Pure functions over the viewer's instance role and community membership, so
// every rule is testable without I/O and the same answer is given by every endpoint.
#pragma once

#include <optional>

#include "core/account.h"
#include "core/community.h"
#include "core/post.h"

namespace kring::core {

// The person asking: nullopt for an anonymous visitor.
struct Viewer {
  std::optional<AccountId> account;
  Role role = Role::kUser;

  bool signed_in() const { return account.has_value(); }
  bool is_admin() const { return signed_in() && role == Role::kAdmin; }
  bool is_staff() const { return signed_in() && (role == Role::kAdmin || role == Role::kModerator); }
};

// Whether `viewer` may read the posts, comments and member list of `community`. Members-only
// content is for members alone: not for anonymous visitors, not for other accounts, and not for
// instance staff who are not members (they act on reports, in a later module).
bool CanReadContent(const Community& community, const std::optional<Membership>& membership);
bool CanPost(const Community& community, const std::optional<Membership>& membership, PostKind kind);
// Community moderators moderate their community. Instance staff (moderators, admins) may act in
// any community whose content they can read: public and unlisted ones, or members-only ones they
// belong to. Staff rank never opens a members-only community to a non-member.
bool CanModerate(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership);
bool CanEditCommunity(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership);
// Changing roles and transferring ownership: the owner, or an instance admin (as above).
bool CanManageRoles(const Viewer& viewer, const Community& community, const std::optional<Membership>& membership);
// Listed in the public directory.
bool IsListed(const Community& community);

}  // namespace kring::core
