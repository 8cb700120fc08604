#include "text/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace kring::text {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Kind = core::TextToken::Kind;

// Accounts "anna" and "bob" exist; everyone else does not.
MarkdownOptions TestOptions() {
  MarkdownOptions options;
  options.hashtag_href = [](std::string_view key) { return "/tags/" + std::string(key); };
  options.mention_href = [](std::string_view key) -> std::optional<std::string> {
    if (key == "anna" || key == "bob") return "/@" + std::string(key);
    return std::nullopt;
  };
  return options;
}

std::string Html(std::string_view markdown) { return RenderMarkdown(markdown, TestOptions()).html; }

std::vector<std::string> AnchorTags(const std::string& html) {
  std::vector<std::string> tags;
  for (size_t pos = html.find("<a"); pos != std::string::npos; pos = html.find("<a", pos + 1)) {
    tags.push_back(html.substr(pos, html.find('>', pos) - pos + 1));
  }
  return tags;
}

// The structural safety properties every output must have, whatever the input.
void ExpectSafe(const std::string& markdown, const std::string& html) {
  SCOPED_TRACE("input: " + markdown + "\nhtml: " + html);
  // Only tags from the allow-list.
  static const std::regex kTag(R"(<(/?)([a-zA-Z0-9]+))");
  static const std::vector<std::string> kAllowed = {
      "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre",
      "code", "em", "strong", "del", "table", "thead", "tbody", "tr", "th", "td", "a", "input"};
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kTag); it != std::sregex_iterator();
       ++it) {
    const std::string name = (*it)[2];
    EXPECT_NE(std::find(kAllowed.begin(), kAllowed.end(), name), kAllowed.end()) << "tag " << name;
  }
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<!--")));
  // Every start tag is well formed with double-quoted values free of quotes and angle brackets, and
  // has only known attributes, so no event handler or style can be smuggled in.
  static const std::regex kOpenTag(R"(<[a-zA-Z][^>]*>)");
  static const std::regex kWellFormed(R"(<[a-z0-9]+(\s[a-z]+="[^"<>]*")*( /)?>)");
  static const std::regex kAttr(R"(\s([a-z]+)=")");
  const std::vector<std::string> known = {"href", "title", "rel",     "class",   "align",
                                          "start", "type", "checked", "disabled"};
  const auto end = std::sregex_iterator();
  for (auto t = std::sregex_iterator(html.begin(), html.end(), kOpenTag); t != end; ++t) {
    const std::string tag = t->str();
    EXPECT_TRUE(std::regex_match(tag, kWellFormed)) << tag;
    for (auto a = std::sregex_iterator(tag.begin(), tag.end(), kAttr); a != std::sregex_iterator();
         ++a) {
      EXPECT_THAT(known, ::testing::Contains((*a)[1].str())) << tag;
    }
  }
  // User links carry rel="nofollow ugc noopener", hashtags rel="tag"; every href is vetted.
  static const std::regex kHref(R"(href="([^"]*)\")");
  for (const std::string& a : AnchorTags(html)) {
    if (a.find("class=\"hashtag\"") != std::string::npos) {
      EXPECT_THAT(a, HasSubstr(" rel=\"tag\"")) << a;
    } else if (a.find("class=\"mention\"") == std::string::npos) {
      EXPECT_THAT(a, HasSubstr(" rel=\"nofollow ugc noopener\"")) << a;
    }
    std::smatch m;
    ASSERT_TRUE(std::regex_search(a, m, kHref)) << a;
    const std::string href = m[1];
    EXPECT_TRUE(href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0 ||
                href.rfind("mailto:", 0) == 0 || href.rfind("/", 0) == 0)
        << href;
  }
}

// --- Raw HTML and dangerous URLs -----------------------------------------------------------------

struct HostileCase {
  const char* name;
  std::string markdown;
  std::string must_not_contain;
};

TEST(MarkdownSafetyTest, HostileInputStaysInert) {
  const std::vector<HostileCase> cases = {
      {"script block", "<script>alert(1)</script>", "<script"},
      {"script inline", "hoi <script>alert(1)</script> daar", "<script"},
      {"img onerror block", "<img src=x onerror=alert(1)>", "<img"},
      {"img onerror inline", "kijk <img src=x onerror=alert(1)> hier", "<img"},
      {"iframe", "<iframe src=\"https://evil.example\"></iframe>", "<iframe"},
      {"svg", "<svg onload=alert(1)>", "<svg"},
      {"style", "<style>body{display:none}</style>", "<style"},
      {"html comment", "<!-- verborgen -->", "<!--"},
      {"javascript inline link", "[klik](javascript:alert(1))", "javascript:"},
      {"javascript upper case", "[klik](JaVaScRiPt:alert(1))", "JaVaScRiPt:"},
      {"javascript entity encoded", "[klik](&#106;avascript:alert(1))", "avascript:"},
      {"javascript with tab", "[klik](<java\tscript:alert(1)>)", "script:"},
      {"javascript leading space", "[klik](< javascript:alert(1)>)", "javascript:"},
      {"javascript reference link", "[klik][x]\n\n[x]: javascript:alert(1)", "javascript:"},
      {"javascript autolink", "<javascript:alert(1)>", "href=\"javascript"},
      {"vbscript", "[x](vbscript:msgbox(1))", "href=\"vbscript"},
      {"data url link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "href=\"data:"},
      {"data url image", "![x](data:image/svg+xml;base64,PHN2Zz4=)", "href=\"data:"},
      {"file url", "[x](file:///etc/passwd)", "href=\"file:"},
      {"relative path", "[x](../admin)", "href="},
      {"fragment only", "[x](#top)", "href="},
      {"quote breaking attribute", "[x](https://a.nl/\"onmouseover=\"alert(1))", "\"onmouseover"},
      {"title breaking attribute", "[x](https://a.nl \"a\\\" onmouseover=\\\"alert(1)\")", "\" onmouseover"},
      {"javascript in image", "![x](javascript:alert(1))", "javascript:"},
  };
  for (const auto& c : cases) {
    const std::string html = Html(c.markdown);
    EXPECT_THAT(html, Not(HasSubstr(c.must_not_contain))) << c.name << "\n" << html;
    ExpectSafe(c.markdown, html);
  }
}

TEST(MarkdownSafetyTest, RawHtmlIsShownAsText) {
  EXPECT_EQ(Html("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  EXPECT_EQ(Html("hoi <b>vet</b>"), "<p>hoi &lt;b&gt;vet&lt;/b&gt;</p>\n");
  EXPECT_EQ(Html("<div>\nregel\n</div>"), "<p>&lt;div&gt;<br />\nregel<br />\n&lt;/div&gt;</p>\n");
}

TEST(MarkdownSafetyTest, DisallowedLinksKeepTheirText) {
  EXPECT_EQ(Html("[klik hier](javascript:alert(1))"), "<p>klik hier</p>\n");
  EXPECT_EQ(Html("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
  EXPECT_EQ(Html("[*nadruk*](data:x)"), "<p><em>nadruk</em></p>\n");
}

TEST(MarkdownSafetyTest, AllowedLinksGetRelAndEscaping) {
  EXPECT_EQ(Html("[site](https://example.nl/a?b=1&c=2)"),
            "<p><a href=\"https://example.nl/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">site</a>"
            "</p>\n");
  EXPECT_EQ(Html("[t](https://x.nl \"De <titel>\")"),
            "<p><a href=\"https://x.nl\" title=\"De &lt;titel&gt;\" rel=\"nofollow ugc noopener\">t</a>"
            "</p>\n");
  EXPECT_EQ(Html("[mail](mailto:info@bakker.nl)"),
            "<p><a href=\"mailto:info@bakker.nl\" rel=\"nofollow ugc noopener\">mail</a></p>\n");
  EXPECT_EQ(Html("[intern](/c/hardlopen)"),
            "<p><a href=\"/c/hardlopen\" rel=\"nofollow ugc noopener\">intern</a></p>\n");
  // Non-ASCII and spaces are percent-encoded.
  EXPECT_THAT(Html("[x](<https://x.nl/caf\xC3\xA9 1>)"),
              HasSubstr("href=\"https://x.nl/caf%C3%A9%201\""));
  // Autolinks (GFM extension and <...>) are links too.
  EXPECT_THAT(Html("zie https://example.nl/pad en www.bakker.nl"),
              HasSubstr("<a href=\"https://example.nl/pad\" rel=\"nofollow ugc noopener\">"));
  EXPECT_THAT(Html("zie www.bakker.nl"),
              HasSubstr("<a href=\"http://www.bakker.nl\" rel=\"nofollow ugc noopener\">www.bakker.nl</a>"));
  EXPECT_THAT(Html("<https://example.nl>"),
              HasSubstr("<a href=\"https://example.nl\" rel=\"nofollow ugc noopener\">"));
  EXPECT_THAT(Html("mail anna@example.nl"),
              HasSubstr("<a href=\"mailto:anna@example.nl\" rel=\"nofollow ugc noopener\">"));
  // An empty link text shows the destination instead of an invisible link.
  EXPECT_EQ(Html("[](https://x.nl)"),
            "<p><a href=\"https://x.nl\" rel=\"nofollow ugc noopener\">https://x.nl</a></p>\n");
}

TEST(MarkdownSafetyTest, ImagesBecomeLinks) {
  EXPECT_EQ(Html("![Onze taart](https://bakker.nl/taart.jpg)"),
            "<p><a href=\"https://bakker.nl/taart.jpg\" class=\"image-link\" "
            "rel=\"nofollow ugc noopener\">Onze taart</a></p>\n");
  EXPECT_EQ(Html("![](https://bakker.nl/t.jpg)"),
            "<p><a href=\"https://bakker.nl/t.jpg\" class=\"image-link\" "
            "rel=\"nofollow ugc noopener\">https://bakker.nl/t.jpg</a></p>\n");
  // An image inside a link: anchors cannot nest, the image keeps only its alt text.
  EXPECT_EQ(Html("[![logo](https://x.nl/l.png)](https://x.nl)"),
            "<p><a href=\"https://x.nl\" rel=\"nofollow ugc noopener\">logo</a></p>\n");
  EXPECT_THAT(Html("![a](https://x.nl/a.png)"), Not(HasSubstr("<img")));
}

// --- Formatting ----------------------------------------------------------------------------------

TEST(MarkdownFormattingTest, CommonConstructs) {
  EXPECT_EQ(Html("*nadruk* en **vet** en ~~weg~~"),
            "<p><em>nadruk</em> en <strong>vet</strong> en <del>weg</del></p>\n");
  EXPECT_EQ(Html("- een\n- twee"), "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n");
  EXPECT_EQ(Html("3. drie\n4. vier"), "<ol start=\"3\">\n<li>drie</li>\n<li>vier</li>\n</ol>\n");
  EXPECT_EQ(Html("- een\n\n- twee"), "<ul>\n<li>\n<p>een</p>\n</li>\n<li>\n<p>twee</p>\n</li>\n</ul>\n");
  EXPECT_EQ(Html("> citaat"), "<blockquote>\n<p>citaat</p>\n</blockquote>\n");
  EXPECT_EQ(Html("## Kop"), "<h2>Kop</h2>\n");
  EXPECT_EQ(Html("a\n\n---\n\nb"), "<p>a</p>\n<hr />\n<p>b</p>\n");
  EXPECT_EQ(Html("regel een\nregel twee"), "<p>regel een<br />\nregel twee</p>\n");
  EXPECT_EQ(Html("`a < b`"), "<p><code>a &lt; b</code></p>\n");
  EXPECT_EQ(Html("```cpp\nint x = 1 < 2;\n```"),
            "<pre><code class=\"language-cpp\">int x = 1 &lt; 2;\n</code></pre>\n");
  EXPECT_EQ(Html("```\"><script>\nx\n```"),
            "<pre><code class=\"language-&quot;&gt;&lt;script&gt;\">x\n</code></pre>\n");
  EXPECT_EQ(Html("Tom & Jerry's \"show\""), "<p>Tom &amp; Jerry&#39;s &quot;show&quot;</p>\n");
}

TEST(MarkdownFormattingTest, TablesAndTaskLists) {
  EXPECT_EQ(Html("| Dag | Tijd |\n|:----|-----:|\n| za | 10:00 |\n| zo | 11:00 |"),
            "<table>\n<thead>\n<tr>\n<th align=\"left\">Dag</th>\n<th align=\"right\">Tijd</th>\n"
            "</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">za</td>\n"
            "<td align=\"right\">10:00</td>\n</tr>\n<tr>\n<td align=\"left\">zo</td>\n"
            "<td align=\"right\">11:00</td>\n</tr>\n</tbody>\n</table>\n");
  EXPECT_EQ(Html("- [ ] deeg\n- [x] oven"),
            "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> deeg</li>\n"
            "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> oven</li>\n</ul>\n");
}

// --- Hashtags and mentions -----------------------------------------------------------------------

TEST(MarkdownTokensTest, LinksHashtagsAndKnownMentions) {
  auto r = RenderMarkdown("Vandaag #Tuinieren met @Anna en @onbekend!", TestOptions());
  EXPECT_EQ(r.html,
            "<p>Vandaag <a href=\"/tags/tuinieren\" class=\"hashtag\" rel=\"tag\">#Tuinieren</a> met "
            "<a href=\"/@anna\" class=\"mention\">@Anna</a> en @onbekend!</p>\n");
  ASSERT_EQ(r.tokens.size(), 3u);
  EXPECT_EQ(r.tokens[0].kind, Kind::kHashtag);
  EXPECT_EQ(r.tokens[0].key, "tuinieren");
  EXPECT_EQ(r.tokens[1].kind, Kind::kMention);
  EXPECT_EQ(r.tokens[1].key, "anna");
  EXPECT_EQ(r.tokens[2].key, "onbekend");  // found, but left as text
}

TEST(MarkdownTokensTest, UnicodeTagsAndDefaultHref) {
  MarkdownOptions options;  // no callbacks: default tag href, no mention links
  auto r = RenderMarkdown("#Z\xC3\xBCrich #\xE6\x97\xA5\xE6\x9C\xAC @anna", options);
  EXPECT_EQ(r.html,
            "<p><a href=\"/tags/z%C3%BCrich\" class=\"hashtag\" rel=\"tag\">#Z\xC3\xBCrich</a> "
            "<a href=\"/tags/%E6%97%A5%E6%9C%AC\" class=\"hashtag\" rel=\"tag\">#\xE6\x97\xA5\xE6\x9C\xAC</a>"
            " @anna</p>\n");
}

struct NotLinkedCase {
  const char* name;
  std::string markdown;
};

TEST(MarkdownTokensTest, NotLinkedInCodeLinksEntitiesOrEscapes) {
  const std::vector<NotLinkedCase> cases = {
      {"code span", "`#tag @anna`"},
      {"code block", "```\n#tag @anna\n```"},
      {"indented code", "    #tag @anna"},
      {"link text", "[#tag @anna](https://x.nl)"},
      {"image alt", "![#tag @anna](https://x.nl/a.png)"},
      {"decimal entity", "&#35;tag &#64;anna"},
      {"hex entity", "&#x23;tag &#X40;anna"},
      {"named entity", "&num;tag &commat;anna"},
      {"backslash escape", "\\#tag \\@anna"},
      {"url fragment", "https://x.nl/a#tag"},
      {"url in parens", "(https://x.nl/(#tag))"},
      {"www url", "www.x.nl/#tag"},
      {"email", "anna@bakker.nl"},
      {"html entity text", "it&amp;#39;s"},
      {"raw html", "<span title=\"#tag\">x</span>"},
      {"html block", "<div>\n#tag\n</div>"},
      {"after inline markup", "**vet**#tag"},
      {"C sharp", "C# en page#1"},
  };
  for (const auto& c : cases) {
    auto r = RenderMarkdown(c.markdown, TestOptions());
    EXPECT_THAT(r.html, Not(HasSubstr("class=\"hashtag\""))) << c.name << "\n" << r.html;
    EXPECT_THAT(r.html, Not(HasSubstr("class=\"mention\""))) << c.name << "\n" << r.html;
    EXPECT_TRUE(r.tokens.empty()) << c.name;
    ExpectSafe(c.markdown, r.html);
  }
  // The opted-out characters are still displayed.
  EXPECT_EQ(Html("&#35;tag \\@anna"), "<p>#tag @anna</p>\n");
  EXPECT_EQ(Html("https://x.nl/a#tag"),
            "<p><a href=\"https://x.nl/a#tag\" rel=\"nofollow ugc noopener\">https://x.nl/a#tag</a></p>\n");
}

struct LinkedCase {
  const char* name;
  std::string markdown;
  std::vector<std::string> keys;
};

TEST(MarkdownTokensTest, LinkedInOrdinaryText) {
  const std::vector<LinkedCase> cases = {
      {"emphasis", "*#soep* en **@bob**", {"soep", "bob"}},
      {"heading", "# Over #brood", {"brood"}},
      {"list", "- #a1\n- @anna", {"a1", "anna"}},
      {"quote", "> #citaat", {"citaat"}},
      {"table cell", "| a | b |\n|---|---|\n| #cel | @anna |", {"cel", "anna"}},
      {"strikethrough", "~~#oud~~", {"oud"}},
      {"after link", "[x](https://x.nl) #na", {"na"}},
      {"after autolink", "zie https://x.nl #na", {"na"}},
      {"second line", "regel\n#twee", {"twee"}},
      {"brackets", "[#tag]", {"tag"}},
      {"entity inside the body", "#caf&eacute;", {"caf\xC3\xA9"}},
      {"punctuation", "Lekker #soep!", {"soep"}},
      {"mention followed by text", "@anna's taart", {"anna"}},
  };
  for (const auto& c : cases) {
    auto r = RenderMarkdown(c.markdown, TestOptions());
    std::vector<std::string> keys;
    for (const auto& t : r.tokens) keys.push_back(t.key);
    EXPECT_EQ(keys, c.keys) << c.name << "\n" << r.html;
    size_t links = 0;
    for (const std::string& a : AnchorTags(r.html)) {
      if (a.find("class=\"hashtag\"") != std::string::npos ||
          a.find("class=\"mention\"") != std::string::npos) {
        ++links;
      }
    }
    EXPECT_EQ(links, c.keys.size()) << c.name << "\n" << r.html;
    ExpectSafe(c.markdown, r.html);
  }
}

TEST(MarkdownTokensTest, TableCellKeepsEveryCharacter) {
  EXPECT_EQ(Html("| x |\n|---|\n| #a b# @ #1 |"),
            "<table>\n<thead>\n<tr>\n<th>x</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<td><a href=\"/tags/a\" class=\"hashtag\" rel=\"tag\">#a</a> b# @ #1</td>\n"
            "</tr>\n</tbody>\n</table>\n");
}

TEST(MarkdownTokensTest, CallbackHrefsAreVettedAndEscaped) {
  MarkdownOptions options;
  options.hashtag_href = [](std::string_view key) {
    return "javascript:alert('" + std::string(key) + "')";
  };
  options.mention_href = [](std::string_view) -> std::optional<std::string> {
    return "/@a\"b";
  };
  auto r = RenderMarkdown("#tag @anna", options);
  EXPECT_EQ(r.html, "<p>#tag <a href=\"/@a%22b\" class=\"mention\">@anna</a></p>\n");
}

TEST(MarkdownTokensTest, DisplayIsEscaped) {
  // Tokens cannot contain markup characters, but the surrounding text must stay escaped.
  EXPECT_EQ(Html("<#tag>"), "<p>&lt;#tag&gt;</p>\n");
  EXPECT_EQ(Html("a < #tag > b"),
            "<p>a &lt; <a href=\"/tags/tag\" class=\"hashtag\" rel=\"tag\">#tag</a> &gt; b</p>\n");
}

// --- Robustness ----------------------------------------------------------------------------------

TEST(MarkdownRobustnessTest, InvalidUtf8AndNulAreReplaced) {
  auto html = Html(std::string("a\xFF" "b\0c #t\xC3", 10));
  EXPECT_THAT(html, HasSubstr("\xEF\xBF\xBD"));
  EXPECT_THAT(html, Not(HasSubstr(std::string(1, '\0'))));
  EXPECT_EQ(Html(""), "");
}

TEST(MarkdownRobustnessTest, DeepNestingAndManySigils) {
  const std::string quotes(5000, '>');
  ExpectSafe("deep quotes", Html(quotes + " #diep"));
  const std::string brackets = std::string(5000, '[') + "x" + std::string(5000, ']');
  ExpectSafe("brackets", Html(brackets));
  std::string sigils;
  for (int i = 0; i < 5000; ++i) sigils += "(#a";
  auto r = RenderMarkdown(sigils, TestOptions());
  EXPECT_EQ(r.tokens.size(), 5000u);
  std::string emphasis;
  for (int i = 0; i < 3000; ++i) emphasis += "*a ";
  ExpectSafe("emphasis", Html(emphasis));
}

// Inputs that make Debian's cmark-gfm extensions take time growing with the square of their size
// are parsed without that extension (see markdown.cpp): the text is kept, only that feature is off.
std::string TableRow(int cells, const std::string& cell) {
  std::string row = "|";
  for (int i = 0; i < cells; ++i) row += cell + "|";
  return row + "\n";
}

TEST(MarkdownRobustnessTest, TablesUpTo128CellsPerLineAreTables) {
  const std::string wide = TableRow(127, "a") + TableRow(127, "-") + TableRow(127, "b");
  const std::string html = Html(wide);
  EXPECT_THAT(html, HasSubstr("<table>"));
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t pos = html.find(what); pos != std::string::npos; pos = html.find(what, pos + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<th>"), 127u);
  EXPECT_EQ(count("<td>"), 127u);
}

TEST(MarkdownRobustnessTest, AbsurdlyWideTableStaysTextAndKeepsOtherFeatures) {
  const std::string absurd = TableRow(5000, "a") + TableRow(5000, "-") + "**vet** https://bakkerij.nl #brood\n";
  auto r = RenderMarkdown(absurd, TestOptions());
  EXPECT_THAT(r.html, Not(HasSubstr("<table>")));
  EXPECT_THAT(r.html, HasSubstr("<strong>vet</strong>"));
  EXPECT_THAT(r.html, HasSubstr("href=\"https://bakkerij.nl\""));
  ASSERT_EQ(r.tokens.size(), 1u);
  EXPECT_EQ(r.tokens[0].key, "brood");
  ExpectSafe("absurd table", r.html);
}

TEST(MarkdownRobustnessTest, RunOfManyAtSignsIsNotAutolinkedButNormalAddressesAre) {
  EXPECT_THAT(Html("mail anna.b@bakkerij.nl"), HasSubstr("href=\"mailto:anna.b@bakkerij.nl\""));
  std::string run;
  for (int i = 0; i < 2000; ++i) run += "a.b@";
  auto html = Html(run + " https://bakkerij.nl");
  EXPECT_THAT(html, Not(HasSubstr("mailto:")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"https://bakkerij.nl\"")));  // autolinks are off for this text
  EXPECT_THAT(html, HasSubstr("a.b@a.b@"));
  ExpectSafe("at run", html);
}

TEST(MarkdownRobustnessTest, ConcurrentRenderingGivesTheSameResult) {
  const std::string input =
      "# Kop\n\n*#soep* ~~oud~~ www.bakker.nl @anna\n\n| a | b |\n|---|---|\n| #x | y |\n";
  const std::string expected = Html(input);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (Html(input) != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace kring::text
