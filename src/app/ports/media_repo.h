// Photos attached to posts: the image processing port, the content-addressed blob store and the
// `media` table. Variants are stored as blobs named by the SHA-256 of their bytes, so identical
// bytes are stored once however many uploads produce them; a media row references its blobs, and a
// blob is removed only when no row references it any more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "core/post.h"

namespace kring {
using MediaId = StrongId<struct MediaIdTag>;
}  // namespace kring

namespace kring::app {

struct MediaLimits {
  uint64_t max_upload_bytes = 16ull << 20;
  uint64_t max_pixels = 50'000'000;  // width x height (x frames): decompression bombs stop here
};

// Short video: per upload, and what one ffmpeg run may take.
struct VideoLimits {
  bool enabled = true;
  uint64_t max_upload_bytes = 200ull << 20;
  int64_t max_duration_ms = 180'000;      // longer videos fail with video_too_long
  int64_t timeout_ms = 600'000;           // wall time of one ffmpeg run; killed after it
  uint64_t memory_bytes = 2048ull << 20;  // RLIMIT_AS of the ffmpeg child
  int threads = 2;                        // encoder threads per video
};

// What the processor made of one upload. Every variant is re-encoded from decoded pixels with all
// metadata stripped (EXIF, GPS, XMP, IPTC, comments), after applying the EXIF orientation.
struct ProcessedImage {
  std::string format;  // detected from the content: jpeg | png | webp | gif | heif
  int width = 0, height = 0;  // of the large variant, upright
  bool animated = false;
  std::string large_webp;     // longest side at most 1280 px (never upscaled)
  std::string small_webp;     // longest side at most 320 px
  std::string fallback_jpeg;  // as large, JPEG, first frame
  std::string placeholder;    // "data:image/jpeg;base64,..." about 16 px wide
};

// Turns untrusted bytes into safe variants. Errors (never a crash, never decoding past the limits):
// unsupported_media (kInvalidArgument: not an image type we accept, whatever its name),
// media_too_large (kPayloadTooLarge: bytes or pixels over the limits, checked from the header before
// any decoding), media_corrupt (kInvalidArgument: empty, truncated or undecodable).
// Thread safety: Process may be called concurrently.
class MediaProcessor {
 public:
  virtual ~MediaProcessor() = default;
  virtual Result<ProcessedImage> Process(std::string_view bytes, const MediaLimits& limits) = 0;
  // As Process, for avatars and banners: the first frame, cropped to fill width x height (the
  // interesting part kept) as large_webp and fallback_jpeg, and small_width x small_height as
  // small_webp; upscaled when the upload is smaller. width/height report the large size.
  virtual Result<ProcessedImage> ProcessCover(std::string_view bytes, const MediaLimits& limits, int width, int height,
                                              int small_width, int small_height) = 0;
};

// What the video processor made of one upload: an H.264/AAC MP4 (at most 720p, faststart, no
// metadata) in a temporary file the caller takes over, and a poster frame as photo variants.
struct ProcessedVideo {
  std::string mp4_path;  // temporary file; the caller stores it and calls VideoProcessor::Discard
  int64_t mp4_bytes = 0;
  int width = 0, height = 0;
  int64_t duration_ms = 0;
  ProcessedImage poster;  // large_webp / fallback_jpeg / placeholder of a frame near the start
};

// Turns an untrusted upload into a safe MP4, in a subprocess with a wall-time and memory limit.
// Uploads wait in a staging area (surviving restarts) until processed. Errors of Process are
// meant for the author: unsupported_media (not MP4, MOV or WebM by content), media_corrupt,
// video_too_long, video_too_large (dimensions), video_timeout, video_failed.
// Thread safety: every method may be called concurrently.
class VideoProcessor {
 public:
  virtual ~VideoProcessor() = default;
  // Whether the bytes start like an MP4/MOV (ISO BMFF `ftyp` that is not HEIF/AVIF) or a
  // Matroska/WebM (EBML) file. Cheap; the real check (ffprobe) happens in Process.
  virtual bool LooksLikeVideo(std::string_view bytes) = 0;
  virtual Status Stage(MediaId id, std::string_view bytes) = 0;
  virtual std::optional<std::string> StagedPath(MediaId id) = 0;
  virtual void Unstage(MediaId id) = 0;  // idempotent
  virtual Result<ProcessedVideo> Process(const std::string& source_path, const VideoLimits& limits) = 0;
  virtual void Discard(const ProcessedVideo& v) = 0;  // removes the temporary MP4
};

// Immutable blobs addressed by the hex SHA-256 of their content.
// Thread safety: all methods may be called concurrently.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // The hex SHA-256 of the bytes (the name they would be stored under).
  virtual std::string HashOf(std::string_view bytes) = 0;
  // Stores the bytes (atomically: a reader sees all of them or none) and returns their hash.
  // Storing bytes that are already there is cheap and returns the same hash.
  virtual Result<std::string> Put(std::string_view bytes) = 0;
  // As Put, with the content of a local file (which is left in place).
  virtual Result<std::string> PutFile(const std::string& path) = 0;
  // A local file holding the blob, for zero-copy serving; nullopt when absent (or not a hash).
  virtual std::optional<std::string> PathOf(const std::string& hash) = 0;
  // Idempotent.
  virtual Status Remove(const std::string& hash) = 0;
};

