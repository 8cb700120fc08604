// Routes for photos and short videos: upload (raw body), alt text, and serving the variants.
//
//   POST   /api/v1/media?alt=...   body: the image or video bytes (any Content-Type; the type comes
//                                  from the content). 201 with the media JSON (videos: status
//                                  "processing"; poll GET until "ready" or "failed").
//   GET    /api/v1/media/{id}      own uploads only
//   PATCH  /api/v1/media/{id}      {"alt": "..."}
//   DELETE /api/v1/media/{id}      own, not yet attached to a post
//   GET    /media/{hash}/{large.webp|small.webp|large.jpg|video.mp4|poster.webp|poster.jpg}
//          immutable, ETag + If-None-Match, byte ranges (+ If-Range); visible to whoever may read
//          the post.
#include <boost/json.hpp>
#include <charconv>
#include <filesystem>

#include "api/api.h"
#include "api/dto.h"
#include "api/json_body.h"

namespace kring::api {

namespace json = boost::json;
using net::HttpResponse;

json::value MediaToJson(const app::MediaRecord& m) {
  json::object o;
  o["id"] = m.id.ToString();
  const bool video = m.kind == "video";
  o["type"] = video ? "video" : "image";
  o["status"] = m.status;
  if (m.status == "failed") o["failure"] = json::object{{"code", m.failure_code}, {"message", m.failure_message}};
  else o["failure"] = nullptr;
  o["width"] = m.width;
  o["height"] = m.height;
  if (video && m.status == "ready") o["duration_s"] = static_cast<double>(m.duration_ms) / 1000.0;
  else o["duration_s"] = nullptr;
  const std::string base = "/media/" + m.source_hash + "/";
  if (m.status != "ready") {
    o["url"] = nullptr;
    o["preview_url"] = nullptr;
    o["fallback_url"] = nullptr;
  } else if (video) {
    o["url"] = base + "video.mp4";
    o["preview_url"] = base + "poster.webp";
    o["fallback_url"] = base + "poster.jpg";
  } else {
    o["url"] = base + "large.webp";
    o["preview_url"] = base + "small.webp";
    o["fallback_url"] = base + "large.jpg";
  }
  o["placeholder"] = m.placeholder;
  o["alt"] = m.alt;
  o["attached"] = m.post.has_value();
  return o;
}

namespace {

// Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range against `size`. nullopt = the header
// is not something we honour (serve the whole file); {false,...} = unsatisfiable (416).
struct ByteRange {
  bool satisfiable = true;
  uint64_t first = 0, length = 0;
};
std::optional<ByteRange> ParseRange(const std::string& header, uint64_t size) {
  constexpr std::string_view kPrefix = "bytes=";
  if (header.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  std::string_view spec = std::string_view(header).substr(kPrefix.size());
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // multipart ranges: send it all
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return ByteRange{false};
  auto number = [](std::string_view s, uint64_t& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  uint64_t first = 0, last = 0;
  if (a.empty()) {  // suffix: the last n bytes
    uint64_t n = 0;
    if (!number(b, n) || n == 0 || size == 0) return ByteRange{false};
    n = std::min(n, size);
    return ByteRange{true, size - n, n};
  }
  if (!number(a, first)) return ByteRange{false};
  if (b.empty()) last = size ? size - 1 : 0;
  else if (!number(b, last) || last < first) return ByteRange{false};
  if (first >= size) return ByteRange{false};
  last = std::min(last, size - 1);
  return ByteRange{true, first, last - first + 1};
}

bool EtagMatches(const std::string& header, const std::string& etag) {
  if (header == "*") return true;
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    std::string part = header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (part.rfind("W/", 0) == 0) part = part.substr(2);
    if (part == etag) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

void RegisterMediaRoutes(Api& api) {
  app::App& app = api.app();

  api.Post("/api/v1/media", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    std::string alt = c.query.Get("alt").value_or("");
    KRING_ASSIGN_OR_RETURN(auto m, app.media.Upload(*auth, c.request.body, alt));
    return JsonResponse(201, MediaToJson(m));
  });

  api.Get("/api/v1/media/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(auto m, app.media.Get(*auth, MediaId(id)));
    return JsonResponse(200, MediaToJson(m));
  });

  api.Patch("/api/v1/media/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.request));
    KRING_ASSIGN_OR_RETURN(std::string alt, body.String("alt", app::MediaService::kMaxAltBytes));
    KRING_ASSIGN_OR_RETURN(auto m, app.media.SetAlt(*auth, MediaId(id), alt));
    return JsonResponse(200, MediaToJson(m));
  });

  api.Delete("/api/v1/media/:id", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_ASSIGN_OR_RETURN(int64_t id, c.IdParam("id"));
    KRING_TRY(app.media.Delete(*auth, MediaId(id)));
    return NoContent();
  });

