#include "web/static_files.h"

#include <filesystem>
#include <unistd.h>

namespace kring::web {

namespace fs = std::filesystem;

const char* const kHtmlContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

namespace {

const char* ContentType(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".webmanifest") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool Accepts(const net::HttpRequest& r, std::string_view encoding) {
  const std::string* ae = r.Header("accept-encoding");
  return ae && ae->find(encoding) != std::string::npos;
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) { available_ = IsFile(fs::path(root_) / "index.html"); }

std::optional<net::HttpResponse> StaticFiles::Serve(const net::HttpRequest& request) const {
  if (!available_ || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  std::string path = request.path;
  if (path.empty() || path.front() != '/') return std::nullopt;
  // Files are only served from plain paths (no encoded characters, dot segments or hidden files);
  // any other path without an extension is a client-side route (/tags/caf%C3%A9) and gets the app.
  bool plain = path.find('%') == std::string::npos && path.find("/.") == std::string::npos &&
               path.find('\\') == std::string::npos;
  if (path == "/") path = "/index.html";
  fs::path file = plain ? fs::path(root_) / path.substr(1) : fs::path();
  bool spa_fallback = false;
  if (!plain || !IsFile(file)) {
    // Client-side routes (/c/moestuin-oost, /@anna) have no extension; assets that are missing do.
    if (fs::path(path).has_extension()) return std::nullopt;
    file = fs::path(root_) / "index.html";
    spa_fallback = true;
  }
  std::string ext = file.extension().string();
  net::HttpResponse r;
  r.status = 200;
  r.headers.emplace_back("Content-Type", ContentType(ext));
  bool immutable = !spa_fallback && path.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (ext == ".html") {
    r.headers.emplace_back("Content-Security-Policy", kHtmlContentSecurityPolicy);
    r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    r.headers.emplace_back("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
  }
  fs::path chosen = file;
  if (Accepts(request, "br") && IsFile(fs::path(file.string() + ".br"))) {
    chosen = file.string() + ".br";
    r.headers.emplace_back("Content-Encoding", "br");
  } else if (Accepts(request, "gzip") && IsFile(fs::path(file.string() + ".gz"))) {
    chosen = file.string() + ".gz";
    r.headers.emplace_back("Content-Encoding", "gzip");
  }
  std::error_code ec;
  auto size = fs::file_size(chosen, ec);
  if (ec) return std::nullopt;
  r.file_path = chosen.string();
  r.file_offset = 0;
  r.file_length = size;
  return r;
}

std::string ResolveWebRoot(const std::string& configured) {
  if (!configured.empty()) return configured;
  // The binary lives in build/ (or build/src/main); the app is built into web/dist of the checkout.
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    for (fs::path dir = fs::path(buf).parent_path(); dir.has_parent_path() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (IsFile(dir / "web" / "dist" / "index.html")) return (dir / "web" / "dist").string();
    }
  }
  return "web/dist";
}

}  // namespace kring::web