struct MediaRecord {
  MediaId id;
  std::string kind = "image";    // image | video
  std::string status = "ready";  // processing | ready | failed (videos; images are always ready)
  std::string failure_code, failure_message;  // when failed: for the author
  int64_t duration_ms = 0;                    // videos
  AccountId uploader;
  std::optional<PostId> post;  // nullopt while not attached
  std::optional<CommunityId> community;  // banners: the community showing it
  std::optional<CommentId> comment;      // a comment's photo
  int position = 0;            // order within the post
  std::string source_hash;     // SHA-256 of the uploaded bytes: the public name in URLs
  // Photos: large WebP, small WebP, JPEG. Videos: MP4, poster WebP, poster JPEG ('' until ready).
  std::string large_hash, small_hash, fallback_hash;
  int width = 0, height = 0;
  std::string placeholder;
  std::string alt;
  int64_t bytes = 0;  // sum of the stored variants, charged to the uploader's quota
  TimeMs created_at = 0;
};

class MediaRepo {
 public:
  virtual ~MediaRepo() = default;
  virtual Status Create(const MediaRecord& m) = 0;
  virtual Result<std::optional<MediaRecord>> FindById(MediaId id) = 0;
  // Every row with these uploaded bytes (several uploads of the same file), oldest first.
  virtual Result<std::vector<MediaRecord>> FindBySourceHash(const std::string& source_hash) = 0;
  virtual Result<std::vector<MediaRecord>> ListForPosts(const std::vector<PostId>& posts) = 0;
  virtual Result<std::vector<MediaRecord>> ListForComments(const std::vector<CommentId>& comments) = 0;
  // Attaches the uploader's unattached, ready photos (not videos) to a comment; invalid_media
  // otherwise. REQUIRES: inside a transaction.
  virtual Status AttachToComment(const std::vector<MediaId>& ids, AccountId uploader, CommentId comment) = 0;
  virtual Status DeleteForComment(CommentId comment) = 0;
  virtual Status SetAlt(MediaId id, const std::string& alt) = 0;
  // Attaches the uploader's unattached media in the given order; invalid_media unless every id was
  // attached (someone else's, already attached, failed, or unknown). Sets the post's
  // pending_media flag when one of them is still processing. REQUIRES: inside a transaction.
  virtual Status AttachToPost(const std::vector<MediaId>& ids, AccountId uploader, PostId post) = 0;
  virtual Result<int64_t> BytesUsedBy(AccountId uploader) = 0;
  // Videos still waiting for processing, oldest first (the worker's queue after a restart).
  virtual Result<std::vector<MediaId>> ListProcessing() = 0;
  // Stores the outcome of processing a video (status ready or failed, hashes, size, duration)
  // if the row still exists and is processing, and recomputes its post's pending_media flag.
  // Returns false when the row is gone or was not processing. REQUIRES: inside a transaction.
  virtual Result<bool> FinishVideo(const MediaRecord& m) = 0;
  // Makes `m` (a new avatar or banner row, already created) the account's avatar / the community's
  // banner and deletes the rows it replaces (their blobs are queued for the sweep). With nullopt,
  // removes the current one. REQUIRES: inside a transaction.
  virtual Status ReplaceAvatar(AccountId account, const std::optional<MediaRecord>& m) = 0;
  virtual Status ReplaceBanner(CommunityId community, const std::optional<MediaRecord>& m) = 0;
  // Deleting rows queues their blobs for the sweep (a trigger fills media_blob_orphans, so
  // cascades from account erasure and community deletion are covered too).
  virtual Status Delete(MediaId id) = 0;
  virtual Status DeleteForPost(PostId post) = 0;
  // Queued blob hashes that no media row references any more; each is dequeued when returned
  // (callers remove the blob afterwards; a lost removal only leaves an unreachable file).
  virtual Result<std::vector<std::string>> TakeUnreferencedBlobs(int limit) = 0;
  // Whether any row references the blob (used to avoid removing a blob re-used meanwhile).
  virtual Result<bool> BlobReferenced(const std::string& hash) = 0;
};

}  // namespace kring::app
