// Unicode rules for user text: validation, normalisation, lookup keys, handles, and the hashtags
// and mentions people type in posts.
//
// Everything here is built on utf8proc; no hand-rolled tables. Two forms of a string matter:
//   - display form: NFC, as the person typed it ("Café", "Anna"). Stored and shown.
//   - key form:     NFKC + case fold (FoldKey). Used for uniqueness and lookup, so "Anna", "anna"
//                   and fullwidth "ＡＮＮＡ" are the same handle, and "Café" typed precomposed or
//                   with a combining accent is the same hashtag.
//
// Thread safety: all functions are pure and may be called concurrently.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace kring::core {

// True if `text` is well-formed UTF-8: no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF, no truncated sequences. The empty string is valid.
bool IsValidUtf8(std::string_view text);

// Canonical composition (NFC). REQUIRES IsValidUtf8(text); invalid input is a caller bug and hits
// KRING_CHECK, so validate untrusted input first.
std::string NormalizeNfc(std::string_view text);

// The lookup key for handles and hashtags: NFKC plus Unicode case folding. Idempotent:
// FoldKey(FoldKey(x)) == FoldKey(x). Returns "" for invalid UTF-8 (no handle or tag has an empty
// key, so such a lookup simply finds nothing).
std::string FoldKey(std::string_view text);

// Number of Unicode code points (what limits such as "30 characters" count). Each byte of an
// invalid sequence counts as one, so the result is never smaller than the number of visible
// characters.
size_t CodePointCount(std::string_view text);

// The first `max_code_points` code points of `text`, never splitting a character.
// REQUIRES: valid UTF-8.
std::string TruncateCodePoints(std::string_view text, size_t max_code_points);

// True if `text` contains a control character (Unicode category Cc, which includes NUL, ESC and the
// C1 range) or a bidirectional embedding/override/isolate control (U+202A..U+202E, U+2066..U+2069),
// which can make text display in a different order than it is stored (spoofing). With
// `allow_newlines`, "\n", "\t" and the "\r" of a "\r\n" pair are allowed (multi-line fields);
// without it they count as control characters (single-line fields such as display names). Invalid
// UTF-8 counts as true; check IsValidUtf8 first to give a more precise error.
bool HasControlCharacters(std::string_view text, bool allow_newlines);

constexpr size_t kMinHandleCodePoints = 2;
constexpr size_t kMaxHandleCodePoints = 30;
constexpr size_t kMaxHashtagCodePoints = 64;

struct HandleParts {
  std::string display;  // NFC, as typed
  std::string key;      // FoldKey(display): unique per instance
};

// Validates a handle (the @name of an account).
// Rules: 2..30 code points after NFC; letters of any script (L*), digits (N*), combining marks (M*,
// needed for scripts such as Devanagari or Thai) and '_'; the first character is a letter or digit;
// no default-ignorable (invisible) characters; and the case-folded key obeys the same character
// rules (so compatibility characters that expand to punctuation are rejected).
// Errors (Errc::kInvalidArgument, field "handle"):
//   detail "handle_invalid"  - a rule above is broken; the public message names the rule.
//   detail "handle_reserved" - the key is a reserved name (admin, root, support, everyone, ...).
Result<HandleParts> ValidateHandle(std::string_view raw);

// True if `key` (a FoldKey) is one of the reserved handle names.
bool IsReservedHandleKey(std::string_view key);

// A hashtag or mention found in plain text.
struct TextToken {
  enum class Kind { kHashtag, kMention };
  Kind kind = Kind::kHashtag;
  size_t begin = 0;     // byte offset of the '#' or '@' in the scanned text
  size_t end = 0;       // byte offset one past the last byte of the token
  std::string display;  // without '#'/'@', NFC
  std::string key;      // FoldKey(display)
};

// Finds hashtags and mentions in plain text, in order of appearance.
//
// Hashtag: '#' + 1..64 code points of letters, digits, marks and '_' (first one not a mark), with
// at least one letter, so "#1" and "#2024" are not tags. The body ends at the first other character,
// so trailing punctuation is excluded ("#soep!" -> "soep"); a longer run is not a tag at all rather
// than a silently truncated one, and neither is a body followed directly by '#' ("#C#").
// Mention: '@' + a handle-shaped name (2..30 letters/digits/marks/'_', starting with a letter or
// digit). "@anna@example.social" is a remote account, not a local mention, so it is skipped.
//
// Both must stand at the start of the text or after whitespace, one of ( [ { " ' , ; ! ? or a
// non-ASCII character that is not a letter, digit or mark (e.g. "«", "—", an emoji). That excludes
// "C#", "page#1", "&#39;", e-mail addresses (a@b.nl) and URL fragments ("https://x.nl/a#b",
// "https://x.nl/#b", "https://m.social/@anna"). Invalid UTF-8 bytes are never part of a token.
std::vector<TextToken> FindTokens(std::string_view text);

// The distinct keys of the tokens of one kind, in order of first appearance.
std::vector<std::string> UniqueKeys(const std::vector<TextToken>& tokens, TextToken::Kind kind);

}  // namespace kring::core
