#include "main/config.h"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <toml++/toml.h>
#include <vector>

#include "api/rate_limiter.h"

namespace kring::main {
namespace {

Error ConfigError(const std::string& message) { return InvalidArgument("invalid_config", "config: " + message); }

// One configurable key: where it lives in TOML, and how to set it from TOML or from text (env).
struct Key {
  std::string table, name;
  std::function<Status(const toml::node&)> from_toml;
  std::function<Status(const std::string&)> from_text;
  std::string dotted() const { return table + "." + name; }
  std::string env() const {
    std::string e = "KRING_" + table + "_" + name;
    for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return e;
  }
};

Key IntKey(std::string table, std::string name, int64_t* out, int64_t min, int64_t max) {
  std::string dotted = table + "." + name;
  auto check = [=](int64_t v, const std::string& shown) -> Status {
    if (v < min || v > max)
      return ConfigError(dotted + " must be a number from " + std::to_string(min) + " to " + std::to_string(max) +
                         " (got " + shown + ")");
    *out = v;
    return Status::Ok();
  };
  return Key{table, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<int64_t>();
               if (!n.is_integer() || !v) return ConfigError(dotted + " must be a whole number");
               return check(*v, std::to_string(*v));
             },
             [=](const std::string& text) -> Status {
               int64_t v = 0;
               auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
               if (ec != std::errc() || p != text.data() + text.size())
                 return ConfigError(dotted + " must be a number from " + std::to_string(min) + " to " +
                                    std::to_string(max) + " (got \"" + text + "\")");
               return check(v, "\"" + text + "\"");
             }};
}

Key StringKey(std::string table, std::string name, std::string* out, std::vector<std::string> allowed = {}) {
  std::string dotted = table + "." + name;
  auto check = [=](const std::string& v) -> Status {
    if (!allowed.empty()) {
      bool ok = false;
      std::string list;
      for (const auto& a : allowed) {
        ok = ok || a == v;
        list += (list.empty() ? "" : ", ") + a;
      }
      if (!ok) return ConfigError(dotted + " must be one of " + list + " (got \"" + v + "\")");
    }
    *out = v;
    return Status::Ok();
  };
  return Key{table, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<std::string>();
               if (!n.is_string() || !v) return ConfigError(dotted + " must be a string");
               return check(*v);
             },
             check};
}

Key BoolKey(std::string table, std::string name, bool* out) {
  std::string dotted = table + "." + name;
  return Key{table, name,
             [=](const toml::node& n) -> Status {
               auto v = n.value<bool>();
               if (!n.is_boolean() || !v) return ConfigError(dotted + " must be true or false");
               *out = *v;
               return Status::Ok();
             },
             [=](const std::string& text) -> Status {
               if (text == "true" || text == "1") *out = true;
               else if (text == "false" || text == "0") *out = false;
               else return ConfigError(dotted + " must be true or false (got \"" + text + "\")");
               return Status::Ok();
             }};
}

}  // namespace

