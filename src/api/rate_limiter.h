// Abuse resistance for the API: token buckets per client IP and per account, tuned per request
// class, and a growing back-off for failed log-ins.
//
// Model (the one Mastodon's rack-attack set-up uses): a signed-in request is charged to its
// account's bucket, an anonymous one to its IP's bucket. People behind one NAT address (an office,
// a mobile carrier) therefore do not share a budget once they are signed in, and a script cannot
// escape the per-IP limit without accounts, whose creation is itself limited per IP. Sign-ups and
// log-ins are always charged to the IP (there is no account yet to charge).
//
// Failed log-ins are counted per handle key (guessing one person's password) and per IP (trying
// one password on many handles). Past a threshold, further attempts are refused with 429 before
// the password is checked, for a time that doubles with each further failure (capped), and a
// successful log-in clears both counters. A correct password for another handle, from an IP that
// is not itself locked, is never slowed.
//
// The policy (RequestThrottle) is separate from the storage of counters (RateLimiter), so a
// multi-node deployment can swap MemoryRateLimiter for a Redis-backed RateLimiter (one Lua script
// per operation, keys with a TTL of their forget time) without touching the API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "net/http_message.h"

namespace kring::api {

// What a route costs. Decided once per route from its method and path pattern (ClassifyRoute).
enum class RequestClass { kExempt, kRead, kWrite, kSignup, kLogin, kReport };

const char* RequestClassName(RequestClass c);

// The one place that decides a route's class: /healthz is exempt; GET/HEAD/OPTIONS read;
// POST /api/v1/auth/register signs up; POST /api/v1/auth/login logs in; a POST to a path ending
// in "/reports" files a report; every other method writes.
RequestClass ClassifyRoute(std::string_view method, std::string_view path_pattern);

// A token bucket: `rate` tokens per `period_ms`, holding at most `burst`. A full bucket allows
// `burst` requests at once, then one per period_ms/rate. rate 0 (or burst 0) disables the limit.
struct BucketRule {
  int64_t rate = 0;
  TimeMs period_ms = kMinuteMs;
  int64_t burst = 0;
  bool enabled() const { return rate > 0 && burst > 0 && period_ms > 0; }
};

// Log-in back-off: after `max_failures` failures (each within `window_ms` of the previous one or
// of the end of the last lock), attempts are refused for base_ms, then 2*base_ms after the next
// failure, and so on up to max_ms. max_failures 0 disables it.
struct BackoffRule {
  int64_t max_failures = 0;
  TimeMs window_ms = 15 * kMinuteMs;
  TimeMs base_ms = kMinuteMs;
  TimeMs max_ms = 15 * kMinuteMs;
  bool enabled() const { return max_failures > 0 && base_ms > 0; }
};

// Every limit, per class and scope. A default-constructed policy limits nothing; main fills it
// from the [limits] configuration table.
struct RateLimitPolicy {
  bool enabled = false;
  BucketRule read_ip, read_account;
  BucketRule write_ip, write_account;
  BucketRule signup_ip;
  BucketRule login_ip;
  BucketRule report_ip, report_account;
  BackoffRule login_failures_per_handle;
  BackoffRule login_failures_per_ip;
};

// Storage of buckets and failure counters. Implementations must be safe to call from any thread.
// Keys are opaque strings chosen by RequestThrottle.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token from the bucket `key` (a new bucket starts full). Returns 0 when taken, or
  // the milliseconds until a token will be available (nothing is taken then; always >= 1).
  virtual TimeMs Take(std::string_view key, const BucketRule& rule) = 0;
  // Milliseconds left of the log-in lock on `key`, 0 when not locked.
  virtual TimeMs LockedFor(std::string_view key) = 0;
  // Counts a failed log-in against `key` and starts or extends its lock per `rule`.
  virtual void RecordFailure(std::string_view key, const BackoffRule& rule) = 0;
  // Forgets every failure of `key`.
  virtual void RecordSuccess(std::string_view key) = 0;
};

// RateLimiter in this process's memory: for one node. Buckets and failure counters live in two
// separate sharded maps of at most `max_keys` entries each (so a flood of new IPs cannot push a
// victim's failure count out), each shard under its own mutex with its entries in LRU order.
// Inserting into a full shard first drops entries that are idle at the LRU end (a full bucket or
// an expired failure record: forgetting them changes nothing), then, if still full, the least
// recently used entry (which then starts over, full: a deliberate fail-open over unbounded memory).
class MemoryRateLimiter final : public RateLimiter {
 public:
  // `clock` must outlive this object.
  explicit MemoryRateLimiter(const Clock& clock, size_t max_keys = 100000, size_t shards = 16);
  ~MemoryRateLimiter() override;

  TimeMs Take(std::string_view key, const BucketRule& rule) override;
  TimeMs LockedFor(std::string_view key) override;
  void RecordFailure(std::string_view key, const BackoffRule& rule) override;
  void RecordSuccess(std::string_view key) override;

  // Entries held now (for tests and metrics).
  size_t BucketCount() const;
  size_t FailureRecordCount() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What RequestThrottle answers: 0 = go ahead, otherwise refuse and retry after this many ms.
struct Verdict {
  TimeMs retry_after_ms = 0;
  bool login_locked = false;  // refused by the failed-log-in back-off rather than a bucket
  explicit operator bool() const { return retry_after_ms == 0; }
  // Whole seconds for the Retry-After header, rounded up, at least 1.
  int64_t RetryAfterSeconds() const { return retry_after_ms <= 0 ? 0 : (retry_after_ms + 999) / 1000; }
};

// Applies a RateLimitPolicy to requests. Thread safety: all methods may be called concurrently.
class RequestThrottle {
 public:
  RequestThrottle(RateLimitPolicy policy, std::shared_ptr<RateLimiter> limiter);

  // Charges one request of class `c` to the account (when signed in and the class allows it) or
  // to the client key.
  Verdict Admit(RequestClass c, std::string_view client_key, std::optional<int64_t> account) const;
  // Before checking a password: refused while the handle or the client is locked.
  Verdict CheckLogin(std::string_view client_key, std::string_view handle_key) const;
  void LoginFailed(std::string_view client_key, std::string_view handle_key) const;
  void LoginSucceeded(std::string_view client_key, std::string_view handle_key) const;

  const RateLimitPolicy& policy() const { return policy_; }

 private:
  RateLimitPolicy policy_;
  std::shared_ptr<RateLimiter> limiter_;
};

// The client's address: the peer address, or, when the peer is `trusted_proxy` (an IP, compared
// after normalisation), the last X-Forwarded-For entry (the address the proxy itself saw; earlier
// entries are whatever the client chose to send). An unparsable entry falls back to the peer.
std::string ClientAddress(const net::HttpRequest& request, std::string_view trusted_proxy);

// The per-IP limit key of an address: IPv4 as is (IPv4-mapped IPv6 counts as IPv4), IPv6 by its
// /64 prefix, since one subscriber usually holds a whole /64 and can rotate within it freely.
std::string ClientKey(std::string_view address);

// True if `text` is an IPv4 or IPv6 address (for configuration checks).
bool IsIpAddress(std::string_view text);

// The back-off key for a log-in body ({"handle": "..."}): the handle's fold key (so "Anna" and
// "@anna" share one counter), an email lower-cased; "" when the body has no usable handle.
std::string LoginHandleKey(std::string_view json_body);

}  // namespace kring::api
