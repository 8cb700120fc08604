// Routes for communities: directory, founding, settings, joining and leaving, members, join
// requests and invite links.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

constexpr size_t kShortField = 1024;
constexpr size_t kLongField = 32 * 1024;

Result<app::CommunityUpdate> ReadCommunityFields(const JsonBody& body) {
  app::CommunityUpdate u;
  KRING_ASSIGN_OR_RETURN(u.name, body.OptString("name", kShortField));
  KRING_ASSIGN_OR_RETURN(u.description, body.OptString("description", kLongField));
  KRING_ASSIGN_OR_RETURN(u.language, body.OptString("language", 16));
  KRING_ASSIGN_OR_RETURN(u.place, body.OptString("place", kShortField));
  KRING_ASSIGN_OR_RETURN(u.visibility, body.OptString("visibility", 32));
  KRING_ASSIGN_OR_RETURN(u.join_policy, body.OptString("join_policy", 32));
  KRING_ASSIGN_OR_RETURN(u.time_zone, body.OptString("time_zone", 64));
  KRING_ASSIGN_OR_RETURN(u.rules, body.OptStringList("rules", 40, 4096));
  KRING_ASSIGN_OR_RETURN(u.topics, body.OptStringList("topics", 20, 256));
  return u;
}


}  // namespace

