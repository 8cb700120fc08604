// The storage contract: one GoogleTest suite (repo_contract_test.cpp) run against every storage
// backend, so the in-memory fake and the SQL adapters cannot drift apart. A backend joins by adding
// a factory to RepoBackends() in repo_backends.cpp.
//
// Each factory call must return a fresh, empty store (its own temporary database for SQL backends),
// independent of every other RepoSet; the suite may use it from several threads at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/post_repo.h"
#include "app/ports/transactor.h"

namespace kring::contract {

// Every port of one store. References stay valid for the life of the RepoSet.
struct RepoSet {
  virtual ~RepoSet() = default;
  virtual app::Transactor& tx() = 0;
  virtual app::AccountRepo& accounts() = 0;
  virtual app::SessionRepo& sessions() = 0;
  virtual app::InstanceRepo& instance() = 0;
  virtual app::CommunityRepo& communities() = 0;
  virtual app::PostRepo& posts() = 0;
  virtual app::CommentRepo& comments() = 0;
  virtual app::ReactionRepo& reactions() = 0;
  virtual app::FollowRepo& follows() = 0;
  virtual app::ScheduledPostRepo& scheduled() = 0;
  virtual app::BlockRepo& blocks() = 0;
  virtual app::AccountEraser& eraser() = 0;
};

using RepoSetFactory = std::function<std::unique_ptr<RepoSet>()>;

// The backends to run the suite on: (name, factory). Names must be alphanumeric (they become part
// of the test names, e.g. "Backends/RepoContract.MemberCountsMove/Memory").
std::vector<std::pair<std::string, RepoSetFactory>> RepoBackends();

}  // namespace kring::contract
