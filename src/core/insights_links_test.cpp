#include "core/insights_links.h"

#include <gtest/gtest.h>

namespace kring::core {
namespace {

TEST(InsightsLinksTest, OnlyLinksThePostShows) {
  const char* body = "Kijk op https://bakkerij.nl/brood. En [het menu](https://bakkerij.nl/menu?dag=1) of <https://x.nl>";
  EXPECT_TRUE(LinkAppearsInPost("https://bakkerij.nl/brood", "", body));
  EXPECT_TRUE(LinkAppearsInPost("https://bakkerij.nl/menu?dag=1", "", body));
  EXPECT_TRUE(LinkAppearsInPost("https://x.nl", "", body));
  EXPECT_TRUE(LinkAppearsInPost("https://link.example/a", "https://link.example/a", ""));
  EXPECT_FALSE(LinkAppearsInPost("https://evil.example", "", body));
  // Not the start of a longer URL, not a piece of one.
  EXPECT_FALSE(LinkAppearsInPost("https://bakkerij.nl", "", body));
  EXPECT_FALSE(LinkAppearsInPost("https://bakkerij.nl/menu", "", body));
  EXPECT_FALSE(LinkAppearsInPost("bakkerij.nl/brood", "", body));
}

TEST(InsightsLinksTest, RefusesSchemesAndTricks) {
  EXPECT_FALSE(LinkAppearsInPost("javascript:alert(1)", "javascript:alert(1)", ""));
  EXPECT_FALSE(LinkAppearsInPost("//evil.example", "//evil.example", ""));
  EXPECT_FALSE(LinkAppearsInPost("https://a.nl\r\nSet-Cookie: x", "https://a.nl\r\nSet-Cookie: x", ""));
  EXPECT_FALSE(LinkAppearsInPost("https:\\\\evil.example", "https:\\\\evil.example", ""));
  EXPECT_FALSE(LinkAppearsInPost("", "", ""));
  EXPECT_FALSE(LinkAppearsInPost(std::string(3000, 'a'), "", ""));
  EXPECT_TRUE(LinkAppearsInPost("HTTPS://A.NL/x", "HTTPS://A.NL/x", ""));
}

}  // namespace
}  // namespace kring::core
