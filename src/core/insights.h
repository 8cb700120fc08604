// Insights: the pure statistics behind privacy-first analytics. No I/O, so every rule (the
// k-anonymity threshold, the heatmap, when advice is given at all) is unit-tested on its own.
//
// Privacy rules that every caller relies on:
//   * a figure resting on fewer than kMinPeople distinct people is never shown as a number
//     (Masked::Show() is false and the API prints "< 5");
//   * nothing here ever names or singles out a person: inputs carry opaque person keys only to
//     count distinct people, and outputs are counts.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

namespace kring::core {

// k in k-anonymity: below this many distinct people a figure is suppressed.
inline constexpr int64_t kMinPeople = 5;

// A count together with the number of distinct people it rests on.
struct Masked {
  int64_t value = 0;
  int64_t people = 0;
  bool Show() const { return people >= kMinPeople; }
};

// interactions ÷ unique viewers; nullopt when there are no viewers (the rate is undefined) or when
// either figure rests on fewer than kMinPeople people (showing the rate would reveal the masked one).
std::optional<double> EngagementRate(const Masked& interactions, const Masked& unique_viewers);
inline constexpr const char* kEngagementFormula = "(reactions + comments) / unique_viewers";

// One observed action in the audience's local time. `person` is an opaque key (an account id or a
// day's visitor hash folded to 64 bits), used only to count distinct people.
struct ActivitySample {
  int weekday = 0;  // 0 = Monday … 6 = Sunday
  int hour = 0;     // 0-23, local time
  int64_t person = 0;
};

struct HeatCell {
  int64_t events = 0;
  int64_t people = 0;
};

struct Slot {
  int weekday = 0;
  int hour = 0;
  int64_t events = 0;  // sample size: actions seen in this slot over the window
  int64_t people = 0;  // distinct people behind them
  double share = 0;    // events / all events
  double lift = 0;     // events / the average slot's events (1 = ordinary)
};

struct HeatmapPolicy {
  int64_t min_events = 200;  // fewer actions overall: no advice
  int64_t min_people = 10;   // fewer distinct people overall: no advice
  // A best slot must stand out from a flat week: its count must exceed the average slot by this
  // many Poisson standard deviations, or the "peak" is noise and no advice is given.
  double min_z = 3.0;
  int slots = 3;
};

struct Heatmap {
  std::array<std::array<HeatCell, 24>, 7> cells{};  // [weekday][hour]
  int64_t events = 0;
  int64_t people = 0;
  // Empty when the data cannot support advice; then `reason` says why.
  std::vector<Slot> best;
  std::string reason;  // "", "too_few_events", "too_few_people", "no_clear_peak"
};

Heatmap BuildHeatmap(const std::vector<ActivitySample>& samples, const HeatmapPolicy& policy = {});

// One past hour's actions, already counted (the daily rollup keeps these instead of raw rows).
struct HourBucket {
  int weekday = 0;  // local time, as ActivitySample
  int hour = 0;
  int64_t events = 0;
  int64_t people = 0;  // distinct people in that one hour
};

// The heatmap from raw samples plus pre-counted hours. Events add up. People cannot be told apart
// across buckets, so a cell's people is the largest single-hour count (or the raw samples' count,
// if larger) and the total is at least `people_at_least`: lower bounds, so thresholds can only
// suppress more, never reveal more.
Heatmap BuildHeatmap(const std::vector<ActivitySample>& samples, const std::vector<HourBucket>& buckets,
                     int64_t people_at_least, const HeatmapPolicy& policy = {});

// Calendar helpers on UTC milliseconds (days since 1970-01-01).
inline int64_t DayOf(TimeMs t) { return t >= 0 ? t / kDayMs : (t - kDayMs + 1) / kDayMs; }
// 0 = Monday for a local time given as ms since the epoch (already shifted by the UTC offset).
int WeekdayOf(TimeMs local);
int HourOf(TimeMs local);
// "YYYY-MM-DD" of a day number.
std::string DayString(int64_t day);

}  // namespace kring::core
