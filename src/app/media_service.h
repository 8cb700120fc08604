// Use cases for photos: upload (validate, process, store), alt text, serving with the same
// visibility as the post they belong to, and removal of blobs nobody references any more.
//
// Privacy: only re-encoded variants are ever stored or served (metadata stripped, EXIF orientation
// applied); the uploaded bytes are hashed and discarded. Unattached media are visible to their
// uploader alone; attached media to whoever may read the post (members-only stays members-only,
// deleted and removed posts hide their media at once). Not-visible answers not_found.
//
// Thread safety: safe from any thread; blob writes and blob removals are serialised by a mutex so
// a sweep never removes a blob an upload is about to reference.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/ports/media_repo.h"

namespace kring::app {

struct ServedMedia {
  std::string path;          // local file to send
  std::string etag;          // quoted strong ETag (the variant's content hash)
  std::string content_type;  // image/webp or image/jpeg
};

class MediaService {
 public:
  static constexpr size_t kMaxAltBytes = 1500 * 4;  // 1,500 characters, as Mastodon
  static constexpr int kMaxPerPost = 10;

  explicit MediaService(AppDeps& deps) : d_(deps) {}

  // Errors: unsupported_media, media_too_large, media_corrupt, quota_exceeded, invalid_alt; on any
  // error nothing is stored.
  Result<MediaRecord> Upload(const AuthContext& auth, std::string_view bytes, const std::string& alt);
  // Own media only (others' answer not_found).
  Result<MediaRecord> Get(const AuthContext& auth, MediaId id);
  Result<MediaRecord> SetAlt(const AuthContext& auth, MediaId id, const std::string& alt);
  // Own media that is not attached to a post (attached media go with their post).
  Status Delete(const AuthContext& auth, MediaId id);

  // A variant ("large.webp", "small.webp", "large.jpg") of the upload named `source_hash`, if the
  // viewer may see it; not_found otherwise.
  Result<ServedMedia> Open(const std::string& source_hash, const std::string& variant, const core::Viewer& viewer);

  // The media of each post, in order (for post views).
  Result<std::map<int64_t, std::vector<MediaRecord>>> ForPosts(const std::vector<PostId>& posts);

  // Background work after a post was deleted or an account erased: drops the post's media rows
  // and removes every blob no longer referenced. Safe to repeat.
  Status OnPostDeleted(PostId post);
  Status Sweep();

  bool enabled() const { return d_.media && d_.blobs && d_.media_processor; }

 private:
  Result<MediaRecord> LoadOwn(const AuthContext& auth, MediaId id);
  Result<bool> Visible(const MediaRecord& m, const core::Viewer& viewer);
  Status ValidateAlt(const std::string& alt);
  AppDeps& d_;
  std::mutex blob_mu_;
};

}  // namespace kring::app
