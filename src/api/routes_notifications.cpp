// Routes for notifications (list, unread count, mark read, preferences) and blocks/mutes.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

void RegisterNotificationRoutes(Api& api) {
  app::App& app = api.app();

  api.Get("/api/v1/notifications", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    bool unread = c.query.Get("unread").value_or("") == "true";
    KRING_ASSIGN_OR_RETURN(auto list, app.notifications.List(*auth, page, unread));
    json::array a;
    for (const auto& v : list) a.push_back(NotificationToJson(v));
    HttpResponse r = JsonResponse(200, a);
    if (!list.empty())
      AddCursorLinks(r, c.request.path, c.request.query, list.front().notification.id, list.back().notification.id,
                     static_cast<int>(list.size()) >= page.limit);
    return r;
  });

  api.Get("/api/v1/notifications/unread_count", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t n, app.notifications.UnreadCount(*auth));
    return JsonResponse(200, json::object{{"count", n}});
  });

  api.Post("/api/v1/notifications/read", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.notifications.MarkRead(*auth, std::nullopt));
    return NoContent();
  });

  api.Post("/api/v1/notifications/:id/read", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.notifications.MarkRead(*auth, id));
    return NoContent();
  });

  api.Get("/api/v1/notifications/preferences", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto prefs, app.notifications.Preferences(*auth));
    json::object o;
    for (const auto& [k, v] : prefs) o[k] = v;
    return JsonResponse(200, o);
  });

  api.Patch("/api/v1/notifications/preferences", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    std::map<std::string, bool> changes;
    for (const auto& kind : core::NotificationKinds()) {
      KRING_ASSIGN_OR_RETURN(auto v, body.OptBool(kind));
      if (v) changes[kind] = *v;
    }
    KRING_ASSIGN_OR_RETURN(auto prefs, app.notifications.SetPreferences(*auth, changes));
    json::object o;
    for (const auto& [k, v] : prefs) o[k] = v;
    return JsonResponse(200, o);
  });

  for (const char* kind : {"block", "mute"}) {
    api.Post(std::string("/api/v1/accounts/:id/") + kind, [&app, kind = std::string(kind)](Call& c) -> Result<HttpResponse> {
      KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
      KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
      KRING_TRY(app.notifications.Block(*auth, AccountId(id), kind));
      return JsonResponse(200, json::object{{"id", std::to_string(id)}, {kind == "block" ? "blocking" : "muting", true}});
    });
  }
  for (const char* kind : {"unblock", "unmute"}) {
    api.Post(std::string("/api/v1/accounts/:id/") + kind, [&app](Call& c) -> Result<HttpResponse> {
      KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
      KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
      KRING_TRY(app.notifications.Unblock(*auth, AccountId(id)));
      return NoContent();
    });
  }

  api.Get("/api/v1/me/blocks", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.notifications.ListBlocks(*auth));
    json::array a;
    for (const auto& [b, account] : list) {
      json::value j = AccountToJson(account);
      j.as_object()["kind"] = b.kind;
      j.as_object()["since"] = FormatRfc3339(b.created_at);
      a.push_back(std::move(j));
    }
    return JsonResponse(200, a);
  });
}

}  // namespace kring::api
