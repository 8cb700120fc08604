// Full-text search over posts, comments, communities and accounts. The query is an FTS5
// expression made by core::ParseSearchQuery. Every search applies the same visibility rules as
// the feeds: members-only content only for members, deleted content never.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "core/post.h"

namespace kring::app {

struct SearchFilters {
  std::optional<CommunityId> community;
  std::optional<AccountId> author;
  std::optional<core::PostKind> kind;  // posts only
  std::optional<std::string> hashtag_key;  // posts only
  TimeMs since = 0;  // created at or after (0 = no bound)
  TimeMs until = 0;  // created before (0 = no bound)
};

// One match: the id of what matched and a snippet of the text around the match, where the matched
// words are wrapped in the control characters kMarkStart and kMarkEnd (never present in stored
// text, which rejects control characters), for the API to turn into highlighting.
struct SearchHit {
  int64_t id = 0;
  std::string snippet;
};
inline constexpr char kMarkStart = '\x02';
inline constexpr char kMarkEnd = '\x03';

struct SearchPage {
  int limit = 20;
  int offset = 0;
};

class SearchRepo {
 public:
  virtual ~SearchRepo() = default;
  // Ranked by relevance (bm25), with newer posts and comments ahead of equally relevant older ones.
  virtual Result<std::vector<SearchHit>> SearchPosts(const std::string& fts, const SearchFilters& filters,
                                                     std::optional<AccountId> viewer, TimeMs now,
                                                     const SearchPage& page) = 0;
  virtual Result<std::vector<SearchHit>> SearchComments(const std::string& fts, const SearchFilters& filters,
                                                        std::optional<AccountId> viewer, TimeMs now,
                                                        const SearchPage& page) = 0;
  // Listed communities, and unlisted ones the viewer belongs to.
  virtual Result<std::vector<SearchHit>> SearchCommunities(const std::string& fts, std::optional<AccountId> viewer,
                                                           const SearchPage& page) = 0;
  // Active accounts only.
  virtual Result<std::vector<SearchHit>> SearchAccounts(const std::string& fts, const SearchPage& page) = 0;
};

}  // namespace kring::app
