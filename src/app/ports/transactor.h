// Transactor: runs a unit of work atomically. Every repository call made by `work` on the calling
// thread joins the same transaction; if `work` returns an error (or throws), nothing it wrote is
// kept. Nested calls join the outer transaction.
//
// Thread safety: safe from any thread; implementations serialise writers (SQLite has one writer).
#pragma once

#include <functional>

#include "base/result.h"

namespace kring::app {

class Transactor {
 public:
  virtual ~Transactor() = default;
  virtual Status RunInTransaction(const std::function<Status()>& work) = 0;
};

}  // namespace kring::app
