// Database's group commit (database.h): works from many threads share transactions, yet each caller
// sees exactly its own outcome, and only the works that succeeded are in the database.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/database.h"

namespace kring {
namespace {

using storage::sqlite::Connection;

TEST(GroupCommitTest, ConcurrentWorksSucceedFailAndThrowEachOnTheirOwn) {
  std::string dir = (std::filesystem::temp_directory_path() / "kring-group-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    auto opened = storage::sqlite::Database::Open(dir + "/kring.db", {});
    ASSERT_TRUE(opened);
    auto& db = **opened;
    ASSERT_TRUE(db.Write([](Connection& c) { return c.Exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"); }));
    auto insert = [&](int64_t x) {
      return db.Write([&](Connection& c) -> Status {
        KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO t (x) VALUES (?1)"));
        s->Bind(1, x);
        return s->Run();
      });
    };
    // Works whose number ends in 3 fail after writing, those ending in 7 throw after writing.
    constexpr int kThreads = 16, kWorks = 60;
    std::atomic<int> wrong{0}, ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kWorks; ++i) {
          const int64_t x = t * 1000 + i;
          try {
            Status st = db.RunInTransaction([&]() -> Status {
              KRING_TRY(insert(x));
              if (x % 10 == 3) return InvalidArgument("nope", "This one fails.");
              if (x % 10 == 7) throw std::runtime_error("boom");
              return Status::Ok();
            });
            if (x % 10 == 3) wrong += st ? 1 : (st.error().detail == "nope" ? 0 : 1);
            else if (x % 10 == 7) wrong++;  // should have thrown
            else if (st) ok++;
            else wrong++;
          } catch (const std::runtime_error&) {
            if (x % 10 != 7) wrong++;
          }
        }
      });
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    int64_t rows = -1, bad = -1;
    ASSERT_TRUE(db.Read([&](Connection& c) -> Status {
      KRING_ASSIGN_OR_RETURN(auto s, c.Prepare(
          "SELECT COUNT(*), COALESCE(SUM(x % 10 = 3 OR x % 10 = 7), 0) FROM t"));
      KRING_ASSIGN_OR_RETURN(bool row, s->Step());
      if (row) {
        rows = s->Int(0);
        bad = s->Int(1);
      }
      return Status::Ok();
    }));
    EXPECT_EQ(rows, ok.load());  // every acknowledged work is there ...
    EXPECT_EQ(bad, 0);           // ... and nothing of the failed or thrown ones
    EXPECT_EQ(ok.load(), kThreads * kWorks * 8 / 10);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kring
