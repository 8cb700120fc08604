#include "base/id_generator.h"

#include "base/check.h"

namespace kring {

SnowflakeIdGenerator::SnowflakeIdGenerator(const Clock& clock, int node) : clock_(clock), node_(node) {
  KRING_CHECK(node >= 0 && node < 64, "node number must be in 0..63");
}

int64_t SnowflakeIdGenerator::Next() {
  std::lock_guard lock(mu_);
  int64_t ms = clock_.Now() - kEpochMs;
  // Never go backwards, even if the wall clock does: reuse the last millisecond and keep counting.
  if (ms < last_ms_) ms = last_ms_;
  if (ms == last_ms_) {
    ++sequence_;
    if (sequence_ > 0xFFFF) {  // 65,536 ids in one millisecond: borrow the next millisecond.
      ++ms;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = ms;
  return (ms << 22) | (node_ << 16) | sequence_;
}

}  // namespace kring
