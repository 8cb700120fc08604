// Routes for insights decision support: which hashtags and which kinds of content go with more
// engagement, for a community (its moderators and owner) or for the caller's own posts. Every
// comparison carries its sample sizes, a 95% interval, the method in one sentence, and a verdict
// that says "no clear effect" whenever the interval includes no difference (JSON or ?format=csv).
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "api/api.h"
#include "api/insights_csv.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

double Round4(double x) { return std::round(x * 10000) / 10000; }

std::string Percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", std::fabs(x) * 100);
  return buf;
}

// "18% more" / "5% fewer" / "no difference"
std::string MoreOrFewer(double x) {
  if (std::fabs(x) < 0.005) return "no difference";
  return Percent(x) + (x > 0 ? " more" : " fewer");
}

std::string Message(const app::DecisionReport& r, const app::DecisionItem& item) {
  const bool tag = r.what == "hashtags";
  const std::string subject = tag ? "Posts with " + item.label : item.label + " posts";
  const std::string others = tag ? "posts without it" : "other posts";
  const core::Comparison& c = item.comparison;
  const std::string sizes = std::to_string(c.group.n) + " and " + std::to_string(c.baseline.n) + " posts";
  if (!c.enough_data) {
    const std::string need = std::to_string(r.policy.min_posts);
    const std::string seen = " seen by at least " + std::to_string(r.min_viewers) + " people";
    if (c.reason == "too_few_posts")
      return "Not enough data yet: " + std::to_string(c.group.n) + " " + (tag ? "posts with " + item.label : item.label + " posts") +
             seen + "; at least " + need + " are needed.";
    if (c.reason == "too_few_baseline_posts")
      return "Not enough data yet: only " + std::to_string(c.baseline.n) + " " + others + seen + "; at least " + need +
             " are needed to compare.";
    if (c.reason == "too_few_people")
      return "Not enough data yet: these posts come from fewer than 5 people, so they would describe those people rather than the kind of post.";
    return "Not enough data yet: there were no reactions or comments to compare.";
  }
  const std::string range = MoreOrFewer(c.uplift_ci95.lo) + " to " + MoreOrFewer(c.uplift_ci95.hi);
  if (c.verdict == "no_clear_effect")
    return "No clear effect: " + subject + " got " + MoreOrFewer(c.uplift) + " reactions and comments per viewer than " +
           others + ", but the 95% interval (" + range + ") includes no difference (" + sizes + ").";
  return subject + " got " + MoreOrFewer(c.uplift) + " reactions and comments per viewer than " + others +
         " (95% interval: " + range + "; " + sizes + ").";
}

json::value Pair(const core::Interval& i) { return json::array{Round4(i.lo), Round4(i.hi)}; }

json::object ItemToJson(const app::DecisionReport& r, const app::DecisionItem& item) {
  const core::Comparison& c = item.comparison;
  const bool group_ok = c.group.n >= 2 && c.reason != "too_few_people";
  json::object o;
  o[r.what == "hashtags" ? "tag" : "type"] = item.label;
  o["posts"] = c.group.n;
  o["authors"] = item.authors.Show() || r.community == std::nullopt ? json::value(item.authors.value) : json::value("< 5");
  o["engagement"] = group_ok && c.reason != "too_few_posts" ? json::value(Round4(c.group.mean)) : json::value(nullptr);
  o["engagement_ci95"] = group_ok && c.reason != "too_few_posts" ? Pair(c.group_ci95) : json::value(nullptr);
  o["baseline_posts"] = c.baseline.n;
  o["baseline_engagement"] = c.baseline.n >= 1 ? json::value(Round4(c.baseline.mean)) : json::value(nullptr);
  o["uplift"] = c.enough_data ? json::value(Round4(c.uplift)) : json::value(nullptr);
  o["uplift_ci95"] = c.enough_data ? Pair(c.uplift_ci95) : json::value(nullptr);
  o["enough_data"] = c.enough_data;
  o["reason"] = c.reason.empty() ? json::value(nullptr) : json::value(c.reason);
  o["verdict"] = c.verdict;
  o["message"] = Message(r, item);
  return o;
}

