#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace kring::api {
namespace {

constexpr BucketRule kSixtyPerMinuteBurst3{60, kMinuteMs, 3};

TEST(ClassifyRouteTest, DecidesFromMethodAndPath) {
  EXPECT_EQ(ClassifyRoute("GET", "/healthz"), RequestClass::kExempt);
  EXPECT_EQ(ClassifyRoute("GET", "/api/v1/posts/:id"), RequestClass::kRead);
  EXPECT_EQ(ClassifyRoute("HEAD", "/api/v1/posts/:id"), RequestClass::kRead);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/auth/register"), RequestClass::kSignup);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/auth/login"), RequestClass::kLogin);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/reports"), RequestClass::kReport);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/posts/:id/reports"), RequestClass::kReport);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/posts"), RequestClass::kWrite);
  EXPECT_EQ(ClassifyRoute("POST", "/api/v1/auth/logout"), RequestClass::kWrite);
  EXPECT_EQ(ClassifyRoute("PATCH", "/api/v1/me"), RequestClass::kWrite);
  EXPECT_EQ(ClassifyRoute("DELETE", "/api/v1/reports"), RequestClass::kWrite);
  EXPECT_EQ(ClassifyRoute("PUT", "/api/v1/posts/:id/reactions/:kind"), RequestClass::kWrite);
}

TEST(TokenBucketTest, AllowsABurstThenRefillsAtTheRate) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 0) << i;
  // Empty: one token per second comes back.
  EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 1000);
  clock.Advance(400);
  EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 600);  // a refused request takes nothing
  clock.Advance(600);
  EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 0);
  EXPECT_GT(limiter.Take("k", kSixtyPerMinuteBurst3), 0);
  // A long pause refills only up to the burst, never beyond.
  clock.Advance(kHourMs);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 0) << i;
  EXPECT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 1000);
}

TEST(TokenBucketTest, SlowRatesWaitLong) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  BucketRule five_per_hour{5, kHourMs, 5};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Take("signup", five_per_hour), 0);
  EXPECT_EQ(limiter.Take("signup", five_per_hour), 12 * kMinuteMs);
  clock.Advance(12 * kMinuteMs);
  EXPECT_EQ(limiter.Take("signup", five_per_hour), 0);
}

TEST(TokenBucketTest, KeysAreIsolated) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.Take("a", kSixtyPerMinuteBurst3), 0);
  EXPECT_GT(limiter.Take("a", kSixtyPerMinuteBurst3), 0);
  EXPECT_EQ(limiter.Take("b", kSixtyPerMinuteBurst3), 0);
}

TEST(TokenBucketTest, DisabledRuleNeverLimitsOrStores) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("k", BucketRule{0, kMinuteMs, 10}), 0);
  EXPECT_EQ(limiter.BucketCount(), 0u);
}

TEST(TokenBucketTest, ClockSteppingBackRefillsNothing) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.Take("k", kSixtyPerMinuteBurst3), 0);
  clock.Advance(-kHourMs);
  EXPECT_GT(limiter.Take("k", kSixtyPerMinuteBurst3), 0);
}

TEST(TokenBucketTest, ConcurrentTakersGetExactlyTheBurst) {
  FakeClock clock;  // frozen: no refill during the test
  MemoryRateLimiter limiter(clock);
  BucketRule rule{1, kHourMs, 500};
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i)
        if (limiter.Take("shared", rule) == 0) ++granted;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(granted.load(), 500);
}

TEST(EvictionTest, MemoryStaysUnderTheCapAndEvictsTheColdestKey) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock, /*max_keys=*/4, /*shards=*/1);
  // Four busy keys, each with an empty bucket.
  for (const char* k : {"a", "b", "c", "d"})
    for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.Take(k, kSixtyPerMinuteBurst3), 0);
  EXPECT_GT(limiter.Take("b", kSixtyPerMinuteBurst3), 0);  // touches b: a is now the coldest
  ASSERT_EQ(limiter.Take("e", kSixtyPerMinuteBurst3), 0);
  EXPECT_EQ(limiter.BucketCount(), 4u);
  // a was evicted and starts over full; b survived and is still empty.
  EXPECT_EQ(limiter.Take("a", kSixtyPerMinuteBurst3), 0);
  EXPECT_GT(limiter.Take("b", kSixtyPerMinuteBurst3), 0);
  EXPECT_EQ(limiter.BucketCount(), 4u);
}

