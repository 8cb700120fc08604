// Routes for insights: recording post views, and the post, community and when-to-post insights
// (JSON, or CSV for the community's daily table). Figures resting on fewer than five distinct people
// are written as the string "< 5", never as a number.
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "api/api.h"
#include "api/insights_csv.h"
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
      {"shares", Figure(p.shares)},
      {"link_clicks", Figure(p.link_clicks)},
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

json::array RetentionRows(const app::CommunityInsights& c) {
  json::array rows;
  for (const auto& cohort : c.retention) {
    json::array weeks;
    for (size_t w = 0; w < cohort.active.size(); ++w) {
      const auto& a = cohort.active[w];
      if (!cohort.shown[w]) {
        weeks.push_back(json::object{{"week", static_cast<int64_t>(w)}, {"active", kMasked}, {"share", nullptr}});
        continue;
      }
      json::value share = cohort.joined.value > 0
          ? json::value(std::round(static_cast<double>(a.value) / static_cast<double>(cohort.joined.value) * 100) / 100)
          : json::value(nullptr);
      weeks.push_back(json::object{{"week", static_cast<int64_t>(w)}, {"active", a.value}, {"share", share}});
    }
    rows.push_back(json::object{{"week_of", core::DayString(cohort.week_start)}, {"joined", Figure(cohort.joined)},
                                {"weeks", std::move(weeks)}});
  }
  return rows;
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
        {"shares", Figure(d.shares)},
        {"link_clicks", Figure(d.link_clicks)},
    });
  }
  json::array tags;
  for (const auto& t : c.hashtags) {
    if (!t.posts.Show()) continue;  // a tag used by fewer than 5 people points at them
    tags.push_back(json::object{{"tag", t.tag}, {"posts", t.posts.value}, {"authors", t.posts.people}});
  }
  json::array contributors;
  for (const auto& p : c.contributors)
    contributors.push_back(json::object{{"handle", p.handle}, {"display_name", p.display_name}, {"posts", p.posts},
                                        {"comments", p.comments}});
  return json::object{
      {"community", c.slug},
      {"members", c.member_count},
      {"monthly_active_members", Figure(c.monthly_active)},
      {"contributors", std::move(contributors)},
      {"retention", RetentionRows(c)},
      {"days", std::move(days)},
      {"top_hashtags", std::move(tags)},
      {"notes", json::array{"Days are UTC. Active members: signed-in people who viewed, posted, commented, reacted or joined.",
                            "Weekly active members: over the 7 days ending that day; monthly: the last 30 days.",
                            "Retention: of the members who joined in a week, how many were active in each week since; "
                            "a cell that would single out fewer than 5 people (either way) is \"< 5\".",
                            "Contributors: only members who chose to be shown in insights (account setting).",
                            "Figures resting on fewer than 5 people are shown as \"< 5\"; hashtags used by fewer than 5 people are left out."}},
  };
}

