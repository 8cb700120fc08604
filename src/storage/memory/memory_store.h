// MemoryStore: the storage ports of the app layer, held in memory (all but search, notifications
// and moderation, which have no fake yet). The fake behind fast,
// deterministic tests of use cases and API handlers, and the reference the storage contract tests
// (tests/contract) hold the SQL adapters to: what a test sees here, it must see on SQLite too.
//
// Semantics follow what a SQL database with the obvious constraints would do: unique handle keys,
// emails, slugs and memberships (kConflict with the detail named in the port headers), counters
// kept in step with the rows they count, cascading deletes, and a Transactor whose unit of work is
// all-or-nothing (the whole state is copied on entry and put back on failure). The repository
// choices the ports leave open are listed in memory_repos.h.
//
// Thread safety: safe from any thread. One recursive mutex guards all data; a transaction holds it
// for its whole unit of work, so it also serialises writers the way SQLite's single writer does.
// References returned by the accessors live as long as the store.
#pragma once

#include <memory>

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/post_repo.h"
#include "app/ports/transactor.h"

namespace kring::storage::memory {

class MemoryStore {
 public:
  MemoryStore();
  ~MemoryStore();
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  app::Transactor& transactor();
  app::AccountRepo& accounts();
  app::SessionRepo& sessions();
  app::InstanceRepo& instance();
  app::CommunityRepo& communities();
  app::PostRepo& posts();
  app::CommentRepo& comments();
  app::ReactionRepo& reactions();
  app::FollowRepo& follows();
  app::ScheduledPostRepo& scheduled();
  app::BlockRepo& blocks();
  app::AccountEraser& eraser();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kring::storage::memory
