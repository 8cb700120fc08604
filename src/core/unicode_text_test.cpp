#include "core/unicode_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kring::core {
namespace {

using ::testing::ElementsAre;
using Kind = TextToken::Kind;

// "Café" spelled with a precomposed é (U+00E9) and with e + combining acute (U+0301).
const std::string kCafeNfc = "Caf\xC3\xA9";
const std::string kCafeNfd = "Cafe\xCC\x81";

// --- IsValidUtf8 -----------------------------------------------------------------------------------

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
};

TEST(IsValidUtf8Test, Table) {
  const std::vector<Utf8Case> cases = {
      {"empty", "", true},
      {"ascii", "hallo", true},
      {"nul is valid UTF-8", std::string("a\0b", 3), true},
      {"two-byte", "caf\xC3\xA9", true},
      {"three-byte", "\xE6\x97\xA5\xE6\x9C\xAC", true},
      {"four-byte emoji", "\xF0\x9F\x8C\xB7", true},
      {"max code point U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"lone continuation byte", "\x80", false},
      {"truncated two-byte", "\xC3", false},
      {"truncated three-byte", "\xE6\x97", false},
      {"truncated four-byte at end", "ok\xF0\x9F\x8C", false},
      {"overlong slash C0 AF", "\xC0\xAF", false},
      {"overlong C1 BF", "\xC1\xBF", false},
      {"overlong three-byte E0 80 AF", "\xE0\x80\xAF", false},
      {"overlong four-byte F0 80 80 AF", "\xF0\x80\x80\xAF", false},
      {"surrogate U+D800", "\xED\xA0\x80", false},
      {"surrogate U+DFFF", "\xED\xBF\xBF", false},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead byte", "\xF5\x80\x80\x80", false},
      {"FF byte", "a\xFF", false},
      {"bad continuation", "\xC3\x28", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << c.name;
}

// --- NormalizeNfc / FoldKey / CodePointCount -----------------------------------------------------

TEST(NormalizeNfcTest, ComposesCombiningSequences) {
  EXPECT_EQ(NormalizeNfc(kCafeNfd), kCafeNfc);
  EXPECT_EQ(NormalizeNfc(kCafeNfc), kCafeNfc);
  EXPECT_EQ(NormalizeNfc(""), "");
  // NFC keeps compatibility characters (fullwidth stays fullwidth): display is as typed.
  EXPECT_EQ(NormalizeNfc("\xEF\xBC\xA1"), "\xEF\xBC\xA1");
}

TEST(NormalizeNfcDeathTest, InvalidUtf8IsABug) {
  EXPECT_DEATH((void)NormalizeNfc("\xC0\xAF"), "valid UTF-8");
}

struct FoldCase {
  std::string a;
  std::string b;
};

TEST(FoldKeyTest, EquivalentSpellingsShareAKey) {
  const std::vector<FoldCase> cases = {
      {"Anna", "anna"},
      {"ANNA", "anna"},
      {"\xEF\xBC\xA1\xEF\xBC\xAE\xEF\xBC\xAE\xEF\xBC\xA1", "anna"},  // fullwidth ＡＮＮＡ
      {kCafeNfc, kCafeNfd},
      {kCafeNfc, "caf\xC3\xA9"},
      {"Stra\xC3\x9F" "e", "strasse"},        // German ß folds to ss
      {"\xEF\xAC\x81" "ets", "fiets"},          // ligature ﬁ
      {"Z\xC3\xBCrich", "z\xC3\xBCrich"},    // Zürich
      {"\xC4\xB0stanbul", "i\xCC\x87stanbul"},  // dotted capital İ folds to i + combining dot
      {"\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1"},  // ΣΟΦΙΑ
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FoldKey(c.a), FoldKey(c.b)) << c.a << " vs " << c.b;
    EXPECT_EQ(FoldKey(FoldKey(c.a)), FoldKey(c.a)) << "idempotent for " << c.a;
  }
  EXPECT_EQ(FoldKey("Anna"), "anna");
  EXPECT_EQ(FoldKey("\xEF\xBC\xA1\xEF\xBC\xAE\xEF\xBC\xAE\xEF\xBC\xA1"), "anna");
  EXPECT_NE(FoldKey("anna"), FoldKey("anne"));
}

TEST(FoldKeyTest, InvalidUtf8GivesEmptyKey) {
  EXPECT_EQ(FoldKey("\xFF"), "");
  EXPECT_EQ(FoldKey(""), "");
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount(kCafeNfc), 4u);
  EXPECT_EQ(CodePointCount(kCafeNfd), 5u);
  EXPECT_EQ(CodePointCount("\xE6\x97\xA5\xE6\x9C\xAC"), 2u);  // 日本
  EXPECT_EQ(CodePointCount("\xF0\x9F\x8C\xB7"), 1u);          // 🌷
  EXPECT_EQ(CodePointCount("a\xFF\xFE" "b"), 4u);             // invalid bytes count one each
}

// --- HasControlCharacters ------------------------------------------------------------------------

struct ControlCase {
  const char* name;
  std::string text;
  bool single_line;  // expected result with allow_newlines = false
  bool multi_line;   // expected result with allow_newlines = true
};

TEST(HasControlCharactersTest, Table) {
  const std::vector<ControlCase> cases = {
      {"plain", "Hallo wereld", false, false},
      {"unicode text", "Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8C\xB7", false, false},
      {"newline", "a\nb", true, false},
      {"tab", "a\tb", true, false},
      {"crlf", "a\r\nb", true, false},
      {"lone cr", "a\rb", true, true},
      {"nul", std::string("a\0b", 3), true, true},
      {"escape", "a\x1b[31mb", true, true},
      {"delete", "a\x7f", true, true},
      {"C1 control U+0085", "a\xC2\x85", true, true},
      {"RLO U+202E", "abc\xE2\x80\xAE" "cba", true, true},
      {"LRE U+202A", "\xE2\x80\xAA" "x", true, true},
      {"RLI U+2067", "\xE2\x81\xA7" "x", true, true},
      {"PDI U+2069", "x\xE2\x81\xA9", true, true},
      {"LRM U+200E is fine", "x\xE2\x80\x8E", false, false},
      {"line separator U+2028 is fine", "x\xE2\x80\xA8y", false, false},
      {"invalid utf8", "a\xFF", true, true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(HasControlCharacters(c.text, false), c.single_line) << c.name << " (single line)";
    EXPECT_EQ(HasControlCharacters(c.text, true), c.multi_line) << c.name << " (multi line)";
  }
}

// --- ValidateHandle ------------------------------------------------------------------------------

struct HandleOk {
  std::string raw;
  std::string display;
  std::string key;
};

TEST(ValidateHandleTest, AcceptsLettersOfAnyScript) {
  const std::vector<HandleOk> cases = {
      {"anna", "anna", "anna"},
      {"Anna_2", "Anna_2", "anna_2"},
      {"42", "42", "42"},
      {"ab", "ab", "ab"},
      {kCafeNfd, kCafeNfc, "caf\xC3\xA9"},
      {"J\xC3\xBCrgen", "J\xC3\xBCrgen", "j\xC3\xBCrgen"},                            // Jürgen
      {"\xE5\xB1\xB1\xE7\x94\xB0", "\xE5\xB1\xB1\xE7\x94\xB0", "\xE5\xB1\xB1\xE7\x94\xB0"},  // 山田
      {"\xEF\xBC\xA1\xEF\xBC\xAE\xEF\xBC\xAE\xEF\xBC\xA1", "\xEF\xBC\xA1\xEF\xBC\xAE\xEF\xBC\xAE\xEF\xBC\xA1",
       "anna"},  // fullwidth ＡＮＮＡ: displayed as typed, same key as anna
      {"\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80",
       "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80",
       "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80"},  // हिंदी: needs marks
      {std::string(30, 'a'), std::string(30, 'a'), std::string(30, 'a')},
  };
  for (const auto& c : cases) {
    auto parts = ValidateHandle(c.raw);
    ASSERT_TRUE(parts.has_value()) << c.raw << ": " << parts.error().public_message;
    EXPECT_EQ(parts->display, c.display) << c.raw;
    EXPECT_EQ(parts->key, c.key) << c.raw;
  }
}

TEST(ValidateHandleTest, NfcAndNfdSpellingsShareKeyAndDisplay) {
  auto a = ValidateHandle(kCafeNfc);
  auto b = ValidateHandle(kCafeNfd);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(a->key, b->key);
  EXPECT_EQ(a->display, b->display);
}

struct HandleBad {
  const char* name;
  std::string raw;
  std::string message_part;  // a word of the public message, to check the rule is named
};

TEST(ValidateHandleTest, RejectsWithTheBrokenRule) {
  const std::vector<HandleBad> cases = {
      {"empty", "", "Choose"},
      {"one character", "a", "at least 2"},
      {"one code point after NFC", "e\xCC\x81", "at least 2"},
      {"31 characters", std::string(31, 'a'), "at most 30"},
      {"huge input", std::string(5000, 'a'), "at most 30"},
      {"starts with underscore", "_anna", "start with a letter or a digit"},
      {"starts with a mark", "\xCC\x81" "anna", "start with a letter or a digit"},
      {"space", "anna de", "letters, digits and underscores"},
      {"dot", "anna.de", "letters, digits and underscores"},
      {"dash", "anna-de", "letters, digits and underscores"},
      {"at sign", "anna@x", "letters, digits and underscores"},
      {"emoji", "anna\xF0\x9F\x8C\xB7", "letters, digits and underscores"},
      {"zero width space", "an\xE2\x80\x8Bna", "letters, digits and underscores"},
      {"zero width joiner", "an\xE2\x80\x8Dna", "letters, digits and underscores"},
      {"hangul filler (an invisible letter)", "anna\xE3\x85\xA4", "letters, digits and underscores"},
      {"variation selector (an invisible mark)", "anna\xEF\xB8\x8F", "letters, digits and underscores"},
      {"bidi override", "anna\xE2\x80\xAE", "letters, digits and underscores"},
      {"control character", "an\x01na", "letters, digits and underscores"},
      {"fraction that folds to a slash", "a\xC2\xBD", "letters, digits and underscores"},
      {"invalid utf8", "ann\xFF", "UTF-8"},
      {"overlong", "an\xC0\xAF", "UTF-8"},
  };
  for (const auto& c : cases) {
    auto r = ValidateHandle(c.raw);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument) << c.name;
    EXPECT_STREQ(r.error().StableCode(), "handle_invalid") << c.name;
    EXPECT_EQ(r.error().field, "handle") << c.name;
    EXPECT_THAT(r.error().public_message, ::testing::HasSubstr(c.message_part)) << c.name;
  }
}

TEST(ValidateHandleTest, RejectsEveryReservedNameInAnySpelling) {
  const std::vector<std::string> reserved = {
      "admin",     "administrator", "root",       "system",   "kring",     "api",      "www",
      "mail",      "support",       "help",       "about",    "moderator", "moderators", "mod",
      "staff",     "security",      "settings",   "login",    "logout",    "register", "signup",
      "me",        "null",          "undefined",  "everyone", "all",       "here",     "deleted",
      "instance",  "official",      "owner",      "webmaster", "postmaster", "abuse",  "noreply",
      "no_reply",  "hostmaster",    "info"};
  for (const std::string& name : reserved) {
    for (const std::string& spelling : {name, std::string(1, static_cast<char>(name[0] - 32)) +
                                                  name.substr(1)}) {
      auto r = ValidateHandle(spelling);
      ASSERT_FALSE(r.has_value()) << spelling;
      EXPECT_STREQ(r.error().StableCode(), "handle_reserved") << spelling;
      EXPECT_EQ(r.error().field, "handle");
    }
    EXPECT_TRUE(IsReservedHandleKey(name)) << name;
  }
  // Fullwidth ＡＤＭＩＮ folds to admin.
  auto r = ValidateHandle("\xEF\xBC\xA1\xEF\xBC\xA4\xEF\xBC\xAD\xEF\xBC\xA9\xEF\xBC\xAE");
  ASSERT_FALSE(r.has_value());
  EXPECT_STREQ(r.error().StableCode(), "handle_reserved");
  // Near misses are ordinary handles.
  EXPECT_TRUE(ValidateHandle("admin2").has_value());
  EXPECT_TRUE(ValidateHandle("annadmin").has_value());
  EXPECT_FALSE(IsReservedHandleKey(""));
}

// --- FindTokens ----------------------------------------------------------------------------------

struct Expected {
  Kind kind;
  std::string display;
  std::string key;
};

struct TokenCase {
  const char* name;
  std::string text;
  std::vector<Expected> tokens;
};

std::vector<Expected> Simplify(const std::vector<TextToken>& tokens) {
  std::vector<Expected> out;
  for (const auto& t : tokens) out.push_back({t.kind, t.display, t.key});
  return out;
}

bool operator==(const Expected& a, const Expected& b) {
  return a.kind == b.kind && a.display == b.display && a.key == b.key;
}

void PrintTo(const Expected& e, std::ostream* os) {
  *os << (e.kind == Kind::kHashtag ? "#" : "@") << e.display << " [" << e.key << "]";
}

TEST(FindTokensTest, Table) {
  const Kind H = Kind::kHashtag;
  const Kind M = Kind::kMention;
  const std::vector<TokenCase> cases = {
      {"none", "Gewoon tekst.", {}},
      {"simple tag", "#tuinieren", {{H, "tuinieren", "tuinieren"}}},
      {"tag in sentence", "Vandaag #tuinieren in de zon", {{H, "tuinieren", "tuinieren"}}},
      {"case folded key", "#Tuinieren", {{H, "Tuinieren", "tuinieren"}}},
      {"german umlaut", "Gr\xC3\xBC" "sse aus #Z\xC3\xBCrich", {{H, "Z\xC3\xBCrich", "z\xC3\xBCrich"}}},
      {"japanese", "#\xE6\x97\xA5\xE6\x9C\xAC", {{H, "\xE6\x97\xA5\xE6\x9C\xAC", "\xE6\x97\xA5\xE6\x9C\xAC"}}},
      {"nfd input gives nfc display", "#" + kCafeNfd, {{H, kCafeNfc, "caf\xC3\xA9"}}},
      {"nfc input", "#" + kCafeNfc, {{H, kCafeNfc, "caf\xC3\xA9"}}},
      {"fullwidth letters", "#\xEF\xBD\x94\xEF\xBD\x81\xEF\xBD\x87", {{H, "\xEF\xBD\x94\xEF\xBD\x81\xEF\xBD\x87", "tag"}}},
      {"trailing punctuation", "Lekker #soep! En #brood.", {{H, "soep", "soep"}, {H, "brood", "brood"}}},
      {"parenthesised", "(#markt)", {{H, "markt", "markt"}}},
      {"quoted", "\"#markt\" '#kaas'", {{H, "markt", "markt"}, {H, "kaas", "kaas"}}},
      {"after comma no space", "a,#b1", {{H, "b1", "b1"}}},
      {"after question mark", "Wat?#vraag", {{H, "vraag", "vraag"}}},
      {"guillemets", "\xC2\xAB#citaat\xC2\xBB", {{H, "citaat", "citaat"}}},
      {"after emoji", "\xF0\x9F\x8C\xB7#tulpen", {{H, "tulpen", "tulpen"}}},
      {"after newline", "eerste\n#tweede", {{H, "tweede", "tweede"}}},
      {"underscore and digits", "#run_2024", {{H, "run_2024", "run_2024"}}},
      {"digits only", "#2024 and #1", {}},
      {"underscore only", "#_ #__", {}},
      {"C sharp", "I like C# and F#", {}},
      {"page anchor", "page#1 and page#intro", {}},
      {"html entity", "it&#39;s &#x27;", {}},
      {"double hash", "##tag", {}},
      {"url fragment", "https://x.nl/a#b", {}},
      {"url slash fragment", "https://x.nl/#b", {}},
      {"url query", "https://x.nl/?q=#b", {}},
      {"url colon", "x:#y", {}},
      {"url dot", "x.#y", {}},
      {"hash alone", "# heading-ish and # ", {}},
      {"65 characters is not a tag", std::string("#") + std::string(65, 'a'), {}},
      {"64 characters is a tag", std::string("#") + std::string(64, 'a'), {{H, std::string(64, 'a'), std::string(64, 'a')}}},
      {"starts with mark", "#\xCC\x81" "abc", {}},
      {"zero width space ends tag", "#ab\xE2\x80\x8B" "cd", {{H, "ab", "ab"}}},
      {"mention", "Hoi @anna!", {{M, "anna", "anna"}}},
      {"mention case", "@Anna", {{M, "Anna", "anna"}}},
      {"mention in parens", "(@bob_2)", {{M, "bob_2", "bob_2"}}},
      {"mention unicode", "@J\xC3\xBCrgen", {{M, "J\xC3\xBCrgen", "j\xC3\xBCrgen"}}},
      {"email", "mail anna@example.nl", {}},
      {"email short", "a@b.nl", {}},
      {"profile url", "https://mastodon.social/@anna", {}},
      {"remote handle", "@anna@mastodon.social", {}},
      {"mention too short", "@a", {}},
      {"mention too long", std::string("@") + std::string(31, 'a'), {}},
      {"mention 30", std::string("@") + std::string(30, 'b'), {{M, std::string(30, 'b'), std::string(30, 'b')}}},
      {"mention starts with underscore", "@_anna", {}},
      {"mixed", "#a1 @bob #c", {{H, "a1", "a1"}, {M, "bob", "bob"}, {H, "c", "c"}}},
      {"adjacent tags need a separator", "#a #b#c", {{H, "a", "a"}}},
      {"language names", "#C# en #F#", {}},
      {"invalid utf8 before", "\xFF#tag", {}},
      {"invalid utf8 inside ends tag", "#ta\xFFg", {{H, "ta", "ta"}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Simplify(FindTokens(c.text)), c.tokens) << c.name << ": " << c.text;
  }
}

TEST(FindTokensTest, OffsetsCoverSigilAndBody) {
  const std::string text = "Zie #Z\xC3\xBCrich, @anna.";
  auto tokens = FindTokens(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin), "#Z\xC3\xBCrich");
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "@anna");
  EXPECT_EQ(tokens[1].end, text.size() - 1);
}

TEST(UniqueKeysTest, DeduplicatesByKeyInOrder) {
  auto tokens = FindTokens("#Soep #brood @Anna #soep #SOEP @anna @bob");
  EXPECT_THAT(UniqueKeys(tokens, Kind::kHashtag), ElementsAre("soep", "brood"));
  EXPECT_THAT(UniqueKeys(tokens, Kind::kMention), ElementsAre("anna", "bob"));
  EXPECT_TRUE(UniqueKeys({}, Kind::kHashtag).empty());
}

}  // namespace
}  // namespace kring::core
