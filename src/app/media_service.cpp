#include "app/media_service.h"

#include <set>

#include "core/permissions.h"
#include "core/unicode_text.h"

namespace kring::app {

namespace {

Error Disabled() { return Unavailable("media_unavailable", "Photo uploads are not available on this server."); }

bool IsHexHash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Status MediaService::ValidateAlt(const std::string& alt) {
  if (alt.size() > kMaxAltBytes)
    return InvalidArgument("invalid_alt", "Alt text can be at most 1,500 characters.", "alt");
  if (!core::IsValidUtf8(alt)) return InvalidArgument("invalid_alt", "Alt text must be valid UTF-8.", "alt");
  for (unsigned char c : alt)
    if (c < 0x20 && c != '\n' && c != '\t') return InvalidArgument("invalid_alt", "Alt text contains control characters.", "alt");
  return Status::Ok();
}

Result<MediaRecord> MediaService::Upload(const AuthContext& auth, std::string_view bytes, const std::string& alt_in) {
  if (!enabled()) return Disabled();
  KRING_TRY(ValidateAlt(alt_in));
  const MediaLimits& limits = d_.config.media_limits;
  if (bytes.empty()) return InvalidArgument("media_corrupt", "The file is empty.", "file");
  if (video_enabled() && d_.video_processor->LooksLikeVideo(bytes)) return UploadVideo(auth, bytes, alt_in);
  if (bytes.size() > limits.max_upload_bytes)
    return MakeError(Errc::kPayloadTooLarge, "media_too_large",
                     "The file is larger than the " + std::to_string(limits.max_upload_bytes / (1024 * 1024)) +
                         " MB this server accepts.");
  MediaRecord m;
  m.uploader = auth.account.id;
  m.alt = core::NormalizeNfc(alt_in);
  m.source_hash = d_.blobs->HashOf(bytes);
  // The same bytes uploaded before: re-use the variants (processing is deterministic).
  KRING_ASSIGN_OR_RETURN(auto same, d_.media->FindBySourceHash(m.source_hash));
  std::erase_if(same, [](const MediaRecord& r) { return r.kind != "image" || r.status != "ready"; });
  ProcessedImage processed;
  bool reuse = false;
  if (!same.empty()) {
    const MediaRecord& s = same.front();
    m.large_hash = s.large_hash;
    m.small_hash = s.small_hash;
    m.fallback_hash = s.fallback_hash;
    m.width = s.width;
    m.height = s.height;
    m.placeholder = s.placeholder;
    m.bytes = s.bytes;
    reuse = true;
  } else {
    KRING_ASSIGN_OR_RETURN(processed, d_.media_processor->Process(bytes, limits));
    m.width = processed.width;
    m.height = processed.height;
    m.placeholder = processed.placeholder;
    m.bytes = static_cast<int64_t>(processed.large_webp.size() + processed.small_webp.size() +
                                   processed.fallback_jpeg.size());
  }
  KRING_ASSIGN_OR_RETURN(int64_t used, d_.media->BytesUsedBy(auth.account.id));
  if (used + m.bytes > d_.config.media_quota_bytes)
    return MakeError(Errc::kPayloadTooLarge, "quota_exceeded",
                     "Your storage for photos is full; delete some posts with photos first.");
  m.id = MediaId(d_.ids.Next());
  m.created_at = d_.clock.Now();

  std::lock_guard<std::mutex> lock(blob_mu_);
  if (reuse) {
    // The earlier row may have gone (and its blobs with it) since we looked.
    for (const std::string* h : {&m.large_hash, &m.small_hash, &m.fallback_hash})
      if (!d_.blobs->PathOf(*h)) return Conflict("media_busy", "Please try the upload again.");
  } else {
    KRING_ASSIGN_OR_RETURN(m.large_hash, d_.blobs->Put(processed.large_webp));
    KRING_ASSIGN_OR_RETURN(m.small_hash, d_.blobs->Put(processed.small_webp));
    KRING_ASSIGN_OR_RETURN(m.fallback_hash, d_.blobs->Put(processed.fallback_jpeg));
  }
  Status created = d_.tx.RunInTransaction([&] { return d_.media->Create(m); });
  if (!created) {
    for (const std::string* h : {&m.large_hash, &m.small_hash, &m.fallback_hash}) {
      auto referenced = d_.media->BlobReferenced(*h);
      if (referenced && !*referenced) (void)d_.blobs->Remove(*h);
    }
    return created.error();
  }
  return m;
}

Result<MediaRecord> MediaService::StoreCover(const AuthContext& auth, std::string_view bytes, const char* kind,
                                             std::optional<CommunityId> community) {
  if (!enabled()) return Disabled();
  const MediaLimits& limits = d_.config.media_limits;
  if (bytes.empty()) return InvalidArgument("media_corrupt", "The file is empty.", "file");
  if (bytes.size() > limits.max_upload_bytes)
    return MakeError(Errc::kPayloadTooLarge, "media_too_large",
                     "The file is larger than the " + std::to_string(limits.max_upload_bytes / (1024 * 1024)) +
                         " MB this server accepts.");
  const bool avatar = std::string_view(kind) == "avatar";
  KRING_ASSIGN_OR_RETURN(ProcessedImage processed, avatar ? d_.media_processor->ProcessCover(bytes, limits, 400, 400, 96, 96)
                                                          : d_.media_processor->ProcessCover(bytes, limits, 1500, 500, 600, 200));
  MediaRecord m;
  m.id = MediaId(d_.ids.Next());
  m.kind = kind;
  m.uploader = auth.account.id;
  m.community = community;
  m.source_hash = d_.blobs->HashOf(bytes);
  m.width = processed.width;
  m.height = processed.height;
  m.placeholder = processed.placeholder;
  m.bytes = static_cast<int64_t>(processed.large_webp.size() + processed.small_webp.size() + processed.fallback_jpeg.size());
  m.created_at = d_.clock.Now();
  KRING_ASSIGN_OR_RETURN(int64_t used, d_.media->BytesUsedBy(auth.account.id));
  if (used + m.bytes > d_.config.media_quota_bytes)
    return MakeError(Errc::kPayloadTooLarge, "quota_exceeded",
                     "Your storage for photos and videos is full; delete some posts with media first.");
  {
    std::lock_guard<std::mutex> lock(blob_mu_);
    KRING_ASSIGN_OR_RETURN(m.large_hash, d_.blobs->Put(processed.large_webp));
    KRING_ASSIGN_OR_RETURN(m.small_hash, d_.blobs->Put(processed.small_webp));
    KRING_ASSIGN_OR_RETURN(m.fallback_hash, d_.blobs->Put(processed.fallback_jpeg));
    Status saved = d_.tx.RunInTransaction([&]() -> Status {
      KRING_TRY(d_.media->Create(m));
      return avatar ? d_.media->ReplaceAvatar(auth.account.id, m) : d_.media->ReplaceBanner(*community, m);
    });
    if (!saved) {
      for (const std::string* h : {&m.large_hash, &m.small_hash, &m.fallback_hash}) {
        auto referenced = d_.media->BlobReferenced(*h);
        if (referenced && !*referenced) (void)d_.blobs->Remove(*h);
      }
      return saved.error();
    }
  }
  KRING_TRY(Sweep());  // the replaced avatar's or banner's files
  return m;
}

Status MediaService::SetAvatar(const AuthContext& auth, std::string_view bytes) {
  KRING_ASSIGN_OR_RETURN(auto m, StoreCover(auth, bytes, "avatar", std::nullopt));
  (void)m;
  return Status::Ok();
}

Status MediaService::ClearAvatar(const AuthContext& auth) {
  if (!enabled()) return Disabled();
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->ReplaceAvatar(auth.account.id, std::nullopt); }));
  return Sweep();
}

