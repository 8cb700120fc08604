#include <algorithm>
#include "main/seed_insights.h"

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/insights.h"
#include "core/unicode_text.h"
#include "main/insights_rollup.h"
#include "main/seed_insights_planted.h"
#include "main/time_zones.h"

namespace kring::main {

namespace {

constexpr int kMembers = 60;
constexpr int kDays = 56;
constexpr const char* kZone = "Europe/Amsterdam";

// Relative audience activity per local hour on an ordinary day: quiet nights, a morning and lunch
// bump, a busier evening.
constexpr double kHourly[24] = {0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.0, 1.0, 1.0, 1.1,
                                1.5, 1.3, 1.0, 1.0, 1.1, 1.3, 1.6, 1.8, 1.8, 1.5, 1.0, 0.6};

double Rate(int weekday, int hour) {
  double r = kHourly[hour];
  if (weekday >= 5) {
    r *= 0.9;                               // weekends: a little calmer, and flatter
    if (hour >= 10 && hour <= 16) r *= 1.3;
  } else if (hour == 19 || hour == 20) {
    r *= 3.0;                               // the planted truth: weekday evenings
  }
  return r;
}

}  // namespace

Status SeedInsights(Runtime& rt) {
  app::App& app = rt.app();
  auto& store = rt.store();
  KRING_ASSIGN_OR_RETURN(auto existing, store.communities().FindBySlug(kInsightsSlug));
  if (existing) return Conflict("already_seeded", "This instance already has the insights demo; use a fresh data directory.");
  KRING_ASSIGN_OR_RETURN(auto owner_taken, store.accounts().FindByHandleKey("insights_owner"));
  if (owner_taken) return Conflict("already_seeded", "The handle @insights_owner is already taken here.");

  app::RegisterInput in;
  in.handle = "insights_owner";
  in.password = kInsightsPassword;
  in.display_name = "Insights Owner";
  KRING_ASSIGN_OR_RETURN(core::Account owner, app.accounts.CreateAccountByOperator(in, core::Role::kUser));
  app::AuthContext owner_auth{owner, {}};

  core::Community c;
  c.slug = kInsightsSlug;
  c.name = "Vintage horloges";
  c.description = "Demo community with eight weeks of history for insights.";
  c.language = "nl";
  c.place = "Amsterdam";
  KRING_ASSIGN_OR_RETURN(auto cv, app.communities.Create(owner_auth, std::move(c)));
  const CommunityId community = cv.community.id;

  const TimeMs now = rt.clock().Now();
  std::mt19937_64 rng(20261201);
  // Members: created directly (one password hash for all), joined over the history.
  KRING_ASSIGN_OR_RETURN(std::string hash, app.deps().hasher.Hash(kInsightsPassword));
  std::vector<core::Account> members;
  std::vector<TimeMs> joined;
  for (int i = 1; i <= kMembers; ++i) {
    core::Account a;
    char handle[32];
    std::snprintf(handle, sizeof handle, "insights_m%02d", i);
    a.handle = handle;
    a.handle_key = core::FoldKey(a.handle);
    a.id = AccountId(app.deps().ids.Next());
    a.display_name = a.handle;
    a.created_at = now - (kDays + 1) * kDayMs;
    a.password_hash = hash;
    members.push_back(a);
    // Two thirds were there from the start, the rest joined along the way.
    joined.push_back(i <= 40 ? now - kDays * kDayMs
                             : now - std::uniform_int_distribution<TimeMs>(kDayMs, kDays * kDayMs)(rng));
  }
  KRING_TRY(store.transactor().RunInTransaction([&]() -> Status {
    for (size_t i = 0; i < members.size(); ++i) {
      KRING_TRY(store.accounts().Create(members[i]));
      KRING_TRY(store.communities().AddMember(
          core::Membership{community, members[i].id, core::MemberRole::kMember, joined[i]}));
    }
    return Status::Ok();
  }));

  // A few real posts with hashtags, by the most active members.
  static const char* kTags[] = {"#omega", "#seiko", "#restauratie", "#vondst", "#rolex"};
  std::vector<PostId> posts;
  for (int i = 0; i < 24; ++i) {
    app::PostInput p;
    p.community_slug = kInsightsSlug;
    p.title = "Horloge van de week " + std::to_string(i + 1);
    p.body = std::string("Wat vinden jullie hiervan? ") + kTags[i % 5] + " " + kTags[(i * 3 + 1) % 5];
    KRING_ASSIGN_OR_RETURN(auto out, app.posts.CreatePost(app::AuthContext{members[static_cast<size_t>(i % 12)], {}}, p));
    if (out.post) posts.push_back(out.post->post.id);
  }

  // The history: events hour by hour, in local time, with the planted rhythm.
  std::vector<app::InsightEvent> events;
  // Activity per member is skewed: a few do a lot, most a little (as in every community).
  std::vector<double> weight;
  for (int i = 0; i < kMembers; ++i) weight.push_back(1.0 / (1 + i * 0.15));
  std::discrete_distribution<int> pick_member(weight.begin(), weight.end());
  std::uniform_int_distribution<size_t> pick_post(0, posts.size() - 1);
  std::uniform_int_distribution<TimeMs> minute(0, kHourMs - 1);
  std::uniform_real_distribution<double> u(0, 1);
  static const char* kReactions[] = {"like", "heart", "celebrate"};
  const int64_t first_day = core::DayOf(now) - kDays;
  for (int64_t day = first_day; day < core::DayOf(now); ++day) {
    for (int hour = 0; hour < 24; ++hour) {
      const TimeMs local = day * kDayMs + hour * kHourMs;
      const TimeMs utc = local - SystemTimeZoneOffset(kZone, local).value_or(0);
      const int weekday = core::WeekdayOf(local);
      std::poisson_distribution<int> count(10.0 * Rate(weekday, hour));
      const int n = count(rng);
      for (int k = 0; k < n; ++k) {
        app::InsightEvent e;
        e.at = utc + minute(rng);
        if (e.at >= now) continue;
        e.community = community;
        const size_t m = static_cast<size_t>(pick_member(rng));
        if (joined[m] > e.at) continue;  // not a member yet
        double r = u(rng);
        if (r < 0.25) {  // anonymous visitors: a fresh day-hash per visitor and day
          e.kind = "view";
          e.post = posts[pick_post(rng)];
          e.visitor = "seed" + std::to_string(day) + "v" + std::to_string(std::uniform_int_distribution<int>(0, 80)(rng));
        } else {
          e.actor = members[m].id;
          e.post = posts[pick_post(rng)];
          if (r < 0.75) e.kind = "view";
          else if (r < 0.88) { e.kind = "reaction"; e.detail = kReactions[k % 3]; }
          else if (r < 0.97) e.kind = "comment";
          else { e.kind = "post"; e.post.reset(); }
        }
        events.push_back(std::move(e));
      }
    }
  }
  for (size_t i = 40; i < members.size(); ++i)
    events.push_back(app::InsightEvent{joined[i], "join", community, std::nullopt, members[i].id, {}, std::nullopt, ""});
  for (int i = 0; i < 3; ++i)  // and a few left again (without leaving: the membership stays for the demo)
    events.push_back(app::InsightEvent{now - (10 + i * 7) * kDayMs, "leave", community, std::nullopt,
                                       members[static_cast<size_t>(50 + i)].id, {}, std::nullopt, ""});
  app::InsightsRepo* repo = app.deps().insights;
  if (!repo) return Internal("insights repository not wired");
  int64_t stored = 0;
  KRING_TRY(store.transactor().RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto ok, repo->RecordBatch(events));
    stored = std::count(ok.begin(), ok.end(), true);
    return Status::Ok();
  }));
  // Decision support's planted truths, in two more communities, on the same weekly rhythm.
  std::uniform_int_distribution<int64_t> recent(core::DayOf(now) - 27, core::DayOf(now) - 1);
  std::uniform_int_distribution<int> any_hour(0, 23);
  auto when = [&]() -> TimeMs {
    while (true) {
      const int64_t day = recent(rng);
      const int hour = any_hour(rng);
      const TimeMs local = day * kDayMs + hour * kHourMs;
      if (u(rng) * 5.4 > Rate(core::WeekdayOf(local), hour)) continue;  // 5.4: the busiest hour's rate
      return local - SystemTimeZoneOffset(kZone, local).value_or(0) + minute(rng);
    }
  };
  KRING_TRY(SeedPlantedTruths(rt, owner, members, rng, when));
  KRING_TRY(RunInsightsRollup(app.insights));
  std::printf("Planted truths for decision support: /c/%s and /c/%s.\n", kPlantedSlugA, kPlantedSlugB);
  std::printf("Insights demo: /c/%s with %d members, %zu posts and %lld events over %d days.\n"
              "Log in as @insights_owner (password %s) and open /api/v1/insights/communities/%s/when_to_post.\n",
              kInsightsSlug, kMembers + 1, posts.size(), static_cast<long long>(stored), kDays, kInsightsPassword,
              kInsightsSlug);
  return Status::Ok();
}

}  // namespace kring::main
