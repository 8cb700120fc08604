// libFuzzer target: the search box (core/search_query.h). Built only when that parser exists (see
// fuzz/CMakeLists.txt). Oracle: whatever people type, a query that parses is a valid FTS5 MATCH
// expression (run against a real FTS5 table: SQLite must not report a syntax error), and one that
// does not parse comes back as a search_* / too_long / too_many / invalid_utf8 error.
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/search_query.h"

namespace {

sqlite3* Db() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    if (sqlite3_open(":memory:", &d) != SQLITE_OK) std::abort();
    sqlite3_exec(d, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');"
                    "INSERT INTO t VALUES ('de tomaten doen het goed'), ('NEAR OR AND * ^ : ( ) \"');",
                 nullptr, nullptr, nullptr);
    return d;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto q = kring::core::ParseSearchQuery(input);
  if (!q) return 0;
  if (q->fts.empty()) {
    std::fprintf(stderr, "FUZZ ORACLE: parsed query with an empty FTS expression\n");
    std::abort();
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(Db(), "SELECT rowid FROM t WHERE t MATCH ?", -1, &stmt, nullptr) != SQLITE_OK) std::abort();
  sqlite3_bind_text(stmt, 1, q->fts.data(), static_cast<int>(q->fts.size()), SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    std::fprintf(stderr, "FUZZ ORACLE: FTS5 rejected the parsed query: %s\n  input: %.*s\n  fts: %s\n",
                 sqlite3_errmsg(Db()), static_cast<int>(size), input.data(), q->fts.c_str());
    std::abort();
  }
  sqlite3_finalize(stmt);
  return 0;
}