Result<core::Community> MediaService::ModeratedCommunity(const AuthContext& auth, const std::string& slug) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(slug));
  if (!c) return NotFound("community");
  KRING_ASSIGN_OR_RETURN(auto membership, d_.communities.FindMembership(c->id, auth.account.id));
  if (!core::CanReadContent(*c, membership)) return NotFound("community");
  if (!core::CanModerate(auth.viewer(), *c, membership))
    return PermissionDenied("moderators_only", "Only the community's owner and moderators can change its banner.");
  return std::move(*c);
}

Status MediaService::SetBanner(const AuthContext& auth, const std::string& slug, std::string_view bytes) {
  if (!enabled()) return Disabled();
  KRING_ASSIGN_OR_RETURN(auto c, ModeratedCommunity(auth, slug));
  KRING_ASSIGN_OR_RETURN(auto m, StoreCover(auth, bytes, "banner", c.id));
  (void)m;
  return Status::Ok();
}

Status MediaService::ClearBanner(const AuthContext& auth, const std::string& slug) {
  if (!enabled()) return Disabled();
  KRING_ASSIGN_OR_RETURN(auto c, ModeratedCommunity(auth, slug));
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->ReplaceBanner(c.id, std::nullopt); }));
  return Sweep();
}

Result<MediaRecord> MediaService::UploadVideo(const AuthContext& auth, std::string_view bytes, const std::string& alt) {
  const VideoLimits& limits = d_.config.video_limits;
  if (bytes.size() > limits.max_upload_bytes)
    return MakeError(Errc::kPayloadTooLarge, "media_too_large",
                     "The video is larger than the " + std::to_string(limits.max_upload_bytes / (1024 * 1024)) +
                         " MB this server accepts.");
  // Charged provisionally at the upload's size; the stored MP4 + poster replace it when ready.
  KRING_ASSIGN_OR_RETURN(int64_t used, d_.media->BytesUsedBy(auth.account.id));
  if (used + static_cast<int64_t>(bytes.size()) > d_.config.media_quota_bytes)
    return MakeError(Errc::kPayloadTooLarge, "quota_exceeded",
                     "Your storage for photos and videos is full; delete some posts with media first.");
  MediaRecord m;
  m.id = MediaId(d_.ids.Next());
  m.kind = "video";
  m.status = "processing";
  m.uploader = auth.account.id;
  m.alt = core::NormalizeNfc(alt);
  m.source_hash = d_.blobs->HashOf(bytes);
  m.bytes = static_cast<int64_t>(bytes.size());
  m.created_at = d_.clock.Now();
  KRING_TRY(d_.video_processor->Stage(m.id, bytes));
  Status created = d_.tx.RunInTransaction([&] { return d_.media->Create(m); });
  if (!created) {
    d_.video_processor->Unstage(m.id);
    return created.error();
  }
  if (video_queue_) video_queue_(m.id);
  return m;
}

