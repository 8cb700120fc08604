#include "media/ffmpeg_video.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "base/log.h"
#include "media/subprocess.h"
#include "media/vips_processor.h"

namespace kring::media {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxSide = 1280;   // 720p: 1280x720 landscape, 720x1280 portrait
constexpr int kMaxShort = 720;
constexpr int kMaxInputSide = 8192;

Error Failure(Errc errc, const char* code, std::string message, std::string internal = {}) {
  Error e = MakeError(errc, code, std::move(message));
  e.internal_message = std::move(internal);
  return e;
}
Error Corrupt(std::string internal) {
  return Failure(Errc::kInvalidArgument, "media_corrupt", "This video is damaged or cannot be decoded.",
                 std::move(internal));
}

std::string MinutesSeconds(int64_t ms) {
  const int64_t s = (ms + 999) / 1000;
  std::string sec = std::to_string(s % 60);
  return std::to_string(s / 60) + ":" + (sec.size() < 2 ? "0" : "") + sec;
}

// Parses ffprobe's `-of flat` output (key=value lines; strings quoted).
std::map<std::string, std::string> ParseFlat(const std::string& out) {
  std::map<std::string, std::string> kv;
  size_t at = 0;
  while (at < out.size()) {
    size_t nl = out.find('\n', at);
    std::string line = out.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    at = nl == std::string::npos ? out.size() : nl + 1;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string v = line.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    kv[line.substr(0, eq)] = v;
  }
  return kv;
}

struct Probe {
  std::string format;
  int64_t duration_ms = 0;
  int width = 0, height = 0;
  bool has_audio = false;
};

Result<Probe> RunProbe(const std::string& ffprobe, const std::string& path, const app::VideoLimits& limits) {
  SubprocessLimits sl;
  sl.timeout_ms = std::min<int64_t>(limits.timeout_ms, 30'000);
  sl.memory_bytes = limits.memory_bytes;
  KRING_ASSIGN_OR_RETURN(auto r, RunLimited({ffprobe, "-v", "error", "-show_entries",
                                             "format=format_name,duration:stream=codec_type,width,height", "-of",
                                             "flat", "-protocol_whitelist", "file", "-i", "file:" + path},
                                            sl));
  if (r.timed_out) return Failure(Errc::kInvalidArgument, "video_timeout", "Reading this video took too long.", "ffprobe timed out");
  if (r.exit_code != 0) return Corrupt("ffprobe: " + r.err_tail);
  auto kv = ParseFlat(r.out);
  Probe p;
  p.format = kv["format.format_name"];
  for (int i = 0; i < 64; ++i) {
    const std::string prefix = "streams.stream." + std::to_string(i) + ".";
    auto type = kv.find(prefix + "codec_type");
    if (type == kv.end()) break;
    if (type->second == "audio") p.has_audio = true;
    if (type->second == "video" && p.width == 0) {
      p.width = std::atoi(kv[prefix + "width"].c_str());
      p.height = std::atoi(kv[prefix + "height"].c_str());
    }
  }
  const std::string d = kv["format.duration"];
  char* end = nullptr;
  const double seconds = std::strtod(d.c_str(), &end);
  if (!d.empty() && end && *end == '\0' && std::isfinite(seconds) && seconds >= 0)
    p.duration_ms = static_cast<int64_t>(std::llround(seconds * 1000));
  else p.duration_ms = -1;
  return p;
}

}  // namespace

bool SniffVideo(std::string_view b) {
  if (b.size() >= 4 && b.substr(0, 4) == std::string_view("\x1A\x45\xDF\xA3", 4)) return true;  // EBML
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return SniffImageType(b).empty();  // not HEIF/AVIF
  return false;
}

Result<std::unique_ptr<FfmpegVideoProcessor>> FfmpegVideoProcessor::Open(const std::string& staging_dir,
                                                                          std::string ffmpeg, std::string ffprobe,
                                                                          app::MediaProcessor& images) {
  std::error_code ec;
  fs::create_directories(staging_dir, ec);
  if (ec) return Unavailable("storage_unavailable", "Cannot create the directory " + staging_dir + ": " + ec.message());
  // Outputs of a run cut short by a crash are overwritten by the retry and removed by Unstage; they
  // are not swept here, because other `kring` commands open the runtime while a server runs.
  return std::unique_ptr<FfmpegVideoProcessor>(
      new FfmpegVideoProcessor(staging_dir, std::move(ffmpeg), std::move(ffprobe), images));
}

bool FfmpegVideoProcessor::LooksLikeVideo(std::string_view bytes) { return SniffVideo(bytes); }

Status FfmpegVideoProcessor::Stage(MediaId id, std::string_view bytes) {
  const std::string path = PathFor(id), tmp = path + ".part";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Unavailable("storage_unavailable", "Storage is unavailable; try again later.", "open " + tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      const bool full = err == ENOSPC || err == EDQUOT;
      return Unavailable(full ? "storage_full" : "storage_unavailable",
                         full ? "The server's disk is full." : "Storage is unavailable; try again later.",
                         "write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Unavailable("storage_unavailable", "Storage is unavailable; try again later.", "stage " + path);
  }
  return Status::Ok();
}

std::optional<std::string> FfmpegVideoProcessor::StagedPath(MediaId id) {
  std::string path = PathFor(id);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  return path;
}

void FfmpegVideoProcessor::Unstage(MediaId id) {
  std::error_code ec;
  for (const char* suffix : {"", ".mp4", ".poster.png", ".part"}) fs::remove(PathFor(id) + suffix, ec);
}

std::vector<MediaId> FfmpegVideoProcessor::ListStaged() {
  std::vector<MediaId> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (auto id = MediaId::Parse(name)) out.push_back(*id);
  }
  return out;
}

void FfmpegVideoProcessor::Discard(const app::ProcessedVideo& v) {
  std::error_code ec;
  if (!v.mp4_path.empty()) fs::remove(v.mp4_path, ec);
}

Result<app::ProcessedVideo> FfmpegVideoProcessor::Process(const std::string& source, const app::VideoLimits& limits) {
  // 1. What is it, really?
  KRING_ASSIGN_OR_RETURN(Probe in, RunProbe(ffprobe_, source, limits));
  const bool mp4 = in.format.find("mp4") != std::string::npos || in.format.find("mov") != std::string::npos;
  const bool webm = in.format.find("webm") != std::string::npos;
  if (!mp4 && !webm)
    return Failure(Errc::kInvalidArgument, "unsupported_media",
                   "This file is not a video we accept (MP4, MOV or WebM).", "ffprobe format " + in.format);
  if (in.width <= 0 || in.height <= 0) return Corrupt("no video stream");
  if (in.width > kMaxInputSide || in.height > kMaxInputSide)
    return Failure(Errc::kInvalidArgument, "video_too_large",
                   "This video's picture is too large (at most " + std::to_string(kMaxInputSide) + " pixels a side).");
  if (in.duration_ms < 0) return Corrupt("no duration");
  if (in.duration_ms > limits.max_duration_ms)
    return Failure(Errc::kInvalidArgument, "video_too_long",
                   "This video is " + MinutesSeconds(in.duration_ms) + " long; videos can be at most " +
                       MinutesSeconds(limits.max_duration_ms) + ".");

  // 2. Re-encode. Bounding box by orientation, never upscaled, even sizes for yuv420p.
  app::ProcessedVideo out;
  out.mp4_path = source + ".mp4";
  const std::string box = "scale=w='if(gte(iw,ih),min(" + std::to_string(kMaxSide) + ",iw),min(" +
                          std::to_string(kMaxShort) + ",iw))':h='if(gte(iw,ih),min(" + std::to_string(kMaxShort) +
                          ",ih),min(" + std::to_string(kMaxSide) +
                          ",ih))':force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1";
  // The demuxer ffprobe found is forced, and only local files may be opened: a playlist or a
  // reference to another file or URL inside the upload goes nowhere.
  std::vector<std::string> args = {ffmpeg_, "-nostdin", "-hide_banner", "-v", "error", "-y", "-protocol_whitelist",
                                   "file", "-f", mp4 ? "mov" : "matroska", "-i", "file:" + source,
                                   "-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1", "-map_chapters", "-1",
                                   "-sn", "-dn", "-t", std::to_string(limits.max_duration_ms / 1000 + 1),
                                   "-vf", box, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                                   "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                                   "-threads", std::to_string(std::max(1, limits.threads)),
                                   "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
                                   "-movflags", "+faststart", "-f", "mp4", "file:" + out.mp4_path};
  SubprocessLimits sl;
  sl.timeout_ms = limits.timeout_ms;
  sl.memory_bytes = limits.memory_bytes;
  KRING_ASSIGN_OR_RETURN(auto run, RunLimited(args, sl));
  auto fail = [&](Error e) {
    Discard(out);
    return e;
  };
  if (run.timed_out)
    return fail(Failure(Errc::kInvalidArgument, "video_timeout", "Processing this video took too long.",
                        "ffmpeg killed after " + std::to_string(limits.timeout_ms) + " ms"));
  if (run.signal != 0)
    return fail(Failure(Errc::kInvalidArgument, "video_failed", "This video could not be processed.",
                        "ffmpeg signal " + std::to_string(run.signal) + ": " + run.err_tail));
  if (run.exit_code != 0) return fail(Corrupt("ffmpeg exit " + std::to_string(run.exit_code) + ": " + run.err_tail));

  // 3. What came out (rotation applied by ffmpeg, so sizes come from the result).
  auto result = RunProbe(ffprobe_, out.mp4_path, limits);
  if (!result) return fail(result.error());
  if (result->width <= 0 || result->duration_ms <= 0) return fail(Corrupt("empty output"));
  out.width = result->width;
  out.height = result->height;
  out.duration_ms = result->duration_ms;
  std::error_code size_ec;
  out.mp4_bytes = static_cast<int64_t>(fs::file_size(out.mp4_path, size_ec));

  // 4. The poster: a frame a quarter in (at most 1 s), through libvips like a photo.
  const std::string poster = source + ".poster.png";
  const double at = std::min(1.0, out.duration_ms / 4000.0);
  char at_text[32];
  std::snprintf(at_text, sizeof at_text, "%.3f", at);
  KRING_ASSIGN_OR_RETURN(auto frame, RunLimited({ffmpeg_, "-nostdin", "-hide_banner", "-v", "error", "-y", "-ss",
                                                 at_text, "-protocol_whitelist", "file", "-f", "mov", "-i",
                                                 "file:" + out.mp4_path, "-frames:v", "1", "-an",
                                                 "-map_metadata", "-1", "-c:v", "png", "-f", "image2",
                                                 "file:" + poster},
                                                sl));
  std::error_code ec;
  if (frame.timed_out || frame.exit_code != 0 || !fs::is_regular_file(poster, ec)) {
    fs::remove(poster, ec);
    return fail(Corrupt("poster frame: " + frame.err_tail));
  }
  std::string png;
  {
    std::ifstream f(poster, std::ios::binary);
    png.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  fs::remove(poster, ec);
  app::MediaLimits image_limits;
  image_limits.max_upload_bytes = 64ull << 20;
  image_limits.max_pixels = static_cast<uint64_t>(kMaxSide) * kMaxSide;
  auto processed = images_.Process(png, image_limits);
  if (!processed) return fail(Corrupt("poster: " + processed.error().internal_message));
  out.poster = std::move(*processed);
  return out;
}

}  // namespace kring::media
