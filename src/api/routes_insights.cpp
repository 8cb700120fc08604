// Routes for insights: recording post views, and the post, community and when-to-post insights
// (JSON, or CSV for the community's daily table). Figures resting on fewer than five distinct people
// are written as the string "< 5", never as a number.
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "api/api.h"
#include "api/rate_limiter.h"
#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

namespace {

constexpr const char* kMasked = "< 5";
constexpr const char* kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

json::value Figure(const core::Masked& m) {
  // Zero rests on nobody and reveals nothing.
  if (m.value == 0 || m.Show()) return json::value(m.value);
  return json::value(kMasked);
}

std::string CsvFigure(const core::Masked& m) {
  if (m.value == 0 || m.Show()) return std::to_string(m.value);
  return kMasked;
}

json::value Rate(std::optional<double> r, const core::Masked& viewers) {
  if (r) return json::value(std::round(*r * 10000) / 10000);
  if (viewers.value == 0) return nullptr;  // no viewers: undefined
  return json::value(kMasked);
}

json::object PostInsightsToJson(const app::PostInsights& p) {
  json::object reactions;
  for (const auto& [kind, m] : p.reactions) reactions[kind] = Figure(m);
  return json::object{
      {"post_id", p.post.ToString()},
      {"views", Figure(p.views)},
      {"unique_viewers", Figure(p.unique_viewers)},
      {"reactions", std::move(reactions)},
      {"comments", Figure(p.comments)},
      {"interactions", Figure(p.interactions)},
      {"engagement_rate", Rate(p.engagement_rate, p.unique_viewers)},
      {"engagement_formula", core::kEngagementFormula},
      {"approximate", p.approximate},
      {"notes", json::array{"A view counts once per viewer per day; anonymous visitors are recognised for one day only.",
                            "Figures resting on fewer than 5 people are shown as \"< 5\"."}},
  };
}

json::value Growth(const app::CommunityDayRow& d) {
  auto g = d.net_growth();
  return g ? json::value(*g) : json::value(kMasked);
}

json::object CommunityToJson(const app::CommunityInsights& c) {
  json::array days;
  for (const auto& d : c.days) {
    days.push_back(json::object{
        {"date", core::DayString(d.day)},
        {"members_joined", Figure(d.joined)},
        {"members_left", Figure(d.left)},
        {"member_growth", Growth(d)},
        {"active_members", Figure(d.active)},
        {"weekly_active_members", Figure(d.active7)},
        {"posts", Figure(d.posts)},
        {"comments", Figure(d.comments)},
        {"reactions", Figure(d.reactions)},
        {"views", Figure(d.views)},
    });
  }
  json::array tags;
  for (const auto& t : c.hashtags) {
    if (!t.posts.Show()) continue;  // a tag used by fewer than 5 people points at them
    tags.push_back(json::object{{"tag", t.tag}, {"posts", t.posts.value}, {"authors", t.posts.people}});
  }
  return json::object{
      {"community", c.slug},
      {"members", c.member_count},
      {"days", std::move(days)},
      {"top_hashtags", std::move(tags)},
      {"notes", json::array{"Days are UTC. Active members: signed-in people who viewed, posted, commented, reacted or joined.",
                            "Weekly active members: over the 7 days ending that day.",
                            "Figures resting on fewer than 5 people are shown as \"< 5\"; hashtags used by fewer than 5 people are left out."}},
  };
}

std::string CommunityCsv(const app::CommunityInsights& c) {
  std::string out =
      "date,members_joined,members_left,member_growth,active_members,weekly_active_members,posts,comments,reactions,views\r\n";
  for (const auto& d : c.days) {
    auto g = d.net_growth();
    out += core::DayString(d.day) + "," + CsvFigure(d.joined) + "," + CsvFigure(d.left) + "," +
           (g ? std::to_string(*g) : std::string(kMasked)) + "," + CsvFigure(d.active) + "," + CsvFigure(d.active7) + "," +
           CsvFigure(d.posts) + "," + CsvFigure(d.comments) + "," + CsvFigure(d.reactions) + "," + CsvFigure(d.views) +
           "\r\n";
  }
  return out;
}

std::string SlotLabel(int weekday, int hour) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %02d:00-%02d:00", kWeekdays[weekday], hour, (hour + 1) % 24);
  return buf;
}

