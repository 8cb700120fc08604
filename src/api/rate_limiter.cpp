#include "api/rate_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstring>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/account.h"
#include "core/unicode_text.h"

namespace kring::api {

// ---------------------------------------------------------------------------------------------
// Classes

const char* RequestClassName(RequestClass c) {
  switch (c) {
    case RequestClass::kExempt: return "exempt";
    case RequestClass::kRead: return "read";
    case RequestClass::kWrite: return "write";
    case RequestClass::kSignup: return "signup";
    case RequestClass::kLogin: return "login";
    case RequestClass::kReport: return "report";
  }
  return "write";
}

RequestClass ClassifyRoute(std::string_view method, std::string_view path) {
  // Liveness probes run every few seconds from the load balancer's one address.
  if (path == "/healthz") return RequestClass::kExempt;
  if (method == "GET" || method == "HEAD" || method == "OPTIONS") return RequestClass::kRead;
  if (method == "POST") {
    if (path == "/api/v1/auth/register") return RequestClass::kSignup;
    if (path == "/api/v1/auth/login") return RequestClass::kLogin;
    // Filing a report: /api/v1/reports and any per-resource ".../reports" collection.
    constexpr std::string_view kReports = "/reports";
    if (path.size() >= kReports.size() && path.substr(path.size() - kReports.size()) == kReports)
      return RequestClass::kReport;
  }
  return RequestClass::kWrite;
}

// ---------------------------------------------------------------------------------------------
// MemoryRateLimiter

namespace {

// Entries whose forget_at has passed carry no information (a bucket that has refilled, a failure
// record past its window): dropping them is exactly equivalent to keeping them.
struct BucketState {
  double tokens = 0;
  TimeMs updated = 0;
  TimeMs forget_at = 0;
};

struct FailureState {
  int64_t failures = 0;
  TimeMs locked_until = 0;
  TimeMs forget_at = 0;
};

// A fixed number of shards, each an LRU-ordered map under its own mutex, holding at most
// `cap` entries per shard.
template <typename State>
class ShardedLru {
 public:
  struct Entry {
    std::string key;
    State state;
  };
  using List = std::list<Entry>;

  ShardedLru(size_t max_keys, size_t shards)
      : cap_(std::max<size_t>(1, max_keys / std::max<size_t>(1, shards))), shards_(std::max<size_t>(1, shards)) {}

  struct Shard {
    std::mutex mu;
    List lru;  // front: most recently used
    // Keys view the strings held by the list nodes, which never move.
    std::unordered_map<std::string_view, typename List::iterator> index;
  };

  Shard& ShardFor(std::string_view key) { return shards_[std::hash<std::string_view>{}(key) % shards_.size()]; }

  // Callers hold shard.mu for these.
  State* Find(Shard& s, std::string_view key) {
    auto it = s.index.find(key);
    if (it == s.index.end()) return nullptr;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    return &it->second->state;
  }
  State& Insert(Shard& s, std::string_view key, TimeMs now, const State& initial) {
    // Drop a few idle entries from the cold end on every insert, so memory follows the number of
    // active clients; then make room by evicting the coldest entry if still at the cap.
    for (int i = 0; i < 8 && !s.lru.empty() && s.lru.back().state.forget_at <= now; ++i) PopBack(s);
    while (s.lru.size() >= cap_) PopBack(s);
    s.lru.push_front(Entry{std::string(key), initial});
    s.index.emplace(std::string_view(s.lru.front().key), s.lru.begin());
    return s.lru.front().state;
  }
  void Erase(Shard& s, std::string_view key) {
    auto it = s.index.find(key);
    if (it == s.index.end()) return;
    auto node = it->second;
    s.index.erase(it);
    s.lru.erase(node);
  }
  size_t Size() {
    size_t n = 0;
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      n += s.lru.size();
    }
    return n;
  }

 private:
  void PopBack(Shard& s) {
    s.index.erase(std::string_view(s.lru.back().key));
    s.lru.pop_back();
  }
  size_t cap_;
  std::vector<Shard> shards_;
};

}  // namespace

struct MemoryRateLimiter::Impl {
  Impl(const Clock& c, size_t max_keys, size_t shards) : clock(c), buckets(max_keys, shards), failures(max_keys, shards) {}
  const Clock& clock;
  ShardedLru<BucketState> buckets;
  ShardedLru<FailureState> failures;
};

MemoryRateLimiter::MemoryRateLimiter(const Clock& clock, size_t max_keys, size_t shards)
    : impl_(std::make_unique<Impl>(clock, max_keys, shards)) {}
MemoryRateLimiter::~MemoryRateLimiter() = default;

