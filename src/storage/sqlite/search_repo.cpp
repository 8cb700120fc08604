// SQLite FTS5 implementation of SearchRepo. The indexes are kept by triggers (migration 0002).
#include "storage/sqlite/sqlite_store.h"

namespace kring::storage::sqlite {

namespace {

// Relevance first (bm25 is negative: lower is better), then age: one point per 30 days, so a fresh
// post beats an equally relevant old one without burying a much better old match.
constexpr const char* kAgePenalty = "(?9 - {t}.created_at) / 2592000000.0";

// Posts and comments rank only their newest kMaxRankedMatches matches (after filters and
// visibility): FTS5 hands matches out newest first and stops there, where ranking every match cost
// 0.6 s for a word in 70,000 of 200,000 posts in `make bench`. Older matches are found by
// narrowing the search (community, author, dates). Snippets are made for the page only.
constexpr int kMaxRankedMatches = 2000;

// The rest of a query whose first CTE is `candidates(id, score)` from `table`: the page by score,
// then its snippets. ?10 = limit, ?11 = offset, ?2 = the MATCH expression.
std::string RankThenSnippet(const std::string& table, const std::string& snippet) {
  return "page AS (SELECT id, score FROM candidates ORDER BY score LIMIT ?10 OFFSET ?11) SELECT page.id, " + snippet +
         " FROM page JOIN " + table + " ON " + table + ".rowid = page.id WHERE " + table + " MATCH ?2 ORDER BY page.score";
}

// Same rule as the feeds: ?1 is the viewer (or NULL).
constexpr const char* kVisible =
    "(p.community_id IS NULL OR EXISTS (SELECT 1 FROM communities c WHERE c.id = p.community_id AND "
    "(c.visibility != 'members_only' OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND "
    "m.account_id = ?1))))";

// Leaves out what people the viewer (?1) blocked or muted wrote.
constexpr const char* kNotHidden =
    " AND ({a} IS NULL OR ?1 IS NULL OR NOT EXISTS (SELECT 1 FROM account_blocks b WHERE b.account_id = ?1 AND "
    "b.target_id = {a}))";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
  return s;
}

void BindFilters(Statement& s, const std::string& fts, const app::SearchFilters& f, std::optional<AccountId> viewer,
                 TimeMs now, const app::SearchPage& page) {
  std::optional<int64_t> v, community, author, since, until;
  std::optional<std::string> kind;
  if (viewer) v = viewer->value();
  if (f.community) community = f.community->value();
  if (f.author) author = f.author->value();
  if (f.kind) kind = std::string(core::PostKindName(*f.kind));
  if (f.since) since = f.since;
  if (f.until) until = f.until;
  s.Bind(1, v).Bind(2, fts).Bind(3, community).Bind(4, author).Bind(5, kind).Bind(6, f.hashtag_key).Bind(7, since)
      .Bind(8, until).Bind(9, now).Bind(10, page.limit).Bind(11, page.offset);
}

}  // namespace

Result<std::vector<app::SearchHit>> SqliteSearchRepo::Run(const std::string& sql,
                                                          const std::function<void(Statement&)>& bind) {
  std::vector<app::SearchHit> out;
  Status st = db_.Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    bind(*s);
    for (;;) {
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      out.push_back(app::SearchHit{s->Int(0), s->Text(1)});
    }
    return Status::Ok();
  });
  if (!st) {
    // The parser only emits valid expressions; should FTS5 still refuse one, it is the query's
    // fault, not the server's.
    if (st.error().internal_message.find("fts5") != std::string::npos)
      return InvalidArgument("search_syntax", "That search could not be understood; try plain words.", "q");
    return std::move(st).error();
  }
  return out;
}

