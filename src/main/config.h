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
  std::string trusted_proxy;  // the reverse proxy's IP; its X-Forwarded-For names the client
  // [limits] (api/rate_limiter.h): requests per IP when anonymous, per account when signed in.
  // A rate of 0 turns that limit off; `enabled = false` turns them all off.
  struct Limits {
    bool enabled = true;
    int64_t read_ip_per_minute = 600, read_ip_burst = 120;
    int64_t read_account_per_minute = 1200, read_account_burst = 240;
    int64_t write_ip_per_minute = 60, write_ip_burst = 20;
    int64_t write_account_per_minute = 120, write_account_burst = 30;
    int64_t signup_ip_per_hour = 5, signup_ip_burst = 5;
    int64_t login_ip_per_minute = 20, login_ip_burst = 10;
    int64_t report_ip_per_hour = 20, report_ip_burst = 10;
    int64_t report_account_per_hour = 20, report_account_burst = 10;
    // Failed log-ins: past this many (per handle, per IP) attempts are refused for
    // login_lockout_seconds, doubling per further failure up to login_lockout_max_seconds.
    int64_t login_failures_per_handle = 5;
    int64_t login_failures_per_ip = 20;
    int64_t login_failure_window_seconds = 900;
    int64_t login_lockout_seconds = 60;
    int64_t login_lockout_max_seconds = 900;
    int64_t max_keys = 100000;  // buckets (and, separately, failure records) held in memory
  } limits;
  // [storage]
  std::string data_dir = "./data";
  std::string synchronous = "FULL";
  int64_t writer_cache_mb = 16;  // the writing connection's SQLite page cache (see database.h)
  int64_t mmap_mb = 256;  // SQLite reads through a memory map of up to this much of the file
  // [posts]
  int64_t comment_render_depth = 6;
  // [media] photos: per upload, and stored bytes per account.
  int64_t media_max_upload_bytes = 16 << 20;
  int64_t media_max_pixels = 50000000;
  int64_t media_quota_bytes = int64_t{1} << 30;
  // [media] short video: uploads are processed by ffmpeg in a subprocess with these limits.
  bool media_video_enabled = true;
  int64_t media_video_max_upload_bytes = int64_t{200} << 20;
  int64_t media_video_max_seconds = 180;
  int64_t media_video_timeout_seconds = 600;
  int64_t media_video_memory_bytes = int64_t{2048} << 20;
  int64_t media_video_threads = 2;
  std::string media_ffmpeg = "/usr/bin/ffmpeg";
  std::string media_ffprobe = "/usr/bin/ffprobe";
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
