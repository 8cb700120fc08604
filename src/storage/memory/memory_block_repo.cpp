// Blocks and mutes between accounts in the in-memory store.
#include <algorithm>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

Status MemoryBlockRepo::Put(AccountId account, AccountId target, const std::string& kind, TimeMs at) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (!t.accounts.count(account.value()) || !t.accounts.count(target.value())) return NotFound("account");
  t.blocks[{account.value(), target.value()}] = BlockRow{kind, at};
  return Status::Ok();
}

Status MemoryBlockRepo::Remove(AccountId account, AccountId target) {
  Lock lock(db_.mu);
  db_.tables.blocks.erase({account.value(), target.value()});
  return Status::Ok();
}

Result<std::vector<app::BlockRecord>> MemoryBlockRepo::List(AccountId account) {
  Lock lock(db_.mu);
  std::vector<app::BlockRecord> out;
  for (const auto& [key, row] : db_.tables.blocks)
    if (key.first == account.value()) out.push_back(app::BlockRecord{AccountId(key.second), row.kind, row.created_at});
  std::stable_sort(out.begin(), out.end(),
                   [](const app::BlockRecord& a, const app::BlockRecord& b) { return a.created_at > b.created_at; });
  return out;
}

Result<bool> MemoryBlockRepo::Hides(AccountId account, AccountId target) {
  Lock lock(db_.mu);
  return db_.tables.blocks.count({account.value(), target.value()}) > 0;
}

Result<bool> MemoryBlockRepo::BlockedEitherWay(AccountId a, AccountId b) {
  Lock lock(db_.mu);
  auto blocks = [&](AccountId from, AccountId to) {
    auto it = db_.tables.blocks.find({from.value(), to.value()});
    return it != db_.tables.blocks.end() && it->second.kind == "block";
  };
  return blocks(a, b) || blocks(b, a);
}

}  // namespace kring::storage::memory
