// Routes for posts, comments, reactions and feeds.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

constexpr size_t kBodyBytes = 200 * 1024;  // 40,000 characters of up to 4 bytes, plus slack

HttpResponse PostListResponse(const Call& c, const std::vector<app::PostView>& posts, const app::PageRequest& page,
                              bool offset_paged, bool pinned_on_top = false) {
  json::array a;
  for (const auto& p : posts) a.push_back(PostViewToJson(p));
  HttpResponse r = JsonResponse(200, a);
  if (offset_paged) {
    AddOffsetLink(r, c.request.path, c.request.query, page.offset, page.limit, posts.size());
  } else {
    // Cursor from non-pinned posts only: pinned ones sit on top of the first page.
    std::optional<int64_t> newest, oldest;
    size_t unpinned = 0;
    for (const auto& p : posts) {
      if (pinned_on_top && p.post.pinned && !page.max_id && !page.min_id) continue;
      if (!newest) newest = p.post.id.value();
      oldest = p.post.id.value();
      ++unpinned;
    }
    AddCursorLinks(r, c.request.path, c.request.query, newest, oldest, unpinned >= static_cast<size_t>(page.limit));
  }
  return r;
}

Result<app::CommentSort> SortParam(const Call& c) {
  auto s = c.query.Get("sort").value_or("old");
  if (s == "old") return app::CommentSort::kOld;
  if (s == "new") return app::CommentSort::kNew;
  if (s == "top") return app::CommentSort::kTop;
  return InvalidArgument("invalid_parameter", "Sort must be old, new or top.", "sort");
}

Result<std::string> ReactionTargetCheck(const std::string& kind) {
  if (!core::IsReactionKind(kind))
    return InvalidArgument("invalid_reaction", "Unknown reaction; use like, heart, laugh, wow, sad or celebrate.", "kind");
  return kind;
}

}  // namespace

