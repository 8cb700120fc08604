#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "base/id_generator.h"
#include "base/result.h"
#include "base/strong_id.h"
#include "base/time_format.h"

namespace kring {
namespace {

TEST(IdGeneratorTest, IdsIncreaseAndEncodeTheirTime) {
  FakeClock clock;
  SnowflakeIdGenerator ids(clock, 3);
  int64_t a = ids.Next(), b = ids.Next();
  EXPECT_LT(a, b);
  EXPECT_EQ(SnowflakeIdGenerator::TimeOf(a), clock.Now());
  clock.Advance(5);
  int64_t c = ids.Next();
  EXPECT_GT(c, b);
  EXPECT_EQ(SnowflakeIdGenerator::TimeOf(c), clock.Now());
  // A clock that goes backwards never produces a smaller id.
  clock.Advance(-1000);
  EXPECT_GT(ids.Next(), c);
}

TEST(IdGeneratorTest, ManyThreadsNeverCollide) {
  SystemClock clock;
  SnowflakeIdGenerator ids(clock, 0);
  std::vector<std::vector<int64_t>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) got[t].push_back(ids.Next());
    });
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (auto& v : got) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), 80000u);
}

TEST(TimeFormatTest, RoundTripsAndRejectsNonsense) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1767225600123), "2026-01-01T00:00:00.123Z");
  EXPECT_EQ(ParseRfc3339("2026-01-01T00:00:00.123Z"), 1767225600123);
  EXPECT_EQ(ParseRfc3339("2026-01-01T01:00:00+01:00"), 1767225600000);
  EXPECT_EQ(ParseRfc3339("2025-12-31T19:00:00-05:00"), 1767225600000);
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01 00:00", "morgen",
                          "2026-01-01T00:00:00", "2026-01-01T00:00:00Zjunk", "2026-01-01T24:00:00Z"})
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
}

TEST(StrongIdTest, ParsesOnlyPositiveDecimal) {
  EXPECT_EQ(PostId::Parse("123")->value(), 123);
  for (const char* bad : {"", "0", "-5", "12a", "99999999999999999999", " 1"}) EXPECT_FALSE(PostId::Parse(bad)) << bad;
}

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd", "Not even.", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  KRING_ASSIGN_OR_RETURN(int h, Half(x));
  KRING_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(ResultTest, PropagatesTheFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail, "odd");
  EXPECT_EQ(r.error().field, "x");
  EXPECT_STREQ(r.error().StableCode(), "odd");
  EXPECT_STREQ(NotFound("post").StableCode(), "not_found");
}

}  // namespace
}  // namespace kring
