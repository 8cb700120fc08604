// `kring seed --demo`: a few living communities (Dutch and English) so a newcomer sees what Kring
// is for. Runs through the ordinary use cases, so every rule applies. Refuses to run twice.
#pragma once

#include "base/result.h"
#include "main/runtime.h"

namespace kring::main {

// Demo accounts share one password, printed at the end.
inline constexpr const char* kDemoPassword = "kring-demo-2026";

Status SeedDemo(Runtime& runtime);

}  // namespace kring::main
