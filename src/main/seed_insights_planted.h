// Part of `kring seed --insights`: two more communities with planted truths for decision support,
// which the integration tests check the insights recover (and nothing else):
//   * /c/insights-a: posts tagged #uurwerk get 30% more interactions per viewer; #wijzerplaat does
//     nothing; video posts get 50% more than text posts.
//   * /c/insights-b: video posts do exactly as well as text posts.
// Video posts are media rows of type 'video' (no files: only the rows insights read).
#pragma once

#include <functional>
#include <random>
#include <vector>

#include "base/result.h"
#include "core/account.h"
#include "main/runtime.h"

namespace kring::main {

inline constexpr const char* kPlantedSlugA = "insights-a";
inline constexpr const char* kPlantedSlugB = "insights-b";

// `members` become members of both communities and write and view the posts; `when` draws the
// time of one audience action (so the planted rhythm of the demo holds here too).
Status SeedPlantedTruths(Runtime& rt, const core::Account& owner, const std::vector<core::Account>& members,
                         std::mt19937_64& rng, const std::function<TimeMs()>& when);

}  // namespace kring::main