void RegisterPostRoutes(Api& api) {
  app::App& app = api.app();

  api.Post("/api/v1/posts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::PostInput in;
    KRING_ASSIGN_OR_RETURN(auto community, body.OptString("community", 128));
    KRING_ASSIGN_OR_RETURN(auto kind, body.OptString("kind", 32));
    KRING_ASSIGN_OR_RETURN(auto title, body.OptString("title", 4096));
    KRING_ASSIGN_OR_RETURN(auto text, body.OptString("body", kBodyBytes));
    KRING_ASSIGN_OR_RETURN(auto url, body.OptString("url", 4096));
    KRING_ASSIGN_OR_RETURN(auto place, body.OptString("place_name", 2048));
    KRING_ASSIGN_OR_RETURN(auto rating, body.OptInt("rating"));
    KRING_ASSIGN_OR_RETURN(auto scheduled, body.OptString("scheduled_at", 64));
    in.community_slug = community.value_or("");
    in.kind = kind.value_or("discussion");
    in.title = title.value_or("");
    in.body = text.value_or("");
    in.url = url.value_or("");
    in.place_name = place.value_or("");
    if (rating && (*rating < -1000 || *rating > 1000))
      return InvalidArgument("invalid_rating", "A review needs a rating of 1 to 5 stars.", "rating");
    in.rating = static_cast<int>(rating.value_or(0));
    KRING_ASSIGN_OR_RETURN(auto media_ids, body.OptStringList("media_ids", 64, 32));
    for (const auto& id : media_ids.value_or(std::vector<std::string>{})) {
      auto parsed = MediaId::Parse(id);
      if (!parsed) return InvalidArgument("invalid_media", "Unknown photo id \"" + id + "\".", "media_ids");
      in.media_ids.push_back(*parsed);
    }
    if (scheduled) {
      auto t = ParseRfc3339(*scheduled);
      if (!t) return InvalidArgument("invalid_time", "scheduled_at must be a time like 2026-12-01T07:00:00Z.", "scheduled_at");
      in.scheduled_at = *t;
    }
    KRING_ASSIGN_OR_RETURN(auto outcome, app.posts.CreatePost(*auth, in));
    if (outcome.scheduled) return JsonResponse(202, json::object{{"scheduled", ScheduledPostToJson(*outcome.scheduled)}});
    return JsonResponse(201, PostViewToJson(*outcome.post));
  });

  api.Get("/api/v1/posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.GetPost(PostId(id), c.viewer()));
    return JsonResponse(200, PostViewToJson(v));
  });

  api.Patch("/api/v1/posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::PostEdit e;
    KRING_ASSIGN_OR_RETURN(e.title, body.OptString("title", 4096));
    KRING_ASSIGN_OR_RETURN(e.body, body.OptString("body", kBodyBytes));
    KRING_ASSIGN_OR_RETURN(e.url, body.OptString("url", 4096));
    KRING_ASSIGN_OR_RETURN(e.place_name, body.OptString("place_name", 2048));
    KRING_ASSIGN_OR_RETURN(auto rating, body.OptInt("rating"));
    if (rating) {
      if (*rating < -1000 || *rating > 1000)
        return InvalidArgument("invalid_rating", "A review needs a rating of 1 to 5 stars.", "rating");
      e.rating = static_cast<int>(*rating);
    }
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.EditPost(*auth, PostId(id), e));
    return JsonResponse(200, PostViewToJson(v));
  });

  api.Delete("/api/v1/posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.posts.DeletePost(*auth, PostId(id)));
    return NoContent();
  });

  struct Toggle {
    const char* action;
    bool lock;
    bool value;
  };
  for (Toggle t : {Toggle{"lock", true, true}, Toggle{"unlock", true, false}, Toggle{"pin", false, true},
                   Toggle{"unpin", false, false}}) {
    api.Post(std::string("/api/v1/posts/:id/") + t.action, [&app, t](Call& c) -> Result<HttpResponse> {
      KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
      KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
      KRING_ASSIGN_OR_RETURN(auto v, t.lock ? app.posts.SetLocked(*auth, PostId(id), t.value)
                                            : app.posts.SetPinned(*auth, PostId(id), t.value));
      return JsonResponse(200, PostViewToJson(v));
    });
  }

  api.Post("/api/v1/posts/:id/accept", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(auto comment, body.OptId("comment_id"));
    std::optional<CommentId> cid;
    if (comment) cid = CommentId(*comment);
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.AcceptAnswer(*auth, PostId(id), cid));
    return JsonResponse(200, PostViewToJson(v));
  });

  api.Get("/api/v1/posts/:id/history", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto revisions, app.posts.PostHistory(PostId(id), c.viewer()));
    return JsonResponse(200, RevisionsToJson(revisions));
  });

  api.Get("/api/v1/posts/:id/comments", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(app::CommentSort sort, SortParam(c));
    KRING_ASSIGN_OR_RETURN(auto depth, c.query.Int("depth", 1, 50));
    KRING_ASSIGN_OR_RETURN(auto thread, app.posts.GetThread(PostId(id), c.viewer(), sort, static_cast<int>(depth.value_or(0))));
    json::array comments;
    for (const auto& cv : thread.comments) comments.push_back(CommentViewToJson(cv));
    return JsonResponse(200, json::object{{"post", PostViewToJson(thread.post)},
                                          {"comments", std::move(comments)},
                                          {"total_comments", thread.total_comments}});
  });

  api.Post("/api/v1/posts/:id/comments", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string text, body.String("body", kBodyBytes / 2));
    KRING_ASSIGN_OR_RETURN(auto parent, body.OptId("parent_id"));
    std::optional<CommentId> pid;
    if (parent) pid = CommentId(*parent);
    KRING_ASSIGN_OR_RETURN(auto media_ids, body.OptStringList("media_ids", 8, 32));
    std::vector<MediaId> media;
    for (const auto& mid : media_ids.value_or(std::vector<std::string>{})) {
      auto parsed = MediaId::Parse(mid);
      if (!parsed) return InvalidArgument("invalid_media", "Unknown photo id \"" + mid + "\".", "media_ids");
      media.push_back(*parsed);
    }
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.CreateComment(*auth, PostId(id), pid, text, media));
    return JsonResponse(201, CommentViewToJson(v));
  });

  api.Get("/api/v1/comments/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(app::CommentSort sort, SortParam(c));
    KRING_ASSIGN_OR_RETURN(auto depth, c.query.Int("depth", 1, 50));
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.GetCommentSubtree(CommentId(id), c.viewer(), sort, static_cast<int>(depth.value_or(0))));
    return JsonResponse(200, CommentViewToJson(v));
  });

  api.Patch("/api/v1/comments/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string text, body.String("body", kBodyBytes / 2));
    KRING_ASSIGN_OR_RETURN(auto v, app.posts.EditComment(*auth, CommentId(id), text));
    return JsonResponse(200, CommentViewToJson(v));
  });

  api.Delete("/api/v1/comments/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.posts.DeleteComment(*auth, CommentId(id)));
    return NoContent();
  });

  api.Get("/api/v1/comments/:id/history", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto revisions, app.posts.CommentHistory(CommentId(id), c.viewer()));
    return JsonResponse(200, RevisionsToJson(revisions));
  });

  for (const char* target : {"post", "comment"}) {
    std::string base = std::string("/api/v1/") + target + "s/:id/reactions/:kind";
    for (bool add : {true, false}) {
      Handler h = [&app, target = std::string(target), add](Call& c) -> Result<HttpResponse> {
        KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
        KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
        KRING_ASSIGN_OR_RETURN(std::string kind, ReactionTargetCheck(c.Param("kind")));
        KRING_ASSIGN_OR_RETURN(auto summary, app.posts.React(*auth, target, id, kind, add));
        return JsonResponse(200, ReactionsToJson(summary));
      };
      if (add) api.Put(base, std::move(h));
      else api.Delete(base, std::move(h));
    }
  }

  api.Get("/api/v1/communities/:slug/posts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    std::string sort_name = c.query.Get("sort").value_or("new");
    app::FeedSort sort;
    if (sort_name == "new") sort = app::FeedSort::kNew;
    else if (sort_name == "top") sort = app::FeedSort::kTop;
    else if (sort_name == "active") sort = app::FeedSort::kActive;
    else return InvalidArgument("invalid_parameter", "Sort must be new, top or active.", "sort");
    KRING_ASSIGN_OR_RETURN(auto posts, app.posts.CommunityFeed(c.Param("slug"), c.viewer(), sort,
                                                              c.query.Get("t").value_or("all"), page));
    return PostListResponse(c, posts, page, sort != app::FeedSort::kNew, true);
  });

  api.Get("/api/v1/feeds/home", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto posts, app.posts.HomeFeed(*auth, page));
    return PostListResponse(c, posts, page, false);
  });

  api.Get("/api/v1/tags/:tag/posts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto posts, app.posts.HashtagFeed(c.Param("tag"), c.viewer(), page));
    return PostListResponse(c, posts, page, false);
  });
}

}  // namespace kring::api