Result<Config> LoadConfig(const std::string& path) {
  constexpr int64_t kMaxRate = 100000000;
  Config c;
  std::vector<Key> keys = {
      StringKey("server", "address", &c.address),
      IntKey("server", "port", &c.port, 0, 65535),
      IntKey("server", "io_threads", &c.io_threads, 1, 64),
      IntKey("server", "worker_threads", &c.worker_threads, 1, 256),
      IntKey("server", "max_body_bytes", &c.max_body_bytes, 1024, int64_t{1} << 32),
      IntKey("server", "max_connections", &c.max_connections, 1, 1000000),
      IntKey("server", "header_timeout_ms", &c.header_timeout_ms, 100, 600000),
      IntKey("server", "body_timeout_ms", &c.body_timeout_ms, 100, 3600000),
      IntKey("server", "idle_timeout_ms", &c.idle_timeout_ms, 100, 3600000),
      StringKey("server", "public_origin", &c.public_origin),
      BoolKey("server", "cookie_secure", &c.cookie_secure),
      StringKey("server", "trusted_proxy", &c.trusted_proxy),
      BoolKey("limits", "enabled", &c.limits.enabled),
      IntKey("limits", "read_ip_per_minute", &c.limits.read_ip_per_minute, 0, kMaxRate),
      IntKey("limits", "read_ip_burst", &c.limits.read_ip_burst, 1, kMaxRate),
      IntKey("limits", "read_account_per_minute", &c.limits.read_account_per_minute, 0, kMaxRate),
      IntKey("limits", "read_account_burst", &c.limits.read_account_burst, 1, kMaxRate),
      IntKey("limits", "write_ip_per_minute", &c.limits.write_ip_per_minute, 0, kMaxRate),
      IntKey("limits", "write_ip_burst", &c.limits.write_ip_burst, 1, kMaxRate),
      IntKey("limits", "write_account_per_minute", &c.limits.write_account_per_minute, 0, kMaxRate),
      IntKey("limits", "write_account_burst", &c.limits.write_account_burst, 1, kMaxRate),
      IntKey("limits", "signup_ip_per_hour", &c.limits.signup_ip_per_hour, 0, kMaxRate),
      IntKey("limits", "signup_ip_burst", &c.limits.signup_ip_burst, 1, kMaxRate),
      IntKey("limits", "login_ip_per_minute", &c.limits.login_ip_per_minute, 0, kMaxRate),
      IntKey("limits", "login_ip_burst", &c.limits.login_ip_burst, 1, kMaxRate),
      IntKey("limits", "report_ip_per_hour", &c.limits.report_ip_per_hour, 0, kMaxRate),
      IntKey("limits", "report_ip_burst", &c.limits.report_ip_burst, 1, kMaxRate),
      IntKey("limits", "report_account_per_hour", &c.limits.report_account_per_hour, 0, kMaxRate),
      IntKey("limits", "report_account_burst", &c.limits.report_account_burst, 1, kMaxRate),
      IntKey("limits", "login_failures_per_handle", &c.limits.login_failures_per_handle, 0, 1000),
      IntKey("limits", "login_failures_per_ip", &c.limits.login_failures_per_ip, 0, 100000),
      IntKey("limits", "login_failure_window_seconds", &c.limits.login_failure_window_seconds, 1, 7 * 86400),
      IntKey("limits", "login_lockout_seconds", &c.limits.login_lockout_seconds, 1, 86400),
      IntKey("limits", "login_lockout_max_seconds", &c.limits.login_lockout_max_seconds, 1, 7 * 86400),
      IntKey("limits", "max_keys", &c.limits.max_keys, 1000, 100000000),
      StringKey("storage", "data_dir", &c.data_dir),
      StringKey("storage", "synchronous", &c.synchronous, {"FULL", "NORMAL"}),
      IntKey("storage", "mmap_mb", &c.mmap_mb, 0, 1 << 20),
      IntKey("storage", "writer_cache_mb", &c.writer_cache_mb, 1, 1 << 16),
      IntKey("posts", "comment_render_depth", &c.comment_render_depth, 1, 50),
      IntKey("media", "max_upload_bytes", &c.media_max_upload_bytes, 1024, int64_t{1} << 31),
      IntKey("media", "max_pixels", &c.media_max_pixels, 1, int64_t{1} << 31),
      IntKey("media", "quota_bytes", &c.media_quota_bytes, 0, int64_t{1} << 50),
      BoolKey("media", "video_enabled", &c.media_video_enabled),
      IntKey("media", "video_max_upload_bytes", &c.media_video_max_upload_bytes, 1024, int64_t{1} << 33),
      IntKey("media", "video_max_seconds", &c.media_video_max_seconds, 1, 3600),
      IntKey("media", "video_timeout_seconds", &c.media_video_timeout_seconds, 5, 86400),
      IntKey("media", "video_memory_bytes", &c.media_video_memory_bytes, int64_t{64} << 20, int64_t{1} << 40),
      IntKey("media", "video_threads", &c.media_video_threads, 1, 64),
      StringKey("media", "ffmpeg", &c.media_ffmpeg),
      StringKey("media", "ffprobe", &c.media_ffprobe),
      StringKey("log", "level", &c.log_level, {"debug", "info", "warn", "error"}),
      BoolKey("log", "access_log", &c.access_log),
      StringKey("web", "root", &c.web_root),
  };
  if (!path.empty()) {
    toml::table doc;
    try {
      doc = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      const auto& where = e.source().begin;
      return ConfigError(path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " +
                         std::string(e.description()));
    }
    for (const auto& [table_name, table_node] : doc) {
      const toml::table* table = table_node.as_table();
      if (!table) return ConfigError("\"" + std::string(table_name.str()) + "\" must be a [table]");
      for (const auto& [name, node] : *table) {
        bool known = false;
        for (auto& k : keys) {
          if (k.table == table_name.str() && k.name == name.str()) {
            KRING_TRY(k.from_toml(node));
            known = true;
          }
        }
        if (!known)
          return ConfigError("unknown key " + std::string(table_name.str()) + "." + std::string(name.str()) +
                             " in " + path);
      }
    }
  }
  for (auto& k : keys) {
    if (const char* v = std::getenv(k.env().c_str())) {
      Status st = k.from_text(v);
      if (!st) {
        Error e = st.error();
        e.public_message += " [from " + k.env() + "]";
        return e;
      }
    }
  }
  if (c.data_dir.empty()) return ConfigError("storage.data_dir must not be empty");
  if (!c.public_origin.empty() && c.public_origin.rfind("http://", 0) != 0 && c.public_origin.rfind("https://", 0) != 0)
    return ConfigError("server.public_origin must start with http:// or https:// (got \"" + c.public_origin + "\")");
  if (!c.public_origin.empty() && c.public_origin.back() == '/')
    return ConfigError("server.public_origin must not end with '/'");
  if (!c.trusted_proxy.empty() && !api::IsIpAddress(c.trusted_proxy))
    return ConfigError("server.trusted_proxy must be an IP address such as 127.0.0.1 (got \"" + c.trusted_proxy + "\")");
  if (c.limits.login_lockout_max_seconds < c.limits.login_lockout_seconds)
    return ConfigError("limits.login_lockout_max_seconds must be at least limits.login_lockout_seconds");
  return c;
}

}  // namespace kring::main
