// RunLimited: runs a program (no shell) with a wall-time limit and an address-space cap, for
// ffmpeg and ffprobe working on untrusted uploads. fork + execv: setrlimit must run in the child
// before exec, which posix_spawn cannot do. Only async-signal-safe calls happen between fork and
// exec (the server is multi-threaded).
//
// Thread safety: may be called concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace kring::media {

struct SubprocessLimits {
  int64_t timeout_ms = 60'000;  // wall time; the child is killed (SIGKILL) after it
  uint64_t memory_bytes = 0;    // RLIMIT_AS of the child; 0 = inherit
  uint64_t max_output_bytes = 1 << 20;  // stdout kept (ffprobe answers); stderr keeps its last 4 KiB
};

struct SubprocessResult {
  int exit_code = -1;       // -1 when killed by a signal
  bool timed_out = false;   // killed because the wall time ran out
  int signal = 0;           // the signal that ended it (SIGKILL on timeout, SIGSEGV/SIGABRT on OOM ...)
  std::string out;          // stdout (truncated to max_output_bytes)
  std::string err_tail;     // the end of stderr, for logs
};

// argv[0] is the program's absolute path. Errors only when the process cannot be started.
Result<SubprocessResult> RunLimited(const std::vector<std::string>& argv, const SubprocessLimits& limits);

}  // namespace kring::media
