// Routes for reports, moderation queues, decisions with statements of reasons, appeals and the
// moderation logs.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

json::value TargetToJson(const app::TargetSnapshot& t) {
  return json::object{{"type", t.type},
                      {"id", std::to_string(t.id)},
                      {"owner", t.owner ? AccountToJson(*t.owner) : json::value(nullptr)},
                      {"community", t.community ? json::value(json::object{{"slug", t.community->slug}, {"name", t.community->name}})
                                                : json::value(nullptr)},
                      {"title", t.title},
                      {"text", t.text},
                      {"removed", t.removed}};
}

json::value ReportToJson(const core::Report& r) {
  return json::object{{"id", std::to_string(r.id)},
                      {"target_type", r.target_type},
                      {"target_id", std::to_string(r.target_id)},
                      {"category", r.category},
                      {"text", r.text},
                      {"state", r.state},
                      {"created_at", FormatRfc3339(r.created_at)}};
}

// The statement of reasons (DSA Art. 17) as the affected person and moderators see it.
json::value DecisionToJson(const app::DecisionView& v) {
  const core::Decision& d = v.decision;
  json::object o{{"id", std::to_string(d.id)},
                 {"target_type", d.target_type},
                 {"target_id", std::to_string(d.target_id)},
                 {"community", v.community ? json::value(json::object{{"slug", v.community->slug}, {"name", v.community->name}})
                                           : json::value(nullptr)},
                 {"scope", d.community ? "community" : "instance"},
                 {"action", d.action},
                 {"rule", d.rule},
                 {"facts", d.facts},
                 {"automated", d.automated},
                 {"ban_until", d.action == "ban" ? TimeOrNull(d.ban_until) : json::value(nullptr)},
                 {"created_at", FormatRfc3339(d.created_at)},
                 {"reversed_at", TimeOrNull(d.reversed_at)},
                 {"appeal_until", FormatRfc3339(v.appeal_until)},
                 {"decided_by_you", v.decided_by_viewer},
                 {"content", v.target ? json::value(json::object{{"title", v.target->title}, {"text", v.target->text}})
                                      : json::value(nullptr)},
                 {"can_appeal", v.can_appeal},
                 {"how_to_appeal",
                  "You can appeal this decision once, until " + FormatRfc3339(v.appeal_until) +
                      ", from this page (POST /api/v1/decisions/" + std::to_string(d.id) +
                      "/appeal). Another moderator will review it and you will be told the outcome. You may also "
                      "turn to a certified out-of-court dispute settlement body or to the courts."}};
  if (v.appeal) {
    o["appeal"] = json::object{{"id", std::to_string(v.appeal->id)},
                               {"text", v.appeal->text},
                               {"state", v.appeal->state},
                               {"outcome", v.appeal->outcome},
                               {"created_at", FormatRfc3339(v.appeal->created_at)},
                               {"decided_at", TimeOrNull(v.appeal->decided_at)}};
  } else {
    o["appeal"] = nullptr;
  }
  return o;
}

// Public log entry: what, which rule, when. Never who reported, never who decided.
json::value LogEntryToJson(const core::Decision& d) {
  return json::object{{"id", std::to_string(d.id)},
                      {"action", d.action},
                      {"target_type", d.target_type},
                      {"rule", d.rule},
                      {"automated", d.automated},
                      {"created_at", FormatRfc3339(d.created_at)},
                      {"reversed", d.reversed_at != 0}};
}

}  // namespace

