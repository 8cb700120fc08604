// RFC 3339 timestamps in UTC ("2026-11-30T23:30:59.123Z"), the only time format on the wire.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace kring {

// Formats with millisecond precision and a trailing Z.
std::string FormatRfc3339(TimeMs t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]"; nullopt when malformed or out of range.
std::optional<TimeMs> ParseRfc3339(std::string_view text);

}  // namespace kring
