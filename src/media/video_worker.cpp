#include "media/video_worker.h"

#include <set>

#include "base/log.h"

namespace kring::media {

void VideoWorker::Start() {
  if (thread_.joinable()) return;
  auto left = media_.ListProcessing();
  if (!left) LogError("video queue: " + left.error().internal_message);
  if (left && staging_) {
    std::set<int64_t> wanted;
    for (MediaId id : *left) wanted.insert(id.value());
    for (MediaId id : staging_->ListStaged())
      if (!wanted.count(id.value())) staging_->Unstage(id);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
    if (left)
      for (MediaId id : *left) queue_.push_back(id);
  }
  thread_ = std::thread([this] { Run(); });
}

void VideoWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VideoWorker::Enqueue(MediaId id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(id);
  }
  cv_.notify_one();
}

void VideoWorker::Run() {
  for (;;) {
    MediaId id;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    Status st = media_.ProcessVideo(id);
    if (!st) LogError("video " + id.ToString() + ": " + st.error().internal_message);
  }
}

}  // namespace kring::media
