#include "core/insights.h"

#include <gtest/gtest.h>

#include <random>

namespace kring::core {
namespace {

TEST(InsightsTest, FiguresRestingOnFewerThanFivePeopleAreMasked) {
  EXPECT_FALSE((Masked{100, 4}).Show());  // many actions, but by four people
  EXPECT_TRUE((Masked{5, 5}).Show());
}

TEST(InsightsTest, EngagementRateNeedsEnoughPeopleOnBothSides) {
  EXPECT_EQ(EngagementRate({0, 0}, {0, 0}), std::nullopt);      // no viewers: undefined
  EXPECT_EQ(EngagementRate({2, 2}, {10, 10}), std::nullopt);    // would reveal 2 interactions
  EXPECT_EQ(EngagementRate({3, 3}, {4, 4}), std::nullopt);      // viewers below k
  EXPECT_DOUBLE_EQ(*EngagementRate({0, 0}, {10, 10}), 0.0);
  EXPECT_DOUBLE_EQ(*EngagementRate({6, 5}, {20, 20}), 0.3);
}

TEST(InsightsTest, CalendarHelpers) {
  // 2026-12-01T19:30Z is a Tuesday.
  TimeMs t = 1796153400000;
  EXPECT_EQ(DayString(DayOf(t)), "2026-12-01");
  EXPECT_EQ(WeekdayOf(t), 1);
  EXPECT_EQ(HourOf(t), 19);
  EXPECT_EQ(DayString(0), "1970-01-01");
  EXPECT_EQ(WeekdayOf(0), 3);  // Thursday
  EXPECT_EQ(DayString(DayOf(951782400000)), "2000-02-29");
}

// Background activity all week plus a planted peak on weekday evenings.
std::vector<ActivitySample> Planted(int background, int peak, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> day(0, 6), hour(0, 23), person(1, 300);
  std::vector<ActivitySample> out;
  for (int i = 0; i < background; ++i) out.push_back({day(rng), hour(rng), person(rng)});
  std::uniform_int_distribution<int> weekday(0, 4), evening(19, 20);
  for (int i = 0; i < peak; ++i) out.push_back({weekday(rng), evening(rng), person(rng)});
  return out;
}

TEST(InsightsTest, BestSlotsRecoverAPlantedPeak) {
  Heatmap h = BuildHeatmap(Planted(5000, 2000, 7));
  ASSERT_EQ(h.best.size(), 3u) << h.reason;
  for (const Slot& s : h.best) {
    EXPECT_LE(s.weekday, 4);
    EXPECT_GE(s.hour, 19);
    EXPECT_LE(s.hour, 20);
    EXPECT_GT(s.lift, 2.0);
    EXPECT_GE(s.people, kMinPeople);
  }
  EXPECT_EQ(h.events, 7000);
}

TEST(InsightsTest, NoAdviceFromTooLittleData) {
  Heatmap h = BuildHeatmap(Planted(50, 20, 1));
  EXPECT_TRUE(h.best.empty());
  EXPECT_EQ(h.reason, "too_few_events");
}

TEST(InsightsTest, NoAdviceFromAFewPeople) {
  std::vector<ActivitySample> s;
  for (int i = 0; i < 1000; ++i) s.push_back({1, 20, i % 3});
  Heatmap h = BuildHeatmap(s);
  EXPECT_TRUE(h.best.empty());
  EXPECT_EQ(h.reason, "too_few_people");
}

TEST(InsightsTest, NoAdviceFromAFlatWeek) {
  std::vector<ActivitySample> s;
  for (int d = 0; d < 7; ++d)
    for (int hr = 0; hr < 24; ++hr)
      for (int i = 0; i < 10; ++i) s.push_back({d, hr, i + hr});
  Heatmap h = BuildHeatmap(s);
  EXPECT_TRUE(h.best.empty());
  EXPECT_EQ(h.reason, "no_clear_peak");
}

TEST(InsightsTest, APeakOfFewerThanFivePeopleIsNotAdvice) {
  std::vector<ActivitySample> s;
  for (const auto& x : Planted(3000, 0, 3))
    if (!(x.weekday == 2 && x.hour == 9)) s.push_back(x);
  for (int i = 0; i < 500; ++i) s.push_back({2, 9, 1000 + i % 4});  // one very active little group
  Heatmap h = BuildHeatmap(s);
  for (const Slot& slot : h.best) EXPECT_FALSE(slot.weekday == 2 && slot.hour == 9);
}

TEST(InsightsTest, PreCountedHoursAddEventsButPeopleOnlyAsALowerBound) {
  // Four weeks of Tuesday 20:00 with 4 different people each week: 16 people in truth, but counted
  // per hour they cannot be told apart, so the slot rests on "at least 4" and gives no advice.
  std::vector<HourBucket> buckets;
  for (int w = 0; w < 4; ++w) buckets.push_back({1, 20, 100, 4});
  Heatmap h = BuildHeatmap({}, buckets, 0);
  EXPECT_EQ(h.cells[1][20].events, 400);
  EXPECT_EQ(h.cells[1][20].people, 4);
  EXPECT_EQ(h.people, 4);
  EXPECT_EQ(h.reason, "too_few_people");
  // With the window's people known (signed-in members) and more per hour, the peak is advice.
  for (auto& b : buckets) b.people = 6;
  for (int d = 0; d < 7; ++d)
    for (int hr = 0; hr < 24; ++hr) buckets.push_back({d, hr, 3, 3});
  h = BuildHeatmap({}, buckets, 40);
  EXPECT_EQ(h.people, 40);
  ASSERT_FALSE(h.best.empty());
  EXPECT_EQ(h.best[0].weekday, 1);
  EXPECT_EQ(h.best[0].hour, 20);
  EXPECT_EQ(h.best[0].people, 6);
  // Raw samples and buckets in one cell: events add up.
  h = BuildHeatmap({{1, 20, 7}}, buckets, 40);
  EXPECT_EQ(h.cells[1][20].events, 403 + 1);
}

}  // namespace
}  // namespace kring::core
