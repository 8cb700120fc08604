// `kring serve`: runs the HTTP server, the scheduled-post publisher and waits for SIGINT/SIGTERM,
// then shuts down gracefully (in-flight requests finish).
#pragma once

#include <csignal>

#include "base/result.h"
#include "main/config.h"

namespace kring::main {

// REQUIRES: `signals` (SIGINT, SIGTERM) are blocked in the calling thread.
Status Serve(const Config& config, const char* version, const sigset_t& signals);

}  // namespace kring::main