json::object BestTimesToJson(const app::BestTimes& b) {
  const core::Heatmap& h = b.heatmap;
  json::array grid;
  for (int d = 0; d < 7; ++d) {
    json::array row;
    for (int hr = 0; hr < 24; ++hr) {
      const auto& c = h.cells[d][hr];
      core::Masked m{c.events, c.people};
      row.push_back(json::object{{"events", Figure(m)}, {"people", Figure(core::Masked{c.people, c.people})}});
    }
    grid.push_back(std::move(row));
  }
  json::array slots;
  for (const auto& s : h.best) {
    slots.push_back(json::object{
        {"weekday", kWeekdays[s.weekday]},
        {"weekday_index", s.weekday},
        {"hour", s.hour},
        {"label", SlotLabel(s.weekday, s.hour)},
        {"sample_size", json::object{{"events", s.events}, {"people", s.people}, {"weeks", b.weeks}}},
        {"share", std::round(s.share * 10000) / 10000},
        {"lift", std::round(s.lift * 100) / 100},
    });
  }
  std::string advice, message;
  if (!h.best.empty()) {
    advice = "best_slots";
    message = "These hours saw clearly more activity than an ordinary hour of the week.";
  } else if (h.reason == "no_clear_peak") {
    advice = "no_clear_peak";
    message = "Your audience is about as active at every hour; no slot stands out, so there is no advice.";
  } else {
    advice = "not_enough_data";
    message = "Not enough data yet to say when to post: at least " + std::to_string(b.policy.min_events) +
              " actions by " + std::to_string(b.policy.min_people) + " people are needed.";
  }
  return json::object{
      {"community", b.slug},
      {"time_zone", b.time_zone},
      {"weeks", b.weeks},
      {"from", FormatRfc3339(b.from)},
      {"to", FormatRfc3339(b.to)},
      {"sample", json::object{{"events", Figure(core::Masked{h.events, h.people})},
                              {"people", Figure(core::Masked{h.people, h.people})}}},
      {"advice", advice},
      {"reason", h.reason.empty() ? json::value(nullptr) : json::value(h.reason)},
      {"message", message},
      {"best_slots", std::move(slots)},
      {"minimums", json::object{{"events", b.policy.min_events},
                                {"people", b.policy.min_people},
                                {"people_per_slot", core::kMinPeople},
                                {"z_score", b.policy.min_z}}},
      {"method", "Actions (views, reactions, comments, posts) per weekday and hour in the time zone; a best slot has "
                 "at least 5 people and exceeds the average hour by min z-score Poisson standard deviations."},
      {"weekdays", json::array{kWeekdays[0], kWeekdays[1], kWeekdays[2], kWeekdays[3], kWeekdays[4], kWeekdays[5],
                               kWeekdays[6]}},
      {"heatmap", std::move(grid)},
  };
}

}  // namespace

void RegisterInsightsRoutes(Api& api) {
  app::App& app = api.app();

  // Called by clients when a post is shown. Counts once per viewer per post per day; anonymous
  // visitors by a salted day-hash of IP + User-Agent (no cookie, nothing stored about the address).
  api.Post("/api/v1/posts/:id/view", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    const std::string* ua = c.request.Header("user-agent");
    std::string ip = ClientAddress(c.request, api.config().trusted_proxy);
    KRING_ASSIGN_OR_RETURN(bool counted, app.insights.RecordView(c.auth, PostId(id), ip, ua ? *ua : ""));
    return JsonResponse(200, json::object{{"counted", counted}});
  });

  api.Get("/api/v1/insights/posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto p, app.insights.ForPost(*auth, PostId(id)));
    return JsonResponse(200, PostInsightsToJson(p));
  });

  api.Get("/api/v1/insights/communities/:slug", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto days, c.query.Int("days", 1, 90));
    std::string format = c.query.Get("format").value_or("json");
    if (format != "json" && format != "csv")
      return InvalidArgument("invalid_format", "format must be json or csv.", "format");
    KRING_ASSIGN_OR_RETURN(auto ci, app.insights.ForCommunity(*auth, c.Param("slug"), static_cast<int>(days.value_or(28))));
    if (format == "json") return JsonResponse(200, CommunityToJson(ci));
    HttpResponse r;
    r.status = 200;
    r.body = CommunityCsv(ci);
    r.headers.emplace_back("Content-Type", "text/csv; charset=utf-8");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ci.slug + "-insights.csv\"");
    r.headers.emplace_back("Cache-Control", "private, no-store");
    return r;
  });

  api.Get("/api/v1/insights/communities/:slug/when_to_post", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto weeks, c.query.Int("weeks", 1, 52));
    KRING_ASSIGN_OR_RETURN(auto b, app.insights.WhenToPost(*auth, c.Param("slug"), static_cast<int>(weeks.value_or(4)),
                                                           c.query.Get("time_zone")));
    return JsonResponse(200, BestTimesToJson(b));
  });
}

}  // namespace kring::api