void RegisterCommunityRoutes(Api& api) {
  app::App& app = api.app();

  api.Get("/api/v1/communities", [&app](Call& c) -> Result<HttpResponse> {
    app::DirectoryQuery q;
    q.topic = c.query.Get("topic");
    if (q.topic) q.topic = core::FoldKey(core::IsValidUtf8(*q.topic) ? *q.topic : std::string());
    q.language = c.query.Get("language");
    q.place = c.query.Get("place");
    KRING_ASSIGN_OR_RETURN(auto min_members, c.query.Int("min_members", 0, 1000000000));
    q.min_members = min_members.value_or(0);
    q.sort = c.query.Get("sort").value_or("active");
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    q.limit = page.limit;
    q.offset = page.offset;
    KRING_ASSIGN_OR_RETURN(auto list, app.communities.Directory(q, c.viewer()));
    json::array a;
    for (const auto& v : list) a.push_back(CommunityViewToJson(v));
    HttpResponse r = JsonResponse(200, a);
    AddOffsetLink(r, c.request.path, c.request.query, q.offset, q.limit, list.size());
    return r;
  });

  api.Post("/api/v1/communities", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    core::Community fields;
    KRING_ASSIGN_OR_RETURN(fields.slug, body.String("slug", 128));
    KRING_ASSIGN_OR_RETURN(fields.name, body.String("name", kShortField));
    KRING_ASSIGN_OR_RETURN(app::CommunityUpdate u, ReadCommunityFields(body));
    fields.description = u.description.value_or("");
    fields.language = u.language.value_or(auth->account.locale);
    fields.place = u.place.value_or("");
    fields.time_zone = u.time_zone.value_or("");  // "" = the creator's
    fields.rules = u.rules.value_or(std::vector<std::string>{});
    fields.topics = u.topics.value_or(std::vector<std::string>{});
    if (u.visibility) {
      auto v = core::ParseVisibility(*u.visibility);
      if (!v) return InvalidArgument("invalid_visibility", "Visibility must be public, members_only or unlisted.", "visibility");
      fields.visibility = *v;
    }
    if (u.join_policy) {
      auto p = core::ParseJoinPolicy(*u.join_policy);
      if (!p) return InvalidArgument("invalid_join_policy", "The join policy must be open, approval or invite.", "join_policy");
      fields.join_policy = *p;
    }
    KRING_ASSIGN_OR_RETURN(auto view, app.communities.Create(*auth, std::move(fields)));
    return JsonResponse(201, CommunityViewToJson(view));
  });

  api.Get("/api/v1/communities/:slug", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto view, app.communities.Get(c.Param("slug"), c.viewer()));
    return JsonResponse(200, CommunityViewToJson(view));
  });

  api.Patch("/api/v1/communities/:slug", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(app::CommunityUpdate u, ReadCommunityFields(body));
    KRING_ASSIGN_OR_RETURN(auto view, app.communities.Update(*auth, c.Param("slug"), u));
    return JsonResponse(200, CommunityViewToJson(view));
  });

  api.Post("/api/v1/communities/:slug/join", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(auto message, body.OptString("message", 8192));
    KRING_ASSIGN_OR_RETURN(auto code, body.OptString("invite_code", 128));
    KRING_ASSIGN_OR_RETURN(auto outcome,
                           app.communities.Join(*auth, c.Param("slug"), message.value_or(""), code.value_or("")));
    return JsonResponse(outcome.state == "requested" ? 202 : 200,
                        json::object{{"state", outcome.state}, {"community", CommunityViewToJson(outcome.community)}});
  });

  api.Post("/api/v1/communities/:slug/leave", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.communities.Leave(*auth, c.Param("slug")));
    return NoContent();
  });

  api.Get("/api/v1/communities/:slug/members", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto members, app.communities.ListMembers(c.Param("slug"), c.viewer(), page));
    json::array a;
    for (const auto& m : members) {
      json::value j = AccountToJson(m.account);
      j.as_object()["member_role"] = core::MemberRoleName(m.membership.role);
      j.as_object()["joined_at"] = FormatRfc3339(m.membership.joined_at);
      a.push_back(std::move(j));
    }
    HttpResponse r = JsonResponse(200, a);
    AddOffsetLink(r, c.request.path, c.request.query, page.offset, page.limit, members.size());
    return r;
  });

  api.Post("/api/v1/communities/:slug/members/:id/role", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string role_name, body.String("role", 32));
    auto role = core::ParseMemberRole(role_name);
    if (!role) return InvalidArgument("invalid_role", "The role must be member, moderator or owner.", "role");
    KRING_TRY(app.communities.SetMemberRole(*auth, c.Param("slug"), AccountId(id), *role));
    return NoContent();
  });

  api.Delete("/api/v1/communities/:slug/members/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.communities.RemoveMember(*auth, c.Param("slug"), AccountId(id)));
    return NoContent();
  });

  api.Get("/api/v1/communities/:slug/requests", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.communities.ListJoinRequests(*auth, c.Param("slug")));
    json::array a;
    for (const auto& [req, account] : list)
      a.push_back(json::object{{"account", AccountToJson(account)},
                               {"message", req.message},
                               {"state", core::JoinRequestStateName(req.state)},
                               {"created_at", FormatRfc3339(req.created_at)}});
    return JsonResponse(200, a);
  });

  for (const char* decision : {"approve", "reject"}) {
    bool approve = std::string_view(decision) == "approve";
    api.Post(std::string("/api/v1/communities/:slug/requests/:id/") + decision,
             [&app, approve](Call& c) -> Result<HttpResponse> {
               KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
               KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
               KRING_TRY(app.communities.DecideJoinRequest(*auth, c.Param("slug"), AccountId(id), approve));
               return NoContent();
             });
  }

  api.Get("/api/v1/communities/:slug/invites", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.communities.ListInvites(*auth, c.Param("slug")));
    json::array a;
    for (const auto& inv : list) a.push_back(InviteToJson(inv));
    return JsonResponse(200, a);
  });

  api.Post("/api/v1/communities/:slug/invites", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(auto max_uses, body.OptInt("max_uses"));
    KRING_ASSIGN_OR_RETURN(auto expires, body.OptTime("expires_at"));
    KRING_ASSIGN_OR_RETURN(auto inv,
                           app.communities.CreateInvite(*auth, c.Param("slug"), max_uses.value_or(0), expires.value_or(0)));
    return JsonResponse(201, InviteToJson(inv));
  });

  api.Delete("/api/v1/communities/:slug/invites/:code", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.communities.RevokeInvite(*auth, c.Param("slug"), c.Param("code")));
    return NoContent();
  });

  api.Get("/api/v1/invites/:code", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto found, app.communities.InspectInvite(c.Param("code"), c.viewer()));
    json::value j = InviteToJson(found.first);
    j.as_object()["community"] = CommunityViewToJson(found.second);
    return JsonResponse(200, j);
  });
}

}  // namespace kring::api