  // Avatars and banners: raw image body, answered with the updated account / community JSON.
  api.Post("/api/v1/me/avatar", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.media.SetAvatar(*auth, c.request.body));
    KRING_ASSIGN_OR_RETURN(auto view, app.accounts.GetAccount(auth->account.id, auth->viewer()));
    return JsonResponse(200, SelfToJson(view.account));
  });

  api.Delete("/api/v1/me/avatar", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.media.ClearAvatar(*auth));
    KRING_ASSIGN_OR_RETURN(auto view, app.accounts.GetAccount(auth->account.id, auth->viewer()));
    return JsonResponse(200, SelfToJson(view.account));
  });

  api.Post("/api/v1/communities/:slug/banner", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.media.SetBanner(*auth, c.Param("slug"), c.request.body));
    KRING_ASSIGN_OR_RETURN(auto view, app.communities.Get(c.Param("slug"), auth->viewer()));
    return JsonResponse(200, CommunityViewToJson(view));
  });

  api.Delete("/api/v1/communities/:slug/banner", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(auto auth, c.RequireAuth());
    KRING_TRY(app.media.ClearBanner(*auth, c.Param("slug")));
    KRING_ASSIGN_OR_RETURN(auto view, app.communities.Get(c.Param("slug"), auth->viewer()));
    return JsonResponse(200, CommunityViewToJson(view));
  });

  api.Get("/media/:hash/:file", [&app](Call& c) -> Result<HttpResponse> {
    KRING_ASSIGN_OR_RETURN(app::ServedMedia served, app.media.Open(c.Param("hash"), c.Param("file"), c.viewer()));
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(served.path, ec);
    if (ec) return NotFound("media");
    HttpResponse r;
    r.headers.emplace_back("Content-Type", served.content_type);
    r.headers.emplace_back("ETag", served.etag);
    r.headers.emplace_back("Accept-Ranges", "bytes");
    // Members-only photos must not sit in shared caches; public ones may.
    const bool is_public = !c.auth || app.media.Open(c.Param("hash"), c.Param("file"), core::Viewer{}).has_value();
    r.headers.emplace_back("Cache-Control", std::string(is_public ? "public" : "private") +
                                                ", max-age=31536000, immutable");
    r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
    if (const std::string* inm = c.request.Header("if-none-match"); inm && EtagMatches(*inm, served.etag)) {
      r.status = 304;
      return r;
    }
    r.file_path = served.path;
    r.file_offset = 0;
    r.file_length = size;
    if (const std::string* range = c.request.Header("range")) {
      bool use_range = true;
      if (const std::string* if_range = c.request.Header("if-range"); if_range && *if_range != served.etag)
        use_range = false;
      if (auto br = use_range ? ParseRange(*range, size) : std::nullopt) {
        if (!br->satisfiable) {
          HttpResponse bad;
          bad.status = 416;
          bad.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
          bad.headers.emplace_back("Accept-Ranges", "bytes");
          return bad;
        }
        r.status = 206;
        r.file_offset = br->first;
        r.file_length = br->length;
        r.headers.emplace_back("Content-Range", "bytes " + std::to_string(br->first) + "-" +
                                                    std::to_string(br->first + br->length - 1) + "/" +
                                                    std::to_string(size));
      }
    }
    return r;
  });
}

}  // namespace kring::api
