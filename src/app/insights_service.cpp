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
  // An author looking at their own post is not audience.
  if (auth && post->author && *post->author == auth->account.id) return false;
  const TimeMs now = d_.clock.Now();
  InsightEvent e{now, "view", post->community, post->id, std::nullopt, {}, std::nullopt, ""};
  if (auth) e.actor = auth->account.id;
  else e.visitor = VisitorKey(client_ip, user_agent, now);
  return repo()->Record(e);
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
  KRING_ASSIGN_OR_RETURN(auto metrics, repo()->ForPost(id));
  PostInsights out;
  out.post = id;
  out.approximate = metrics.approximate;
  out.views = Sum(metrics.metrics, "view");
  // Each view row is one viewer on one day; distinct viewers come from the same rows.
  out.unique_viewers = core::Masked{out.views.people, out.views.people};
  out.comments = Sum(metrics.metrics, "comment");
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
    out.days.push_back(row);
  }
  KRING_ASSIGN_OR_RETURN(auto tags, repo()->TopHashtags(community.id, (today - days + 1) * kDayMs, 10));
  for (const auto& t : tags) out.hashtags.push_back(HashtagInsight{t.tag, core::Masked{t.posts, t.authors}});
  return out;
}

Result<BestTimes> InsightsService::WhenToPost(const AuthContext& auth, const std::string& slug, int weeks,
                                              std::optional<std::string> time_zone) {
  if (!repo()) return InsightsUnavailable();
  const int max_weeks = std::max(1, std::min(config_.max_heatmap_weeks, config_.retention_days / 7));
  if (weeks < 1 || weeks > max_weeks)
    return InvalidArgument("invalid_weeks", "weeks must be between 1 and " + std::to_string(max_weeks) + ".", "weeks");
  KRING_ASSIGN_OR_RETURN(core::Community community, LoadForModerator(auth, slug));
  std::string zone = time_zone.value_or(auth.account.time_zone);
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
  out.heatmap = core::BuildHeatmap(samples, out.policy);
  return out;
}

Result<RollupStats> InsightsService::Rollup() {
  if (!repo()) return InsightsUnavailable();
  return repo()->Rollup(d_.clock.Now(), std::max(8, config_.retention_days));
}

}  // namespace kring::app