TEST(EvictionTest, IdleBucketsAreDroppedWhenNewKeysArrive) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock, 1000, 1);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.Take("k" + std::to_string(i), kSixtyPerMinuteBurst3), 0);
  EXPECT_EQ(limiter.BucketCount(), 5u);
  clock.Advance(2 * kSecondMs);  // each bucket has refilled: keeping it carries no information
  ASSERT_EQ(limiter.Take("new", kSixtyPerMinuteBurst3), 0);
  EXPECT_EQ(limiter.BucketCount(), 1u);
}

TEST(EvictionTest, ManyKeysAcrossShardsStayBounded) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock, 1600, 16);
  for (int i = 0; i < 20000; ++i) ASSERT_EQ(limiter.Take("ip:" + std::to_string(i), kSixtyPerMinuteBurst3), 0);
  EXPECT_LE(limiter.BucketCount(), 1600u);
  EXPECT_GT(limiter.BucketCount(), 1000u);
}

constexpr BackoffRule kThreeThenDoubling{3, kMinuteMs, kSecondMs, 8 * kSecondMs};

TEST(LoginBackoffTest, LocksAfterTheThresholdAndDoublesUpToTheCap) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  limiter.RecordFailure("h", kThreeThenDoubling);
  limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_EQ(limiter.LockedFor("h"), 0);
  limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_EQ(limiter.LockedFor("h"), 1000);
  clock.Advance(400);
  EXPECT_EQ(limiter.LockedFor("h"), 600);
  clock.Advance(600);
  EXPECT_EQ(limiter.LockedFor("h"), 0);
  for (TimeMs expected : {2000, 4000, 8000, 8000, 8000}) {
    limiter.RecordFailure("h", kThreeThenDoubling);
    EXPECT_EQ(limiter.LockedFor("h"), expected);
    clock.Advance(expected);
  }
  EXPECT_EQ(limiter.LockedFor("other"), 0);
}

TEST(LoginBackoffTest, SuccessResets) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_GT(limiter.LockedFor("h"), 0);
  limiter.RecordSuccess("h");
  EXPECT_EQ(limiter.LockedFor("h"), 0);
  EXPECT_EQ(limiter.FailureRecordCount(), 0u);
  limiter.RecordFailure("h", kThreeThenDoubling);
  limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_EQ(limiter.LockedFor("h"), 0);  // counting starts over
}

TEST(LoginBackoffTest, FailuresOutsideTheWindowAreForgotten) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  limiter.RecordFailure("h", kThreeThenDoubling);
  limiter.RecordFailure("h", kThreeThenDoubling);
  clock.Advance(kMinuteMs + 1);
  limiter.RecordFailure("h", kThreeThenDoubling);
  limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_EQ(limiter.LockedFor("h"), 0);
  limiter.RecordFailure("h", kThreeThenDoubling);
  EXPECT_EQ(limiter.LockedFor("h"), 1000);
}

TEST(LoginBackoffTest, TheWindowRunsFromTheEndOfALongLock) {
  FakeClock clock;
  MemoryRateLimiter limiter(clock);
  BackoffRule rule{2, kMinuteMs, 10 * kMinuteMs, 15 * kMinuteMs};  // locks longer than the window
  limiter.RecordFailure("h", rule);
  limiter.RecordFailure("h", rule);
  ASSERT_EQ(limiter.LockedFor("h"), 10 * kMinuteMs);
  clock.Advance(10 * kMinuteMs);
  limiter.RecordFailure("h", rule);  // still remembered: the lock grows instead of starting over
  EXPECT_EQ(limiter.LockedFor("h"), 15 * kMinuteMs);
}

