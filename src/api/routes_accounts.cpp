// Routes for sign-up, log-in, the caller's own account (profile, password, export, deletion),
// other accounts, follows, the instance and its administration.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

// Generous byte caps at the edge; the domain enforces the real (character) limits.
constexpr size_t kShortField = 1024;
constexpr size_t kLongField = 16 * 1024;

json::value InstanceToJson(const app::InstanceSettings& s, const std::string& version) {
  json::array rules;
  for (const auto& r : s.rules) rules.emplace_back(r);
  json::array reactions;
  for (const auto& k : core::ReactionKinds()) reactions.emplace_back(k);
  return json::object{{"name", s.name},
                      {"description", s.description},
                      {"registration_mode", s.registration_mode},
                      {"rules", std::move(rules)},
                      {"version", version},
                      {"languages", json::array{"nl", "en"}},
                      {"reaction_kinds", std::move(reactions)},
                      // What this server can do, so clients show only working screens.
                      {"features", json::array{"search", "notifications", "blocks", "scheduled_posts", "moderation", "reports"}},
                      {"limits", json::object{{"post_title", core::kMaxTitleCodePoints},
                                              {"post_body", core::kMaxPostBodyCodePoints},
                                              {"comment_body", core::kMaxCommentBodyCodePoints},
                                              {"display_name", core::kMaxDisplayNameCodePoints},
                                              {"bio", core::kMaxBioCodePoints}}}};
}


Result<AccountId> AccountParam(Call& c) {
  KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
  return AccountId(id);
}

json::value FollowListToJson(const std::vector<app::FollowEntry>& list) {
  json::array a;
  for (const auto& f : list) {
    json::value j = AccountToJson(f.account);
    j.as_object()["since"] = FormatRfc3339(f.since);
    a.push_back(std::move(j));
  }
  return a;
}

}  // namespace

