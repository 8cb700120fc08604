#include "storage/sqlite/database.h"

#include <optional>

#include <sqlite3.h>

#include "base/log.h"
#include "storage/sqlite/migrations.h"

namespace kring::storage::sqlite {
namespace {

// The transaction open on this thread, if any: which database and its writer connection.
thread_local const Database* tls_tx_db = nullptr;
thread_local Connection* tls_tx_conn = nullptr;

}  // namespace

// ---- Statement ----

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_.LastError(sqlite3_sql(stmt_));
}

Status Statement::Run() {
  for (;;) {
    KRING_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

int64_t Statement::Changes() const { return sqlite3_changes64(sqlite3_db_handle(stmt_)); }
void Statement::Reset() { sqlite3_reset(stmt_); }
int64_t Statement::LastInsertRowid() const { return sqlite3_last_insert_rowid(sqlite3_db_handle(stmt_)); }
int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string Statement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

// ---- Connection ----

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Statement>> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return LastError("prepare: " + key);
    it = cache_.emplace(std::move(key), stmt).first;
  }
  return std::make_unique<Statement>(*this, it->second);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : "unknown";
    sqlite3_free(err);
    Error e = LastError("exec");
    e.internal_message = "exec failed: " + message;
    return e;
  }
  return Status::Ok();
}

Error Connection::LastError(std::string_view context) const {
  int code = sqlite3_extended_errcode(db_);
  std::string internal = std::string(context) + ": " + sqlite3_errmsg(db_);
  Error e;
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      e = Conflict("conflict", "That conflicts with something that already exists.");
      break;
    case SQLITE_FULL:
      e = MakeError(Errc::kUnavailable, "storage_full", "The server's disk is full; try again later.");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      e = Unavailable("busy", "The server is busy; try again in a moment.");
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      e = Unavailable("storage_unavailable", "The server cannot reach its storage; try again later.");
      break;
    default:
      e = Internal(internal);
  }
  e.internal_message = internal;
  return e;
}

// ---- Database ----

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const DatabaseOptions& options) {
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL")
    return InvalidArgument("invalid_config", "database.synchronous must be FULL or NORMAL");
  std::unique_ptr<Database> db(new Database(path, options));
  KRING_ASSIGN_OR_RETURN(db->writer_, db->OpenConnection(true));
  KRING_TRY(db->Migrate());
  return db;
}

Database::~Database() = default;

Result<std::unique_ptr<Connection>> Database::OpenConnection(bool writer) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path_.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close_v2(raw);
    return Unavailable("storage_unavailable", "Cannot open the database at " + path_ + ": " + why);
  }
  std::unique_ptr<Connection> conn(new Connection(raw));
  sqlite3_busy_timeout(raw, options_.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  // secure_delete: erased personal data is overwritten on disk, not left in free pages (GDPR).
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA synchronous=" + options_.synchronous + ";";
  if (writer) pragmas += "PRAGMA journal_mode=WAL; PRAGMA cache_size=-" + std::to_string(options_.writer_cache_kib) + ";";
  pragmas += "PRAGMA mmap_size=" + std::to_string(options_.mmap_bytes) + ";";
  KRING_TRY(conn->Exec(pragmas));
  return conn;
}

