#include "core/unicode_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>
#include <cstdlib>
#include <memory>
#include <unordered_set>

#include "base/check.h"

namespace kring::core {
namespace {

// One decoded code point; cp < 0 marks a byte that is not part of valid UTF-8.
struct CodePoint {
  int32_t cp;
  size_t offset;
  size_t length;
};

// Decodes the next code point at `offset`. Invalid sequences yield {-1, offset, 1} so callers can
// step over them one byte at a time.
CodePoint DecodeAt(std::string_view text, size_t offset) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + offset),
                            static_cast<utf8proc_ssize_t>(text.size() - offset), &cp);
  if (n <= 0) return {-1, offset, 1};
  return {cp, offset, static_cast<size_t>(n)};
}

std::vector<CodePoint> Decode(std::string_view text) {
  std::vector<CodePoint> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    CodePoint c = DecodeAt(text, i);
    out.push_back(c);
    i += c.length;
  }
  return out;
}

// utf8proc_map allocates with malloc; wrap the result so it is always freed.
struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

// Returns false on invalid UTF-8 (the only failure utf8proc_map reports for our option sets, apart
// from out-of-memory, which we treat the same way).
bool Map(std::string_view text, int options, std::string* out) {
  if (text.empty()) {
    out->clear();
    return true;
  }
  utf8proc_uint8_t* raw = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &raw,
                                    static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
  if (n < 0) return false;
  out->assign(reinterpret_cast<const char*>(raw), static_cast<size_t>(n));
  return true;
}

bool IsLetter(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
         c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO;
}
bool IsNumber(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}
bool IsMark(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

// Default-ignorable code points render as nothing. Some are letters or marks by category (Hangul
// fillers U+3164/U+FFA0, variation selectors), so a category check alone would let people register
// "anna" + an invisible letter as a look-alike of "anna".
bool IsIgnorable(int32_t cp) { return utf8proc_get_property(cp)->ignorable != 0; }

// Letters, digits, marks and '_': the characters of handles and hashtag bodies.
bool IsWordChar(int32_t cp) {
  if (cp < 0) return false;
  if (cp == '_') return true;
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (IsIgnorable(cp)) return false;
  auto c = utf8proc_category(cp);
  return IsLetter(c) || IsNumber(c) || IsMark(c);
}

bool IsLetterCp(int32_t cp) { return cp >= 0 && IsLetter(utf8proc_category(cp)); }
bool IsMarkCp(int32_t cp) { return cp >= 0 && IsMark(utf8proc_category(cp)); }
bool IsLetterOrNumberCp(int32_t cp) {
  if (cp < 0) return false;
  auto c = utf8proc_category(cp);
  return IsLetter(c) || IsNumber(c);
}

// May the character before '#' or '@' precede a token? ASCII is an explicit allow-list: that is
// where URLs ("x.nl/#a", "a#b", "?q=@x"), entities ("&#39;") and e-mail addresses live. Outside
// ASCII anything that is not part of a word is a separator ("«#tag»", "—#tag", "🌷#tuinieren").
bool MayPrecedeToken(int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80) {
    switch (cp) {
      case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
      case '(': case '[': case '{': case '"': case '\'': case ',': case ';': case '!': case '?':
        return true;
      default:
        return false;
    }
  }
  return !IsWordChar(cp);
}

// Names that would let someone impersonate the instance, its staff or a system address, or that
// collide with routes and group mentions. Compared on the FoldKey, so "ADMIN" and "Ａｄｍｉｎ" match.
constexpr std::string_view kReservedHandles[] = {
    "admin",      "administrator", "root",       "system",   "kring",    "api",      "www",
    "mail",       "support",       "help",       "about",    "moderator", "moderators", "mod",
    "staff",      "security",      "settings",   "login",    "logout",   "register", "signup",
    "me",         "null",          "undefined",  "everyone", "all",      "here",     "deleted",
    "instance",   "official",      "owner",      "webmaster", "postmaster", "abuse", "noreply",
    "no_reply",   "hostmaster",    "info"};

Error HandleInvalid(std::string message) {
  return InvalidArgument("handle_invalid", std::move(message), "handle");
}

// Checks the character rules of a handle on an NFC or key string. Returns the public message for
// the first broken rule, or "" when all hold.
std::string HandleCharacterProblem(const std::vector<CodePoint>& cps) {
  if (!IsLetterOrNumberCp(cps.front().cp) || IsIgnorable(cps.front().cp)) {
    return "A handle must start with a letter or a digit.";
  }
  for (const CodePoint& c : cps) {
    if (!IsWordChar(c.cp)) {
      return "A handle can only contain letters, digits and underscores (no spaces, dots, dashes, "
             "symbols or invisible characters).";
    }
  }
  return "";
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    CodePoint c = DecodeAt(text, i);
    if (c.cp < 0) return false;
    i += c.length;
  }
  return true;
}

std::string NormalizeNfc(std::string_view text) {
  std::string out;
  bool ok = Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE, &out);
  KRING_CHECK(ok, "NormalizeNfc requires valid UTF-8");
  return out;
}

std::string FoldKey(std::string_view text) {
  std::string out;
  if (!Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &out)) {
    return "";
  }
  return out;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) i += DecodeAt(text, i).length;
  return count;
}

