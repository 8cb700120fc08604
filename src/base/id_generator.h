// IdGenerator: 64-bit, time-ordered ids ("snowflakes").
//
// Layout: 41 bits of milliseconds since 2020-01-01 UTC | 6 bits node | 16 bits sequence.
// Ids from one generator are strictly increasing; ids from different nodes never collide as long
// as nodes have different numbers (0..63), which the scale-out setup assigns per process.
// Ordering by id is ordering by creation time, which the feeds rely on for cursor pagination.
//
// Thread safety: Next() may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>

#include "base/clock.h"

namespace kring {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual int64_t Next() = 0;
};

class SnowflakeIdGenerator final : public IdGenerator {
 public:
  static constexpr TimeMs kEpochMs = 1577836800000;  // 2020-01-01T00:00:00Z

  SnowflakeIdGenerator(const Clock& clock, int node);
  int64_t Next() override;

  // The creation time encoded in an id (for cursors and "top of day" windows).
  static TimeMs TimeOf(int64_t id) { return (id >> 22) + kEpochMs; }
  // The smallest id that could have been generated at time t.
  static int64_t FirstIdAt(TimeMs t) { return (t - kEpochMs) << 22; }

 private:
  const Clock& clock_;
  const int64_t node_;
  std::mutex mu_;
  int64_t last_ms_ = 0;   // GUARDED_BY(mu_)
  int64_t sequence_ = 0;  // GUARDED_BY(mu_)
};

}  // namespace kring