Result<std::vector<app::SearchHit>> SqliteSearchRepo::SearchPosts(const std::string& fts, const app::SearchFilters& f,
                                                                  std::optional<AccountId> viewer, TimeMs now,
                                                                  const app::SearchPage& page) {
  std::string sql = std::string(
      "WITH candidates AS (SELECT p.id AS id, bm25(posts_fts, 4.0, 1.0) + ") + Replace(kAgePenalty, "{t}", "p") +
      " AS score FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid WHERE posts_fts MATCH ?2 AND p.deleted = 0 AND " + kVisible +
      " AND (?3 IS NULL OR p.community_id = ?3) AND (?4 IS NULL OR p.author_id = ?4) AND (?5 IS NULL OR p.kind = ?5)"
      " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM post_hashtags h WHERE h.post_id = p.id AND h.tag_key = ?6))"
      " AND (?7 IS NULL OR p.created_at >= ?7) AND (?8 IS NULL OR p.created_at < ?8)" +
      Replace(kNotHidden, "{a}", "p.author_id") + " ORDER BY posts_fts.rowid DESC LIMIT " + std::to_string(kMaxRankedMatches) + "), " +
      RankThenSnippet("posts_fts", "snippet(posts_fts, -1, char(2), char(3), '…', 16)");
  return Run(sql, [&](Statement& s) { BindFilters(s, fts, f, viewer, now, page); });
}

Result<std::vector<app::SearchHit>> SqliteSearchRepo::SearchComments(const std::string& fts,
                                                                     const app::SearchFilters& f,
                                                                     std::optional<AccountId> viewer, TimeMs now,
                                                                     const app::SearchPage& page) {
  std::string sql = std::string(
      "WITH candidates AS (SELECT cm.id AS id, bm25(comments_fts) + ") + Replace(kAgePenalty, "{t}", "cm") +
      " AS score FROM comments_fts JOIN comments cm ON cm.id = comments_fts.rowid JOIN posts p ON p.id = cm.post_id "
      "WHERE comments_fts MATCH ?2 AND cm.deleted = 0 AND p.deleted = 0 AND " + kVisible +
      " AND (?3 IS NULL OR p.community_id = ?3) AND (?4 IS NULL OR cm.author_id = ?4)"
      " AND (?5 IS NULL OR p.kind = ?5)"
      " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM post_hashtags h WHERE h.post_id = p.id AND h.tag_key = ?6))"
      " AND (?7 IS NULL OR cm.created_at >= ?7) AND (?8 IS NULL OR cm.created_at < ?8)" +
      Replace(kNotHidden, "{a}", "cm.author_id") + " ORDER BY comments_fts.rowid DESC LIMIT " + std::to_string(kMaxRankedMatches) + "), " +
      RankThenSnippet("comments_fts", "snippet(comments_fts, 0, char(2), char(3), '…', 16)");
  return Run(sql, [&](Statement& s) { BindFilters(s, fts, f, viewer, now, page); });
}

Result<std::vector<app::SearchHit>> SqliteSearchRepo::SearchCommunities(const std::string& fts,
                                                                        std::optional<AccountId> viewer,
                                                                        const app::SearchPage& page) {
  std::string sql =
      "SELECT c.id, snippet(communities_fts, -1, char(2), char(3), '…', 16) FROM communities_fts "
      "JOIN communities c ON c.id = communities_fts.rowid WHERE communities_fts MATCH ?2 AND "
      "(c.visibility != 'unlisted' OR EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND "
      "m.account_id = ?1)) ORDER BY bm25(communities_fts, 4.0, 1.0, 2.0), c.member_count DESC LIMIT ?3 OFFSET ?4";
  return Run(sql, [&](Statement& s) {
    std::optional<int64_t> v;
    if (viewer) v = viewer->value();
    s.Bind(1, v).Bind(2, fts).Bind(3, page.limit).Bind(4, page.offset);
  });
}

Result<std::vector<app::SearchHit>> SqliteSearchRepo::SearchAccounts(const std::string& fts, const app::SearchPage& page) {
  std::string sql =
      "SELECT a.id, snippet(accounts_fts, -1, char(2), char(3), '…', 12) FROM accounts_fts "
      "JOIN accounts a ON a.id = accounts_fts.rowid WHERE accounts_fts MATCH ?1 AND a.status = 'active' "
      "ORDER BY bm25(accounts_fts, 4.0, 2.0, 1.0) LIMIT ?2 OFFSET ?3";
  return Run(sql, [&](Statement& s) { s.Bind(1, fts).Bind(2, page.limit).Bind(3, page.offset); });
}

}  // namespace kring::storage::sqlite
