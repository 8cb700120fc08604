#include "core/insights.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace kring::core {

std::optional<double> EngagementRate(const Masked& interactions, const Masked& unique_viewers) {
  if (unique_viewers.value <= 0) return std::nullopt;
  if (!unique_viewers.Show()) return std::nullopt;
  // Zero interactions rest on nobody and reveal nothing; a handful would be revealed by the rate.
  if (interactions.value > 0 && !interactions.Show()) return std::nullopt;
  return static_cast<double>(interactions.value) / static_cast<double>(unique_viewers.value);
}

int WeekdayOf(TimeMs local) {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  int64_t d = DayOf(local);
  int64_t w = (d + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int HourOf(TimeMs local) {
  int64_t ms = local - DayOf(local) * kDayMs;
  return static_cast<int>(ms / kHourMs);
}

std::string DayString(int64_t day) {
  // Howard Hinnant's civil_from_days.
  int64_t z = day + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                static_cast<long long>(d));
  return buf;
}

namespace {

// Picks the best slots of a filled heatmap, or says why there are none.
void Advise(Heatmap& h, const HeatmapPolicy& policy);

}  // namespace

Heatmap BuildHeatmap(const std::vector<ActivitySample>& samples, const HeatmapPolicy& policy) {
  return BuildHeatmap(samples, {}, 0, policy);
}

Heatmap BuildHeatmap(const std::vector<ActivitySample>& samples, const std::vector<HourBucket>& buckets,
                     int64_t people_at_least, const HeatmapPolicy& policy) {
  Heatmap h;
  std::array<std::array<std::unordered_set<int64_t>, 24>, 7> people;
  std::unordered_set<int64_t> everyone;
  for (const auto& s : samples) {
    if (s.weekday < 0 || s.weekday > 6 || s.hour < 0 || s.hour > 23) continue;
    h.cells[s.weekday][s.hour].events++;
    people[s.weekday][s.hour].insert(s.person);
    everyone.insert(s.person);
    h.events++;
  }
  for (int d = 0; d < 7; ++d)
    for (int hr = 0; hr < 24; ++hr) h.cells[d][hr].people = static_cast<int64_t>(people[d][hr].size());
  h.people = static_cast<int64_t>(everyone.size());
  for (const auto& b : buckets) {
    if (b.weekday < 0 || b.weekday > 6 || b.hour < 0 || b.hour > 23) continue;
    HeatCell& c = h.cells[b.weekday][b.hour];
    c.events += b.events;
    c.people = std::max(c.people, b.people);
    h.events += b.events;
    h.people = std::max(h.people, b.people);
  }
  h.people = std::max(h.people, people_at_least);
  Advise(h, policy);
  return h;
}

namespace {

void Advise(Heatmap& h, const HeatmapPolicy& policy) {
  if (h.events < policy.min_events) {
    h.reason = "too_few_events";
    return;
  }
  if (h.people < policy.min_people) {
    h.reason = "too_few_people";
    return;
  }
  const double mean = static_cast<double>(h.events) / (7 * 24);
  std::vector<Slot> candidates;
  for (int d = 0; d < 7; ++d) {
    for (int hr = 0; hr < 24; ++hr) {
      const HeatCell& c = h.cells[d][hr];
      if (c.people < kMinPeople) continue;  // a slot driven by a few people is neither private nor advice
      // Poisson: under a flat week each slot's count has mean `mean` and variance `mean`.
      double z = (static_cast<double>(c.events) - mean) / std::sqrt(mean);
      if (z < policy.min_z) continue;
      Slot s;
      s.weekday = d;
      s.hour = hr;
      s.events = c.events;
      s.people = c.people;
      s.share = static_cast<double>(c.events) / static_cast<double>(h.events);
      s.lift = static_cast<double>(c.events) / mean;
      candidates.push_back(s);
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Slot& a, const Slot& b) {
    if (a.events != b.events) return a.events > b.events;
    if (a.weekday != b.weekday) return a.weekday < b.weekday;
    return a.hour < b.hour;
  });
  if (candidates.empty()) {
    h.reason = "no_clear_peak";
    return;
  }
  if (static_cast<int>(candidates.size()) > policy.slots) candidates.resize(policy.slots);
  h.best = std::move(candidates);
}

}  // namespace

}  // namespace kring::core
