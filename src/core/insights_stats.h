// Statistics for insights decision support: "do posts with X get more engagement than posts
// without it?", answered with a sample size, a 95% interval and a plain verdict, or with an explicit
// refusal when the data cannot support an answer. Pure functions, no I/O.
//
// Method (docs/architecture.md, "Insights decision support"): the unit is a post; its engagement is
// interactions / unique viewers. A group's engagement is the mean over its posts. Two groups are
// compared as a ratio of means, uplift = ratio - 1, with a 95% interval from the delta method on
// log(ratio) (Welch-Satterthwaite degrees of freedom, Student t quantile), which is deterministic,
// needs no resampling at query time, and keeps the interval positive on the ratio scale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kring::core {

struct Interval {
  double lo = 0;
  double hi = 0;
  bool Contains(double x) const { return lo <= x && x <= hi; }
};

struct Summary {
  int64_t n = 0;
  double mean = 0;
  double sd = 0;  // sample standard deviation (n - 1); 0 when n < 2
};

Summary Summarize(const std::vector<double>& xs);

// The 0.975 quantile of Student's t with `df` degrees of freedom (Cornish-Fisher expansion; within
// 0.1% for df >= 3, and 1.96 as df grows). REQUIRES: df > 0.
double TQuantile975(double df);

// 95% interval for the mean of `s` (t interval), clamped at 0 from below (rates are never negative).
// REQUIRES: s.n >= 2.
Interval MeanInterval95(const Summary& s);

struct ComparePolicy {
  int64_t min_posts = 10;  // per group: fewer and no comparison is made
};

// The outcome of comparing a group's mean with a baseline's.
struct Comparison {
  bool enough_data = false;
  // When !enough_data: "too_few_posts" (the group), "too_few_baseline_posts", "no_interactions"
  // (a group mean of 0: a ratio means nothing).
  std::string reason;
  Summary group, baseline;
  double uplift = 0;     // group mean / baseline mean - 1
  Interval uplift_ci95;  // on the same scale as uplift
  Interval group_ci95;   // the group's mean engagement
  // "higher" (interval above 0), "lower" (below 0), "no_clear_effect" (includes 0),
  // "not_enough_data".
  std::string verdict;
};

// Compares the per-post values of `group` with those of `baseline` (independent posts).
Comparison CompareMeans(const std::vector<double>& group, const std::vector<double>& baseline,
                        const ComparePolicy& policy = {});

inline constexpr const char* kCompareMethod =
    "Each post's engagement is (reactions + comments) / unique viewers; we compare the average over posts "
    "with and without it as a ratio, with a 95% interval from the delta method on the log ratio "
    "(Welch t), so an interval that includes 0% means no clear effect.";

}  // namespace kring::core
