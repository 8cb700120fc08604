// FfmpegVideoProcessor: VideoProcessor on the ffmpeg and ffprobe programs (Debian `ffmpeg`).
//
// Why a subprocess and not libavcodec in-process: decoders of untrusted video are the riskiest
// code we run. In a child process a crash, a hang or a memory blow-up costs one upload, not the
// server: every run has a wall-time limit (SIGKILL after it) and an address-space cap
// (RLIMIT_AS), and nothing is parsed by a shell.
//
// Steps: ffprobe decides the container by content (MP4/MOV or Matroska/WebM, whatever the name
// or Content-Type said) and reads duration and size; ffmpeg re-encodes to H.264 (yuv420p) + AAC
// in MP4 with +faststart, at most 1280x720 (720x1280 upright; aspect kept, even sizes, never
// upscaled), with every tag, chapter and data stream dropped (-map_metadata -1 -map_chapters -1,
// bitexact muxing so not even the encoder name is written); one frame near the start becomes the
// poster, which libvips turns into WebP + JPEG + placeholder like a photo.
//
// Uploads wait in `staging_dir/<media id>` until processed, so a restart loses none.
// Thread safety: every method may be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/ports/media_repo.h"

namespace kring::media {

class FfmpegVideoProcessor final : public app::VideoProcessor {
 public:
  // Creates staging_dir if needed. Errors: kUnavailable naming the directory.
  static Result<std::unique_ptr<FfmpegVideoProcessor>> Open(const std::string& staging_dir, std::string ffmpeg,
                                                            std::string ffprobe, app::MediaProcessor& images);

  bool LooksLikeVideo(std::string_view bytes) override;
  Status Stage(MediaId id, std::string_view bytes) override;
  std::optional<std::string> StagedPath(MediaId id) override;
  void Unstage(MediaId id) override;
  Result<app::ProcessedVideo> Process(const std::string& source_path, const app::VideoLimits& limits) override;
  void Discard(const app::ProcessedVideo& v) override;
  // The media ids with a staged upload (for the start-up clean-up of uploads whose row is gone).
  std::vector<MediaId> ListStaged();

 private:
  FfmpegVideoProcessor(std::string dir, std::string ffmpeg, std::string ffprobe, app::MediaProcessor& images)
      : dir_(std::move(dir)), ffmpeg_(std::move(ffmpeg)), ffprobe_(std::move(ffprobe)), images_(images) {}
  std::string PathFor(MediaId id) const { return dir_ + "/" + std::to_string(id.value()); }
  const std::string dir_, ffmpeg_, ffprobe_;
  app::MediaProcessor& images_;
};

// Whether the bytes start like ISO BMFF video (an `ftyp` box whose brand is not HEIF/AVIF) or EBML.
bool SniffVideo(std::string_view bytes);

}  // namespace kring::media
