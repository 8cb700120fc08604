// Cursor pagination shared by every list: `max_id` (older than), `min_id` (newer than), `limit`.
// Lists sorted by something other than time ("top", "active", "size") page with `offset` instead,
// because an id cursor means nothing there.
#pragma once

#include <cstdint>
#include <optional>

namespace kring::app {

constexpr int kDefaultPageLimit = 20;
constexpr int kMaxPageLimit = 100;

struct PageRequest {
  std::optional<int64_t> max_id;  // return items with id < max_id
  std::optional<int64_t> min_id;  // return items with id > min_id (the page just above min_id)
  int limit = kDefaultPageLimit;
  int offset = 0;  // only for non-chronological sorts
};

}  // namespace kring::app
