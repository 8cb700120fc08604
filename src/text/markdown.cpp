#include "text/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

#include "base/check.h"

namespace kring::text {
namespace {

using core::TextToken;

constexpr std::string_view kUserLinkRel = "nofollow ugc noopener";

// --- Escaping ------------------------------------------------------------------------------------

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c != static_cast<unsigned char>(prefix[i])) return false;
  }
  return true;
}

// An allow-list, not a block-list of dangerous schemes: browsers accept many spellings of
// "javascript:" (entities, case, embedded tabs), but none of them starts with "http:" or "/".
bool IsAllowedUrl(std::string_view url) {
  if (url.empty()) return false;
  if (url[0] == '/') return true;
  return StartsWithNoCase(url, "http:") || StartsWithNoCase(url, "https:") ||
         StartsWithNoCase(url, "mailto:");
}

// Writes an href attribute value: bytes outside the URL-safe ASCII set (spaces, quotes, controls,
// backslashes, non-ASCII) are percent-encoded, then the rest is HTML-escaped. Existing %XX escapes
// are kept as they are.
void AppendHref(std::string& out, std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kSafe = "-._~:/?#[]@!$&'()*+,;=%";
  for (char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || kSafe.find(ch) != std::string_view::npos) {
      if (c == '&') {
        out += "&amp;";
      } else if (c == '\'') {
        out += "&#39;";
      } else {
        out += ch;
      }
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

// Percent-encodes everything but RFC 3986 unreserved characters: a key as one path segment.
std::string PercentEncodeSegment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// --- Parser extension: mark '#' and '@' as typed ------------------------------------------------
//
// cmark decodes "&#35;" and "\#" to "#" and then merges adjacent text nodes, so after parsing a
// typed '#' and an escaped one look the same. Inline extensions, however, are only offered
// characters that are literally in the source. This one turns a typed '#'/'@' that could start a
// token into a separate one-character node (a CODE node tagged through user_data; CODE because
// every inline container, table cells included, accepts it, and cmark never merges it). The
// renderer treats these nodes as text and only lets tokens start at them.

int kSigilTag;  // its address tags the nodes made by MatchSigil

bool IsSigilNode(cmark_node* node) {
  return node != nullptr && cmark_node_get_type(node) == CMARK_NODE_CODE &&
         cmark_node_get_user_data(node) == &kSigilTag;
}

bool IsRunNode(cmark_node* node) {
  return node != nullptr && (cmark_node_get_type(node) == CMARK_NODE_TEXT || IsSigilNode(node));
}

// A cheap pre-filter in source bytes; FindTokens applies the exact rule later. Keeping URL and
// e-mail characters out matters here: a sigil node splits the text node, and the autolink
// extension, which runs after inline parsing, would then link only part of "x.nl/a#b".
bool MayPrecedeSigil(unsigned char c) {
  if (c >= 0x80) return true;
  return std::string_view(" \t\n\r\f\v([{\"',;!?*_~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

bool MayStartTokenBody(unsigned char c) { return c >= 0x80 || IsAsciiAlnum(c) || c == '_'; }

// True if the word before `offset` looks like a URL ("https://x.nl/(#a"), so the sigil belongs to
// it. Looks back at most 512 bytes so a long line of sigils stays linear.
bool FollowsUrlWord(cmark_inline_parser* ip, int offset) {
  std::string word;
  for (int i = offset - 1; i >= 0 && offset - i <= 512; --i) {
    const unsigned char c = cmark_inline_parser_peek_at(ip, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
    word += static_cast<char>(c);
  }
  std::reverse(word.begin(), word.end());
  return word.find("://") != std::string::npos || StartsWithNoCase(word, "www.") ||
         StartsWithNoCase(word, "mailto:");
}

cmark_node* MatchSigil(cmark_syntax_extension* /*self*/, cmark_parser* /*parser*/,
                       cmark_node* /*parent*/, unsigned char c, cmark_inline_parser* ip) {
  // cmark offers every non-core character to every inline extension, not just our special ones.
  if (c != '#' && c != '@') return nullptr;
  const int offset = cmark_inline_parser_get_offset(ip);
  if (offset > 0 && !MayPrecedeSigil(cmark_inline_parser_peek_at(ip, offset - 1))) return nullptr;
  cmark_inline_parser_set_offset(ip, offset + 1);
  // peek_char is bounds-checked (0 at the end of the subject); peek_at past the end is not.
  if (!MayStartTokenBody(cmark_inline_parser_peek_char(ip)) ||
      (offset > 0 && FollowsUrlWord(ip, offset))) {
    cmark_inline_parser_set_offset(ip, offset);
    return nullptr;
  }
  cmark_node* node = cmark_node_new(CMARK_NODE_CODE);
  const char literal[2] = {static_cast<char>(c), '\0'};
  cmark_node_set_literal(node, literal);
  cmark_node_set_user_data(node, &kSigilTag);
  return node;
}

struct Parsing {
  std::mutex mutex;  // see the header: cmark-gfm parsing mutates process-wide state
  std::vector<cmark_syntax_extension*> extensions;
  cmark_syntax_extension* table = nullptr;     // also in `extensions`
  cmark_syntax_extension* autolink = nullptr;  // also in `extensions`
};

Parsing& GetParsing() {
  // Leaked on purpose: extensions registered with cmark must outlive every parser.
  static Parsing* parsing = [] {
    auto* p = new Parsing;
    cmark_gfm_core_extensions_ensure_registered();
    cmark_syntax_extension* sigils = cmark_syntax_extension_new("kring_sigils");
    cmark_llist* chars = nullptr;
    cmark_mem* mem = cmark_get_default_mem_allocator();
    chars = cmark_llist_append(mem, chars, reinterpret_cast<void*>(static_cast<uintptr_t>('#')));
    chars = cmark_llist_append(mem, chars, reinterpret_cast<void*>(static_cast<uintptr_t>('@')));
    cmark_syntax_extension_set_special_inline_chars(sigils, chars);
    cmark_syntax_extension_set_match_inline_func(sigils, MatchSigil);
    p->extensions.push_back(sigils);
    for (const char* name : {"autolink", "strikethrough", "table", "tasklist"}) {
      cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
      KRING_CHECK(ext != nullptr, std::string("cmark-gfm extension missing: ") + name);
      p->extensions.push_back(ext);
    }
    p->table = cmark_find_syntax_extension("table");
    p->autolink = cmark_find_syntax_extension("autolink");
    return p;
  }();
  return *parsing;
}

struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

// Debian 12's cmark-gfm (0.29.0.gfm.6) has two extensions whose time grows with the square of
// certain inputs, which a member could post to stall rendering (parses hold the mutex above):
// a table row with thousands of cells (10,000 columns: 0.77 s) and a run of e-mail-like text
// with many '@' ("a.b@a.b@..." of 40,000 bytes: 0.42 s). No real post needs either, so a document
// that has one is parsed without that extension and its text stays text.
constexpr int kMaxTableCellsPerLine = 128;
constexpr int kMaxAtSignsPerWord = 16;

struct RiskyExtensions {
  bool table = false;
  bool autolink = false;
};

bool IsEmailChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '+' ||
         c == '-' || c == '_' || c == '@';
}

RiskyExtensions FindRiskyExtensions(std::string_view markdown) {
  RiskyExtensions risky;
  int pipes_in_line = 0, ats_in_word = 0;
  for (unsigned char c : markdown) {
    if (c == '\n') pipes_in_line = 0;
    if (c == '|' && ++pipes_in_line > kMaxTableCellsPerLine) risky.table = true;
    if (!IsEmailChar(c)) ats_in_word = 0;
    if (c == '@' && ++ats_in_word > kMaxAtSignsPerWord) risky.autolink = true;
  }
  return risky;
}

NodePtr Parse(std::string_view markdown) {
  Parsing& parsing = GetParsing();
  const RiskyExtensions risky = FindRiskyExtensions(markdown);
  std::lock_guard<std::mutex> lock(parsing.mutex);
  // No CMARK_OPT_UNSAFE: and our renderer never emits raw HTML in any case.
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_VALIDATE_UTF8));
  for (cmark_syntax_extension* ext : parsing.extensions) {
    if (risky.table && ext == parsing.table) continue;
    if (risky.autolink && ext == parsing.autolink) continue;
    cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  if (!markdown.empty()) cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  // The tree is allocated with the default allocator and outlives the parser.
  return NodePtr(cmark_parser_finish(parser.get()));
}

// --- Renderer ------------------------------------------------------------------------------------

std::string_view Literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s ? std::string_view(s) : std::string_view();
}

std::string_view TypeString(cmark_node* node) {
  const char* s = cmark_node_get_type_string(node);
  return s ? std::string_view(s) : std::string_view();
}

class HtmlRenderer {
 public:
  HtmlRenderer(const MarkdownOptions& options, RenderedMarkdown* result)
      : options_(options), html_(result->html), tokens_(result->tokens) {}

  void Render(cmark_node* root) {
    cmark_iter* iter = cmark_iter_new(root);
    cmark_event_type event;
    while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
      cmark_node* node = cmark_iter_get_node(iter);
      if (event == CMARK_EVENT_ENTER) {
        Enter(node);
      } else {
        Exit(node);
      }
    }
    cmark_iter_free(iter);
  }

 private:
  void Cr() {
    if (!html_.empty() && html_.back() != '\n') html_ += '\n';
  }

  static bool InTightList(cmark_node* paragraph) {
    cmark_node* item = cmark_node_parent(paragraph);
    cmark_node* list = item ? cmark_node_parent(item) : nullptr;
    return list != nullptr && cmark_node_get_type(list) == CMARK_NODE_LIST &&
           cmark_node_get_list_tight(list);
  }

  void Enter(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_DOCUMENT:
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        Cr();
        html_ += "<blockquote>\n";
        break;
      case CMARK_NODE_LIST:
        Cr();
        if (cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) {
          const int start = cmark_node_get_list_start(node);
          html_ += start == 1 ? "<ol>\n" : "<ol start=\"" + std::to_string(start) + "\">\n";
        } else {
          html_ += "<ul>\n";
        }
        break;
      case CMARK_NODE_ITEM:
        Cr();
        html_ += "<li>";
        if (TypeString(node) == "tasklist") {
          html_ += cmark_gfm_extensions_get_tasklist_item_checked(node)
                       ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> "
                       : "<input type=\"checkbox\" disabled=\"\" /> ";
        }
        break;
      case CMARK_NODE_HEADING:
        Cr();
        html_ += "<h" + std::to_string(HeadingLevel(node)) + ">";
        break;
      case CMARK_NODE_CODE_BLOCK:
        RenderCodeBlock(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        RenderHtmlBlockAsText(node);
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        Cr();
        html_ += "<hr />\n";
        break;
      case CMARK_NODE_PARAGRAPH:
        if (!InTightList(node)) {
          Cr();
          html_ += "<p>";
        }
        break;
      case CMARK_NODE_TEXT:
        RenderText(node);
        break;
      case CMARK_NODE_CODE:
        if (IsSigilNode(node)) {
          RenderText(node);
        } else {
          html_ += "<code>";
          AppendEscaped(html_, Literal(node));
          html_ += "</code>";
        }
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        html_ += "<br />\n";
        break;
      case CMARK_NODE_HTML_INLINE:
        AppendEscaped(html_, Literal(node));  // shown as typed, never interpreted
        break;
      case CMARK_NODE_EMPH:
        html_ += "<em>";
        break;
      case CMARK_NODE_STRONG:
        html_ += "<strong>";
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        EnterAnchor(node);
        break;
      default:
        EnterExtensionNode(node);
        break;
    }
  }

  void Exit(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_BLOCK_QUOTE:
        Cr();
        html_ += "</blockquote>\n";
        break;
      case CMARK_NODE_LIST:
        Cr();
        html_ += cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? "</ol>\n" : "</ul>\n";
        break;
      case CMARK_NODE_ITEM:
        html_ += "</li>\n";
        break;
      case CMARK_NODE_HEADING:
        html_ += "</h" + std::to_string(HeadingLevel(node)) + ">\n";
        break;
      case CMARK_NODE_PARAGRAPH:
        if (!InTightList(node)) html_ += "</p>\n";
        break;
      case CMARK_NODE_EMPH:
        html_ += "</em>";
        break;
      case CMARK_NODE_STRONG:
        html_ += "</strong>";
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const bool emitted = anchors_.back();
        anchors_.pop_back();
        if (emitted) html_ += "</a>";
        break;
      }
      default:
        ExitExtensionNode(node);
        break;
    }
  }

  static int HeadingLevel(cmark_node* node) {
    return std::clamp(cmark_node_get_heading_level(node), 1, 6);
  }

  void RenderCodeBlock(cmark_node* node) {
    Cr();
    html_ += "<pre><code";
    const char* info = cmark_node_get_fence_info(node);
    std::string_view lang = info ? std::string_view(info) : std::string_view();
    lang = lang.substr(0, lang.find_first_of(" \t"));
    if (!lang.empty()) {
      html_ += " class=\"language-";
      AppendEscaped(html_, lang);
      html_ += '"';
    }
    html_ += '>';
    AppendEscaped(html_, Literal(node));
    html_ += "</code></pre>\n";
  }

  // A raw HTML block ("<div>…", "<Anna>" on its own line, "<!-- … -->") is shown as typed: dropping
  // it would silently lose what someone wrote.
  void RenderHtmlBlockAsText(cmark_node* node) {
    std::string_view text = Literal(node);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    Cr();
    html_ += "<p>";
    for (size_t start = 0;;) {
      const size_t nl = text.find('\n', start);
      std::string_view line = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      AppendEscaped(html_, line);
      if (nl == std::string_view::npos) break;
      html_ += "<br />\n";
      start = nl + 1;
    }
    html_ += "</p>\n";
  }

  void EnterAnchor(cmark_node* node) {
    const char* raw_url = cmark_node_get_url(node);
    const std::string_view url = raw_url ? std::string_view(raw_url) : std::string_view();
    const bool allowed = IsAllowedUrl(url);
    // <a> cannot nest; a link or image inside another one keeps only its text.
    const bool emit = anchors_.empty() && allowed;
    anchors_.push_back(emit);
    if (emit) {
      html_ += "<a href=\"";
      AppendHref(html_, url);
      html_ += '"';
      const char* title = cmark_node_get_title(node);
      if (title != nullptr && *title != '\0') {
        html_ += " title=\"";
        AppendEscaped(html_, title);
        html_ += '"';
      }
      if (cmark_node_get_type(node) == CMARK_NODE_IMAGE) html_ += " class=\"image-link\"";
      html_ += " rel=\"";
      html_ += kUserLinkRel;
      html_ += "\">";
    }
    // "[](url)" and "![](url)" would otherwise be invisible; show where they lead.
    if (cmark_node_first_child(node) == nullptr && allowed) AppendEscaped(html_, url);
  }

  void EnterExtensionNode(cmark_node* node) {
    const std::string_view type = TypeString(node);
    if (type == "strikethrough") {
      html_ += "<del>";
    } else if (type == "table") {
      Cr();
      html_ += "<table>\n";
      table_body_open_ = false;
    } else if (type == "table_header" || type == "table_row") {
      Cr();
      if (cmark_gfm_extensions_get_table_row_is_header(node)) {
        html_ += "<thead>\n";
      } else if (!table_body_open_) {
        html_ += "<tbody>\n";
        table_body_open_ = true;
      }
      html_ += "<tr>\n";
      table_column_ = 0;
    } else if (type == "table_cell") {
      html_ += IsHeaderCell(node) ? "<th" : "<td";
      html_ += CellAlignAttribute(node, table_column_++);
      html_ += '>';
    }
    // Anything else (footnotes are not enabled; custom nodes are not produced): children only.
  }

  void ExitExtensionNode(cmark_node* node) {
    const std::string_view type = TypeString(node);
    if (type == "strikethrough") {
      html_ += "</del>";
    } else if (type == "table") {
      Cr();
      if (table_body_open_) html_ += "</tbody>\n";
      table_body_open_ = false;
      html_ += "</table>\n";
    } else if (type == "table_header" || type == "table_row") {
      Cr();
      html_ += "</tr>\n";
      if (cmark_gfm_extensions_get_table_row_is_header(node)) html_ += "</thead>\n";
    } else if (type == "table_cell") {
      html_ += IsHeaderCell(node) ? "</th>\n" : "</td>\n";
    }
  }

  static bool IsHeaderCell(cmark_node* cell) {
    cmark_node* row = cmark_node_parent(cell);
    return row != nullptr && cmark_gfm_extensions_get_table_row_is_header(row);
  }

  // `column` is counted by the caller while walking the row: looking it up from the cell's
  // previous siblings made a 10,000-column table take 1.3 s (quadratic), found by fuzzing.
  static const char* CellAlignAttribute(cmark_node* cell, size_t column) {
    cmark_node* row = cmark_node_parent(cell);
    cmark_node* table = row ? cmark_node_parent(row) : nullptr;
    if (table == nullptr) return "";
    const uint8_t* aligns = cmark_gfm_extensions_get_table_alignments(table);
    const uint16_t columns = cmark_gfm_extensions_get_table_columns(table);
    if (aligns == nullptr || column >= columns) return "";
    switch (aligns[column]) {
      case 'l': return " align=\"left\"";
      case 'c': return " align=\"center\"";
      case 'r': return " align=\"right\"";
      default: return "";
    }
  }

  // Text nodes (and sigil nodes) that are siblings form one run, rendered when its first node is
  // entered; the later nodes of the run are skipped.
  void RenderText(cmark_node* node) {
    if (!anchors_.empty()) {  // link or image text: never tokenised
      AppendEscaped(html_, Literal(node));
      return;
    }
    cmark_node* previous = cmark_node_previous(node);
    if (IsRunNode(previous)) return;

    std::string text;
    std::vector<size_t> sigils;  // offsets of typed '#'/'@' in `text`, ascending
    for (cmark_node* n = node; IsRunNode(n); n = cmark_node_next(n)) {
      if (IsSigilNode(n)) sigils.push_back(text.size());
      text += Literal(n);
    }
    if (sigils.empty()) {
      AppendEscaped(html_, text);
      return;
    }
    // After other inline markup ("**x**#tag", "`a`#b") the visible character before the run is part
    // of a word; scan with a stand-in word character so FindTokens rejects a token at offset 0.
    const bool after_markup = previous != nullptr &&
                              cmark_node_get_type(previous) != CMARK_NODE_SOFTBREAK &&
                              cmark_node_get_type(previous) != CMARK_NODE_LINEBREAK;
    const size_t shift = after_markup ? 1 : 0;
    std::vector<TextToken> found;
    if (after_markup) {
      std::string scan;
      scan.reserve(text.size() + 1);
      scan += 'x';
      scan += text;
      found = core::FindTokens(scan);
    } else {
      found = core::FindTokens(text);
    }

    size_t cursor = 0;
    for (TextToken& token : found) {
      token.begin -= shift;
      token.end -= shift;
      if (!std::binary_search(sigils.begin(), sigils.end(), token.begin)) continue;
      if (std::optional<std::string> href = HrefFor(token)) {
        AppendEscaped(html_, std::string_view(text).substr(cursor, token.begin - cursor));
        AppendTokenLink(token, *href);
        cursor = token.end;
      }
      tokens_.push_back(std::move(token));
    }
    AppendEscaped(html_, std::string_view(text).substr(cursor));
  }

  std::optional<std::string> HrefFor(const TextToken& token) const {
    std::optional<std::string> href;
    if (token.kind == TextToken::Kind::kHashtag) {
      href = options_.hashtag_href ? options_.hashtag_href(token.key)
                                   : "/tags/" + PercentEncodeSegment(token.key);
    } else if (options_.mention_href) {
      href = options_.mention_href(token.key);
    }
    if (href && !IsAllowedUrl(*href)) href.reset();
    return href;
  }

  void AppendTokenLink(const TextToken& token, const std::string& href) {
    html_ += "<a href=\"";
    AppendHref(html_, href);
    if (token.kind == TextToken::Kind::kHashtag) {
      html_ += "\" class=\"hashtag\" rel=\"tag\">#";
    } else {
      html_ += "\" class=\"mention\">@";
    }
    AppendEscaped(html_, token.display);
    html_ += "</a>";
  }

  const MarkdownOptions& options_;
  std::string& html_;
  std::vector<TextToken>& tokens_;
  std::vector<bool> anchors_;  // one per open link/image: whether an <a> was written for it
  bool table_body_open_ = false;
  size_t table_column_ = 0;  // index of the next cell in the current row
};

}  // namespace

RenderedMarkdown RenderMarkdown(std::string_view markdown, const MarkdownOptions& options) {
  NodePtr root = Parse(markdown);
  RenderedMarkdown result;
  result.html.reserve(markdown.size() + markdown.size() / 4 + 16);
  HtmlRenderer(options, &result).Render(root.get());
  return result;
}

}  // namespace kring::text
