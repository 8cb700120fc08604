// Table-driven checks of the field rules in account.h, community.h and post.h.
#include <gtest/gtest.h>

#include "core/account.h"
#include "core/community.h"
#include "core/post.h"

namespace kring::core {
namespace {

std::string Detail(const Status& s) { return s ? "ok" : s.error().detail; }

TEST(ValidationTest, Slugs) {
  struct Case {
    const char* slug;
    const char* expected;
  } cases[] = {
      {"moestuin-oost", "ok"}, {"abc", "ok"}, {"ab", "slug_invalid"}, {"Moestuin", "slug_invalid"},
      {"-start", "slug_invalid"}, {"end-", "slug_invalid"}, {"met spatie", "slug_invalid"},
      {"caf\xc3\xa9", "slug_invalid"}, {"admin", "slug_reserved"}, {"new", "slug_reserved"},
      {"a123456789012345678901234567890123456789", "ok"}, {"a1234567890123456789012345678901234567890", "slug_invalid"},
  };
  for (const auto& c : cases) EXPECT_EQ(Detail(ValidateSlug(c.slug)), c.expected) << c.slug;
}

TEST(ValidationTest, CommunityFieldsNormaliseTopicsAndCheckLimits) {
  Community c;
  c.slug = "moestuin";
  c.name = "Moestuin Oost";
  c.topics = {"Tuinieren", "tuinieren", "MOESTUIN"};
  c.language = "nl";
  ASSERT_TRUE(ValidateCommunityFields(c));
  EXPECT_EQ(c.topics, (std::vector<std::string>{"tuinieren", "moestuin"}));
  c.name = "  ";
  EXPECT_EQ(Detail(ValidateCommunityFields(c)), "required");
  c.name = std::string(81, 'x');
  EXPECT_EQ(Detail(ValidateCommunityFields(c)), "too_long");
  c.name = "ok";
  c.language = "dutch";
  EXPECT_EQ(Detail(ValidateCommunityFields(c)), "invalid_language");
  c.language = "nl";
  c.rules = std::vector<std::string>(21, "wees aardig");
  EXPECT_EQ(Detail(ValidateCommunityFields(c)), "too_many");
}

Post Make(PostKind kind) {
  Post p;
  p.kind = kind;
  p.title = "Titel";
  p.body = "Tekst";
  return p;
}

TEST(ValidationTest, PostKindsNeedTheirFields) {
  EXPECT_EQ(Detail(ValidatePostFields(Make(PostKind::kDiscussion))), "ok");
  Post q = Make(PostKind::kQuestion);
  q.title.clear();
  EXPECT_EQ(Detail(ValidatePostFields(q)), "required");
  Post link = Make(PostKind::kLink);
  EXPECT_EQ(Detail(ValidatePostFields(link)), "required");
  link.url = "ftp://example.org";
  EXPECT_EQ(Detail(ValidatePostFields(link)), "invalid_url");
  link.url = "https://example.org/pad?x=1";
  EXPECT_EQ(Detail(ValidatePostFields(link)), "ok");
  Post review = Make(PostKind::kReview);
  review.place_name = "De Korenschoof";
  for (int rating : {0, 6, -1}) {
    review.rating = rating;
    EXPECT_EQ(Detail(ValidatePostFields(review)), "invalid_rating") << rating;
  }
  review.rating = 4;
  EXPECT_EQ(Detail(ValidatePostFields(review)), "ok");
  Post stray = Make(PostKind::kDiscussion);
  stray.rating = 3;
  EXPECT_EQ(Detail(ValidatePostFields(stray)), "unexpected_field");
}

TEST(ValidationTest, TextLimitsCountCharactersNotBytes) {
  Post p = Make(PostKind::kDiscussion);
  std::string tulip = "\xf0\x9f\x8c\xb7";  // one character, four bytes
  p.title.clear();
  for (int i = 0; i < 300; ++i) p.title += tulip;
  EXPECT_EQ(Detail(ValidatePostFields(p)), "ok");
  p.title += tulip;
  EXPECT_EQ(Detail(ValidatePostFields(p)), "too_long");
  EXPECT_EQ(Detail(ValidateCommentBody(std::string(10000, 'x'))), "ok");
  EXPECT_EQ(Detail(ValidateCommentBody(std::string(10001, 'x'))), "too_long");
  EXPECT_EQ(Detail(ValidateCommentBody("\x01")), "invalid_characters");
  EXPECT_EQ(Detail(ValidateCommentBody("\xff")), "invalid_utf8");
}

TEST(ValidationTest, AccountFields) {
  EXPECT_EQ(Detail(ValidatePassword("kort")), "password_too_short");
  EXPECT_EQ(Detail(ValidatePassword("\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7")), "password_too_short");
  EXPECT_EQ(Detail(ValidatePassword("tien tekens")), "ok");
  EXPECT_EQ(Detail(ValidatePassword(std::string(257, 'x'))), "password_too_long");
  EXPECT_EQ(NormalizeEmail("Anna@Example.ORG").value(), "anna@example.org");
  for (const char* bad : {"anna", "@example.org", "anna@", "anna@example", "a b@example.org", "a@b@c.nl"})
    EXPECT_FALSE(NormalizeEmail(bad).has_value()) << bad;
  EXPECT_EQ(Detail(ValidateTimeZoneShape("Europe/Amsterdam")), "ok");
  EXPECT_EQ(Detail(ValidateTimeZoneShape("../../etc/passwd")), "unknown_time_zone");
  EXPECT_EQ(Detail(ValidateLocale("fr")), "unsupported_locale");
  EXPECT_EQ(Detail(ValidateDisplayName(std::string(61, 'x'))), "too_long");
}

TEST(ValidationTest, InviteLinksKnowWhenTheyAreUsable) {
  CommunityInvite inv;
  inv.max_uses = 2;
  inv.expires_at = 1000;
  EXPECT_TRUE(inv.UsableAt(999));
  EXPECT_FALSE(inv.UsableAt(1000));
  inv.uses = 2;
  EXPECT_FALSE(inv.UsableAt(0));
  inv.uses = 0;
  inv.revoked = true;
  EXPECT_FALSE(inv.UsableAt(0));
}

}  // namespace
}  // namespace kring::core