std::string CommunityCsv(const app::CommunityInsights& c) {
  std::string out =
      "date,members_joined,members_left,member_growth,active_members,weekly_active_members,posts,comments,reactions,views,"
      "shares,link_clicks\r\n";
  for (const auto& d : c.days) {
    auto g = d.net_growth();
    out += core::DayString(d.day) + "," + CsvFigure(d.joined) + "," + CsvFigure(d.left) + "," +
           (g ? std::to_string(*g) : std::string(kMasked)) + "," + CsvFigure(d.active) + "," + CsvFigure(d.active7) + "," +
           CsvFigure(d.posts) + "," + CsvFigure(d.comments) + "," + CsvFigure(d.reactions) + "," + CsvFigure(d.views) +
           "," + CsvFigure(d.shares) + "," + CsvFigure(d.link_clicks) + "\r\n";
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
      {"community", b.slug.empty() ? json::value(nullptr) : json::value(b.slug)},
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

Result<std::string> Format(const Call& c) {
  std::string format = c.query.Get("format").value_or("json");
  if (format != "json" && format != "csv") return InvalidArgument("invalid_format", "format must be json or csv.", "format");
  return format;
}

// One line per weekday and hour, in the heatmap's time zone.
std::string HeatmapCsv(const app::BestTimes& b) {
  json::array rows;
  for (int d = 0; d < 7; ++d) {
    for (int hr = 0; hr < 24; ++hr) {
      const auto& cell = b.heatmap.cells[d][hr];
      rows.push_back(json::object{{"weekday", kWeekdays[d]},
                                  {"hour", hr},
                                  {"time_zone", b.time_zone},
                                  {"events", Figure(core::Masked{cell.events, cell.people})},
                                  {"people", Figure(core::Masked{cell.people, cell.people})}});
    }
  }
  return ToCsv({"weekday", "hour", "time_zone", "events", "people"}, rows);
}

json::array CreatorFollowerRows(const app::CreatorInsights& c) {
  json::array rows;
  for (const auto& d : c.daily)
    rows.push_back(json::object{{"date", core::DayString(d.day)},
                                {"new_followers", Figure(d.new_followers)},
                                {"lost_followers", Figure(d.lost_followers)},
                                {"profile_visits", Figure(d.profile_visits)}});
  return rows;
}

json::array CreatorPostRows(const app::CreatorInsights& c) {
  json::array rows;
  for (const auto& p : c.top_posts) {
    json::object o = PostInsightsToJson(p.insights);
    o.erase("notes");
    o.erase("engagement_formula");
    o["title"] = p.title;
    o["community_id"] = p.community ? json::value(p.community->ToString()) : json::value(nullptr);
    rows.push_back(std::move(o));
  }
  return rows;
}

json::object CreatorToJson(const app::CreatorInsights& c) {
  return json::object{
      {"time_zone", c.time_zone},
      {"days", c.days},
      {"followers", c.followers},
      {"daily", CreatorFollowerRows(c)},
      {"top_posts", CreatorPostRows(c)},
      {"audience", BestTimesToJson(c.audience)},
      {"engagement_formula", core::kEngagementFormula},
      {"notes", json::array{"Days are UTC; the audience heatmap is in your time zone.",
                            "New followers, unfollows and profile visits per day are kept for 30 days.",
                            "Figures resting on fewer than 5 people are shown as \"< 5\"."}},
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

  // A share or copy of the post's link (called by the client's share button); counts like a view.
  api.Post("/api/v1/posts/:id/share", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    const std::string* ua = c.request.Header("user-agent");
    std::string ip = ClientAddress(c.request, api.config().trusted_proxy);
    KRING_ASSIGN_OR_RETURN(bool counted, app.insights.RecordShare(c.auth, PostId(id), ip, ua ? *ua : ""));
    return JsonResponse(200, json::object{{"counted", counted}});
  });

  // A profile shown to someone (called by the client when it opens a profile).
  api.Post("/api/v1/accounts/:id/visit", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    const std::string* ua = c.request.Header("user-agent");
    std::string ip = ClientAddress(c.request, api.config().trusted_proxy);
    KRING_ASSIGN_OR_RETURN(bool counted, app.insights.RecordProfileVisit(c.auth, AccountId(id), ip, ua ? *ua : ""));
    return JsonResponse(200, json::object{{"counted", counted}});
  });

  // Outbound links: counts the click and redirects, but only to a link that appears in the post
  // (never an open redirect); anything else is 404 link_not_in_post.
  api.Get("/r/:id", [&app, &api](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    std::string url = c.query.Get("u").value_or("");
    const std::string* ua = c.request.Header("user-agent");
    std::string ip = ClientAddress(c.request, api.config().trusted_proxy);
    KRING_ASSIGN_OR_RETURN(std::string target, app.insights.FollowLink(c.auth, PostId(id), url, ip, ua ? *ua : ""));
    HttpResponse r;
    r.status = 302;
    r.headers.emplace_back("Location", target);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    return r;
  });

  api.Get("/api/v1/insights/posts/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(std::string format, Format(c));
    KRING_ASSIGN_OR_RETURN(auto p, app.insights.ForPost(*auth, PostId(id)));
    json::object j = PostInsightsToJson(p);
    if (format == "json") return JsonResponse(200, j);
    return CsvResponse(ToCsv({"post_id", "views", "unique_viewers", "comments", "interactions", "shares", "link_clicks",
                              "engagement_rate", "approximate"},
                             json::array{j}),
                       "post-" + p.post.ToString() + "-insights.csv");
  });

  api.Get("/api/v1/insights/communities/:slug", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto days, c.query.Int("days", 1, 90));
    std::string format = c.query.Get("format").value_or("json");
    if (format != "json" && format != "csv")
      return InvalidArgument("invalid_format", "format must be json or csv.", "format");
    std::string table = c.query.Get("table").value_or("days");
    if (table != "days" && table != "retention" && table != "top_hashtags" && table != "contributors")
      return InvalidArgument("invalid_table", "table must be days, retention, top_hashtags or contributors.", "table");
    KRING_ASSIGN_OR_RETURN(auto ci, app.insights.ForCommunity(*auth, c.Param("slug"), static_cast<int>(days.value_or(28))));
    if (format == "json") return JsonResponse(200, CommunityToJson(ci));
    if (table == "days") return CsvResponse(CommunityCsv(ci), ci.slug + "-insights.csv");
    json::object j = CommunityToJson(ci);
    if (table == "top_hashtags")
      return CsvResponse(ToCsv({"tag", "posts", "authors"}, j["top_hashtags"].as_array()), ci.slug + "-hashtags.csv");
    if (table == "contributors")
      return CsvResponse(ToCsv({"handle", "display_name", "posts", "comments"}, j["contributors"].as_array()),
                         ci.slug + "-contributors.csv");
    // Retention: one line per cohort and week.
    json::array rows;
    for (const auto& cohort : j["retention"].as_array()) {
      const json::object& co = cohort.as_object();
      for (const auto& w : co.at("weeks").as_array()) {
        rows.push_back(json::object{{"week_of", co.at("week_of")}, {"joined", co.at("joined")},
                                    {"week", w.as_object().at("week")}, {"active", w.as_object().at("active")},
                                    {"share", w.as_object().at("share")}});
      }
    }
    return CsvResponse(ToCsv({"week_of", "joined", "week", "active", "share"}, rows), ci.slug + "-retention.csv");
  });

  // The caller's own insights: followers, top posts and when their audience is active.
  api.Get("/api/v1/insights/me", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto days, c.query.Int("days", 1, 28));
    std::string format = c.query.Get("format").value_or("json");
    if (format != "json" && format != "csv")
      return InvalidArgument("invalid_format", "format must be json or csv.", "format");
    std::string table = c.query.Get("table").value_or("days");
    if (table != "days" && table != "top_posts" && table != "audience")
      return InvalidArgument("invalid_table", "table must be days, top_posts or audience.", "table");
    KRING_ASSIGN_OR_RETURN(auto ci, app.insights.ForCreator(*auth, static_cast<int>(days.value_or(28))));
    if (format == "json") return JsonResponse(200, CreatorToJson(ci));
    if (table == "audience") return CsvResponse(HeatmapCsv(ci.audience), "my-audience.csv");
    if (table == "days")
      return CsvResponse(ToCsv({"date", "new_followers", "lost_followers", "profile_visits"}, CreatorFollowerRows(ci)), "my-days.csv");
    return CsvResponse(ToCsv({"post_id", "title", "community_id", "views", "unique_viewers", "comments", "interactions",
                              "engagement_rate", "approximate"},
                             CreatorPostRows(ci)),
                       "my-top-posts.csv");
  });

  api.Get("/api/v1/insights/communities/:slug/when_to_post", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(auto weeks, c.query.Int("weeks", 1, 52));
    KRING_ASSIGN_OR_RETURN(std::string format, Format(c));
    KRING_ASSIGN_OR_RETURN(auto b, app.insights.WhenToPost(*auth, c.Param("slug"), static_cast<int>(weeks.value_or(4)),
                                                           c.query.Get("time_zone")));
    if (format == "json") return JsonResponse(200, BestTimesToJson(b));
    return CsvResponse(HeatmapCsv(b), b.slug + "-when-to-post.csv");
  });
}

}  // namespace kring::api