TimeMs MemoryRateLimiter::Take(std::string_view key, const BucketRule& rule) {
  if (!rule.enabled()) return 0;
  const TimeMs now = impl_->clock.Now();
  const double per_ms = static_cast<double>(rule.rate) / static_cast<double>(rule.period_ms);
  const double burst = static_cast<double>(rule.burst);
  auto& store = impl_->buckets;
  auto& shard = store.ShardFor(key);
  std::lock_guard lock(shard.mu);
  BucketState* b = store.Find(shard, key);
  if (!b) {
    b = &store.Insert(shard, key, now, BucketState{burst, now, now});
  } else if (now > b->updated) {  // a clock that steps back refills nothing rather than draining
    b->tokens = std::min(burst, b->tokens + static_cast<double>(now - b->updated) * per_ms);
    b->updated = now;
  }
  b->tokens = std::min(b->tokens, burst);  // the rule may have been lowered
  constexpr double kEpsilon = 1e-9;          // whole refills must not miss by a rounding error
  if (b->tokens >= 1.0 - kEpsilon) {
    b->tokens = std::max(0.0, b->tokens - 1.0);
    b->forget_at = now + static_cast<TimeMs>(std::ceil((burst - b->tokens) / per_ms));
    return 0;
  }
  return std::max<TimeMs>(1, static_cast<TimeMs>(std::ceil((1.0 - b->tokens) / per_ms)));
}

TimeMs MemoryRateLimiter::LockedFor(std::string_view key) {
  const TimeMs now = impl_->clock.Now();
  auto& store = impl_->failures;
  auto& shard = store.ShardFor(key);
  std::lock_guard lock(shard.mu);
  const FailureState* f = store.Find(shard, key);
  if (!f || f->locked_until <= now) return 0;
  return f->locked_until - now;
}

void MemoryRateLimiter::RecordFailure(std::string_view key, const BackoffRule& rule) {
  if (!rule.enabled()) return;
  const TimeMs now = impl_->clock.Now();
  auto& store = impl_->failures;
  auto& shard = store.ShardFor(key);
  std::lock_guard lock(shard.mu);
  FailureState* f = store.Find(shard, key);
  if (f && f->forget_at <= now) *f = FailureState{};
  if (!f) f = &store.Insert(shard, key, now, FailureState{});
  ++f->failures;
  if (f->failures >= rule.max_failures) {
    // base, 2*base, 4*base ... after the 1st, 2nd, 3rd failure past the threshold.
    int64_t shift = std::min<int64_t>(f->failures - rule.max_failures, 30);
    TimeMs lock_ms = std::min<TimeMs>(rule.max_ms, rule.base_ms << shift);
    f->locked_until = std::max(f->locked_until, now + lock_ms);
  }
  // The window runs from the later of this failure and the end of the lock, so a lock at the cap
  // does not outlast the memory of why it was set.
  f->forget_at = std::max(now, f->locked_until) + rule.window_ms;
}

void MemoryRateLimiter::RecordSuccess(std::string_view key) {
  auto& store = impl_->failures;
  auto& shard = store.ShardFor(key);
  std::lock_guard lock(shard.mu);
  store.Erase(shard, key);
}

size_t MemoryRateLimiter::BucketCount() const { return impl_->buckets.Size(); }
size_t MemoryRateLimiter::FailureRecordCount() const { return impl_->failures.Size(); }

// ---------------------------------------------------------------------------------------------
// RequestThrottle

RequestThrottle::RequestThrottle(RateLimitPolicy policy, std::shared_ptr<RateLimiter> limiter)
    : policy_(std::move(policy)), limiter_(std::move(limiter)) {}

Verdict RequestThrottle::Admit(RequestClass c, std::string_view client_key, std::optional<int64_t> account) const {
  if (!policy_.enabled || !limiter_ || c == RequestClass::kExempt) return {};
  const BucketRule* rule = nullptr;
  bool by_account = account.has_value();
  switch (c) {
    case RequestClass::kExempt: return {};
    case RequestClass::kRead: rule = by_account ? &policy_.read_account : &policy_.read_ip; break;
    case RequestClass::kWrite: rule = by_account ? &policy_.write_account : &policy_.write_ip; break;
    case RequestClass::kReport: rule = by_account ? &policy_.report_account : &policy_.report_ip; break;
    // Nobody is signed in yet for these (and a session must not buy extra attempts).
    case RequestClass::kSignup: rule = &policy_.signup_ip; by_account = false; break;
    case RequestClass::kLogin: rule = &policy_.login_ip; by_account = false; break;
  }
  if (!rule->enabled()) return {};
  std::string key = RequestClassName(c);
  if (by_account) key += ":a:" + std::to_string(*account);
  else key.append(":ip:").append(client_key);
  return Verdict{limiter_->Take(key, *rule), false};
}

