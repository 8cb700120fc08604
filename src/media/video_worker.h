// VideoWorker: the background queue of video uploads. One thread takes media ids in order and
// runs MediaService::ProcessVideo on each (ffmpeg in a subprocess), so an upload request answers
// at once with status "processing". Start() first queues every video left 'processing' by an
// earlier run (a restart or crash mid-way), so each is retried from its staged upload or marked
// failed when the upload is gone; staged uploads whose row is gone (deleted, or erased with
// their account, while the server was down) are removed, so no raw upload outlives its row.
//
// Thread safety: Enqueue from any thread; Start/Stop from the owner. Stop() lets the running
// video finish (ffmpeg has its own time limit) and leaves the rest queued in the database.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "app/media_service.h"
#include "media/ffmpeg_video.h"

namespace kring::media {

class VideoWorker {
 public:
  // `staging` (optional) is cleaned at Start of uploads no processing row refers to.
  explicit VideoWorker(app::MediaService& media, FfmpegVideoProcessor* staging = nullptr)
      : media_(media), staging_(staging) {}
  ~VideoWorker() { Stop(); }
  void Start();
  void Stop();
  void Enqueue(MediaId id);

 private:
  void Run();
  app::MediaService& media_;
  FfmpegVideoProcessor* staging_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<MediaId> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;      // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace kring::media
