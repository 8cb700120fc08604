// Use cases for photos and short videos: upload (validate, process, store), alt text, serving with
// the same visibility as the post they belong to, and removal of blobs nobody references any more.
// Videos are accepted at once (status "processing", the upload staged on disk) and processed by a
// background worker (media/video_worker.h) through ProcessVideo; a post carrying one is its
// author's alone until every video in it is ready.
//
// Privacy: only re-encoded variants are ever stored or served (metadata stripped, EXIF orientation
// applied); the uploaded bytes are hashed and discarded. Unattached media are visible to their
// uploader alone; attached media to whoever may read the post (members-only stays members-only,
// deleted and removed posts hide their media at once). Not-visible answers not_found.
//
// Thread safety: safe from any thread; blob writes and blob removals are serialised by a mutex so
// a sweep never removes a blob an upload is about to reference.
#pragma once

#include <functional>
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
  std::string content_type;  // image/webp, image/jpeg or video/mp4
};

class MediaService {
 public:
  static constexpr size_t kMaxAltBytes = 1500 * 4;  // 1,500 characters, as Mastodon
  static constexpr int kMaxPerPost = 10;

  explicit MediaService(AppDeps& deps) : d_(deps) {}

  // Errors: unsupported_media, media_too_large, media_corrupt, quota_exceeded, invalid_alt; on any
  // error nothing is stored. A video answers status "processing" and is queued (see SetVideoQueue).
  Result<MediaRecord> Upload(const AuthContext& auth, std::string_view bytes, const std::string& alt);
  // Avatars (400 px square + 96 px, WebP and JPEG) and banners (1500x500 + 600x200 cover crops),
  // processed like photos (metadata stripped); the previous one's files are removed by the sweep.
  // Errors as Upload. Banners need the community's owner or a moderator (else not_found /
  // permission_denied); members-only communities stay members-only, but their banner is public
  // like their name.
  Status SetAvatar(const AuthContext& auth, std::string_view bytes);
  Status ClearAvatar(const AuthContext& auth);
  Status SetBanner(const AuthContext& auth, const std::string& slug, std::string_view bytes);
  Status ClearBanner(const AuthContext& auth, const std::string& slug);

  // Own media only (others' answer not_found).
  Result<MediaRecord> Get(const AuthContext& auth, MediaId id);
  Result<MediaRecord> SetAlt(const AuthContext& auth, MediaId id, const std::string& alt);
  // Own media that is not attached to a post (attached media go with their post).
  Status Delete(const AuthContext& auth, MediaId id);

  // A variant of the upload named `source_hash` ("large.webp", "small.webp", "large.jpg" of a photo;
  // "video.mp4", "poster.webp", "poster.jpg" of a ready video), if the viewer may see it;
  // not_found otherwise.
  Result<ServedMedia> Open(const std::string& source_hash, const std::string& variant, const core::Viewer& viewer);

  // The media of each post, in order (for post views).
  Result<std::map<int64_t, std::vector<MediaRecord>>> ForPosts(const std::vector<PostId>& posts);

  // Background work after a post was deleted or an account erased: drops the post's media rows
  // and removes every blob no longer referenced. Safe to repeat.
  Status OnPostDeleted(PostId post);
  Status Sweep();

  bool enabled() const { return d_.media && d_.blobs && d_.media_processor; }
  bool video_enabled() const { return enabled() && d_.video_processor && d_.config.video_limits.enabled; }

  // Where new videos are handed for processing (the worker's Enqueue). Set once by main before
  // serving; without it videos stay queued in the database for the next start.
  void SetVideoQueue(std::function<void(MediaId)> queue) { video_queue_ = std::move(queue); }
  // Videos waiting for processing (the worker's queue at start-up).
  Result<std::vector<MediaId>> ListProcessing();
  // Processes one staged video: stores MP4 + poster and marks it ready, or marks it failed with a
  // reason for the author; the staged upload is removed either way. Nothing happens when the row
  // is gone (deleted meanwhile) or not processing. Runs on the worker thread; safe to repeat.
  Status ProcessVideo(MediaId id);

 private:
  Result<MediaRecord> LoadOwn(const AuthContext& auth, MediaId id);
  Result<bool> Visible(const MediaRecord& m, const core::Viewer& viewer);
  Status ValidateAlt(const std::string& alt);
  Result<MediaRecord> StoreCover(const AuthContext& auth, std::string_view bytes, const char* kind,
                                 std::optional<CommunityId> community);
  Result<core::Community> ModeratedCommunity(const AuthContext& auth, const std::string& slug);
  Result<MediaRecord> UploadVideo(const AuthContext& auth, std::string_view bytes, const std::string& alt);
  AppDeps& d_;
  std::mutex blob_mu_;
  std::function<void(MediaId)> video_queue_;
};

}  // namespace kring::app
