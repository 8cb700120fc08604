// Reactions, follows and scheduled posts of the in-memory store.
#include <algorithm>
#include <cstdint>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

Result<bool> MemoryReactionRepo::Add(const std::string& target_type, int64_t target_id, AccountId account,
                                     const std::string& kind, TimeMs at) {
  Lock lock(db_.mu);
  return db_.tables.reactions.emplace(ReactionKey{target_type, target_id, account.value(), kind}, at).second;
}

Result<bool> MemoryReactionRepo::Remove(const std::string& target_type, int64_t target_id, AccountId account,
                                        const std::string& kind) {
  Lock lock(db_.mu);
  return db_.tables.reactions.erase(ReactionKey{target_type, target_id, account.value(), kind}) > 0;
}

Result<std::map<int64_t, core::ReactionSummary>> MemoryReactionRepo::Summaries(const std::string& target_type,
                                                                               const std::vector<int64_t>& target_ids,
                                                                               std::optional<AccountId> viewer) {
  Lock lock(db_.mu);
  std::map<int64_t, core::ReactionSummary> out;
  for (int64_t id : target_ids) {
    if (out.count(id)) continue;  // asked for twice
    core::ReactionSummary& summary = out[id];
    // Keys sort by (type, target, account, kind), so one target's reactions are contiguous.
    for (auto it = db_.tables.reactions.lower_bound(ReactionKey{target_type, id, INT64_MIN, ""});
         it != db_.tables.reactions.end() && it->first.target_type == target_type && it->first.target_id == id;
         ++it) {
      ++summary.counts[it->first.kind];
      if (viewer && it->first.account == viewer->value()) summary.mine.push_back(it->first.kind);
    }
  }
  return out;
}

Result<std::vector<app::ReactionRecord>> MemoryReactionRepo::ListByAccount(AccountId account) {
  Lock lock(db_.mu);
  std::vector<app::ReactionRecord> out;
  for (const auto& [key, at] : db_.tables.reactions)
    if (key.account == account.value()) out.push_back(app::ReactionRecord{key.target_type, key.target_id, key.kind, at});
  std::stable_sort(out.begin(), out.end(),
                   [](const app::ReactionRecord& a, const app::ReactionRecord& b) { return a.created_at < b.created_at; });
  return out;
}

Result<bool> MemoryFollowRepo::Add(AccountId follower, AccountId followed, TimeMs at) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (!t.accounts.count(follower.value()) || !t.accounts.count(followed.value())) return NotFound("account");
  return t.follows.emplace(PairKey{follower.value(), followed.value()}, at).second;
}

Result<bool> MemoryFollowRepo::Remove(AccountId follower, AccountId followed) {
  Lock lock(db_.mu);
  return db_.tables.follows.erase({follower.value(), followed.value()}) > 0;
}

Result<bool> MemoryFollowRepo::Exists(AccountId follower, AccountId followed) {
  Lock lock(db_.mu);
  return db_.tables.follows.count({follower.value(), followed.value()}) > 0;
}

Result<std::vector<app::FollowRecord>> MemoryFollowRepo::List(AccountId account, bool followers,
                                                              const app::PageRequest& page) {
  Lock lock(db_.mu);
  std::vector<app::FollowRecord> out;
  for (const auto& [key, at] : db_.tables.follows) {
    const int64_t side = followers ? key.second : key.first;
    if (side == account.value()) out.push_back(app::FollowRecord{AccountId(key.first), AccountId(key.second), at});
  }
  auto other = [&](const app::FollowRecord& f) { return followers ? f.follower : f.followed; };
  std::sort(out.begin(), out.end(), [&](const app::FollowRecord& a, const app::FollowRecord& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return other(a) > other(b);
  });
  return PageByOffset(std::move(out), page.offset, page.limit);
}

Result<std::vector<app::FollowRecord>> MemoryFollowRepo::ListFollowers(AccountId account, const app::PageRequest& page) {
  return List(account, true, page);
}

Result<std::vector<app::FollowRecord>> MemoryFollowRepo::ListFollowing(AccountId account, const app::PageRequest& page) {
  return List(account, false, page);
}

Result<int64_t> MemoryFollowRepo::CountFollowers(AccountId account) {
  Lock lock(db_.mu);
  return static_cast<int64_t>(std::count_if(db_.tables.follows.begin(), db_.tables.follows.end(),
                                            [&](const auto& row) { return row.first.second == account.value(); }));
}

Result<int64_t> MemoryFollowRepo::CountFollowing(AccountId account) {
  Lock lock(db_.mu);
  return static_cast<int64_t>(std::count_if(db_.tables.follows.begin(), db_.tables.follows.end(),
                                            [&](const auto& row) { return row.first.first == account.value(); }));
}

Status MemoryScheduledPostRepo::Create(const app::ScheduledPost& scheduled) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.scheduled.count(scheduled.id.value())) return Internal("duplicate scheduled post id " + scheduled.id.ToString());
  if (!t.accounts.count(scheduled.author.value())) return NotFound("account");
  t.scheduled.emplace(scheduled.id.value(), scheduled);
  return Status::Ok();
}

Result<std::optional<app::ScheduledPost>> MemoryScheduledPostRepo::FindById(ScheduledPostId id) {
  Lock lock(db_.mu);
  auto it = db_.tables.scheduled.find(id.value());
  if (it == db_.tables.scheduled.end()) return std::optional<app::ScheduledPost>();
  return std::optional<app::ScheduledPost>(it->second);
}

Status MemoryScheduledPostRepo::Update(const app::ScheduledPost& scheduled) {
  Lock lock(db_.mu);
  auto it = db_.tables.scheduled.find(scheduled.id.value());
  if (it == db_.tables.scheduled.end()) return NotFound("scheduled post");
  it->second = scheduled;
  return Status::Ok();
}

Status MemoryScheduledPostRepo::Delete(ScheduledPostId id) {
  Lock lock(db_.mu);
  db_.tables.scheduled.erase(id.value());
  return Status::Ok();
}

namespace {
bool EarlierPublish(const app::ScheduledPost& a, const app::ScheduledPost& b) {
  if (a.publish_at != b.publish_at) return a.publish_at < b.publish_at;
  return a.id < b.id;
}
}  // namespace

Result<std::vector<app::ScheduledPost>> MemoryScheduledPostRepo::ListDue(TimeMs now, int limit) {
  Lock lock(db_.mu);
  std::vector<app::ScheduledPost> out;
  for (const auto& [id, s] : db_.tables.scheduled)
    if (s.state == "scheduled" && s.publish_at <= now) out.push_back(s);
  std::sort(out.begin(), out.end(), EarlierPublish);
  return PageByOffset(std::move(out), 0, limit);
}

Result<std::vector<app::ScheduledPost>> MemoryScheduledPostRepo::ListForAuthor(AccountId author) {
  Lock lock(db_.mu);
  std::vector<app::ScheduledPost> out;
  for (const auto& [id, s] : db_.tables.scheduled)
    if (s.author == author) out.push_back(s);
  std::sort(out.begin(), out.end(), EarlierPublish);
  return out;
}

}  // namespace kring::storage::memory
