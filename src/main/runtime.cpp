#include "main/runtime.h"

#include "core/insights.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include "base/log.h"
#include "main/time_zones.h"

namespace kring::main {

bool SystemTimeZoneExists(std::string_view name) {
  if (name == "UTC") return true;
  if (name.empty() || name.find("..") != std::string_view::npos) return false;
  std::error_code ec;
  return std::filesystem::is_regular_file(std::filesystem::path("/usr/share/zoneinfo") / std::string(name), ec);
}

Result<std::unique_ptr<Runtime>> Runtime::Open(const Config& config) {
  if (!security::InitSodium()) return Internal("libsodium could not initialise");
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec)
    return Unavailable("storage_unavailable", "Cannot create the data directory " + config.data_dir + ": " + ec.message());
  std::unique_ptr<Runtime> rt(new Runtime(config));
  storage::sqlite::DatabaseOptions options;
  options.synchronous = config.synchronous;
  options.mmap_bytes = config.mmap_mb << 20;
  options.writer_cache_kib = config.writer_cache_mb << 10;
  options.max_readers = static_cast<int>(config.worker_threads) + 2;
  KRING_ASSIGN_OR_RETURN(auto db, storage::sqlite::Database::Open(config.data_dir + "/kring.db", options));
  rt->store_ = std::make_unique<storage::sqlite::SqliteStore>(std::move(db));
  auto& s = *rt->store_;
  app::AppConfig app_config;
  app_config.comment_render_depth = static_cast<int>(config.comment_render_depth);
  rt->deps_.reset(new app::AppDeps{s.transactor(), s.accounts(), s.sessions(), s.instance(), s.communities(),
                                   s.posts(), s.comments(), s.reactions(), s.follows(), s.scheduled(), s.eraser(), s.search(),
                                   s.notifications(), s.blocks(), s.moderation(),
                                   rt->hasher_, rt->tokens_, rt->markdown_, rt->events_, rt->clock_, rt->ids_,
                                   SystemTimeZoneExists, app_config});
  // Photos: blobs under <data_dir>/media, rows in SQLite, libvips for processing.
  if (!media::InitVips()) return Internal("libvips could not initialise");
  KRING_ASSIGN_OR_RETURN(rt->blobs_, media::FsBlobStore::Open(config.data_dir + "/media"));
  rt->media_repo_ = std::make_unique<storage::sqlite::SqliteMediaRepo>(s.db());
  rt->deps_->media = rt->media_repo_.get();
  rt->deps_->blobs = rt->blobs_.get();
  rt->deps_->media_processor = &rt->media_processor_;
  rt->deps_->config.media_limits.max_upload_bytes = static_cast<uint64_t>(config.media_max_upload_bytes);
  rt->deps_->config.media_limits.max_pixels = static_cast<uint64_t>(config.media_max_pixels);
  rt->deps_->config.media_quota_bytes = config.media_quota_bytes;
  // Short video: uploads staged under <data_dir>/media-pending, processed by ffmpeg (serve runs the
  // worker). Off when switched off or when ffmpeg/ffprobe are missing (uploads then answer 415).
  if (config.media_video_enabled) {
    if (::access(config.media_ffmpeg.c_str(), X_OK) == 0 && ::access(config.media_ffprobe.c_str(), X_OK) == 0) {
      KRING_ASSIGN_OR_RETURN(rt->video_processor_,
                             media::FfmpegVideoProcessor::Open(config.data_dir + "/media-pending", config.media_ffmpeg,
                                                               config.media_ffprobe, rt->media_processor_));
      rt->deps_->video_processor = rt->video_processor_.get();
    } else {
      LogWarn("video uploads are off: " + config.media_ffmpeg + " or " + config.media_ffprobe + " is not executable");
    }
  }
  app::VideoLimits& video = rt->deps_->config.video_limits;
  video.enabled = rt->deps_->video_processor != nullptr;
  video.max_upload_bytes = static_cast<uint64_t>(config.media_video_max_upload_bytes);
  video.max_duration_ms = config.media_video_max_seconds * 1000;
  video.timeout_ms = config.media_video_timeout_seconds * 1000;
  video.memory_bytes = static_cast<uint64_t>(config.media_video_memory_bytes);
  video.threads = static_cast<int>(config.media_video_threads);
  rt->app_ = std::make_unique<app::App>(*rt->deps_);
  // Insights: raw events kept KRING_INSIGHTS_RETENTION_DAYS days (default 30, at least 8).
  rt->insights_repo_ = std::make_unique<storage::sqlite::SqliteInsightsRepo>(s.db());
  // Events are collected in memory and stored in batches (app/insights_buffer.h: at most a second
  // of counts lost in a crash, for several times the ingest rate).
  rt->insights_buffer_ = std::make_unique<app::InsightsBuffer>(*rt->insights_repo_);
  rt->insights_buffer_->Start(core::DayOf(rt->clock_.Now()));
  rt->deps_->insights = rt->insights_buffer_.get();
  rt->deps_->time_zone_offset = SystemTimeZoneOffset;
  app::InsightsConfig insights_config;
  if (const char* days = std::getenv("KRING_INSIGHTS_RETENTION_DAYS"))
    insights_config.retention_days = std::max(8, std::atoi(days));
  rt->app_->insights.Configure(insights_config);
  app::InsightsService* insights = &rt->app_->insights;
  rt->events_.Subscribe([insights](const core::DomainEvent& e) { insights->Handle(e); });
  app::NotificationService* notifications = &rt->app_->notifications;
  rt->events_.Subscribe([notifications](const core::DomainEvent& e) { notifications->Handle(e); });
  // Photos leave with their post or account: rows first, then blobs nobody references.
  app::MediaService* media = &rt->app_->media;
  rt->events_.Subscribe([media](const core::DomainEvent& e) {
    Status st = Status::Ok();
    if (const auto* d = std::get_if<core::PostDeleted>(&e)) st = media->OnPostDeleted(d->post);
    else if (std::holds_alternative<core::AccountDeleted>(e)) st = media->Sweep();
    if (!st) LogError("media cleanup: " + st.error().internal_message);
  });
  return rt;
}

}  // namespace kring::main
