#include "main/runtime.h"

#include <filesystem>

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
  rt->app_ = std::make_unique<app::App>(*rt->deps_);
  app::NotificationService* notifications = &rt->app_->notifications;
  rt->events_.Subscribe([notifications](const core::DomainEvent& e) { notifications->Handle(e); });
  return rt;
}

}  // namespace kring::main
