#include "app/search_service.h"

#include <algorithm>

#include "app/community_service.h"
#include "core/search_query.h"
#include "core/unicode_text.h"

namespace kring::app {

Result<SearchResults> SearchService::Search(const core::Viewer& viewer, const SearchRequest& r) {
  const std::string& t = r.type;
  if (t != "all" && t != "posts" && t != "comments" && t != "communities" && t != "accounts")
    return InvalidArgument("invalid_parameter", "type must be all, posts, comments, communities or accounts.", "type");
  KRING_ASSIGN_OR_RETURN(core::SearchQuery query, core::ParseSearchQuery(r.q));
  SearchResults out;
  out.terms = query.terms;
  SearchFilters f;
  f.since = r.since;
  f.until = r.until;
  if (r.since && r.until && r.since >= r.until)
    return InvalidArgument("invalid_parameter", "since must be before until.", "since");
  bool nothing = false;  // a filter that names something unknown finds nothing
  if (!r.community.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(r.community));
    if (c) f.community = c->id;
    else nothing = true;
  }
  if (!r.author.empty()) {
    std::string_view h = r.author;
    if (h.front() == '@') h.remove_prefix(1);
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindByHandleKey(core::FoldKey(h)));
    if (a) f.author = a->id;
    else nothing = true;
  }
  if (!r.kind.empty()) {
    f.kind = core::ParsePostKind(r.kind);
    if (!f.kind) return InvalidArgument("invalid_parameter", "kind must be a post kind such as question or review.", "kind");
  }
  if (!r.hashtag.empty()) {
    std::string_view tag = r.hashtag;
    if (tag.front() == '#') tag.remove_prefix(1);
    f.hashtag_key = core::FoldKey(tag);
  }
  SearchPage page;
  page.limit = std::clamp(r.limit > 0 ? r.limit : (t == "all" ? 5 : 20), 1, kMaxPageLimit);
  page.offset = std::max(0, r.offset);
  const TimeMs now = d_.clock.Now();
  if (nothing) return out;

  if (t == "all" || t == "posts") {
    KRING_ASSIGN_OR_RETURN(auto hits, d_.search.SearchPosts(query.fts, f, viewer.account, now, page));
    for (auto& h : hits) {
      auto v = posts_.GetPost(PostId(h.id), viewer);
      if (v) out.posts.push_back(PostHit{std::move(*v), std::move(h.snippet)});  // re-checked visibility
    }
  }
  if (t == "all" || t == "comments") {
    KRING_ASSIGN_OR_RETURN(auto hits, d_.search.SearchComments(query.fts, f, viewer.account, now, page));
    for (auto& h : hits) {
      auto c = posts_.GetCommentSubtree(CommentId(h.id), viewer, CommentSort::kOld, 1);
      if (!c) continue;
      auto p = posts_.GetPost(c->comment.post, viewer);
      if (!p) continue;
      c->replies.clear();
      out.comments.push_back(CommentHit{std::move(*c), std::move(*p), std::move(h.snippet)});
    }
  }
  bool post_filters = f.community || f.author || f.kind || f.hashtag_key || f.since || f.until;
  if ((t == "all" && !post_filters) || t == "communities") {
    KRING_ASSIGN_OR_RETURN(auto hits, d_.search.SearchCommunities(query.fts, viewer.account, page));
    for (auto& h : hits) {
      auto v = communities_.GetById(CommunityId(h.id), viewer);
      if (v) out.communities.push_back(CommunityHit{std::move(*v), std::move(h.snippet)});
    }
  }
  if ((t == "all" && !post_filters) || t == "accounts") {
    KRING_ASSIGN_OR_RETURN(auto hits, d_.search.SearchAccounts(query.fts, page));
    for (auto& h : hits) {
      KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(AccountId(h.id)));
      if (a && a->status == core::AccountStatus::kActive) out.accounts.push_back(AccountHit{std::move(*a), std::move(h.snippet)});
    }
  }
  return out;
}

}  // namespace kring::app
