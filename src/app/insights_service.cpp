#include "app/insights_service.h"

#include <algorithm>
#include <functional>

#include "base/log.h"
#include "core/permissions.h"

namespace kring::app {

namespace {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

Error InsightsUnavailable() {
  return Unavailable("insights_unavailable", "Insights are not available on this server.");
}

bool IsModerator(const std::optional<core::Membership>& m) {
  return m && m->role >= core::MemberRole::kModerator;
}

core::Masked Sum(const std::vector<MetricCount>& metrics, std::string_view metric) {
  core::Masked out;
  for (const auto& m : metrics) {
    if (m.metric != metric) continue;
    out.value += m.count;
    // Summing people over details (reaction kinds) can count one person twice, which could only
    // lift a figure over the threshold wrongly; take the largest instead (a lower bound).
    out.people = std::max(out.people, m.people);
  }
  return out;
}

}  // namespace

void InsightsService::Store(InsightEvent e) {
  if (!repo()) return;
  if (e.at == 0) e.at = d_.clock.Now();
  auto r = repo()->Record(e);
  if (!r) LogError("insight event not recorded: " + r.error().internal_message);
}

Result<std::optional<CommunityId>> InsightsService::CommunityOfPost(PostId post) {
  KRING_ASSIGN_OR_RETURN(auto p, d_.posts.FindById(post));
  if (!p) return std::optional<CommunityId>();
  return p->community;
}

void InsightsService::Handle(const core::DomainEvent& event) {
  if (!repo()) return;
  auto fail = [](const Error& e) { LogError("insight event not recorded: " + e.internal_message); };
  std::visit(Overloaded{
                 [&](const core::PostPublished& e) {
                   Store(InsightEvent{0, "post", e.community, e.post, e.author, {}, std::nullopt, ""});
                 },
                 [&](const core::CommentCreated& e) {
                   auto c = CommunityOfPost(e.post);
                   if (!c) return fail(c.error());
                   Store(InsightEvent{0, "comment", *c, e.post, e.author, {}, std::nullopt, ""});
                 },
                 [&](const core::ReactionAdded& e) {
                   std::optional<PostId> post;
                   if (e.target_type == "post") {
                     post = PostId(e.target_id);
                   } else if (e.target_type == "comment") {
                     auto c = d_.comments.FindById(CommentId(e.target_id));
                     if (!c) return fail(c.error());
                     if (!*c) return;
                     post = (*c)->post;
                   }
                   if (!post) return;
                   auto community = CommunityOfPost(*post);
                   if (!community) return fail(community.error());
                   // Reactions to comments count for the community, not as the post's own reactions.
                   std::optional<PostId> on_post = e.target_type == "post" ? post : std::nullopt;
                   Store(InsightEvent{0, "reaction", *community, on_post, e.account, {}, std::nullopt, e.kind});
                 },
                 [&](const core::AccountFollowed& e) {
                   Store(InsightEvent{0, "follow", std::nullopt, std::nullopt, e.follower, {}, e.followed, ""});
                 },
                 [&](const core::AccountUnfollowed& e) {
                   Store(InsightEvent{0, "unfollow", std::nullopt, std::nullopt, e.follower, {}, e.followed, ""});
                 },
                 [&](const core::MemberJoined& e) {
                   Store(InsightEvent{0, "join", e.community, std::nullopt, e.account, {}, std::nullopt, ""});
                 },
                 [&](const core::MemberLeft& e) {
                   Store(InsightEvent{0, "leave", e.community, std::nullopt, e.account, {}, std::nullopt, ""});
                 },
                 [](const auto&) {},
             },
             event);
}

std::string InsightsService::VisitorKey(std::string_view ip, std::string_view user_agent, TimeMs now) {
  const int64_t day = core::DayOf(now);
  std::string salt;
  {
    std::lock_guard lock(salt_mu_);
    if (day != salt_day_) {
      // A new random salt each UTC day, held only here: once the day is over, nobody (not even
      // the operator) can link a stored hash back to an address or to another day's hash.
      salt_ = d_.tokens.NewToken();
      salt_day_ = day;
    }
    salt = salt_;
  }
  std::string input = salt;
  input += '\n';
  input += ip;
  input += '\n';
  input += user_agent;
  return d_.tokens.Digest(input).substr(0, 32);
}

Result<bool> InsightsService::RecordView(const std::optional<AuthContext>& auth, PostId id, std::string_view client_ip,
                                         std::string_view user_agent) {
  if (!repo()) return InsightsUnavailable();
  KRING_ASSIGN_OR_RETURN(core::Post post, ReadablePost(auth, id));
  // An author looking at their own post is not audience.
  if (auth && post.author && *post.author == auth->account.id) return false;
  const TimeMs now = d_.clock.Now();
  InsightEvent e{now, "view", post.community, post.id, std::nullopt, {}, std::nullopt, ""};
  if (auth) e.actor = auth->account.id;
  else e.visitor = VisitorKey(client_ip, user_agent, now);
  return repo()->Record(e);
}

Result<core::Post> InsightsService::ReadablePost(const std::optional<AuthContext>& auth, PostId id) {
  KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(id));
  if (!post || post->deleted) return NotFound("post");
  std::optional<core::Membership> membership;
  if (post->community) {
    KRING_ASSIGN_OR_RETURN(auto community, d_.communities.FindById(*post->community));
    if (!community) return NotFound("post");
    if (auth) {
      KRING_ASSIGN_OR_RETURN(membership, d_.communities.FindMembership(community->id, auth->account.id));
    }
    if (!core::CanReadContent(*community, membership)) return NotFound("post");
    if (post->removed && !IsModerator(membership)) return NotFound("post");
  } else if (post->removed) {
    return NotFound("post");
  }
  return std::move(*post);
}

