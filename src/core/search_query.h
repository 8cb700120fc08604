// Parsing what people type into the search box into a safe SQLite FTS5 expression.
//
// Supported: words (AND), "exact phrases", word* (prefix), a OR b, -word / -"phrase" (exclude).
// Every word and phrase is emitted quoted, so FTS5 operators typed by people (NEAR, ^, :, (, ))
// are searched for as text and can never break the query. Mistakes (an unclosed quote, a lone
// OR, only exclusions) come back as `search_syntax` errors that say what to fix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace kring::core {

constexpr size_t kMaxSearchQueryCodePoints = 256;
constexpr size_t kMaxSearchTerms = 16;

struct SearchQuery {
  std::string fts;                 // FTS5 MATCH expression
  std::vector<std::string> terms;  // the positive words and phrases, for display
};

// Errors: search_empty, search_syntax, too_long, too_many, invalid_utf8 (all field "q").
Result<SearchQuery> ParseSearchQuery(std::string_view text);

}  // namespace kring::core
