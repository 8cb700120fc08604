// Structured logs: one JSON object per line on stderr ({"time","level","msg"}), and the access
// log in the same form, so `journalctl` and `jq` read them alike.
#pragma once

#include <string>

#include "net/http_server.h"

namespace kring::main {

void InstallJsonLogSink(const std::string& min_level);
void WriteAccessLog(const net::AccessLogEntry& entry);

}  // namespace kring::main