RateLimitPolicy TestPolicy() {
  RateLimitPolicy p;
  p.enabled = true;
  p.read_ip = BucketRule{60, kMinuteMs, 2};
  p.read_account = BucketRule{60, kMinuteMs, 4};
  p.write_ip = BucketRule{60, kMinuteMs, 1};
  p.write_account = BucketRule{60, kMinuteMs, 2};
  p.signup_ip = BucketRule{1, kHourMs, 1};
  p.login_ip = BucketRule{60, kMinuteMs, 100};
  p.report_account = BucketRule{1, kHourMs, 1};
  p.login_failures_per_handle = BackoffRule{2, kMinuteMs, kSecondMs, 4 * kSecondMs};
  p.login_failures_per_ip = BackoffRule{5, kMinuteMs, kSecondMs, 4 * kSecondMs};
  return p;
}

TEST(RequestThrottleTest, SignedInRequestsAreChargedToTheAccountAnonymousOnesToTheIp) {
  FakeClock clock;
  RequestThrottle t(TestPolicy(), std::make_shared<MemoryRateLimiter>(clock));
  // Anonymous reads from one IP share a bucket of 2.
  EXPECT_TRUE(t.Admit(RequestClass::kRead, "192.0.2.1", std::nullopt));
  EXPECT_TRUE(t.Admit(RequestClass::kRead, "192.0.2.1", std::nullopt));
  Verdict v = t.Admit(RequestClass::kRead, "192.0.2.1", std::nullopt);
  EXPECT_FALSE(v);
  EXPECT_EQ(v.RetryAfterSeconds(), 1);
  EXPECT_FALSE(v.login_locked);
  // Another IP, and signed-in people behind the same IP, are unaffected; each account has its own.
  EXPECT_TRUE(t.Admit(RequestClass::kRead, "192.0.2.2", std::nullopt));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(t.Admit(RequestClass::kRead, "192.0.2.1", 7)) << i;
  EXPECT_FALSE(t.Admit(RequestClass::kRead, "192.0.2.1", 7));
  EXPECT_TRUE(t.Admit(RequestClass::kRead, "192.0.2.1", 8));
  // Reads and writes are separate budgets.
  EXPECT_TRUE(t.Admit(RequestClass::kWrite, "192.0.2.1", 7));
  // Sign-ups count per IP even with a session; unlimited classes (report_ip off) pass.
  EXPECT_TRUE(t.Admit(RequestClass::kSignup, "192.0.2.1", 7));
  EXPECT_FALSE(t.Admit(RequestClass::kSignup, "192.0.2.1", 8));
  EXPECT_TRUE(t.Admit(RequestClass::kReport, "192.0.2.1", 7));
  EXPECT_FALSE(t.Admit(RequestClass::kReport, "192.0.2.1", 7));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(t.Admit(RequestClass::kReport, "192.0.2.1", std::nullopt));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(t.Admit(RequestClass::kExempt, "192.0.2.1", std::nullopt));
}

TEST(RequestThrottleTest, DisabledPolicyLimitsNothing) {
  FakeClock clock;
  RateLimitPolicy p = TestPolicy();
  p.enabled = false;
  RequestThrottle t(p, std::make_shared<MemoryRateLimiter>(clock));
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(t.Admit(RequestClass::kSignup, "192.0.2.1", std::nullopt));
  for (int i = 0; i < 100; ++i) t.LoginFailed("192.0.2.1", "h:anna");
  EXPECT_TRUE(t.CheckLogin("192.0.2.1", "h:anna"));
}

TEST(RequestThrottleTest, FailedLoginsLockTheHandleNotOtherHandles) {
  FakeClock clock;
  RequestThrottle t(TestPolicy(), std::make_shared<MemoryRateLimiter>(clock));
  t.LoginFailed("192.0.2.1", "h:anna");
  EXPECT_TRUE(t.CheckLogin("192.0.2.1", "h:anna"));
  t.LoginFailed("192.0.2.1", "h:anna");
  Verdict v = t.CheckLogin("192.0.2.9", "h:anna");  // from anywhere
  EXPECT_FALSE(v);
  EXPECT_TRUE(v.login_locked);
  EXPECT_EQ(v.RetryAfterSeconds(), 1);
  EXPECT_TRUE(t.CheckLogin("192.0.2.1", "h:bert"));
  clock.Advance(kSecondMs);
  EXPECT_TRUE(t.CheckLogin("192.0.2.1", "h:anna"));
  t.LoginSucceeded("192.0.2.1", "h:anna");
  t.LoginFailed("192.0.2.1", "h:anna");
  EXPECT_TRUE(t.CheckLogin("192.0.2.1", "h:anna"));
}