bool HasControlCharacters(std::string_view text, bool allow_newlines) {
  for (size_t i = 0; i < text.size();) {
    CodePoint c = DecodeAt(text, i);
    i += c.length;
    if (c.cp < 0) return true;
    if ((c.cp >= 0x202A && c.cp <= 0x202E) || (c.cp >= 0x2066 && c.cp <= 0x2069)) return true;
    if (utf8proc_category(c.cp) != UTF8PROC_CATEGORY_CC) continue;
    if (allow_newlines) {
      if (c.cp == '\n' || c.cp == '\t') continue;
      // Browsers and Windows clients send "\r\n"; a lone "\r" can rewrite a line in terminals/logs.
      if (c.cp == '\r' && i < text.size() && text[i] == '\n') continue;
    }
    return true;
  }
  return false;
}

bool IsReservedHandleKey(std::string_view key) {
  return std::find(std::begin(kReservedHandles), std::end(kReservedHandles), key) !=
         std::end(kReservedHandles);
}

Result<HandleParts> ValidateHandle(std::string_view raw) {
  if (raw.empty()) return HandleInvalid("Choose a handle.");
  if (!IsValidUtf8(raw)) return HandleInvalid("A handle must be valid UTF-8 text.");
  // Cheap guard before normalising: even fully decomposed input cannot compose from more than a
  // few bytes per character into 30 characters.
  if (raw.size() > 1024) {
    return HandleInvalid("A handle can have at most 30 characters.");
  }
  HandleParts parts;
  parts.display = NormalizeNfc(raw);
  std::vector<CodePoint> cps = Decode(parts.display);
  if (cps.size() < kMinHandleCodePoints) {
    return HandleInvalid("A handle needs at least 2 characters.");
  }
  if (cps.size() > kMaxHandleCodePoints) {
    return HandleInvalid("A handle can have at most 30 characters.");
  }
  if (std::string problem = HandleCharacterProblem(cps); !problem.empty()) {
    return HandleInvalid(std::move(problem));
  }
  parts.key = FoldKey(parts.display);
  // Compatibility folding can turn a letter or number into something else (e.g. U+FDFA expands to
  // words with spaces, "½" to "1⁄2"); the key must obey the same rules as what people type.
  std::vector<CodePoint> key_cps = Decode(parts.key);
  if (key_cps.empty() || !HandleCharacterProblem(key_cps).empty()) {
    return HandleInvalid(
        "A handle can only contain letters, digits and underscores (no spaces, dots, dashes, "
        "symbols or invisible characters).");
  }
  if (IsReservedHandleKey(parts.key)) {
    return Fail(InvalidArgument("handle_reserved",
                                "This handle is reserved. Please choose another one.", "handle"));
  }
  return parts;
}

std::vector<TextToken> FindTokens(std::string_view text) {
  std::vector<TextToken> tokens;
  if (text.find_first_of("#@") == std::string_view::npos) return tokens;  // the common case
  std::vector<CodePoint> cps = Decode(text);
  for (size_t i = 0; i < cps.size(); ++i) {
    const int32_t sigil = cps[i].cp;
    if (sigil != '#' && sigil != '@') continue;
    if (i > 0 && !MayPrecedeToken(cps[i - 1].cp)) continue;
    size_t j = i + 1;
    while (j < cps.size() && IsWordChar(cps[j].cp)) ++j;
    const size_t body_len = j - (i + 1);
    if (body_len == 0) continue;
    const int32_t first = cps[i + 1].cp;
    if (sigil == '#') {
      if (body_len > kMaxHashtagCodePoints || IsMarkCp(first)) continue;
      if (j < cps.size() && cps[j].cp == '#') continue;  // "#C#", "#F#": linking "#C" would mislead
      bool has_letter = false;
      for (size_t k = i + 1; k < j && !has_letter; ++k) has_letter = IsLetterCp(cps[k].cp);
      if (!has_letter) continue;
    } else {
      if (body_len < kMinHandleCodePoints || body_len > kMaxHandleCodePoints) continue;
      if (!IsLetterOrNumberCp(first)) continue;
      if (j < cps.size() && cps[j].cp == '@') continue;  // @user@other.server: not ours to link
    }
    TextToken token;
    token.kind = sigil == '#' ? TextToken::Kind::kHashtag : TextToken::Kind::kMention;
    token.begin = cps[i].offset;
    token.end = j < cps.size() ? cps[j].offset : text.size();
    const size_t body_begin = cps[i + 1].offset;
    token.display = NormalizeNfc(text.substr(body_begin, token.end - body_begin));
    token.key = FoldKey(token.display);
    tokens.push_back(std::move(token));
    i = j - 1;
  }
  return tokens;
}

std::vector<std::string> UniqueKeys(const std::vector<TextToken>& tokens, TextToken::Kind kind) {
  std::vector<std::string> keys;
  std::unordered_set<std::string_view> seen;
  for (const TextToken& t : tokens) {
    if (t.kind == kind && seen.insert(t.key).second) keys.push_back(t.key);
  }
  return keys;
}

std::string TruncateCodePoints(std::string_view text, size_t max_code_points) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // A byte that is not a continuation byte (10xxxxxx) starts a code point.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == max_code_points) return std::string(text.substr(0, i));
      ++count;
    }
  }
  return std::string(text);
}

}  // namespace kring::core
