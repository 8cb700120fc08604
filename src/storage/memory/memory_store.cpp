#include "storage/memory/memory_store.h"

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

struct MemoryStore::Impl {
  MemoryDb db;
  MemoryTransactor transactor{db};
  MemoryAccountRepo accounts{db};
  MemorySessionRepo sessions{db};
  MemoryInstanceRepo instance{db};
  MemoryCommunityRepo communities{db};
  MemoryPostRepo posts{db};
  MemoryCommentRepo comments{db};
  MemoryReactionRepo reactions{db};
  MemoryFollowRepo follows{db};
  MemoryScheduledPostRepo scheduled{db};
  MemoryBlockRepo blocks{db};
  MemoryAccountEraser eraser{db};
};

MemoryStore::MemoryStore() : impl_(std::make_unique<Impl>()) {}
MemoryStore::~MemoryStore() = default;

app::Transactor& MemoryStore::transactor() { return impl_->transactor; }
app::AccountRepo& MemoryStore::accounts() { return impl_->accounts; }
app::SessionRepo& MemoryStore::sessions() { return impl_->sessions; }
app::InstanceRepo& MemoryStore::instance() { return impl_->instance; }
app::CommunityRepo& MemoryStore::communities() { return impl_->communities; }
app::PostRepo& MemoryStore::posts() { return impl_->posts; }
app::CommentRepo& MemoryStore::comments() { return impl_->comments; }
app::ReactionRepo& MemoryStore::reactions() { return impl_->reactions; }
app::FollowRepo& MemoryStore::follows() { return impl_->follows; }
app::ScheduledPostRepo& MemoryStore::scheduled() { return impl_->scheduled; }
app::BlockRepo& MemoryStore::blocks() { return impl_->blocks; }
app::AccountEraser& MemoryStore::eraser() { return impl_->eraser; }

// Every level takes its own snapshot, like a SQL savepoint: the outer unit of work still decides
// for everything (its failure undoes the inner work too), and a failed inner unit leaves nothing
// behind even if the outer one carries on. The lock is held throughout, so no other thread sees a
// half-done unit of work.
Status MemoryTransactor::RunInTransaction(const std::function<Status()>& work) {
  Lock lock(db_.mu);
  Tables snapshot = db_.tables;
  ++db_.tx_depth;
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  } guard{db_.tx_depth};
  Status status;
  try {
    status = work();
  } catch (...) {
    db_.tables = std::move(snapshot);
    throw;
  }
  if (!status.ok()) db_.tables = std::move(snapshot);
  return status;
}

}  // namespace kring::storage::memory
