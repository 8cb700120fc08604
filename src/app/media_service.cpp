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

Result<MediaRecord> MediaService::LoadOwn(const AuthContext& auth, MediaId id) {
  if (!enabled()) return Disabled();
  KRING_ASSIGN_OR_RETURN(auto m, d_.media->FindById(id));
  if (!m || m->uploader != auth.account.id) return NotFound("media");
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
  if (m.post) return Conflict("media_attached", "This photo belongs to a post; delete the post instead.");
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.media->Delete(m.id); }));
  return Sweep();
}

Result<bool> MediaService::Visible(const MediaRecord& m, const core::Viewer& viewer) {
  if (!m.post) return viewer.account && *viewer.account == m.uploader;
  KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(*m.post));
  if (!post || post->deleted || post->removed) return false;
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
  if (variant != "large.webp" && variant != "small.webp" && variant != "large.jpg") return NotFound("media");
  KRING_ASSIGN_OR_RETURN(auto rows, d_.media->FindBySourceHash(source_hash));
  for (const auto& m : rows) {
    KRING_ASSIGN_OR_RETURN(bool visible, Visible(m, viewer));
    if (!visible) continue;
    const std::string& hash = variant == "large.webp" ? m.large_hash : variant == "small.webp" ? m.small_hash : m.fallback_hash;
    auto path = d_.blobs->PathOf(hash);
    if (!path) return NotFound("media");
    return ServedMedia{*path, "\"" + hash + "\"", variant == "large.jpg" ? "image/jpeg" : "image/webp"};
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
