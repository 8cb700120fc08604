// Runtime: the composition root. Builds the concrete adapters (SQLite store, libsodium, cmark,
// system clock), wires them into AppDeps and App, and owns them. Every command of the CLI starts
// from one Runtime, so `kring seed` and `kring serve` run the very same use cases.
#pragma once

#include <memory>

#include "app/app.h"
#include "app/insights_buffer.h"
#include "main/event_dispatcher.h"
#include "main/config.h"
#include "media/ffmpeg_video.h"
#include "media/fs_blob_store.h"
#include "media/vips_processor.h"
#include "storage/sqlite/media_repo.h"
#include "security/sodium_services.h"
#include "storage/sqlite/insights_repo.h"
#include "storage/sqlite/sqlite_store.h"
#include "text/markdown_renderer.h"

namespace kring::main {

class Runtime {
 public:
  // Opens (and migrates) the database under config.data_dir. Errors name the path.
  static Result<std::unique_ptr<Runtime>> Open(const Config& config);

  app::App& app() { return *app_; }
  EventDispatcher& events() { return events_; }
  storage::sqlite::SqliteStore& store() { return *store_; }
  const Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  media::FfmpegVideoProcessor* video_processor() { return video_processor_.get(); }

 private:
  explicit Runtime(Config config) : config_(std::move(config)), ids_(clock_, 0) {}
  Config config_;
  SystemClock clock_;
  SnowflakeIdGenerator ids_;
  EventDispatcher events_;
  security::SodiumPasswordHasher hasher_;
  security::SodiumTokenService tokens_;
  text::CmarkMarkdownRenderer markdown_;
  std::unique_ptr<storage::sqlite::SqliteStore> store_;
  std::unique_ptr<storage::sqlite::SqliteMediaRepo> media_repo_;
  std::unique_ptr<media::FsBlobStore> blobs_;
  media::VipsMediaProcessor media_processor_;
  std::unique_ptr<media::FfmpegVideoProcessor> video_processor_;
  std::unique_ptr<storage::sqlite::SqliteInsightsRepo> insights_repo_;
  // In front of insights_repo_ (destroyed before it: stores what waits on the way out).
  std::unique_ptr<app::InsightsBuffer> insights_buffer_;
  std::unique_ptr<app::AppDeps> deps_;
  std::unique_ptr<app::App> app_;
};

// Whether /usr/share/zoneinfo knows the zone (the system tz database, package tzdata).
bool SystemTimeZoneExists(std::string_view name);

}  // namespace kring::main
