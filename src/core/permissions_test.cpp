#include "core/permissions.h"

#include <gtest/gtest.h>

namespace kring::core {
namespace {

Community Make(Visibility v) {
  Community c;
  c.id = CommunityId(1);
  c.visibility = v;
  return c;
}

Membership As(MemberRole role) { return Membership{CommunityId(1), AccountId(7), role, 0}; }

const Viewer kUser{AccountId(7), Role::kUser};
const Viewer kStaff{AccountId(8), Role::kModerator};
const Viewer kAdmin{AccountId(9), Role::kAdmin};

TEST(PermissionsTest, MembersOnlyContentIsForMembersAlone) {
  EXPECT_TRUE(CanReadContent(Make(Visibility::kPublic), std::nullopt));
  EXPECT_TRUE(CanReadContent(Make(Visibility::kUnlisted), std::nullopt));
  EXPECT_FALSE(CanReadContent(Make(Visibility::kMembersOnly), std::nullopt));
  EXPECT_TRUE(CanReadContent(Make(Visibility::kMembersOnly), As(MemberRole::kMember)));
}

TEST(PermissionsTest, OnlyMembersPostAndOnlyModeratorsAnnounce) {
  Community c = Make(Visibility::kPublic);
  EXPECT_FALSE(CanPost(c, std::nullopt, PostKind::kDiscussion));
  EXPECT_TRUE(CanPost(c, As(MemberRole::kMember), PostKind::kReview));
  EXPECT_FALSE(CanPost(c, As(MemberRole::kMember), PostKind::kAnnouncement));
  EXPECT_TRUE(CanPost(c, As(MemberRole::kModerator), PostKind::kAnnouncement));
  EXPECT_TRUE(CanPost(c, As(MemberRole::kOwner), PostKind::kAnnouncement));
}

TEST(PermissionsTest, StaffModerateOnlyWhereTheyCanRead) {
  Community open = Make(Visibility::kPublic), closed = Make(Visibility::kMembersOnly);
  EXPECT_TRUE(CanModerate(kStaff, open, std::nullopt));
  EXPECT_FALSE(CanModerate(kStaff, closed, std::nullopt));
  EXPECT_FALSE(CanModerate(kAdmin, closed, std::nullopt));
  EXPECT_FALSE(CanManageRoles(kAdmin, closed, std::nullopt));
  EXPECT_FALSE(CanEditCommunity(kAdmin, closed, std::nullopt));
  EXPECT_TRUE(CanManageRoles(kAdmin, open, std::nullopt));
  EXPECT_FALSE(CanModerate(kUser, open, As(MemberRole::kMember)));
  EXPECT_TRUE(CanModerate(kUser, closed, As(MemberRole::kModerator)));
  EXPECT_FALSE(CanManageRoles(kUser, open, As(MemberRole::kModerator)));
  EXPECT_TRUE(CanManageRoles(kUser, open, As(MemberRole::kOwner)));
}

TEST(PermissionsTest, UnlistedCommunitiesStayOutOfTheDirectory) {
  EXPECT_TRUE(IsListed(Make(Visibility::kPublic)));
  EXPECT_TRUE(IsListed(Make(Visibility::kMembersOnly)));
  EXPECT_FALSE(IsListed(Make(Visibility::kUnlisted)));
}

}  // namespace
}  // namespace kring::core
