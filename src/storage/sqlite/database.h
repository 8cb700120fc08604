// SQLite access for Kring: one writer connection and a pool of reader connections over one file
// in WAL mode, so reads never wait for writes and writes are serialised (SQLite has one writer).
//
// Transactions: RunInTransaction takes the writer, BEGIN IMMEDIATE, runs the work and COMMITs (or
// ROLLs BACK on error). While it runs, every statement issued on that thread through this
// Database uses the writer connection, so repositories join the transaction without being told.
// Outside a transaction, Read() lends a reader connection and Write() opens a transaction of its own.
//
// Group commit: work that arrives while another transaction runs waits in a queue; the next thread
// to take the writer runs every waiting work in one transaction, each in its own SAVEPOINT (a work
// that fails is rolled back alone and gets its error), and commits once: one disk sync for all of
// them instead of one each. Every caller still returns only after its work was committed (or with
// its error); an exception thrown by a work is rethrown in its caller's thread.
//
// Durability: synchronous=FULL by default: a COMMIT that returned has reached the disk.
//
// Thread safety: all public methods are safe from any thread. A Connection is used by one thread
// at a time (the lease guarantees it).
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/ports/transactor.h"
#include "base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kring::storage::sqlite {

class Connection;

// A prepared statement, cached per connection. Bind indexes start at 1 (SQLite's convention).
// Reset automatically when the Statement goes out of scope.
class Statement {
 public:
  Statement(Connection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();
  // Rows changed by the last Run().
  int64_t Changes() const;
  // Makes the statement ready to bind and run again (for loops over one statement; bindings not
  // bound again keep their values).
  void Reset();
  // The rowid of the last row inserted on this statement's connection.
  int64_t LastInsertRowid() const;

  int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  Connection& conn_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  ~Connection();
  // Prepares (or reuses) the statement for `sql`. kInternal if the SQL is invalid (a bug).
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql);
  // Runs SQL text with no parameters (schema, pragmas). May contain several statements.
  Status Exec(std::string_view sql);
  // Turns the last SQLite error into an Error (busy/full -> kUnavailable, constraint -> kConflict).
  Error LastError(std::string_view context) const;
  sqlite3* raw() { return db_; }

 private:
  friend class Database;
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

struct DatabaseOptions {
  std::string synchronous = "FULL";  // FULL or NORMAL
  int busy_timeout_ms = 5000;
  int max_readers = 8;
  // Reads go through a memory map of up to this many bytes of the file (PRAGMA mmap_size): pages
  // come from the kernel's page cache, shared by all connections, instead of one pread() each
  // into every connection's own 2 MB cache. In `make bench` (a 950 MB database) reads spent most
  // of their time in pread(). 0 turns it off. Mapped pages count in RSS but are file cache.
  int64_t mmap_bytes = int64_t{256} << 20;
  // The writer connection's page cache (PRAGMA cache_size). Writes touch pages at scattered places
  // of several indexes; with SQLite's default 2 MiB a batch keeps evicting pages it needs again and
  // re-reads them from the WAL (make bench, insights ingest: about 30,000 events per CPU-second
  // with 2 MiB, 45,000-60,000 with 16 MiB). Fills only under write load; readers keep the default.
  int64_t writer_cache_kib = 16 * 1024;
};

class Database final : public app::Transactor {
 public:
  // Opens (creating if needed) the database file and applies pending migrations.
  // Errors: kUnavailable with a message naming the path when it cannot be opened.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const DatabaseOptions& options);
  ~Database() override;

  Status RunInTransaction(const std::function<Status()>& work) override;

  // Runs `fn` with the current transaction's connection, or a pooled reader.
  Status Read(const std::function<Status(Connection&)>& fn);
  // Runs `fn` with the writer: inside the current transaction, or in a new one.
  Status Write(const std::function<Status(Connection&)>& fn);

  // Copies a consistent snapshot of the database to `destination` (SQLite online backup).
  Status Backup(const std::string& destination);
  // The schema version after migrations.
  Result<int64_t> SchemaVersion();
  // Runs PRAGMA integrity_check; "ok" when healthy.
  Result<std::string> IntegrityCheck();
  const std::string& path() const { return path_; }

 private:
  Database(std::string path, DatabaseOptions options) : path_(std::move(path)), options_(std::move(options)) {}
  Result<std::unique_ptr<Connection>> OpenConnection(bool writer);
  Status Migrate();
  std::unique_ptr<Connection> TakeReader(Status& status);
  void ReturnReader(std::unique_ptr<Connection> conn);

  const std::string path_;
  const DatabaseOptions options_;
  struct QueuedWork;
  // Runs `batch` in one transaction on this thread (the leader) and records each one's outcome.
  void RunBatch(const std::vector<QueuedWork*>& batch);

  std::mutex writer_mu_;  // held for the whole of a write transaction
  std::mutex queue_mu_;   // guards queue_ and leading_
  std::condition_variable queue_cv_;
  std::vector<QueuedWork*> queue_;  // works waiting for the next transaction, oldest first
  bool leading_ = false;            // a thread is running a batch
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // GUARDED_BY(readers_mu_)
};

}  // namespace kring::storage::sqlite
