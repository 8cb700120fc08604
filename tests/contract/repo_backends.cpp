// The storage backends the contract suite runs on.
#include "repo_fixture.h"

#include "storage/memory/memory_store.h"

namespace kring::contract {
namespace {

class MemoryRepoSet final : public RepoSet {
 public:
  app::Transactor& tx() override { return store_.transactor(); }
  app::AccountRepo& accounts() override { return store_.accounts(); }
  app::SessionRepo& sessions() override { return store_.sessions(); }
  app::InstanceRepo& instance() override { return store_.instance(); }
  app::CommunityRepo& communities() override { return store_.communities(); }
  app::PostRepo& posts() override { return store_.posts(); }
  app::CommentRepo& comments() override { return store_.comments(); }
  app::ReactionRepo& reactions() override { return store_.reactions(); }
  app::FollowRepo& follows() override { return store_.follows(); }
  app::ScheduledPostRepo& scheduled() override { return store_.scheduled(); }
  app::BlockRepo& blocks() override { return store_.blocks(); }
  app::AccountEraser& eraser() override { return store_.eraser(); }

 private:
  storage::memory::MemoryStore store_;
};

}  // namespace

std::vector<std::pair<std::string, RepoSetFactory>> RepoBackends() {
  std::vector<std::pair<std::string, RepoSetFactory>> backends;
  backends.emplace_back("Memory", [] { return std::make_unique<MemoryRepoSet>(); });

  // ---- SQLite backend goes here -------------------------------------------------------------
  // backends.emplace_back("Sqlite", [] { return MakeSqliteRepoSet(); });  // fresh temp database
  // --------------------------------------------------------------------------------------------
  return backends;
}

}  // namespace kring::contract