Result<std::vector<MediaId>> MediaService::ListProcessing() {
  if (!video_enabled()) return std::vector<MediaId>();
  return d_.media->ListProcessing();
}

Status MediaService::ProcessVideo(MediaId id) {
  if (!video_enabled()) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(auto row, d_.media->FindById(id));
  if (!row || row->status != "processing") {
    d_.video_processor->Unstage(id);
    return Status::Ok();
  }
  MediaRecord m = std::move(*row);
  auto finish = [&]() -> Status {
    KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
      KRING_ASSIGN_OR_RETURN(bool changed, d_.media->FinishVideo(m));
      (void)changed;
      return Status::Ok();
    }));
    d_.video_processor->Unstage(id);
    return Status::Ok();
  };
  auto fail = [&](const Error& e) {
    m.status = "failed";
    m.failure_code = e.detail.empty() ? "video_failed" : e.detail;
    m.failure_message = e.public_message;
    m.bytes = 0;
    return finish();
  };
  auto source = d_.video_processor->StagedPath(id);
  if (!source) return fail(Unavailable("video_lost", "The upload was lost before it was processed; please upload the video again."));
  auto processed = d_.video_processor->Process(*source, d_.config.video_limits);
  if (!processed) {
    if (processed.error().code == Errc::kInternal || processed.error().code == Errc::kUnavailable)
      return fail(Unavailable("video_failed", "This video could not be processed; please try again later."));
    return fail(processed.error());
  }
  std::lock_guard<std::mutex> lock(blob_mu_);
  auto stored = [&]() -> Status {
    KRING_ASSIGN_OR_RETURN(m.large_hash, d_.blobs->PutFile(processed->mp4_path));
    KRING_ASSIGN_OR_RETURN(m.small_hash, d_.blobs->Put(processed->poster.large_webp));
    KRING_ASSIGN_OR_RETURN(m.fallback_hash, d_.blobs->Put(processed->poster.fallback_jpeg));
    return Status::Ok();
  }();
  d_.video_processor->Discard(*processed);
  auto drop_unreferenced = [&] {
    for (const std::string* h : {&m.large_hash, &m.small_hash, &m.fallback_hash}) {
      if (h->empty()) continue;
      auto referenced = d_.media->BlobReferenced(*h);
      if (referenced && !*referenced) (void)d_.blobs->Remove(*h);
    }
  };
  if (!stored) {
    drop_unreferenced();
    return stored.error();  // disk trouble: left processing, retried at the next start
  }
  m.status = "ready";
  m.width = processed->width;
  m.height = processed->height;
  m.duration_ms = processed->duration_ms;
  m.placeholder = processed->poster.placeholder;
  m.bytes = processed->mp4_bytes + static_cast<int64_t>(processed->poster.large_webp.size() +
                                                      processed->poster.fallback_jpeg.size());
  bool changed = false;
  Status saved = d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(changed, d_.media->FinishVideo(m));
    return Status::Ok();
  });
  if (!saved || !changed) drop_unreferenced();  // deleted while processing
  d_.video_processor->Unstage(id);
  return saved;
}

