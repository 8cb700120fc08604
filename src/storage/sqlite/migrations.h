// The SQLite schema migrations, compiled into the binary from src/storage/migrations/sqlite/*.sql
// (NNNN_name.sql; forward-only, applied in order at start-up).
#pragma once

#include <string>
#include <vector>

namespace kring::storage::sqlite {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& SqliteMigrations();

}  // namespace kring::storage::sqlite
