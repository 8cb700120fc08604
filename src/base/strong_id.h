// StrongId<Tag>: a 64-bit id that cannot be mixed up with another kind of id.
// Ids are time-ordered (see id_generator.h) and rendered as decimal strings on the wire, because
// JavaScript loses integer precision past 2^53.
#pragma once

#include <charconv>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kring {

template <typename Tag>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(int64_t value) : value_(value) {}

  constexpr int64_t value() const { return value_; }
  constexpr bool valid() const { return value_ > 0; }
  std::string ToString() const { return std::to_string(value_); }

  // Parses a positive decimal id; nullopt for anything else (never throws).
  static std::optional<StrongId> Parse(std::string_view text) {
    if (text.empty() || text.size() > 19) return std::nullopt;
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
    return StrongId(v);
  }

  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  int64_t value_ = 0;
};

using AccountId = StrongId<struct AccountIdTag>;
using CommunityId = StrongId<struct CommunityIdTag>;
using PostId = StrongId<struct PostIdTag>;
using CommentId = StrongId<struct CommentIdTag>;
using InviteId = StrongId<struct InviteIdTag>;
using ScheduledPostId = StrongId<struct ScheduledPostIdTag>;
using SessionId = StrongId<struct SessionIdTag>;

}  // namespace kring

template <typename Tag>
struct std::hash<kring::StrongId<Tag>> {
  size_t operator()(const kring::StrongId<Tag>& id) const noexcept {
    return std::hash<int64_t>{}(id.value());
  }
};