json::object ReportToJson(const app::DecisionReport& r) {
  json::array items;
  for (const auto& item : r.items) items.push_back(ItemToJson(r, item));
  return json::object{
      {"scope", r.community ? "community" : "author"},
      {"community", r.community ? json::value(*r.community) : json::value(nullptr)},
      {"days", r.days},
      {"metric", "engagement"},
      {"metric_formula", "(reactions + comments) / unique viewers, per post"},
      {"method", core::kCompareMethod},
      {"baseline", r.what == "hashtags" ? "posts without the hashtag" : "posts of the other kinds"},
      {"minimums", json::object{{"posts_per_group", r.policy.min_posts},
                                {"viewers_per_post", r.min_viewers},
                                {"people", core::kMinPeople}}},
      {"posts_considered", r.posts_considered},
      {"average_engagement", Round4(r.average_engagement)},
      {"items", std::move(items)},
  };
}

std::string ReportCsv(const app::DecisionReport& r) {
  const std::string key = r.what == "hashtags" ? "tag" : "type";
  json::array rows;
  for (const auto& item : r.items) {
    json::object o = ItemToJson(r, item);
    // Intervals as two columns, so spreadsheets can sort and chart them.
    for (const char* name : {"engagement_ci95", "uplift_ci95"}) {
      const json::value v = o[name];
      const std::string base = std::string(name);
      o[base + "_low"] = v.is_array() ? v.as_array()[0] : json::value(nullptr);
      o[base + "_high"] = v.is_array() ? v.as_array()[1] : json::value(nullptr);
    }
    rows.push_back(std::move(o));
  }
  return ToCsv({key, "posts", "authors", "engagement", "engagement_ci95_low", "engagement_ci95_high", "baseline_posts",
                "baseline_engagement", "uplift", "uplift_ci95_low", "uplift_ci95_high", "enough_data", "reason", "verdict",
                "message"},
               rows);
}

Result<std::string> Format(const Call& c) {
  std::string format = c.query.Get("format").value_or("json");
  if (format != "json" && format != "csv") return InvalidArgument("invalid_format", "format must be json or csv.", "format");
  return format;
}

using Decide = Result<app::DecisionReport> (app::InsightsService::*)(const app::AuthContext&,
                                                                    const std::optional<std::string>&, int);

Result<HttpResponse> Answer(app::App& app, Call& c, std::optional<std::string> slug, Decide decide) {
  KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
  KRING_ASSIGN_OR_RETURN(auto days, c.query.Int("days", 7, 365));
  KRING_ASSIGN_OR_RETURN(std::string format, Format(c));
  KRING_ASSIGN_OR_RETURN(auto report, (app.insights.*decide)(*auth, slug, static_cast<int>(days.value_or(90))));
  if (format == "json") return JsonResponse(200, ReportToJson(report));
  const std::string who = report.community ? *report.community : std::string("my-posts");
  return CsvResponse(ReportCsv(report), who + "-" + report.what + ".csv");
}

}  // namespace

void RegisterInsightsDecisionRoutes(Api& api) {
  app::App& app = api.app();
  api.Get("/api/v1/insights/communities/:slug/hashtags", [&app](Call& c) -> Result<HttpResponse> {
    return Answer(app, c, c.Param("slug"), &app::InsightsService::Hashtags);
  });
  api.Get("/api/v1/insights/communities/:slug/content_types", [&app](Call& c) -> Result<HttpResponse> {
    return Answer(app, c, c.Param("slug"), &app::InsightsService::ContentTypes);
  });
  api.Get("/api/v1/insights/me/hashtags", [&app](Call& c) -> Result<HttpResponse> {
    return Answer(app, c, std::nullopt, &app::InsightsService::Hashtags);
  });
  api.Get("/api/v1/insights/me/content_types", [&app](Call& c) -> Result<HttpResponse> {
    return Answer(app, c, std::nullopt, &app::InsightsService::ContentTypes);
  });
}

}  // namespace kring::api