Result<MediaRecord> MediaService::LoadOwn(const AuthContext& auth, MediaId id) {
  if (!enabled()) return Disabled();
  KRING_ASSIGN_OR_RETURN(auto m, d_.media->FindById(id));
  // Avatars and banners are managed through their own routes only.
  if (!m || m->uploader != auth.account.id || m->kind == "avatar" || m->kind == "banner") return NotFound("media");
  return std::move(*m);
}

Result<MediaRecord> MediaService::Get(const AuthContext& auth, MediaId id) { return LoadOwn(auth, id); }

Result<MediaRecord> MediaService::SetAlt(const AuthContext& auth, MediaId id, const std::string& alt) {
  KRING_ASSIGN_OR_RETURN(auto m, LoadOwn(auth, id));
  KRING_TRY(ValidateAlt(alt));
  m.alt = core::NormalizeNfc(alt);
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->SetAlt(m.id, m.alt); }));
  return m;
}

Status MediaService::Delete(const AuthContext& auth, MediaId id) {
  KRING_ASSIGN_OR_RETURN(auto m, LoadOwn(auth, id));
  if (m.post || m.comment) return Conflict("media_attached", "This item belongs to a post or comment; delete that instead.");
  if (m.status == "processing" && d_.video_processor) d_.video_processor->Unstage(m.id);
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->Delete(m.id); }));
  return Sweep();
}

