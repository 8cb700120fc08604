#include "core/search_query.h"

#include "core/unicode_text.h"

namespace kring::core {
namespace {

struct Term {
  std::string text;
  bool phrase = false;
  bool prefix = false;
  bool negated = false;
  bool or_before = false;  // joined to the previous positive term with OR
};

Error Syntax(std::string message) { return InvalidArgument("search_syntax", std::move(message), "q"); }

// FTS5 string literal: double quotes, with inner quotes doubled.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Render(const Term& t) { return Quote(t.text) + (t.prefix ? " *" : ""); }

}  // namespace

Result<SearchQuery> ParseSearchQuery(std::string_view raw) {
  if (!IsValidUtf8(raw)) return InvalidArgument("invalid_utf8", "The search text is not valid UTF-8.", "q");
  if (CodePointCount(raw) > kMaxSearchQueryCodePoints)
    return InvalidArgument("too_long", "Search for at most 256 characters.", "q");
  if (HasControlCharacters(raw, false)) return Syntax("The search text contains control characters.");
  std::string text = NormalizeNfc(raw);
  std::vector<Term> terms;
  bool pending_or = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    Term t;
    if (c == '-' && i + 1 < text.size() && text[i + 1] != ' ') {
      t.negated = true;
      ++i;
      c = text[i];
    }
    if (c == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string::npos) return Syntax("Close the quote: a phrase needs a \" at both ends.");
      t.text = text.substr(i + 1, close - i - 1);
      t.phrase = true;
      i = close + 1;
      if (t.text.find_first_not_of(' ') == std::string::npos) continue;  // "" searches for nothing
    } else {
      size_t end = text.find_first_of(" \t\"", i);
      if (end == std::string::npos) end = text.size();
      t.text = text.substr(i, end - i);
      i = end;
      if (!t.negated && t.text == "OR") {
        if (terms.empty() || pending_or) return Syntax("OR needs a word on both sides, like: tomaat OR tomaten.");
        pending_or = true;
        continue;
      }
      if (t.text == "-") return Syntax("A minus sign excludes the word right after it, like: brood -spelt.");
      while (t.text.size() > 1 && t.text.back() == '*' && t.text[t.text.size() - 2] == '*') t.text.pop_back();
      if (t.text.back() == '*') {
        t.text.pop_back();
        t.prefix = true;
        if (t.text.empty()) return Syntax("A * finds words that start with what comes before it, like: tomat*.");
      }
    }
    if (pending_or) {
      if (t.negated) return Syntax("OR cannot be followed by an excluded word.");
      t.or_before = true;
      pending_or = false;
    }
    terms.push_back(std::move(t));
    if (terms.size() > kMaxSearchTerms) return InvalidArgument("too_many", "Search for at most 16 words at once.", "q");
  }
  if (pending_or) return Syntax("OR needs a word on both sides, like: tomaat OR tomaten.");
  SearchQuery out;
  std::vector<std::string> groups;  // AND of OR-groups
  std::string excluded;
  for (const Term& t : terms) {
    if (t.negated) {
      excluded += " NOT " + Render(t);
      continue;
    }
    out.terms.push_back(t.text);
    if (t.or_before && !groups.empty()) groups.back() += " OR " + Render(t);
    else groups.push_back(Render(t));
  }
  if (groups.empty()) {
    if (terms.empty()) return InvalidArgument("search_empty", "Type something to search for.", "q");
    return Syntax("Add at least one word to look for; excluded words alone find nothing.");
  }
  std::string positive;
  for (const auto& g : groups) positive += (positive.empty() ? "(" : " AND (") + g + ")";
  out.fts = excluded.empty() ? positive : "(" + positive + ")" + excluded;
  return out;
}

}  // namespace kring::core