Result<core::Community> InsightsService::LoadForModerator(const AuthContext& auth, const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(auto community, d_.communities.FindBySlug(slug));
  if (!community) return NotFound("community");
  KRING_ASSIGN_OR_RETURN(auto membership, d_.communities.FindMembership(community->id, auth.account.id));
  if (!core::CanReadContent(*community, membership)) return NotFound("community");
  if (!IsModerator(membership))
    return PermissionDenied("insights_forbidden", "Only the community's owner and moderators can see its insights.");
  return *community;
}

Result<PostInsights> InsightsService::ForPost(const AuthContext& auth, PostId id) {
  if (!repo()) return InsightsUnavailable();
  KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(id));
  if (!post || post->deleted) return NotFound("post");
  bool allowed = post->author && *post->author == auth.account.id;
  if (post->community) {
    KRING_ASSIGN_OR_RETURN(auto community, d_.communities.FindById(*post->community));
    if (!community) return NotFound("post");
    KRING_ASSIGN_OR_RETURN(auto membership, d_.communities.FindMembership(community->id, auth.account.id));
    if (!core::CanReadContent(*community, membership)) return NotFound("post");
    allowed = allowed || IsModerator(membership);
  }
  if (!allowed)
    return PermissionDenied("insights_forbidden", "Only the author and the community's moderators can see this post's insights.");
  return Measure(id);
}

Result<PostInsights> InsightsService::Measure(PostId id) {
  KRING_ASSIGN_OR_RETURN(auto metrics, repo()->ForPost(id));
  PostInsights out;
  out.post = id;
  out.approximate = metrics.approximate;
  out.views = Sum(metrics.metrics, "view");
  // Each view row is one viewer on one day; distinct viewers come from the same rows.
  out.unique_viewers = core::Masked{out.views.people, out.views.people};
  out.comments = Sum(metrics.metrics, "comment");
  out.shares = Sum(metrics.metrics, "share");
  out.link_clicks = Sum(metrics.metrics, "click");
  core::Masked reactions;
  for (const auto& m : metrics.metrics) {
    if (m.metric != "reaction") continue;
    out.reactions[m.detail] = core::Masked{m.count, m.people};
    reactions.value += m.count;
    reactions.people = std::max(reactions.people, m.people);
  }
  out.interactions = core::Masked{reactions.value + out.comments.value, std::max(reactions.people, out.comments.people)};
  out.engagement_rate = core::EngagementRate(out.interactions, out.unique_viewers);
  return out;
}