Result<bool> MediaService::Visible(const MediaRecord& m, const core::Viewer& viewer) {
  if (m.kind == "avatar" || m.kind == "banner") return true;  // public, like a name
  if (m.comment) {
    KRING_ASSIGN_OR_RETURN(auto comment, d_.comments.FindById(*m.comment));
    if (!comment || comment->deleted || comment->removed) return false;
    MediaRecord as_post = m;
    as_post.comment.reset();
    as_post.post = comment->post;
    return Visible(as_post, viewer);  // as visible as the post it replies to
  }
  if (!m.post) return viewer.account && *viewer.account == m.uploader;
  KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(*m.post));
  if (!post || post->deleted || post->removed) return false;
  if (post->pending_media && !(viewer.account && post->author && *viewer.account == *post->author)) return false;
  if (!post->community) return true;  // profile posts are public
  KRING_ASSIGN_OR_RETURN(auto community, d_.communities.FindById(*post->community));
  if (!community) return false;
  std::optional<core::Membership> membership;
  if (viewer.account) {
    KRING_ASSIGN_OR_RETURN(membership, d_.communities.FindMembership(community->id, *viewer.account));
  }
  return core::CanReadContent(*community, membership);
}

Result<ServedMedia> MediaService::Open(const std::string& source_hash, const std::string& variant,
                                       const core::Viewer& viewer) {
  if (!enabled() || !IsHexHash(source_hash)) return NotFound("media");
  const bool image_variant = variant == "large.webp" || variant == "small.webp" || variant == "large.jpg";
  const bool video_variant = variant == "video.mp4" || variant == "poster.webp" || variant == "poster.jpg";
  const bool avatar_variant = variant == "avatar.webp" || variant == "avatar-small.webp" || variant == "avatar.jpg";
  const bool banner_variant = variant == "banner.webp" || variant == "banner-small.webp" || variant == "banner.jpg";
  const char* kind = image_variant ? "image" : video_variant ? "video" : avatar_variant ? "avatar" : banner_variant ? "banner" : nullptr;
  if (!kind) return NotFound("media");
  KRING_ASSIGN_OR_RETURN(auto rows, d_.media->FindBySourceHash(source_hash));
  for (const auto& m : rows) {
    if (m.status != "ready" || m.kind != kind) continue;
    KRING_ASSIGN_OR_RETURN(bool visible, Visible(m, viewer));
    if (!visible) continue;
    const bool large = variant == "large.webp" || variant == "video.mp4" || variant == "avatar.webp" || variant == "banner.webp";
    const bool small = variant == "small.webp" || variant == "poster.webp" || variant.find("-small.") != std::string::npos;
    const std::string& hash = large ? m.large_hash : small ? m.small_hash : m.fallback_hash;
    auto path = d_.blobs->PathOf(hash);
    if (!path) return NotFound("media");
    const char* type = variant == "video.mp4" ? "video/mp4"
                       : variant.ends_with(".jpg") ? "image/jpeg" : "image/webp";
    return ServedMedia{*path, "\"" + hash + "\"", type};
  }
  return NotFound("media");
}

Result<std::map<int64_t, std::vector<MediaRecord>>> MediaService::ForPosts(const std::vector<PostId>& posts) {
  std::map<int64_t, std::vector<MediaRecord>> out;
  if (!enabled() || posts.empty()) return out;
  KRING_ASSIGN_OR_RETURN(auto rows, d_.media->ListForPosts(posts));
  for (auto& m : rows) out[m.post->value()].push_back(std::move(m));
  return out;
}

Status MediaService::OnPostDeleted(PostId post) {
  if (!enabled()) return Status::Ok();
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->DeleteForPost(post); }));
  return Sweep();
}

Status MediaService::Sweep() {
  if (!enabled()) return Status::Ok();
  std::lock_guard<std::mutex> lock(blob_mu_);
  for (int round = 0; round < 1000; ++round) {
    std::vector<std::string> hashes;
    KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
      KRING_ASSIGN_OR_RETURN(hashes, d_.media->TakeUnreferencedBlobs(500));
      return Status::Ok();
    }));
    for (const auto& h : hashes) KRING_TRY(d_.blobs->Remove(h));
    if (hashes.empty()) break;
  }
  return Status::Ok();
}

}  // namespace kring::app
