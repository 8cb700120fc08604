#include "main/insights_rollup.h"

#include <chrono>

#include "base/log.h"

namespace kring::main {

Status RunInsightsRollup(app::InsightsService& insights) {
  auto r = insights.Rollup();
  if (!r) return r.error();
  if (r->days_rolled_up > 0 || r->events_purged > 0)
    LogInfo("insights rollup: " + std::to_string(r->days_rolled_up) + " day(s) aggregated, " +
            std::to_string(r->events_purged) + " raw event(s) past retention deleted");
  return Status::Ok();
}

InsightsRoller::InsightsRoller(app::InsightsService& insights) : insights_(insights), thread_([this] { Run(); }) {}

InsightsRoller::~InsightsRoller() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void InsightsRoller::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    Status st = RunInsightsRollup(insights_);
    if (!st) LogError("insights rollup: " + st.error().internal_message);
    lock.lock();
    cv_.wait_for(lock, std::chrono::hours(1), [this] { return stop_; });
  }
}

}  // namespace kring::main
