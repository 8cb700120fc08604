// Storage of notifications, per-kind preferences, and blocks/mutes between accounts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "core/notification.h"

namespace kring::app {

class NotificationRepo {
 public:
  virtual ~NotificationRepo() = default;
  // Stores `n`. When n.group_key is set and the recipient has an unread notification with that key,
  // that one absorbs `n` instead: the actor joins its actors (counted once), and it moves to the top
  // under the new id n.id. Returns the id of the stored (or absorbing) notification.
  virtual Result<int64_t> Add(const core::Notification& n) = 0;
  virtual Result<std::optional<core::Notification>> FindById(int64_t id) = 0;
  // Newest first; cursor by id.
  virtual Result<std::vector<core::Notification>> List(AccountId account, const PageRequest& page, bool unread_only) = 0;
  // The latest actors of a grouped notification, newest first.
  virtual Result<std::vector<AccountId>> Actors(int64_t notification_id, int limit) = 0;
  virtual Result<int64_t> CountUnread(AccountId account) = 0;
  virtual Status MarkRead(AccountId account, std::optional<int64_t> id, TimeMs at) = 0;  // nullopt = all
  virtual Result<std::vector<std::string>> MutedKinds(AccountId account) = 0;
  virtual Status SetKindMuted(AccountId account, const std::string& kind, bool muted) = 0;
};

struct BlockRecord {
  AccountId target;
  std::string kind;  // "block" | "mute"
  TimeMs created_at = 0;
};

class BlockRepo {
 public:
  virtual ~BlockRepo() = default;
  // Replaces any earlier block or mute of the same target.
  virtual Status Put(AccountId account, AccountId target, const std::string& kind, TimeMs at) = 0;
  virtual Status Remove(AccountId account, AccountId target) = 0;
  virtual Result<std::vector<BlockRecord>> List(AccountId account) = 0;
  // Whether `account` blocked or muted `target` (kind "" = either).
  virtual Result<bool> Hides(AccountId account, AccountId target) = 0;
  // Whether either blocked the other (a block stops replies, mentions and reactions both ways).
  virtual Result<bool> BlockedEitherWay(AccountId a, AccountId b) = 0;
};

}  // namespace kring::app
