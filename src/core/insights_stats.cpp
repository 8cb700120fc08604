#include "core/insights_stats.h"

#include <algorithm>
#include <cmath>

namespace kring::core {

Summary Summarize(const std::vector<double>& xs) {
  Summary s;
  s.n = static_cast<int64_t>(xs.size());
  if (xs.empty()) return s;
  double sum = 0;
  for (double x : xs) sum += x;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n < 2) return s;
  double ss = 0;
  for (double x : xs) ss += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  return s;
}

double TQuantile975(double df) {
  // Cornish-Fisher expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5).
  const double z = 1.959963984540054;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  const double g1 = (z3 + z) / 4;
  const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
}

Interval MeanInterval95(const Summary& s) {
  const double half = TQuantile975(static_cast<double>(s.n - 1)) * s.sd / std::sqrt(static_cast<double>(s.n));
  return Interval{std::max(0.0, s.mean - half), s.mean + half};
}

Comparison CompareMeans(const std::vector<double>& group, const std::vector<double>& baseline,
                        const ComparePolicy& policy) {
  Comparison c;
  c.group = Summarize(group);
  c.baseline = Summarize(baseline);
  c.verdict = "not_enough_data";
  const int64_t min_posts = std::max<int64_t>(2, policy.min_posts);
  if (c.group.n < min_posts) {
    c.reason = "too_few_posts";
    return c;
  }
  c.group_ci95 = MeanInterval95(c.group);
  if (c.baseline.n < min_posts) {
    c.reason = "too_few_baseline_posts";
    return c;
  }
  if (c.group.mean <= 0 || c.baseline.mean <= 0) {
    c.reason = "no_interactions";
    return c;
  }
  c.enough_data = true;
  // Delta method: Var(log mean) ~ sd^2 / (n mean^2); the two groups are independent.
  const double v1 = c.group.sd * c.group.sd / (static_cast<double>(c.group.n) * c.group.mean * c.group.mean);
  const double v2 =
      c.baseline.sd * c.baseline.sd / (static_cast<double>(c.baseline.n) * c.baseline.mean * c.baseline.mean);
  const double log_ratio = std::log(c.group.mean / c.baseline.mean);
  const double se = std::sqrt(v1 + v2);
  double df = 1e9;  // both groups constant: no spread, the normal limit
  const double denom = v1 * v1 / static_cast<double>(c.group.n - 1) + v2 * v2 / static_cast<double>(c.baseline.n - 1);
  if (denom > 0) df = std::max(1.0, (v1 + v2) * (v1 + v2) / denom);
  const double half = TQuantile975(df) * se;
  c.uplift = std::exp(log_ratio) - 1;
  c.uplift_ci95 = Interval{std::exp(log_ratio - half) - 1, std::exp(log_ratio + half) - 1};
  if (c.uplift_ci95.lo > 0) c.verdict = "higher";
  else if (c.uplift_ci95.hi < 0) c.verdict = "lower";
  else c.verdict = "no_clear_effect";
  return c;
}

}  // namespace kring::core