void RegisterModerationRoutes(Api& api) {
  app::App& app = api.app();

  api.Post("/api/v1/reports", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::ReportInput in;
    KRING_ASSIGN_OR_RETURN(in.target_type, body.String("target_type", 32));
    KRING_ASSIGN_OR_RETURN(auto id, body.OptId("target_id"));
    if (!id) return InvalidArgument("missing_field", "The field \"target_id\" is required.", "target_id");
    in.target_id = *id;
    KRING_ASSIGN_OR_RETURN(in.category, body.String("category", 32));
    KRING_ASSIGN_OR_RETURN(auto text, body.OptString("text", 32 * 1024));
    KRING_ASSIGN_OR_RETURN(auto email, body.OptString("email", 512));
    in.text = text.value_or("");
    in.email = email.value_or("");
    KRING_ASSIGN_OR_RETURN(core::Report r, app.moderation.FileReport(c.auth, in));
    return JsonResponse(201, ReportToJson(r));
  });

  api.Get("/api/v1/moderation/:scope/reports", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.moderation.Queue(*auth, c.Param("scope")));
    json::array a;
    for (const auto& v : list) {
      json::value j = ReportToJson(v.report);
      j.as_object()["target"] = TargetToJson(v.target);
      a.push_back(std::move(j));
    }
    return JsonResponse(200, a);
  });

  api.Post("/api/v1/moderation/decisions", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    app::DecisionInput in;
    KRING_ASSIGN_OR_RETURN(in.report_id, body.OptId("report_id"));
    KRING_ASSIGN_OR_RETURN(in.target_type, body.String("target_type", 32));
    KRING_ASSIGN_OR_RETURN(auto id, body.OptId("target_id"));
    if (!id) return InvalidArgument("missing_field", "The field \"target_id\" is required.", "target_id");
    in.target_id = *id;
    KRING_ASSIGN_OR_RETURN(in.action, body.String("action", 32));
    KRING_ASSIGN_OR_RETURN(auto rule, body.OptString("rule", 4096));
    KRING_ASSIGN_OR_RETURN(auto facts, body.OptString("facts", 32 * 1024));
    KRING_ASSIGN_OR_RETURN(auto automated, body.OptBool("automated"));
    KRING_ASSIGN_OR_RETURN(auto days, body.OptInt("ban_days"));
    in.rule = rule.value_or("");
    in.facts = facts.value_or("");
    in.automated = automated.value_or(false);
    in.ban_days = days.value_or(0);
    KRING_ASSIGN_OR_RETURN(auto v, app.moderation.Decide(*auth, in));
    return JsonResponse(201, DecisionToJson(v));
  });

  api.Get("/api/v1/decisions/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto v, app.moderation.GetDecision(*auth, id));
    return JsonResponse(200, DecisionToJson(v));
  });

  api.Post("/api/v1/decisions/:id/appeal", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string text, body.String("text", 32 * 1024));
    KRING_ASSIGN_OR_RETURN(auto a, app.moderation.FileAppeal(*auth, id, text));
    return JsonResponse(201, json::object{{"id", std::to_string(a.id)}, {"state", a.state},
                                          {"created_at", FormatRfc3339(a.created_at)}});
  });

  api.Get("/api/v1/moderation/:scope/appeals", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto list, app.moderation.AppealQueue(*auth, c.Param("scope")));
    json::array a;
    for (const auto& v : list) {
      a.push_back(json::object{{"id", std::to_string(v.appeal.id)},
                               {"text", v.appeal.text},
                               {"created_at", FormatRfc3339(v.appeal.created_at)},
                               {"decision", DecisionToJson(v.decision)},
                               {"target", TargetToJson(v.target)}});
    }
    return JsonResponse(200, a);
  });

  api.Post("/api/v1/appeals/:id/decide", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string outcome, body.String("outcome", 32));
    KRING_ASSIGN_OR_RETURN(std::string reason, body.String("reason", 32 * 1024));
    KRING_ASSIGN_OR_RETURN(auto v, app.moderation.DecideAppeal(*auth, id, outcome, reason));
    return JsonResponse(200, DecisionToJson(v));
  });

  api.Get("/api/v1/communities/:slug/modlog", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto list, app.moderation.CommunityLog(c.Param("slug"), c.viewer(), page));
    json::array a;
    for (const auto& d : list) a.push_back(LogEntryToJson(d));
    HttpResponse r = JsonResponse(200, a);
    if (!list.empty())
      AddCursorLinks(r, c.request.path, c.request.query, list.front().id, list.back().id,
                     static_cast<int>(list.size()) >= page.limit);
    return r;
  });

  api.Get("/api/v1/admin/modlog", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(app::PageRequest page, c.query.Page());
    KRING_ASSIGN_OR_RETURN(auto list, app.moderation.InstanceLog(*auth, page));
    json::array a;
    for (const auto& d : list) {
      json::value j = LogEntryToJson(d);
      j.as_object()["community_id"] = d.community ? json::value(d.community->ToString()) : json::value(nullptr);
      j.as_object()["moderator_id"] = d.moderator ? json::value(d.moderator->ToString()) : json::value(nullptr);
      j.as_object()["target_id"] = std::to_string(d.target_id);
      j.as_object()["facts"] = d.facts;
      a.push_back(std::move(j));
    }
    return JsonResponse(200, a);
  });
}

}  // namespace kring::api
