// The storage backends the contract suite runs on: the in-memory fake and SQLite (a fresh
// database in a temporary directory per test).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "repo_fixture.h"
#include "storage/memory/memory_store.h"
#include "storage/sqlite/sqlite_store.h"

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

class SqliteRepoSet final : public RepoSet {
 public:
  SqliteRepoSet(std::filesystem::path dir, std::unique_ptr<storage::sqlite::Database> db)
      : dir_(std::move(dir)), store_(std::move(db)) {}
  ~SqliteRepoSet() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
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
  std::filesystem::path dir_;
  storage::sqlite::SqliteStore store_;
};

std::unique_ptr<RepoSet> MakeSqliteRepoSet() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "kring-contract-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return nullptr;
  storage::sqlite::DatabaseOptions options;
  options.synchronous = "NORMAL";
  auto db = storage::sqlite::Database::Open(tmpl + "/kring.db", options);
  if (!db) {
    std::fprintf(stderr, "open failed: %s\n", db.error().internal_message.c_str());
    return nullptr;
  }
  return std::make_unique<SqliteRepoSet>(tmpl, std::move(db).value());
}

}  // namespace

std::vector<std::pair<std::string, RepoSetFactory>> RepoBackends() {
  std::vector<std::pair<std::string, RepoSetFactory>> backends;
  backends.emplace_back("Memory", [] { return std::make_unique<MemoryRepoSet>(); });
  backends.emplace_back("Sqlite", [] { return MakeSqliteRepoSet(); });
  return backends;
}

}  // namespace kring::contract
