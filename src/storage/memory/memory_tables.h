// Internal to storage/memory: the tables of the in-memory store and the query helpers its
// repositories share. Not for use outside this folder; everything else sees only memory_store.h.
//
// The tables are plain values in ordered maps, so a transaction can copy them all and put the copy
// back when its work fails (memory_store.cpp), and so every list has a deterministic order.
//
// Thread safety: MemoryDb::mu guards everything in MemoryDb. It is recursive because a transaction
// holds it for its whole unit of work while the repositories it calls lock it again.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/account_repo.h"
#include "app/ports/community_repo.h"
#include "app/ports/notification_repo.h"
#include "app/ports/pagination.h"
#include "app/ports/post_repo.h"

namespace kring::storage::memory {

// (community, account) for memberships and join requests; (follower, followed) for follows.
using PairKey = std::pair<int64_t, int64_t>;

struct ReactionKey {
  std::string target_type;
  int64_t target_id = 0;
  int64_t account = 0;
  std::string kind;
  auto operator<=>(const ReactionKey&) const = default;
};

struct BlockRow {
  std::string kind;  // "block" | "mute"
  TimeMs created_at = 0;
};

struct Tables {
  std::map<int64_t, core::Account> accounts;
  std::map<int64_t, app::Session> sessions;
  app::InstanceSettings settings;
  std::map<std::string, app::InstanceInvite> instance_invites;  // by code
  std::map<int64_t, core::Community> communities;
  std::map<PairKey, core::Membership> memberships;
  std::map<PairKey, core::JoinRequest> join_requests;
  std::map<int64_t, core::CommunityInvite> community_invites;
  std::map<int64_t, core::Post> posts;
  std::map<int64_t, std::vector<core::Revision>> post_revisions;
  std::map<int64_t, core::Comment> comments;
  std::map<int64_t, std::vector<core::Revision>> comment_revisions;
  std::map<ReactionKey, TimeMs> reactions;  // value: created_at
  std::map<PairKey, TimeMs> follows;        // value: created_at
  std::map<PairKey, BlockRow> blocks;       // (account, target)
  std::map<int64_t, app::ScheduledPost> scheduled;
};

struct MemoryDb {
  std::recursive_mutex mu;
  Tables tables;     // guarded by mu
  int tx_depth = 0;  // guarded by mu; > 0 while a RunInTransaction is on the stack
};

using Lock = std::lock_guard<std::recursive_mutex>;

// Cursor paging over ids, newest first, as PageRequest describes: max_id excludes it and everything
// older; min_id returns the `limit` items just above min_id (still newest first), which is what a
// client polling for "what is new since X" expects. `id_of(item)` gives an item's int64 id.
template <typename T, typename IdOf>
std::vector<T> PageByIdDesc(std::vector<T> items, const app::PageRequest& page, IdOf id_of) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return id_of(a) > id_of(b); });
  std::erase_if(items, [&](const T& item) {
    int64_t id = id_of(item);
    return (page.max_id && id >= *page.max_id) || (page.min_id && id <= *page.min_id);
  });
  const size_t limit = static_cast<size_t>(std::max(0, page.limit));
  if (items.size() <= limit) return items;
  if (page.min_id) return std::vector<T>(items.end() - static_cast<std::ptrdiff_t>(limit), items.end());
  items.resize(limit);
  return items;
}

// Offset paging for lists in a non-chronological order (already sorted by the caller).
template <typename T>
std::vector<T> PageByOffset(std::vector<T> sorted, int offset, int limit) {
  const size_t begin = std::min(sorted.size(), static_cast<size_t>(std::max(0, offset)));
  const size_t end = std::min(sorted.size(), begin + static_cast<size_t>(std::max(0, limit)));
  return std::vector<T>(sorted.begin() + static_cast<std::ptrdiff_t>(begin),
                        sorted.begin() + static_cast<std::ptrdiff_t>(end));
}

bool IsMember(const Tables& t, CommunityId community, std::optional<AccountId> account);
// Whether a post may appear in a feed at all: not deleted by its author, not removed by a moderator.
bool IsShown(const core::Post& post);
// The read rule of core/permissions.h applied to one post: shown, and either a profile post, in a
// community whose content is not members-only, or the viewer is a member.
bool CanSeePost(const Tables& t, const core::Post& post, std::optional<AccountId> viewer);
// Whether the viewer blocked or muted the post's author (such posts stay out of the viewer's feeds).
bool HiddenFrom(const Tables& t, const core::Post& post, std::optional<AccountId> viewer);
int64_t ReactionCount(const Tables& t, const std::string& target_type, int64_t target_id);
// Removes a reaction target's rows, as ON DELETE CASCADE would.
void DeleteReactionsOn(Tables& t, const std::string& target_type, int64_t target_id);
// Removes a post with its revisions, comments (and theirs) and reactions.
void DeletePostCascade(Tables& t, int64_t post_id);
// ASCII-only case folding, enough for the directory's place filter.
std::string AsciiLower(std::string s);

}  // namespace kring::storage::memory
