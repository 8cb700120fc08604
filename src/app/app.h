// App: every use-case service of Kring, built over one AppDeps. Adapters (API, CLI, background
// workers) hold an App and call its services; nothing else reaches the ports.
#pragma once

#include "app/account_service.h"
#include "app/community_service.h"
#include "app/export_service.h"
#include "app/follow_service.h"
#include "app/insights_service.h"
#include "app/media_service.h"
#include "app/moderation_service.h"
#include "app/notification_service.h"
#include "app/post_service.h"
#include "app/search_service.h"

namespace kring::app {

class App {
 public:
  explicit App(AppDeps& deps)
      : deps_(deps), accounts(deps), communities(deps), posts(deps), follows(deps), exports(deps),
        search(deps, posts, communities), notifications(deps), moderation(deps, notifications), media(deps),
        insights(deps) {}
  AppDeps& deps() { return deps_; }

 private:
  AppDeps& deps_;

 public:
  AccountService accounts;
  CommunityService communities;
  PostService posts;
  FollowService follows;
  ExportService exports;
  SearchService search;
  NotificationService notifications;
  ModerationService moderation;
  MediaService media;
  InsightsService insights;
};

}  // namespace kring::app
