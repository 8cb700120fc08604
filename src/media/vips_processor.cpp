#include "media/vips_processor.h"

#include <sodium.h>
#include <vips/vips.h>

#include <cstring>
#include <optional>
#include <mutex>

namespace kring::media {

namespace {

constexpr int kLarge = 1280;
constexpr int kSmall = 320;
constexpr int kPlaceholder = 16;

// Owns one reference to a VipsImage.
struct Img {
  VipsImage* p = nullptr;
  Img() = default;
  explicit Img(VipsImage* image) : p(image) {}
  Img(const Img&) = delete;
  Img& operator=(const Img&) = delete;
  Img(Img&& o) noexcept : p(o.p) { o.p = nullptr; }
  Img& operator=(Img&& o) noexcept {
    std::swap(p, o.p);
    return *this;
  }
  ~Img() {
    if (p) g_object_unref(p);
  }
  VipsImage** out() { return &p; }
};

Error Unsupported() {
  return InvalidArgument("unsupported_media", "This file is not a photo we accept (JPEG, PNG, GIF, WebP or HEIC/AVIF).",
                         "file");
}

Error Corrupt(const std::string& why) {
  Error e = InvalidArgument("media_corrupt", "This image is damaged or incomplete.", "file");
  e.internal_message = "libvips: " + why;
  return e;
}

std::string VipsErrorText() {
  std::string s = vips_error_buffer();
  vips_error_clear();
  if (s.size() > 300) s.resize(300);
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Removes the EXIF, XMP and ICCP chunks of a WebP file (and their VP8X flags). libvips 8.14's
// webpsave writes a fresh EXIF block (orientation, resolution) even with strip set; this makes
// "no metadata at all" hold whatever the libvips version. nullopt when the container is malformed.
std::optional<std::string> StripWebpChunks(const std::string& in) {
  auto le32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(in[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(in[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(in[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(in[at + 3])) << 24;
  };
  if (in.size() < 12 || in.compare(0, 4, "RIFF") != 0 || in.compare(8, 4, "WEBP") != 0) return std::nullopt;
  std::string body;
  size_t at = 12;
  while (at < in.size()) {
    if (in.size() - at < 8) return std::nullopt;
    const std::string fourcc = in.substr(at, 4);
    const uint64_t size = le32(at + 4);
    const uint64_t padded = size + (size & 1);
    if (in.size() - at - 8 < padded) return std::nullopt;
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      std::string chunk = in.substr(at, 8 + padded);
      if (fourcc == "VP8X" && size >= 1) chunk[8] = static_cast<char>(chunk[8] & ~(0x20 | 0x08 | 0x04));
      body += chunk;
    }
    at += 8 + padded;
  }
  const uint32_t riff = static_cast<uint32_t>(4 + body.size());
  std::string out = "RIFF";
  for (int i = 0; i < 4; ++i) out += static_cast<char>((riff >> (8 * i)) & 0xFF);
  out += "WEBP";
  out += body;
  return out;
}

Result<std::string> Save(VipsImage* in, bool jpeg, int quality) {
  void* buf = nullptr;
  size_t len = 0;
  int rc = jpeg ? vips_jpegsave_buffer(in, &buf, &len, "Q", quality, "strip", TRUE, "optimize_coding", TRUE,
                                       "interlace", TRUE, nullptr)
                : vips_webpsave_buffer(in, &buf, &len, "Q", quality, "strip", TRUE, "effort", 2, nullptr);
  if (rc != 0) return Corrupt("save: " + VipsErrorText());
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  if (jpeg) return out;
  auto stripped = StripWebpChunks(out);
  if (!stripped) return Internal("webpsave produced a malformed RIFF container");
  return std::move(*stripped);
}

// The first frame, flattened on white (JPEG has no alpha).
Result<Img> FirstFrameOpaque(VipsImage* in, int page_height) {
  Img frame;
  if (page_height > 0 && page_height < in->Ysize) {
    if (vips_extract_area(in, frame.out(), 0, 0, in->Xsize, page_height, nullptr) != 0)
      return Corrupt("extract: " + VipsErrorText());
  } else {
    g_object_ref(in);
    frame = Img(in);
  }
  if (!vips_image_hasalpha(frame.p)) return frame;
  Img flat;
  VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
  int rc = vips_flatten(frame.p, flat.out(), "background", white, nullptr);
  vips_area_unref(VIPS_AREA(white));
  if (rc != 0) return Corrupt("flatten: " + VipsErrorText());
  return flat;
}

// Drops every metadata field (EXIF incl. GPS, XMP, IPTC, ICC, comments, orientation) from the
// header, keeping only what an animation needs. Savers' own `strip` is not enough: webpsave in
// libvips 8.14 writes EXIF regardless.
Result<Img> StripMetadata(VipsImage* in) {
  Img out;
  if (vips_copy(in, out.out(), nullptr) != 0) return Corrupt("copy: " + VipsErrorText());
  gchar** fields = vips_image_get_fields(out.p);
  for (gchar** f = fields; f && *f; ++f) {
    const std::string name = *f;
    if (name == "page-height" || name == "n-pages" || name == "delay" || name == "loop" || name == "gif-delay" ||
        name == "gif-loop")
      continue;
    vips_image_remove(out.p, *f);  // core fields (width, bands, ...) refuse and stay
  }
  g_strfreev(fields);
  return out;
}

std::string Base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

bool InitVips() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    if (VIPS_INIT("kring") != 0) return;
    vips_block_untrusted_set(TRUE);  // no ImageMagick, PDF, SVG, matlab ... on uploads
    vips_cache_set_max(0);           // never keep decoded uploads around
    vips_concurrency_set(1);         // one thread per upload; the worker pool parallelises
    ok = true;
  });
  return ok;
}

std::string SniffImageType(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF")) return "jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "png";
  if (starts("GIF87a") || starts("GIF89a")) return "gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "webp";
  if (starts("ftyp", 4) && b.size() >= 12) {
    std::string brand(b.substr(8, 4));
    for (const char* ok : {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"})
      if (brand == ok) return "heif";
  }
  return "";
}

namespace {

// Steps 1 and 2 of the defences (see the header): the type from the magic bytes, libvips agreeing,
// and the pixel count from the header only. Fills format, and the frame geometry.
struct Checked {
  std::string format;
  bool animate = false;
};
Result<Checked> CheckUpload(std::string_view bytes, const app::MediaLimits& limits) {
  if (!InitVips()) return Unavailable("media_unavailable", "Image processing is not available.", "vips_init failed");
  if (bytes.empty()) return InvalidArgument("media_corrupt", "The file is empty.", "file");
  if (bytes.size() > limits.max_upload_bytes)
    return MakeError(Errc::kPayloadTooLarge, "media_too_large", "The file is too large.");
  Checked result;
  result.format = SniffImageType(bytes);
  if (result.format.empty()) return Unsupported();
  // libvips must agree with the magic bytes; it picks the loader from the content as well.
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (!loader) {
    vips_error_clear();
    // Our type, but libvips sees no valid header (truncated), or a type this build cannot decode.
    if (result.format == "heif" && !vips_type_find("VipsOperation", "heifload_buffer")) return Unsupported();
    return Corrupt("no loader");
  }
  const std::string name = Lower(loader);
  if (name.find(result.format) == std::string::npos) return Unsupported();
  const bool may_animate = result.format == "gif" || result.format == "webp";
  // Header only: dimensions and frame count, no pixels decoded yet.
  Img head(vips_image_new_from_buffer(bytes.data(), bytes.size(), may_animate ? "n=-1" : "", "access",
                                      VIPS_ACCESS_SEQUENTIAL, nullptr));
  if (!head.p) return Corrupt("header: " + VipsErrorText());
  const uint64_t width = static_cast<uint64_t>(head.p->Xsize);
  const uint64_t total_height = static_cast<uint64_t>(head.p->Ysize);
  const int pages = vips_image_get_n_pages(head.p);
  const uint64_t page_height = static_cast<uint64_t>(vips_image_get_page_height(head.p));
  if (width == 0 || total_height == 0 || page_height == 0) return Corrupt("zero dimension");
  if (width * page_height > limits.max_pixels)
    return MakeError(Errc::kPayloadTooLarge, "media_too_large",
                     "This image has too many pixels (at most " + std::to_string(limits.max_pixels / 1000000) +
                         " megapixels).");
  result.animate = may_animate && pages > 1 && width * total_height <= limits.max_pixels;
  return result;
}

}  // namespace

Result<app::ProcessedImage> VipsMediaProcessor::ProcessCover(std::string_view bytes, const app::MediaLimits& limits,
                                                             int width, int height, int small_width, int small_height) {
  KRING_ASSIGN_OR_RETURN(Checked checked, CheckUpload(bytes, limits));
  app::ProcessedImage result;
  result.format = checked.format;
  // First frame only, cropped to fill the box around the most interesting part, upright, sRGB.
  Img large;
  {
    VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
    int rc = vips_thumbnail_buffer(VIPS_AREA(blob)->data, VIPS_AREA(blob)->length, large.out(), width, "height", height,
                                   "crop", VIPS_INTERESTING_ATTENTION, "size", VIPS_SIZE_BOTH, "option_string",
                                   "fail_on=error", "export_profile", "srgb", nullptr);
    vips_area_unref(VIPS_AREA(blob));
    if (rc != 0) return Corrupt("thumbnail: " + VipsErrorText());
  }
  Img decoded(vips_image_copy_memory(large.p));
  if (!decoded.p) return Corrupt("decode: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(Img mem, StripMetadata(decoded.p));
  KRING_ASSIGN_OR_RETURN(Img opaque, FirstFrameOpaque(mem.p, mem.p->Ysize));
  result.width = opaque.p->Xsize;
  result.height = opaque.p->Ysize;
  KRING_ASSIGN_OR_RETURN(result.large_webp, Save(opaque.p, false, 82));
  KRING_ASSIGN_OR_RETURN(result.fallback_jpeg, Save(opaque.p, true, 84));
  Img small;
  if (vips_thumbnail_image(opaque.p, small.out(), small_width, "height", small_height, "crop", VIPS_INTERESTING_CENTRE,
                           nullptr) != 0)
    return Corrupt("small: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(result.small_webp, Save(small.p, false, 80));
  Img tiny;
  if (vips_thumbnail_image(opaque.p, tiny.out(), kPlaceholder, "height", kPlaceholder, nullptr) != 0)
    return Corrupt("placeholder: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(std::string tiny_jpeg, Save(tiny.p, true, 40));
  result.placeholder = "data:image/jpeg;base64," + Base64(tiny_jpeg);
  return result;
}

Result<app::ProcessedImage> VipsMediaProcessor::Process(std::string_view bytes, const app::MediaLimits& limits) {
  KRING_ASSIGN_OR_RETURN(Checked checked, CheckUpload(bytes, limits));
  app::ProcessedImage result;
  result.format = checked.format;
  const bool animate = checked.animate;
  result.animated = animate;

  // Decode, auto-rotate, convert to sRGB and shrink (on load where the format allows) in one go.
  std::string options = std::string("fail_on=error") + (animate ? ",n=-1" : "");
  Img large;
  {
    VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
    int rc = vips_thumbnail_buffer(VIPS_AREA(blob)->data, VIPS_AREA(blob)->length, large.out(), kLarge, "height",
                                   kLarge, "size", VIPS_SIZE_DOWN, "option_string", options.c_str(),
                                   "export_profile", "srgb", nullptr);
    vips_area_unref(VIPS_AREA(blob));
    if (rc != 0) return Corrupt("thumbnail: " + VipsErrorText());
  }
  Img decoded(vips_image_copy_memory(large.p));  // decodes; fails on a truncated file
  if (!decoded.p) return Corrupt("decode: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(Img mem, StripMetadata(decoded.p));
  const int large_page_height = animate ? vips_image_get_page_height(mem.p) : mem.p->Ysize;
  result.width = mem.p->Xsize;
  result.height = large_page_height;

  KRING_ASSIGN_OR_RETURN(result.large_webp, Save(mem.p, false, 80));
  KRING_ASSIGN_OR_RETURN(Img first, FirstFrameOpaque(mem.p, large_page_height));
  KRING_ASSIGN_OR_RETURN(result.fallback_jpeg, Save(first.p, true, 82));

  Img small;
  if (vips_thumbnail_image(mem.p, small.out(), kSmall, "height", kSmall, "size", VIPS_SIZE_DOWN, nullptr) != 0)
    return Corrupt("small: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(result.small_webp, Save(small.p, false, 75));

  Img tiny;
  if (vips_thumbnail_image(first.p, tiny.out(), kPlaceholder, "height", kPlaceholder, nullptr) != 0)
    return Corrupt("placeholder: " + VipsErrorText());
  KRING_ASSIGN_OR_RETURN(std::string tiny_jpeg, Save(tiny.p, true, 40));
  result.placeholder = "data:image/jpeg;base64," + Base64(tiny_jpeg);
  return result;
}

}  // namespace kring::media
