// GET /api/v1/search: full-text search with filters and highlighted snippets.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {
Result<TimeMs> TimeParam(const Call& c, std::string_view key) {
  auto v = c.query.Get(key);
  if (!v) return TimeMs{0};
  // A plain date means midnight UTC of that day.
  std::string text = v->size() == 10 ? *v + "T00:00:00Z" : *v;
  auto t = ParseRfc3339(text);
  if (!t) {
    std::string k(key);
    return InvalidArgument("invalid_parameter", "\"" + k + "\" must be a date like 2026-12-01 or a time like 2026-12-01T07:00:00Z.", k);
  }
  return *t;
}
}  // namespace

void RegisterSearchRoutes(Api& api) {
  app::App& app = api.app();
  api.Get("/api/v1/search", [&app](Call& c) -> Result<HttpResponse> {
    app::SearchRequest r;
    r.q = c.query.Get("q").value_or("");
    r.type = c.query.Get("type").value_or("all");
    r.community = c.query.Get("community").value_or("");
    r.author = c.query.Get("author").value_or("");
    r.kind = c.query.Get("kind").value_or("");
    r.hashtag = c.query.Get("hashtag").value_or("");
    KRING_ASSIGN_OR_RETURN(r.since, TimeParam(c, "since"));
    KRING_ASSIGN_OR_RETURN(r.until, TimeParam(c, "until"));
    KRING_ASSIGN_OR_RETURN(auto limit, c.query.Int("limit", 1, app::kMaxPageLimit));
    KRING_ASSIGN_OR_RETURN(auto offset, c.query.Int("offset", 0, 10000));
    r.limit = static_cast<int>(limit.value_or(0));
    r.offset = static_cast<int>(offset.value_or(0));
    KRING_ASSIGN_OR_RETURN(app::SearchResults found, app.search.Search(c.viewer(), r));
    json::array terms, posts, comments, communities, accounts;
    for (const auto& t : found.terms) terms.emplace_back(t);
    for (const auto& h : found.posts) {
      json::value j = PostViewToJson(h.post);
      j.as_object()["snippet_html"] = SnippetToHtml(h.snippet);
      posts.push_back(std::move(j));
    }
    for (const auto& h : found.comments) {
      json::value j = CommentViewToJson(h.comment);
      j.as_object().erase("replies");
      j.as_object()["post"] = json::object{{"id", h.post.post.id.ToString()},
                                           {"title", h.post.post.title},
                                           {"community", PostViewToJson(h.post).as_object()["community"]}};
      j.as_object()["snippet_html"] = SnippetToHtml(h.snippet);
      comments.push_back(std::move(j));
    }
    for (const auto& h : found.communities) {
      json::value j = CommunityViewToJson(h.community);
      j.as_object()["snippet_html"] = SnippetToHtml(h.snippet);
      communities.push_back(std::move(j));
    }
    for (const auto& h : found.accounts) {
      json::value j = AccountToJson(h.account);
      j.as_object()["snippet_html"] = SnippetToHtml(h.snippet);
      accounts.push_back(std::move(j));
    }
    return JsonResponse(200, json::object{{"terms", std::move(terms)},
                                          {"posts", std::move(posts)},
                                          {"comments", std::move(comments)},
                                          {"communities", std::move(communities)},
                                          {"accounts", std::move(accounts)}});
  });
}

}  // namespace kring::api
