// Clock: the only source of "now" in Kring, so tests can control time (FakeClock).
// Times are UTC, held as milliseconds since the Unix epoch (TimeMs).
// Thread safety: implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace kring {

using TimeMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

constexpr TimeMs kSecondMs = 1000;
constexpr TimeMs kMinuteMs = 60 * kSecondMs;
constexpr TimeMs kHourMs = 60 * kMinuteMs;
constexpr TimeMs kDayMs = 24 * kHourMs;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs Now() const override;
};

// A clock that moves only when told to. Starts at 2026-01-01T00:00:00Z unless given a time.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimeMs start = 1767225600000) : now_(start) {}
  TimeMs Now() const override { return now_.load(); }
  void Set(TimeMs t) { now_.store(t); }
  void Advance(TimeMs delta) { now_.fetch_add(delta); }

 private:
  std::atomic<TimeMs> now_;
};

}  // namespace kring
