// KRING_CHECK: always-on invariant checks for bugs (never for untrusted input).
// A failed check logs the message with its location and aborts the process.
#pragma once

#include <source_location>
#include <string>

namespace kring {
[[noreturn]] void CheckFailed(const char* condition, const std::string& message,
                              std::source_location where = std::source_location::current());
}  // namespace kring

#define KRING_CHECK(cond, message)                                    \
  do {                                                                \
    if (!(cond)) [[unlikely]] ::kring::CheckFailed(#cond, (message)); \
  } while (0)
