#include "main/logging.h"

#include <boost/json.hpp>
#include <cstdio>
#include <mutex>

#include "base/clock.h"
#include "base/log.h"
#include "base/time_format.h"

namespace kring::main {
namespace {
std::mutex g_write_mu;
void WriteLine(const boost::json::object& o) {
  std::string line = boost::json::serialize(o);
  line += '\n';
  std::lock_guard lock(g_write_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}
}  // namespace

void InstallJsonLogSink(const std::string& min_level) {
  static const char* kNames[] = {"debug", "info", "warn", "error"};
  int min = 1;
  for (int i = 0; i < 4; ++i)
    if (min_level == kNames[i]) min = i;
  SetLogSink([min](LogLevel level, std::string_view message) {
    if (static_cast<int>(level) < min) return;
    SystemClock clock;
    WriteLine(boost::json::object{{"time", FormatRfc3339(clock.Now())},
                                  {"level", kNames[static_cast<int>(level)]},
                                  {"msg", message}});
  });
}

void WriteAccessLog(const net::AccessLogEntry& e) {
  SystemClock clock;
  WriteLine(boost::json::object{{"time", FormatRfc3339(clock.Now())},
                                {"level", "info"},
                                {"msg", "request"},
                                {"request_id", e.request_id},
                                {"method", e.method},
                                {"path", e.path},
                                {"status", e.status},
                                {"bytes", e.bytes_sent},
                                {"duration_us", static_cast<int64_t>(e.duration_ms * 1000)},
                                {"remote", e.remote_address}});
}

}  // namespace kring::main