TEST(RequestThrottleTest, ManyFailuresFromOneIpLockThatIp) {
  FakeClock clock;
  RequestThrottle t(TestPolicy(), std::make_shared<MemoryRateLimiter>(clock));
  for (int i = 0; i < 5; ++i) t.LoginFailed("192.0.2.1", "h:user" + std::to_string(i));
  EXPECT_FALSE(t.CheckLogin("192.0.2.1", "h:someone_else"));
  EXPECT_TRUE(t.CheckLogin("192.0.2.2", "h:someone_else"));
}

TEST(VerdictTest, RetryAfterRoundsUp) {
  EXPECT_EQ(Verdict{1}.RetryAfterSeconds(), 1);
  EXPECT_EQ(Verdict{1000}.RetryAfterSeconds(), 1);
  EXPECT_EQ(Verdict{1001}.RetryAfterSeconds(), 2);
  EXPECT_TRUE(Verdict{});
}

net::HttpRequest From(std::string peer, std::vector<std::string> forwarded = {}) {
  net::HttpRequest r;
  r.remote_address = std::move(peer);
  for (auto& f : forwarded) r.headers.emplace_back("x-forwarded-for", f);
  return r;
}

TEST(ClientAddressTest, TrustsForwardedForOnlyFromTheProxy) {
  EXPECT_EQ(ClientAddress(From("203.0.113.5", {"198.51.100.1"}), ""), "203.0.113.5");
  EXPECT_EQ(ClientAddress(From("203.0.113.5", {"198.51.100.1"}), "127.0.0.1"), "203.0.113.5");
  // From the proxy: the last entry is what the proxy saw; earlier ones are the client's to forge.
  EXPECT_EQ(ClientAddress(From("127.0.0.1", {"6.6.6.6, 198.51.100.1"}), "127.0.0.1"), "198.51.100.1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", {"6.6.6.6", "198.51.100.1 "}), "127.0.0.1"), "198.51.100.1");
  EXPECT_EQ(ClientAddress(From("::ffff:127.0.0.1", {"2001:db8::1"}), "127.0.0.1"), "2001:db8::1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", {"[2001:db8::1]:443"}), "127.0.0.1"), "2001:db8::1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", {"198.51.100.1:8080"}), "127.0.0.1"), "198.51.100.1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", {"not an address"}), "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1"), "127.0.0.1"), "127.0.0.1");
}

TEST(ClientKeyTest, Ipv6ByPrefixIpv4AsIs) {
  EXPECT_EQ(ClientKey("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(ClientKey("::ffff:192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(ClientKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  EXPECT_NE(ClientKey("2001:db8:1:3::1"), ClientKey("2001:db8:1:2::1"));
  EXPECT_EQ(ClientKey(""), "unknown");
  EXPECT_TRUE(IsIpAddress("::1"));
  EXPECT_FALSE(IsIpAddress("localhost"));
}

TEST(LoginHandleKeyTest, FoldsHandlesAndEmails) {
  EXPECT_EQ(LoginHandleKey(R"({"handle":"Anna","password":"x"})"), LoginHandleKey(R"({"handle":"@anna"})"));
  EXPECT_EQ(LoginHandleKey(R"({"handle":"Anna"})"), "h:anna");
  EXPECT_EQ(LoginHandleKey(R"({"handle":"Anna@Example.org"})"), "e:anna@example.org");
  EXPECT_EQ(LoginHandleKey(R"({"handle":42})"), "");
  EXPECT_EQ(LoginHandleKey("not json"), "");
  EXPECT_EQ(LoginHandleKey(R"({"handle":""})"), "");
}

}  // namespace
}  // namespace kring::api
