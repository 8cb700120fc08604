// InsightsRoller: runs the insights rollup (aggregate finished days, purge raw events past
// retention) at start-up and then every hour, so it happens soon after each UTC midnight. Each
// run is idempotent and cheap when there is nothing to do.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/insights_service.h"

namespace kring::main {

class InsightsRoller {
 public:
  explicit InsightsRoller(app::InsightsService& insights);
  ~InsightsRoller();

 private:
  void Run();
  app::InsightsService& insights_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

// One rollup with a log line; what `kring insights rollup` and the roller call.
Status RunInsightsRollup(app::InsightsService& insights);

}  // namespace kring::main