Result<CommunityInsights> InsightsService::ForCommunity(const AuthContext& auth, const std::string& slug, int days) {
  if (!repo()) return InsightsUnavailable();
  if (days < 1 || days > 90) return InvalidArgument("invalid_days", "days must be between 1 and 90.", "days");
  KRING_ASSIGN_OR_RETURN(core::Community community, LoadForModerator(auth, slug));
  CommunityInsights out;
  out.community = community.id;
  out.slug = community.slug;
  out.member_count = community.member_count;
  const TimeMs now = d_.clock.Now();
  const int64_t today = core::DayOf(now);
  for (int64_t day = today - days + 1; day <= today; ++day) {
    KRING_ASSIGN_OR_RETURN(auto metrics, repo()->CommunityDay(community.id, day));
    CommunityDayRow row;
    row.day = day;
    row.joined = Sum(metrics, "join");
    row.left = Sum(metrics, "leave");
    row.posts = Sum(metrics, "post");
    row.comments = Sum(metrics, "comment");
    row.reactions = Sum(metrics, "reaction");
    row.views = Sum(metrics, "view");
    row.active = Sum(metrics, "active");
    row.active7 = Sum(metrics, "active7");
    row.shares = Sum(metrics, "share");
    row.link_clicks = Sum(metrics, "click");
    out.days.push_back(row);
  }
  KRING_ASSIGN_OR_RETURN(auto tags, repo()->TopHashtags(community.id, (today - days + 1) * kDayMs, 10));
  for (const auto& t : tags) out.hashtags.push_back(HashtagInsight{t.tag, core::Masked{t.posts, t.authors}});
  KRING_ASSIGN_OR_RETURN(int64_t mau, repo()->ActivePeople(community.id, (today - 29) * kDayMs));
  out.monthly_active = core::Masked{mau, mau};
  KRING_ASSIGN_OR_RETURN(auto people, repo()->Contributors(community.id, (today - days + 1) * kDayMs, 10));
  for (auto& p : people) out.contributors.push_back(Contributor{p.handle, p.display_name, p.posts, p.comments});
  KRING_ASSIGN_OR_RETURN(auto cells, repo()->Retention(community.id, today - std::min(days, 30) + 1));
  for (const auto& cell : cells) {
    if (out.retention.empty() || out.retention.back().week_start != cell.cohort_day) {
      out.retention.push_back(Cohort{});
      out.retention.back().week_start = cell.cohort_day;
    }
    Cohort& c = out.retention.back();
    if (cell.week < 0) {
      c.joined = core::Masked{cell.people, cell.people};
      continue;
    }
    const auto weeks = static_cast<size_t>((today - c.week_start) / 7 + 1);
    if (c.active.size() < weeks) c.active.resize(weeks);
    if (static_cast<size_t>(cell.week) < c.active.size())
      c.active[static_cast<size_t>(cell.week)] = core::Masked{cell.people, cell.people};
  }
  for (Cohort& c : out.retention) {
    c.active.resize(static_cast<size_t>((today - c.week_start) / 7 + 1));
    for (const auto& a : c.active) {
      const int64_t left_out = c.joined.value - a.value;
      c.shown.push_back(c.joined.Show() && (a.value == 0 || a.Show()) && (left_out == 0 || left_out >= core::kMinPeople));
    }
  }
  return out;
}

Result<BestTimes> InsightsService::WhenToPost(const AuthContext& auth, const std::string& slug, int weeks,
                                              std::optional<std::string> time_zone) {
  if (!repo()) return InsightsUnavailable();
  const int max_weeks = std::max(1, std::min(config_.max_heatmap_weeks, config_.retention_days / 7));
  if (weeks < 1 || weeks > max_weeks)
    return InvalidArgument("invalid_weeks", "weeks must be between 1 and " + std::to_string(max_weeks) + ".", "weeks");
  KRING_ASSIGN_OR_RETURN(core::Community community, LoadForModerator(auth, slug));
  std::string zone = time_zone.value_or(community.time_zone.empty() ? auth.account.time_zone : community.time_zone);
  if (!d_.time_zone_offset || (d_.time_zone_exists && !d_.time_zone_exists(zone)) ||
      !d_.time_zone_offset(zone, d_.clock.Now()))
    return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
  BestTimes out;
  out.community = community.id;
  out.slug = community.slug;
  out.time_zone = zone;
  out.weeks = weeks;
  out.to = d_.clock.Now();
  out.from = out.to - weeks * 7 * kDayMs;
  out.policy = config_.heatmap;
  KRING_ASSIGN_OR_RETURN(auto rows, repo()->Activity(community.id, out.from));
  KRING_ASSIGN_OR_RETURN(auto hours, repo()->ActivityHours(community.id, out.from));
  std::vector<core::HourBucket> buckets;
  buckets.reserve(hours.size());
  for (const auto& h : hours) {
    const TimeMs local = h.start + d_.time_zone_offset(zone, h.start).value_or(0);
    buckets.push_back(core::HourBucket{core::WeekdayOf(local), core::HourOf(local), h.events, h.people});
  }
  // Signed-in people over the window's whole days (anonymous visitors cannot be told apart across
  // days): a lower bound, like the buckets' people.
  KRING_ASSIGN_OR_RETURN(int64_t people, repo()->ActivePeople(community.id, (core::DayOf(out.from) + 1) * kDayMs));
  out.heatmap = core::BuildHeatmap(Localize(rows, zone), buckets, people, out.policy);
  return out;
}

