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
  // A local file holding the blob, for zero-copy serving; nullopt when absent (or not a hash).
  virtual std::optional<std::string> PathOf(const std::string& hash) = 0;
  // Idempotent.
  virtual Status Remove(const std::string& hash) = 0;
};

struct MediaRecord {
  MediaId id;
  AccountId uploader;
  std::optional<PostId> post;  // nullopt while not attached
  int position = 0;            // order within the post
  std::string source_hash;     // SHA-256 of the uploaded bytes: the public name in URLs
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
  virtual Status SetAlt(MediaId id, const std::string& alt) = 0;
  // Attaches the uploader's unattached media in the given order; kConflict unless every id was
  // attached (someone else's, already attached, or unknown). REQUIRES: inside a transaction.
  virtual Status AttachToPost(const std::vector<MediaId>& ids, AccountId uploader, PostId post) = 0;
  virtual Result<int64_t> BytesUsedBy(AccountId uploader) = 0;
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