Status Database::Migrate() {
  KRING_TRY(writer_->Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at INTEGER NOT NULL) STRICT;"));
  for (const Migration& m : SqliteMigrations()) {
    KRING_ASSIGN_OR_RETURN(auto check, writer_->Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
    check->Bind(1, m.version);
    KRING_ASSIGN_OR_RETURN(bool applied, check->Step());
    check.reset();
    if (applied) continue;
    Status st = RunInTransaction([&]() -> Status {
      KRING_TRY(writer_->Exec(m.sql));
      KRING_ASSIGN_OR_RETURN(auto ins, writer_->Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, unixepoch() * 1000)"));
      ins->Bind(1, m.version).Bind(2, m.name);
      return ins->Run();
    });
    if (!st) return st;
    LogInfo("applied migration " + std::to_string(m.version) + " " + m.name);
  }
  return Status::Ok();
}

// One caller's work in the group-commit queue; filled in by the thread that runs its batch.
struct Database::QueuedWork {
  const std::function<Status()>* work;
  Status status;
  std::exception_ptr exception;
  bool done = false;
};

Status Database::RunInTransaction(const std::function<Status()>& work) {
  if (tls_tx_db == this) return work();  // nested: join the outer transaction
  QueuedWork mine{&work};
  std::unique_lock lock(queue_mu_);
  queue_.push_back(&mine);
  // Either a running batch takes this work with it, or, once none runs, this thread leads the next
  // batch: everything that queued meanwhile (this work among it; the queue holds at most one work
  // per waiting thread).
  queue_cv_.wait(lock, [&] { return mine.done || !leading_; });
  if (!mine.done) {
    leading_ = true;
    std::vector<QueuedWork*> batch;
    batch.swap(queue_);
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    for (QueuedWork* q : batch) q->done = true;
    leading_ = false;
    lock.unlock();
    queue_cv_.notify_all();
  } else {
    lock.unlock();
  }
  if (mine.exception) std::rethrow_exception(mine.exception);
  return mine.status;
}

void Database::RunBatch(const std::vector<QueuedWork*>& batch) {
  std::lock_guard lock(writer_mu_);
  Status begin = writer_->Exec("BEGIN IMMEDIATE");
  if (!begin) {
    for (QueuedWork* q : batch) q->status = begin;
    return;
  }
  std::vector<QueuedWork*> succeeded;
  std::optional<Status> aborted;  // SQLite rolled the transaction back itself (disk full, I/O error)
  tls_tx_db = this;
  tls_tx_conn = writer_.get();
  for (QueuedWork* q : batch) {
    if (aborted) {
      q->status = *aborted;
      continue;
    }
    // Each work in its own savepoint, so a failing one is undone alone (with one work, that and
    // the ROLLBACK below are the same thing).
    Status sp = writer_->Exec("SAVEPOINT group_commit_work");
    if (!sp) {
      q->status = sp;
      continue;
    }
    Status result;
    try {
      result = (*q->work)();
    } catch (...) {
      q->exception = std::current_exception();
    }
    if (sqlite3_get_autocommit(writer_->raw())) {
      // The transaction is gone, with the work of every earlier member: all of them fail.
      aborted = !result ? result : Unavailable("storage_unavailable", "The database rolled back a write.",
                                              "transaction rolled back by SQLite during a grouped commit");
      q->status = *aborted;
      for (QueuedWork* done : succeeded) done->status = *aborted;
      succeeded.clear();
      continue;
    }
    if (result && !q->exception) result = writer_->Exec("RELEASE group_commit_work");
    if (q->exception || !result) {
      // Undone, so nothing of a work whose caller hears "failed" is committed.
      q->status = result;
      (void)writer_->Exec("ROLLBACK TO group_commit_work; RELEASE group_commit_work");
      continue;
    }
    succeeded.push_back(q);
  }
  tls_tx_db = nullptr;
  tls_tx_conn = nullptr;
  if (aborted || succeeded.empty()) {
    (void)writer_->Exec("ROLLBACK");
    return;
  }
  Status commit = writer_->Exec("COMMIT");
  if (!commit) (void)writer_->Exec("ROLLBACK");
  for (QueuedWork* q : succeeded) q->status = commit;
}

std::unique_ptr<Connection> Database::TakeReader(Status& status) {
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
  }
  auto conn = OpenConnection(false);
  if (!conn) {
    status = std::move(conn).error();
    return nullptr;
  }
  return std::move(*conn);
}

void Database::ReturnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mu_);
  if (static_cast<int>(idle_readers_.size()) < options_.max_readers) idle_readers_.push_back(std::move(conn));
}

Status Database::Read(const std::function<Status(Connection&)>& fn) {
  if (tls_tx_db == this) return fn(*tls_tx_conn);
  Status st;
  auto conn = TakeReader(st);
  if (!conn) return st;
  // A read is one implicit transaction per statement; wrap several in BEGIN so a page of a feed
  // and its counts come from one snapshot.
  Status begin = conn->Exec("BEGIN");
  if (!begin) return begin;
  Status result = fn(*conn);
  (void)conn->Exec("COMMIT");
  ReturnReader(std::move(conn));
  return result;
}

Status Database::Write(const std::function<Status(Connection&)>& fn) {
  if (tls_tx_db == this) return fn(*tls_tx_conn);
  return RunInTransaction([&] { return fn(*writer_); });
}

Status Database::Backup(const std::string& destination) {
  sqlite3* dest = nullptr;
  if (sqlite3_open(destination.c_str(), &dest) != SQLITE_OK) {
    std::string why = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return Unavailable("backup_failed", "Cannot write the backup to " + destination + ": " + why);
  }
  return Read([&](Connection& src) -> Status {
    (void)src.Exec("COMMIT");  // sqlite3_backup reads with its own transaction
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src.raw(), "main");
    if (!b) {
      std::string why = sqlite3_errmsg(dest);
      sqlite3_close(dest);
      return Unavailable("backup_failed", "Backup failed: " + why);
    }
    int rc = sqlite3_backup_step(b, -1);  // all pages in one step: one consistent snapshot
    sqlite3_backup_finish(b);
    std::string why = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    (void)src.Exec("BEGIN");
    if (rc != SQLITE_DONE) return Unavailable("backup_failed", "Backup failed: " + why);
    return Status::Ok();
  });
}

Result<int64_t> Database::SchemaVersion() {
  int64_t version = 0;
  KRING_TRY(Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    KRING_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row) version = st->Int(0);
    return Status::Ok();
  }));
  return version;
}

Result<std::string> Database::IntegrityCheck() {
  std::string out;
  KRING_TRY(Read([&](Connection& c) -> Status {
    KRING_ASSIGN_OR_RETURN(auto st, c.Prepare("PRAGMA integrity_check"));
    KRING_ASSIGN_OR_RETURN(bool row, st->Step());
    if (row) out = st->Text(0);
    return Status::Ok();
  }));
  return out;
}

}  // namespace kring::storage::sqlite