namespace {
std::string HandleFailureKey(std::string_view handle_key) { return "lf:h:" + std::string(handle_key); }
std::string ClientFailureKey(std::string_view client_key) { return "lf:ip:" + std::string(client_key); }
}  // namespace

Verdict RequestThrottle::CheckLogin(std::string_view client_key, std::string_view handle_key) const {
  if (!policy_.enabled || !limiter_) return {};
  TimeMs wait = 0;
  if (policy_.login_failures_per_handle.enabled() && !handle_key.empty())
    wait = limiter_->LockedFor(HandleFailureKey(handle_key));
  if (policy_.login_failures_per_ip.enabled())
    wait = std::max(wait, limiter_->LockedFor(ClientFailureKey(client_key)));
  return Verdict{wait, wait > 0};
}

void RequestThrottle::LoginFailed(std::string_view client_key, std::string_view handle_key) const {
  if (!policy_.enabled || !limiter_) return;
  if (policy_.login_failures_per_handle.enabled() && !handle_key.empty())
    limiter_->RecordFailure(HandleFailureKey(handle_key), policy_.login_failures_per_handle);
  if (policy_.login_failures_per_ip.enabled())
    limiter_->RecordFailure(ClientFailureKey(client_key), policy_.login_failures_per_ip);
}

void RequestThrottle::LoginSucceeded(std::string_view client_key, std::string_view handle_key) const {
  if (!policy_.enabled || !limiter_) return;
  if (!handle_key.empty()) limiter_->RecordSuccess(HandleFailureKey(handle_key));
  limiter_->RecordSuccess(ClientFailureKey(client_key));
}

// ---------------------------------------------------------------------------------------------
// Client identity

namespace {

struct Ip {
  bool v4 = false;
  unsigned char bytes[16] = {};
};

std::optional<Ip> ParseIp(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string z(text);  // inet_pton wants a terminated string
  Ip ip;
  if (inet_pton(AF_INET, z.c_str(), ip.bytes) == 1) {
    ip.v4 = true;
    return ip;
  }
  if (inet_pton(AF_INET6, z.c_str(), ip.bytes) != 1) return std::nullopt;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(ip.bytes, kMapped, 12) == 0) {
    std::memmove(ip.bytes, ip.bytes + 12, 4);
    std::memset(ip.bytes + 4, 0, 12);
    ip.v4 = true;
  }
  return ip;
}

bool SameIp(const Ip& a, const Ip& b) { return a.v4 == b.v4 && std::memcmp(a.bytes, b.bytes, a.v4 ? 4 : 16) == 0; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "[2001:db8::1]:443" or "192.0.2.1:8080" (some proxies add the port) to the bare address.
std::string_view WithoutPort(std::string_view s) {
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    return close == std::string_view::npos ? s : s.substr(1, close - 1);
  }
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos) return s.substr(0, colon);
  return s;
}

}  // namespace

bool IsIpAddress(std::string_view text) { return ParseIp(text).has_value(); }

std::string ClientAddress(const net::HttpRequest& request, std::string_view trusted_proxy) {
  const std::string& peer = request.remote_address;
  if (trusted_proxy.empty()) return peer;
  auto proxy = ParseIp(trusted_proxy);
  auto peer_ip = ParseIp(peer);
  if (!proxy || !peer_ip || !SameIp(*proxy, *peer_ip)) return peer;
  const std::string* forwarded = nullptr;
  for (const auto& [name, value] : request.headers)
    if (name == "x-forwarded-for") forwarded = &value;
  if (!forwarded) return peer;
  std::string_view last = *forwarded;
  if (size_t comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
  last = WithoutPort(Trim(last));
  if (!ParseIp(last)) return peer;
  return std::string(last);
}

std::string ClientKey(std::string_view address) {
  auto ip = ParseIp(address);
  if (!ip) return address.empty() ? std::string("unknown") : std::string(address.substr(0, 64));
  char out[INET6_ADDRSTRLEN] = {};
  if (ip->v4) {
    inet_ntop(AF_INET, ip->bytes, out, sizeof out);
    return out;
  }
  std::memset(ip->bytes + 8, 0, 8);
  inet_ntop(AF_INET6, ip->bytes, out, sizeof out);
  return std::string(out) + "/64";
}

std::string LoginHandleKey(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* h = v.as_object().if_contains("handle");
  if (!h || !h->is_string()) return "";
  std::string_view handle = h->as_string();
  if (handle.empty() || handle.size() > 300) return "";
  if (handle.find('@') != std::string_view::npos && handle.front() != '@') {
    auto email = core::NormalizeEmail(handle);
    if (email) return "e:" + *email;
    std::string lower(handle);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "e:" + lower;
  }
  if (handle.front() == '@') handle.remove_prefix(1);
  std::string key = core::FoldKey(handle);
  return key.empty() ? "" : "h:" + key;
}

}  // namespace kring::api