void RegisterAccountRoutes(Api& api) {
  app::App& app = api.app();

  api.Post("/api/v1/auth/register", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::RegisterInput in;
    KRING_ASSIGN_OR_RETURN(in.handle, body.String("handle", kShortField));
    KRING_ASSIGN_OR_RETURN(in.password, body.String("password", kShortField));
    KRING_ASSIGN_OR_RETURN(auto email, body.OptString("email", kShortField));
    KRING_ASSIGN_OR_RETURN(auto display_name, body.OptString("display_name", kShortField));
    KRING_ASSIGN_OR_RETURN(auto locale, body.OptString("locale", 16));
    KRING_ASSIGN_OR_RETURN(auto time_zone, body.OptString("time_zone", 64));
    KRING_ASSIGN_OR_RETURN(auto invite, body.OptString("invite_code", 128));
    in.email = email.value_or("");
    in.display_name = display_name.value_or("");
    in.locale = locale.value_or("en");
    in.time_zone = time_zone.value_or("Europe/Amsterdam");
    in.invite_code = invite.value_or("");
    KRING_ASSIGN_OR_RETURN(core::Account account, app.accounts.Register(in));
    json::value j = SelfToJson(account);
    j.as_object()["approval_required"] = account.status == core::AccountStatus::kPending;
    return JsonResponse(201, j);
  });

  api.Post("/api/v1/auth/login", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string handle, body.String("handle", kShortField));
    KRING_ASSIGN_OR_RETURN(std::string password, body.String("password", kShortField));
    KRING_ASSIGN_OR_RETURN(auto type, body.OptString("type", 16));
    KRING_ASSIGN_OR_RETURN(auto label, body.OptString("label", 200));
    // Browsers send Origin; apps ask for a bearer token explicitly or by sending no Origin.
    std::string kind = type.value_or(c.request.Header("origin") ? "cookie" : "bearer");
    if (kind != "cookie" && kind != "bearer")
      return InvalidArgument("invalid_type", "The type must be \"cookie\" or \"bearer\".", "type");
    KRING_ASSIGN_OR_RETURN(app::LoginResult login,
                           app.accounts.Login(handle, password, kind, label.value_or(kind == "cookie" ? "Browser" : "App")));
    json::object out{{"account", SelfToJson(login.account)}};
    HttpResponse r;
    if (kind == "bearer") {
      out["token"] = login.token;
      out["token_type"] = "Bearer";
      r = JsonResponse(200, out);
    } else {
      r = JsonResponse(200, out);
      r.headers.emplace_back("Set-Cookie", api.SessionCookie(login.token, login.session.expires_at - login.session.created_at));
    }
    return r;
  });

  api.Post("/api/v1/auth/logout", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.accounts.Logout(*auth));
    HttpResponse r = NoContent();
    r.headers.emplace_back("Set-Cookie", api.SessionCookie("", 0));
    return r;
  });

  api.Get("/api/v1/me", [](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    return JsonResponse(200, SelfToJson(auth->account));
  });

  api.Patch("/api/v1/me", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::ProfileUpdate u;
    KRING_ASSIGN_OR_RETURN(u.display_name, body.OptString("display_name", kShortField));
    KRING_ASSIGN_OR_RETURN(u.bio, body.OptString("bio", kLongField));
    KRING_ASSIGN_OR_RETURN(u.locale, body.OptString("locale", 16));
    KRING_ASSIGN_OR_RETURN(u.time_zone, body.OptString("time_zone", 64));
    KRING_ASSIGN_OR_RETURN(u.email, body.OptString("email", kShortField));
    KRING_ASSIGN_OR_RETURN(u.show_in_insights, body.OptBool("show_in_insights"));
    if (body.Has("email") && !u.email) u.email = std::string();  // null clears the address
    KRING_ASSIGN_OR_RETURN(core::Account a, app.accounts.UpdateProfile(*auth, u));
    return JsonResponse(200, SelfToJson(a));
  });

  api.Post("/api/v1/me/password", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string current, body.String("current_password", kShortField));
    KRING_ASSIGN_OR_RETURN(std::string next, body.String("new_password", kShortField));
    KRING_TRY(app.accounts.ChangePassword(*auth, current, next));
    return NoContent();
  });

  api.Get("/api/v1/me/export", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(app::AccountExport data, app.exports.Export(*auth));
    HttpResponse r = JsonResponse(200, ExportToJson(data));
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"kring-export-" + auth->account.handle_key + ".json\"");
    return r;
  });

  api.Delete("/api/v1/me", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string password, body.String("password", kShortField));
    KRING_TRY(app.accounts.DeleteAccount(*auth, password));
    HttpResponse r = NoContent();
    r.headers.emplace_back("Set-Cookie", api.SessionCookie("", 0));
    return r;
  });

  api.Get("/api/v1/me/communities", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.communities.ListJoined(*auth));
    json::array a;
    for (const auto& v : list) a.push_back(CommunityViewToJson(v));
    return JsonResponse(200, a);
  });

  api.Get("/api/v1/me/scheduled_posts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.posts.ListScheduled(*auth));
    json::array a;
    for (const auto& s : list) a.push_back(ScheduledPostToJson(s));
    return JsonResponse(200, a);
  });

  api.Delete("/api/v1/scheduled_posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.posts.CancelScheduled(*auth, ScheduledPostId(id)));
    return NoContent();
  });

  api.Get("/api/v1/accounts/lookup", [&app](Call& c) -> Result<HttpResponse> {
    auto acct = c.query.Get("acct");
    if (!acct) return InvalidArgument("invalid_parameter", "Give the handle as ?acct=<handle>.", "acct");
    std::string_view h = *acct;
    if (!h.empty() && h.front() == '@') h.remove_prefix(1);
    KRING_ASSIGN_OR_RETURN(auto v, app.accounts.GetAccountByHandle(std::string(h), c.viewer()));
    return JsonResponse(200, AccountViewToJson(v));
  });

  api.Get("/api/v1/accounts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_ASSIGN_OR_RETURN(auto v, app.accounts.GetAccount(id, c.viewer()));
    return JsonResponse(200, AccountViewToJson(v));
  });

  api.Get("/api/v1/accounts/:id/posts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto posts, app.posts.ProfileFeed(id, c.viewer(), page));
    json::array a;
    for (const auto& p : posts) a.push_back(PostViewToJson(p));
    HttpResponse r = JsonResponse(200, a);
    if (!posts.empty())
      AddCursorLinks(r, c.request.path, c.request.query, posts.front().post.id.value(), posts.back().post.id.value(),
                     static_cast<int>(posts.size()) >= page.limit);
    return r;
  });

  api.Post("/api/v1/accounts/:id/follow", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_TRY(app.follows.Follow(*auth, id));
    return JsonResponse(200, json::object{{"id", id.ToString()}, {"following", true}});
  });

  api.Post("/api/v1/accounts/:id/unfollow", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_TRY(app.follows.Unfollow(*auth, id));
    return JsonResponse(200, json::object{{"id", id.ToString()}, {"following", false}});
  });

  api.Get("/api/v1/accounts/:id/followers", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto list, app.follows.Followers(id, page));
    HttpResponse r = JsonResponse(200, FollowListToJson(list));
    AddOffsetLink(r, c.request.path, c.request.query, page.offset, page.limit, list.size());
    return r;
  });

  api.Get("/api/v1/accounts/:id/following", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto list, app.follows.Following(id, page));
    HttpResponse r = JsonResponse(200, FollowListToJson(list));
    AddOffsetLink(r, c.request.path, c.request.query, page.offset, page.limit, list.size());
    return r;
  });

  api.Get("/api/v1/instance", [&app, &api](Call&) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto s, app.accounts.GetInstanceSettings());
    return JsonResponse(200, InstanceToJson(s, api.config().version));
  });

  api.Patch("/api/v1/admin/instance", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(app::InstanceSettings s, app.accounts.GetInstanceSettings());
    KRING_ASSIGN_OR_RETURN(auto name, body.OptString("name", kShortField));
    KRING_ASSIGN_OR_RETURN(auto description, body.OptString("description", kLongField * 2));
    KRING_ASSIGN_OR_RETURN(auto mode, body.OptString("registration_mode", 32));
    KRING_ASSIGN_OR_RETURN(auto rules, body.OptStringList("rules", 20, 4096));
    if (name) s.name = *name;
    if (description) s.description = *description;
    if (mode) s.registration_mode = *mode;
    if (rules) s.rules = *rules;
    KRING_ASSIGN_OR_RETURN(s, app.accounts.UpdateInstanceSettings(auth->viewer(), std::move(s)));
    return JsonResponse(200, InstanceToJson(s, api.config().version));
  });

  api.Post("/api/v1/admin/invites", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(auto max_uses, body.OptInt("max_uses"));
    KRING_ASSIGN_OR_RETURN(auto expires, body.OptTime("expires_at"));
    KRING_ASSIGN_OR_RETURN(auto inv, app.accounts.CreateInstanceInvite(auth->viewer(), max_uses.value_or(1), expires.value_or(0)));
    return JsonResponse(201, json::object{{"code", inv.code},
                                          {"max_uses", inv.max_uses},
                                          {"expires_at", TimeOrNull(inv.expires_at)}});
  });

  api.Get("/api/v1/admin/accounts", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    auto status = c.query.Get("status").value_or("pending");
    if (status != "pending") return InvalidArgument("invalid_parameter", "Only status=pending can be listed.", "status");
    KRING_ASSIGN_OR_RETURN(auto list, app.accounts.ListPendingAccounts(auth->viewer()));
    json::array a;
    for (const auto& acc : list) a.push_back(SelfToJson(acc));
    return JsonResponse(200, a);
  });

  for (const char* decision : {"approve", "reject"}) {
    bool approve = std::string_view(decision) == "approve";
    api.Post(std::string("/api/v1/admin/accounts/:id/") + decision, [&app, approve](Call& c) -> Result<HttpResponse> {
      KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
      KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
      KRING_TRY(app.accounts.DecidePendingAccount(auth->viewer(), id, approve));
      return NoContent();
    });
  }

  api.Post("/api/v1/admin/accounts/:id/role", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(AccountId id, AccountParam(c));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string role_name, body.String("role", 32));
    auto role = core::ParseRole(role_name);
    if (!role) return InvalidArgument("invalid_role", "The role must be user, moderator or admin.", "role");
    KRING_ASSIGN_OR_RETURN(core::Account a, app.accounts.SetRole(auth->viewer(), id, *role));
    return JsonResponse(200, AccountToJson(a));
  });
}

}  // namespace kring::api
