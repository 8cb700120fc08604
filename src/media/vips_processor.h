// VipsMediaProcessor: MediaProcessor on libvips.
//
// Order of defences for untrusted uploads:
//  1. the type comes from the first bytes (JPEG, PNG, GIF, WebP, HEIF/AVIF), never from a name or a
//     Content-Type, and libvips must pick the loader of that same type (mislabelled and polyglot
//     files are refused); libvips' "untrusted" loaders (ImageMagick, PDF, SVG, ...) are blocked;
//  2. only the header is read before the pixel count (width x height x frames) is checked against
//     MediaLimits::max_pixels, so a decompression bomb is refused before any pixel is decoded;
//  3. decoding fails on the first libvips error (truncated, corrupt);
//  4. what is kept is re-encoded from pixels with every metadata block stripped after the EXIF
//     orientation was applied, and colour converted to sRGB, so nothing of the upload survives but
//     its picture.
// Animated GIF and WebP stay animated in the WebP variants (the JPEG fallback and the placeholder
// show the first frame); when all frames together exceed max_pixels, only the first is kept.
//
// Thread safety: Process may be called concurrently (libvips is thread-safe once initialised).
#pragma once

#include "app/ports/media_repo.h"

namespace kring::media {

// Initialises libvips once per process (idempotent). false if libvips cannot start.
bool InitVips();

class VipsMediaProcessor final : public app::MediaProcessor {
 public:
  Result<app::ProcessedImage> Process(std::string_view bytes, const app::MediaLimits& limits) override;
  Result<app::ProcessedImage> ProcessCover(std::string_view bytes, const app::MediaLimits& limits, int width, int height,
                                           int small_width, int small_height) override;
};

// Which image type the bytes start with: jpeg, png, gif, webp, heif; "" for anything else.
std::string SniffImageType(std::string_view bytes);

}  // namespace kring::media
