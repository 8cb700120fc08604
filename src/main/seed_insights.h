// `kring seed --insights`: a community with eight weeks of realistic audience history for the
// insights (daily and weekly rhythm, some very active members and many quiet ones, anonymous
// visitors), with a planted truth the tests check: the audience peaks on weekday evenings,
// 19:00-21:00 Europe/Amsterdam; and, in /c/insights-a and /c/insights-b, the planted truths of
// main/seed_insights_planted.h for decision support. Older days are rolled up exactly as the server would.
//
// Creates @insights_owner (owner of /c/insights-demo) and @insights_m01…, all with the password
// kInsightsPassword. Refuses to run twice.
#pragma once

#include "base/result.h"
#include "main/runtime.h"

namespace kring::main {

inline constexpr const char* kInsightsPassword = "kring-insights-2026";
inline constexpr const char* kInsightsSlug = "insights-demo";

Status SeedInsights(Runtime& runtime);

}  // namespace kring::main
