// AppDeps: the ports every use case may need, wired once by main (or by a test with fakes).
// The app layer owns no I/O: everything it touches is reached through these references, which
// must outlive every service built on them.
#pragma once

#include <vector>

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/insights_repo.h"
#include "app/ports/media_repo.h"
#include "app/ports/moderation_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/post_repo.h"
#include "app/ports/search_repo.h"
#include "app/ports/services.h"
#include "app/ports/transactor.h"
#include "base/clock.h"
#include "base/id_generator.h"

namespace kring::app {

struct AppConfig {
  TimeMs session_lifetime_ms = 30 * kDayMs;
  int comment_render_depth = 6;   // deeper replies are collapsed behind "more replies"
  int max_comments_per_thread = 2000;
  int max_scheduled_per_account = 50;
  TimeMs max_schedule_ahead_ms = 366 * kDayMs;
  MediaLimits media_limits;                    // photos: bytes and pixels per upload
  int64_t media_quota_bytes = int64_t{1} << 30;  // photos and videos: stored bytes per account
  VideoLimits video_limits;                      // short video: bytes, length, ffmpeg limits
};

struct AppDeps {
  Transactor& tx;
  AccountRepo& accounts;
  SessionRepo& sessions;
  InstanceRepo& instance;
  CommunityRepo& communities;
  PostRepo& posts;
  CommentRepo& comments;
  ReactionRepo& reactions;
  FollowRepo& follows;
  ScheduledPostRepo& scheduled;
  AccountEraser& eraser;
  SearchRepo& search;
  NotificationRepo& notifications;
  BlockRepo& blocks;
  ModerationRepo& moderation;
  PasswordHasher& hasher;
  TokenService& tokens;
  MarkdownRenderer& markdown;
  EventSink& events;
  const Clock& clock;
  IdGenerator& ids;
  TimeZoneExists time_zone_exists;
  AppConfig config;
  // Photos (optional: null = uploads answer media_unavailable). Set after construction by main.
  MediaRepo* media = nullptr;
  BlobStore* blobs = nullptr;
  MediaProcessor* media_processor = nullptr;
  // Short video (optional: null = video uploads answer unsupported_media).
  VideoProcessor* video_processor = nullptr;
  // Insights (app/insights_service.h); optional: null = the insights use cases answer
  // insights_unavailable and events are not recorded. Set after construction by main.
  InsightsRepo* insights = nullptr;
  TimeZoneOffset time_zone_offset;
};

// Collects events during a unit of work and publishes them only after it committed.
class PendingEvents {
 public:
  explicit PendingEvents(EventSink& sink) : sink_(sink) {}
  void Add(core::DomainEvent event) { events_.push_back(std::move(event)); }
  void PublishAll() {
    for (const auto& e : events_) sink_.Publish(e);
    events_.clear();
  }

 private:
  EventSink& sink_;
  std::vector<core::DomainEvent> events_;
};

}  // namespace kring::app
