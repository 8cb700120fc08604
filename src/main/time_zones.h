// UTC offsets from the system tz database (/usr/share/zoneinfo, package tzdata), for insights'
// local-time heatmaps. g++ 12's libstdc++ has no std::chrono::zoned_time, so the TZif files are
// read here (RFC 8536, version 2+ 64-bit data). Files are parsed once and cached.
//
// Thread safety: safe from any thread.
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.h"

namespace kring::main {

// local = at + offset; nullopt when the zone is unknown or its file unreadable. After the last
// transition in the file the last offset holds (fat tzdata files list transitions up to 2037).
std::optional<TimeMs> SystemTimeZoneOffset(std::string_view zone, TimeMs at);

}  // namespace kring::main
