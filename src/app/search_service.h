// Use case: search. Parses what people typed (core/search_query.h), resolves filters given by
// name (community slug, author handle, hashtag), asks the SearchRepo, and returns views that the
// viewer may see, each with its snippet.
// Thread safety: stateless beyond AppDeps.
#pragma once

#include <string>
#include <vector>

#include "app/app_deps.h"
#include "app/community_service.h"
#include "app/post_service.h"
#include "app/ports/search_repo.h"
#include "app/views.h"

namespace kring::app {

struct SearchRequest {
  std::string q;
  std::string type = "all";  // all | posts | comments | communities | accounts
  std::string community;     // slug
  std::string author;        // handle
  std::string kind;          // post kind
  std::string hashtag;
  TimeMs since = 0, until = 0;
  int limit = 0;  // 0 = 20 for one type, 5 per type for "all"
  int offset = 0;
};

struct PostHit {
  PostView post;
  std::string snippet;
};
struct CommentHit {
  CommentView comment;
  PostView post;  // the post it belongs to, for context
  std::string snippet;
};
struct CommunityHit {
  CommunityView community;
  std::string snippet;
};
struct AccountHit {
  core::Account account;
  std::string snippet;
};

struct SearchResults {
  std::vector<std::string> terms;
  std::vector<PostHit> posts;
  std::vector<CommentHit> comments;
  std::vector<CommunityHit> communities;
  std::vector<AccountHit> accounts;
};

class SearchService {
 public:
  SearchService(AppDeps& deps, PostService& posts, CommunityService& communities)
      : d_(deps), posts_(posts), communities_(communities) {}
  // Errors: search_empty / search_syntax / too_long (422, field q), invalid_parameter for a bad
  // type, kind or date range; an unknown community or author filter simply finds nothing.
  Result<SearchResults> Search(const core::Viewer& viewer, const SearchRequest& request);

 private:
  AppDeps& d_;
  PostService& posts_;
  CommunityService& communities_;
};

}  // namespace kring::app
