#include "base/log.h"

#include <cstdio>

namespace kring {
namespace {
LogSink& Sink() {
  static LogSink sink = [](LogLevel level, std::string_view m) {
    static const char* kNames[] = {"debug", "info", "warn", "error"};
    std::fprintf(stderr, "[%s] %.*s\n", kNames[static_cast<int>(level)], static_cast<int>(m.size()), m.data());
  };
  return sink;
}
}  // namespace

void SetLogSink(LogSink sink) { Sink() = std::move(sink); }
void Log(LogLevel level, std::string_view message) { Sink()(level, message); }

}  // namespace kring