std::vector<core::ActivitySample> InsightsService::Localize(const std::vector<ActivityRow>& rows,
                                                            const std::string& zone) {
  std::vector<core::ActivitySample> samples;
  samples.reserve(rows.size());
  // Offsets change twice a year; cache per hour so 50k rows do not mean 50k look-ups.
  std::map<int64_t, TimeMs> offsets;
  for (const auto& r : rows) {
    int64_t hour = r.at / kHourMs;
    auto it = offsets.find(hour);
    if (it == offsets.end()) it = offsets.emplace(hour, d_.time_zone_offset(zone, r.at).value_or(0)).first;
    const TimeMs local = r.at + it->second;
    int64_t person = r.actor ? r.actor->value()
                             : static_cast<int64_t>(std::hash<std::string>{}(r.visitor) | (uint64_t{1} << 63));
    samples.push_back(core::ActivitySample{core::WeekdayOf(local), core::HourOf(local), person});
  }
  return samples;
}

Result<CreatorInsights> InsightsService::ForCreator(const AuthContext& auth, int days) {
  if (!repo()) return InsightsUnavailable();
  if (days < 1 || days > 28) return InvalidArgument("invalid_days", "days must be between 1 and 28.", "days");
  const TimeMs now = d_.clock.Now();
  const int64_t today = core::DayOf(now);
  CreatorInsights out;
  out.account = auth.account.id;
  out.days = days;
  out.time_zone = auth.account.time_zone;
  KRING_ASSIGN_OR_RETURN(out.followers, d_.follows.CountFollowers(auth.account.id));
  KRING_ASSIGN_OR_RETURN(auto follows, repo()->FollowsByDay(auth.account.id, today - days + 1));
  for (int64_t day = today - days + 1; day <= today; ++day) {
    CreatorInsights::Day d;
    d.day = day;
    for (const auto& f : follows) {
      if (f.detail != std::to_string(day)) continue;
      core::Masked& figure = f.metric == "follow"     ? d.new_followers
                             : f.metric == "unfollow" ? d.lost_followers
                                                      : d.profile_visits;
      figure = core::Masked{f.count, f.people};
    }
    out.daily.push_back(d);
  }
  // Top posts: the author's recent posts by interactions, each measured like the post insights.
  PostEngagementFilter filter;
  filter.author = auth.account.id;
  filter.since = now - static_cast<TimeMs>(days) * kDayMs;
  filter.limit = 500;
  KRING_ASSIGN_OR_RETURN(auto rows, repo()->PostEngagement(filter));
  std::stable_sort(rows.begin(), rows.end(), [](const PostEngagementRow& a, const PostEngagementRow& b) {
    return a.interactions != b.interactions ? a.interactions > b.interactions : a.viewers > b.viewers;
  });
  if (rows.size() > 10) rows.resize(10);
  for (const auto& r : rows) {
    KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(r.post));
    if (!post || post->deleted) continue;
    KRING_ASSIGN_OR_RETURN(auto measured, Measure(r.post));
    out.top_posts.push_back(CreatorPost{r.post, post->title, post->community, std::move(measured)});
  }
  const std::string zone = auth.account.time_zone;
  BestTimes& b = out.audience;
  b.time_zone = zone;
  b.weeks = std::max(1, std::min(4, days / 7));
  b.to = now;
  b.from = now - b.weeks * 7 * kDayMs;
  b.policy = config_.heatmap;
  KRING_ASSIGN_OR_RETURN(auto audience, repo()->AudienceOf(auth.account.id, b.from));
  if (d_.time_zone_offset && d_.time_zone_offset(zone, now)) b.heatmap = core::BuildHeatmap(Localize(audience, zone), b.policy);
  else b.heatmap = core::BuildHeatmap({}, b.policy);
  return out;
}

Result<RollupStats> InsightsService::Rollup() {
  if (!repo()) return InsightsUnavailable();
  return repo()->Rollup(d_.clock.Now(), std::max(8, config_.retention_days));
}

}  // namespace kring::app
