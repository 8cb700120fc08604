#include "core/search_query.h"

#include <gtest/gtest.h>

namespace kring::core {
namespace {

TEST(SearchQueryTest, BuildsQuotedExpressions) {
  struct Case {
    const char* in;
    const char* fts;
  } cases[] = {
      {"tomaat", "(\"tomaat\")"},
      {"bruine vlekken", "(\"bruine\") AND (\"vlekken\")"},
      {"\"bruine vlekken\" blad", "(\"bruine vlekken\") AND (\"blad\")"},
      {"tomaat OR tomaten ziekte", "(\"tomaat\" OR \"tomaten\") AND (\"ziekte\")"},
      {"brood -spelt", "((\"brood\")) NOT \"spelt\""},
      {"tomat*", "(\"tomat\" *)"},
      {"NEAR(a b) ^x col:y", "(\"NEAR(a\") AND (\"b)\") AND (\"^x\") AND (\"col:y\")"},
      {"say \"\"", "(\"say\")"},
      {"a\"b\"", "(\"a\") AND (\"b\")"},
  };
  for (const auto& c : cases) {
    auto q = ParseSearchQuery(c.in);
    ASSERT_TRUE(q) << c.in << ": " << q.error().public_message;
    EXPECT_EQ(q->fts, c.fts) << c.in;
  }
}

TEST(SearchQueryTest, MistakesAreExplained) {
  for (const char* bad : {"\"open", "OR tomaat", "tomaat OR", "a OR OR b", "-spelt", "-", "*", "tomaat OR -b"}) {
    auto q = ParseSearchQuery(bad);
    ASSERT_FALSE(q) << bad;
    EXPECT_EQ(q.error().detail, "search_syntax") << bad;
    EXPECT_EQ(q.error().field, "q");
  }
  EXPECT_EQ(ParseSearchQuery("   ").error().detail, "search_empty");
  EXPECT_EQ(ParseSearchQuery(std::string(257, 'a')).error().detail, "too_long");
  EXPECT_EQ(ParseSearchQuery("a b c d e f g h i j k l m n o p q").error().detail, "too_many");
  EXPECT_EQ(ParseSearchQuery("caf\xc3").error().detail, "invalid_utf8");
}

}  // namespace
}  // namespace kring::core
