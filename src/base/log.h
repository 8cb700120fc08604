// Logging facade: base stays free of spdlog; main installs a sink (JSON lines to stderr).
// Thread safety: Log() may be called from any thread once a sink is installed at start-up.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace kring {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

using LogSink = std::function<void(LogLevel, std::string_view)>;

// Installs the process-wide sink. REQUIRES: called before other threads log (start-up only).
void SetLogSink(LogSink sink);
void Log(LogLevel level, std::string_view message);

inline void LogInfo(std::string_view m) { Log(LogLevel::kInfo, m); }
inline void LogWarn(std::string_view m) { Log(LogLevel::kWarn, m); }
inline void LogError(std::string_view m) { Log(LogLevel::kError, m); }

}  // namespace kring
