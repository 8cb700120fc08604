// Kring's configuration: defaults, then a TOML file (--config), then KRING_* environment variables
// (KRING_SERVER_PORT overrides [server] port). An invalid value stops start-up with a message that
// names the key and the problem.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"

namespace kring::main {

struct Config {
  // [server]
  std::string address = "127.0.0.1";
  int64_t port = 8080;
  int64_t io_threads = 1;
  int64_t worker_threads = 4;
  int64_t max_body_bytes = 1 << 20;
  int64_t max_connections = 1024;
  int64_t header_timeout_ms = 10000;
  int64_t body_timeout_ms = 30000;
  int64_t idle_timeout_ms = 60000;
  std::string public_origin;  // e.g. "https://kring.example"; empty = derive from Host
  bool cookie_secure = true;
  // [storage]
  std::string data_dir = "./data";
  std::string synchronous = "FULL";
  // [posts]
  int64_t comment_render_depth = 6;
  // [log]
  std::string log_level = "info";
  bool access_log = true;
  // [web]
  std::string web_root = "";  // directory of the built web app; "" = look next to the binary, then ./web/dist
};

// Loads `path` (may be empty: defaults only) and applies environment overrides.
// Errors name the key: "config: server.port must be a number from 0 to 65535 (got \"abc\")".
Result<Config> LoadConfig(const std::string& path);

}  // namespace kring::main
