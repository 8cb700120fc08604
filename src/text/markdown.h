// Markdown (GitHub-flavoured) to HTML that is safe to insert with innerHTML.
//
// Posts, comments and bios are written in Markdown and stored as typed; this renders them. The
// parser is cmark-gfm with the autolink, strikethrough, table and tasklist extensions. The HTML is
// written by our own allow-list renderer over cmark's syntax tree, so only the tags below can ever
// appear:
//   p br hr h1-h6 blockquote ul ol li pre code em strong del table thead tbody tr th td a
//   input (disabled task-list checkbox)
// and only the attributes href, title, rel, class (fixed values, or "language-<word>" on code),
// align (left/center/right), start (a number), type/checked/disabled on the checkbox.
//
// Safety rules:
//   - Raw HTML is never passed through: HTML blocks and inline tags are shown as escaped text,
//     exactly as typed ("<b>hi</b>" displays those characters).
//   - Every link gets rel="nofollow ugc noopener". Only http:, https:, mailto: and site-relative
//     ("/...") destinations become links; anything else (javascript:, data:, vbscript:, file:,
//     relative paths, "#fragment") is rendered as its plain link text.
//   - Images are never embedded (no remote loads that would leak readers' IP addresses): an image
//     becomes a link to its URL (class "image-link") with the alt text as link text.
//   - All text and attribute values are HTML-escaped (& < > " '); hrefs are also percent-encoded
//     outside the URL-safe ASCII set.
//
// Hashtags and mentions (core::FindTokens rules) are linked in ordinary text only: never inside
// code spans, code blocks, raw HTML, or link/image text. A '#' or '@' written as an entity
// ("&#35;tag") or a backslash escape ("\#tag") does not start a token: that is how people opt out.
// Single newlines become <br /> (people write posts line by line, as on GitHub or Discourse).
//
// Thread safety: RenderMarkdown may be called from any thread. cmark-gfm keeps the table of inline
// special characters in a process-wide global that each parse mutates (github/cmark-gfm PR #176),
// so parsing is serialised by an internal mutex; rendering runs unlocked. Nothing else in Kring may
// call cmark-gfm directly. The caller bounds the input size; cmark bounds nesting itself, and the
// renderer walks the tree iteratively (no recursion).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/unicode_text.h"

namespace kring::text {

struct RenderedMarkdown {
  std::string html;
  // Hashtags and mentions found in linkable text, in document order, whether or not a mention
  // resolved to an account (callers resolve mentions again when they store them). begin/end are
  // byte offsets within the text run (the text between two pieces of markup) they were found in,
  // not offsets in the Markdown source; use kind, display and key.
  std::vector<core::TextToken> tokens;
};

struct MarkdownOptions {
  // Href for a hashtag, given its key. When empty, "/tags/<percent-encoded key>" is used.
  std::function<std::string(std::string_view key)> hashtag_href;
  // Href for a mention, given the handle key, or nullopt when no such account exists; then the
  // mention stays plain text. When empty, no mention is linked.
  std::function<std::optional<std::string>(std::string_view key)> mention_href;
};

// Renders `markdown` (any bytes; invalid UTF-8 is replaced by U+FFFD). Never fails.
// Generated links: <a href="HREF" class="hashtag" rel="tag">#display</a> and
// <a href="HREF" class="mention">@display</a>. Hrefs returned by the callbacks must pass the same
// URL rules as user links; otherwise the token is left as text.
RenderedMarkdown RenderMarkdown(std::string_view markdown, const MarkdownOptions& options);

}  // namespace kring::text
