// InsightsService decision support: which hashtags and which kinds of content go with more
// engagement (core/insights_stats.h does the statistics; this file picks the groups).
#include <algorithm>
#include <map>
#include <set>

#include "app/insights_service.h"

namespace kring::app {

namespace {

constexpr int kMaxTags = 20;  // the most used tags; beyond that the samples are tiny anyway

double Engagement(const PostEngagementRow& r) {
  return static_cast<double>(r.interactions) / static_cast<double>(r.viewers);
}

DecisionItem Compare(std::string key, std::string label, const std::vector<PostEngagementRow>& rows,
                     const std::function<bool(const PostEngagementRow&)>& in_group, bool mask_authors,
                     const core::ComparePolicy& policy) {
  std::vector<double> group, baseline;
  std::set<int64_t> authors;
  for (const auto& r : rows) {
    if (in_group(r)) {
      group.push_back(Engagement(r));
      authors.insert(r.author ? r.author->value() : 0);
    } else {
      baseline.push_back(Engagement(r));
    }
  }
  DecisionItem item;
  item.key = std::move(key);
  item.label = std::move(label);
  const auto n = static_cast<int64_t>(authors.size());
  item.authors = core::Masked{n, n};
  item.comparison = core::CompareMeans(group, baseline, policy);
  // In a community, a group made by fewer than 5 people describes those people, not a kind of post.
  if (mask_authors && item.comparison.enough_data && !item.authors.Show()) {
    item.comparison.enough_data = false;
    item.comparison.reason = "too_few_people";
    item.comparison.verdict = "not_enough_data";
  }
  return item;
}

}  // namespace

Result<DecisionReport> InsightsService::Hashtags(const AuthContext& auth, const std::optional<std::string>& slug,
                                                 int days) {
  return Decisions(auth, slug, days, true);
}

Result<DecisionReport> InsightsService::ContentTypes(const AuthContext& auth, const std::optional<std::string>& slug,
                                                     int days) {
  return Decisions(auth, slug, days, false);
}

Result<DecisionReport> InsightsService::Decisions(const AuthContext& auth, const std::optional<std::string>& slug,
                                                  int days, bool hashtags) {
  if (!repo()) return Unavailable("insights_unavailable", "Insights are not available on this server.");
  if (days < 7 || days > 365) return InvalidArgument("invalid_days", "days must be between 7 and 365.", "days");
  PostEngagementFilter filter;
  DecisionReport out;
  out.what = hashtags ? "hashtags" : "content_types";
  out.days = days;
  if (slug) {
    KRING_ASSIGN_OR_RETURN(core::Community community, LoadForModerator(auth, *slug));
    filter.community = community.id;
    out.community = community.slug;
  } else {
    filter.author = auth.account.id;
  }
  filter.since = d_.clock.Now() - static_cast<TimeMs>(days) * kDayMs;
  // A post's rate is only shown to anyone as part of a group, but a post seen by fewer than 5 people
  // says little and could single out its viewers.
  filter.min_viewers = core::kMinPeople;
  out.min_viewers = filter.min_viewers;
  KRING_ASSIGN_OR_RETURN(auto rows, repo()->PostEngagement(filter));
  out.posts_considered = static_cast<int64_t>(rows.size());
  double sum = 0;
  for (const auto& r : rows) sum += Engagement(r);
  out.average_engagement = rows.empty() ? 0 : sum / static_cast<double>(rows.size());
  const bool mask = slug.has_value();

  if (hashtags) {
    // Tags by number of posts, then by who used them (k-anonymity in a community).
    std::map<std::string, std::pair<std::string, int64_t>> tags;  // key -> (label, posts)
    std::map<std::string, std::set<int64_t>> tag_authors;
    for (const auto& r : rows) {
      for (const auto& [key, label] : r.tags) {
        auto& t = tags.try_emplace(key, label, 0).first->second;
        t.second++;
        tag_authors[key].insert(r.author ? r.author->value() : 0);
      }
    }
    std::vector<std::pair<std::string, int64_t>> order;
    for (const auto& [key, t] : tags) {
      if (mask && static_cast<int64_t>(tag_authors[key].size()) < core::kMinPeople) continue;  // points at people
      order.emplace_back(key, t.second);
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (order.size() > kMaxTags) order.resize(kMaxTags);
    for (const auto& [key, n] : order) {
      const std::string k = key;
      out.items.push_back(Compare(key, "#" + tags[key].first, rows, [&k](const PostEngagementRow& r) {
        return std::any_of(r.tags.begin(), r.tags.end(), [&k](const auto& t) { return t.first == k; });
      }, mask, out.policy));
    }
  } else {
    for (const char* type : kContentTypes) {
      const std::string t = type;
      out.items.push_back(Compare(t, t, rows, [&t](const PostEngagementRow& r) { return r.content_type == t; }, mask,
                                  out.policy));
    }
  }
  return out;
}

}  // namespace kring::app
