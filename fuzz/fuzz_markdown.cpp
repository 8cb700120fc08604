// libFuzzer target: Markdown rendering with hashtag and mention parsing (text/markdown.h), the
// path every post, comment and bio takes. Oracles beyond "no crash, no sanitizer report": the HTML
// is valid UTF-8, uses only the allow-listed tags and attributes, every href is http(s), mailto or
// site-relative, and the tokens found are well-formed. core::FindTokens gets the raw input too.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>
#include <set>
#include <string>
#include <string_view>

#include "core/unicode_text.h"
#include "text/markdown.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view html) {
  std::fprintf(stderr, "\nFUZZ ORACLE: %s\n  html: %.*s\n", what, static_cast<int>(std::min<size_t>(html.size(), 2000)), html.data());
  std::abort();
}

const std::set<std::string, std::less<>> kTags = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code", "em",
    "strong", "del", "table", "thead", "tbody", "tr", "th", "td", "a", "input"};
const std::set<std::string, std::less<>> kAttributes = {"href", "title", "rel", "class", "align", "start",
                                                        "type", "checked", "disabled"};

// The renderer's contract (text/markdown.h): http:, https:, mailto: (any case) or "/...".
bool HasAllowedScheme(std::string_view href) {
  if (!href.empty() && href[0] == '/') return true;
  std::string lower;
  for (char c : href.substr(0, 8)) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower.rfind("http:", 0) == 0 || lower.rfind("https:", 0) == 0 || lower.rfind("mailto:", 0) == 0;
}

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Walks every tag in `html`. Text never contains a raw '<' (it is escaped), so each one opens a tag.
void CheckHtml(std::string_view html) {
  if (!kring::core::IsValidUtf8(html)) Fail("HTML is not valid UTF-8", html);
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    size_t name_start = j;
    while (j < html.size() && IsNameChar(html[j])) ++j;
    std::string_view name = html.substr(name_start, j - name_start);
    if (!kTags.count(name)) Fail("tag outside the allow-list", html.substr(i, 80));
    // Attributes: name="value" pairs (values escaped, so they hold no '"'), or bare names.
    for (;;) {
      while (j < html.size() && html[j] == ' ') ++j;
      if (j >= html.size()) Fail("unterminated tag", html.substr(i, 80));
      if (html[j] == '>' || html.compare(j, 2, "/>") == 0) break;
      size_t a = j;
      while (j < html.size() && IsNameChar(html[j])) ++j;
      std::string_view attr = html.substr(a, j - a);
      if (!kAttributes.count(attr)) Fail("attribute outside the allow-list", html.substr(i, 80));
      if (j < html.size() && html[j] == '=') {
        if (j + 1 >= html.size() || html[j + 1] != '"') Fail("unquoted attribute value", html.substr(i, 80));
        size_t end = html.find('"', j + 2);
        if (end == std::string_view::npos) Fail("unterminated attribute value", html.substr(i, 80));
        std::string_view value = html.substr(j + 2, end - j - 2);
        if (value.find('<') != std::string_view::npos || value.find('>') != std::string_view::npos)
          Fail("unescaped < or > in an attribute", html.substr(i, 80));
        if (attr == "href" && !HasAllowedScheme(value))
          Fail("href with a scheme outside http, https, mailto or site-relative", html.substr(i, 120));
        j = end + 1;
      } else if (j == a) {
        Fail("garbage inside a tag", html.substr(i, 80));
      }
    }
    i = j;
  }
}

void CheckTokens(const std::vector<kring::core::TextToken>& tokens, size_t limit) {
  for (const auto& t : tokens) {
    if (t.display.empty() || t.key.empty()) Fail("empty token", t.display);
    if (!kring::core::IsValidUtf8(t.display) || !kring::core::IsValidUtf8(t.key)) Fail("token not UTF-8", t.display);
    if (t.begin >= t.end || t.end > limit) Fail("token offsets out of range", t.display);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  kring::text::MarkdownOptions options;
  // Some handles exist (a-m), others do not, so both mention paths run.
  options.mention_href = [](std::string_view key) -> std::optional<std::string> {
    if (key.empty() || key[0] < 'a' || key[0] > 'm') return std::nullopt;
    return "/@" + std::string(key);
  };
  auto r = kring::text::RenderMarkdown(input, options);
  CheckHtml(r.html);
  for (const auto& t : r.tokens)
    if (t.display.empty() || t.key.empty() || !kring::core::IsValidUtf8(t.key)) Fail("bad token from the renderer", r.html);
  if (kring::core::IsValidUtf8(input)) CheckTokens(kring::core::FindTokens(input), input.size());
  return 0;
}
