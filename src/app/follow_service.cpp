#include "app/follow_service.h"

#include <algorithm>

namespace kring::app {

Status FollowService::Follow(const AuthContext& auth, AccountId target) {
  if (target == auth.account.id)
    return InvalidArgument("cannot_follow_self", "You cannot follow yourself.", "id");
  KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(target));
  if (!account || account->status != core::AccountStatus::kActive) return NotFound("account");
  KRING_ASSIGN_OR_RETURN(bool blocked, d_.blocks.BlockedEitherWay(auth.account.id, target));
  if (blocked) return PermissionDenied("blocked", "You cannot follow this person.");
  bool added = false;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(added, d_.follows.Add(auth.account.id, target, d_.clock.Now()));
    return Status::Ok();
  }));
  if (added) d_.events.Publish(core::AccountFollowed{auth.account.id, target});
  return Status::Ok();
}

Status FollowService::Unfollow(const AuthContext& auth, AccountId target) {
  bool removed = false;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(removed, d_.follows.Remove(auth.account.id, target));
    return Status::Ok();
  }));
  if (removed) d_.events.Publish(core::AccountUnfollowed{auth.account.id, target});
  return Status::Ok();
}

Result<std::vector<FollowEntry>> FollowService::Resolve(const std::vector<FollowRecord>& records, bool followers) {
  std::vector<FollowEntry> out;
  for (const auto& r : records) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(followers ? r.follower : r.followed));
    if (a && a->status == core::AccountStatus::kActive) out.push_back(FollowEntry{std::move(*a), r.created_at});
  }
  return out;
}

Result<std::vector<FollowEntry>> FollowService::Followers(AccountId account, const PageRequest& page) {
  PageRequest p = page;
  p.limit = std::clamp(page.limit, 1, kMaxPageLimit);
  KRING_ASSIGN_OR_RETURN(auto owner, d_.accounts.FindById(account));
  if (!owner || owner->status != core::AccountStatus::kActive) return NotFound("account");
  KRING_ASSIGN_OR_RETURN(auto records, d_.follows.ListFollowers(account, p));
  return Resolve(records, true);
}

Result<std::vector<FollowEntry>> FollowService::Following(AccountId account, const PageRequest& page) {
  PageRequest p = page;
  p.limit = std::clamp(page.limit, 1, kMaxPageLimit);
  KRING_ASSIGN_OR_RETURN(auto owner, d_.accounts.FindById(account));
  if (!owner || owner->status != core::AccountStatus::kActive) return NotFound("account");
  KRING_ASSIGN_OR_RETURN(auto records, d_.follows.ListFollowing(account, p));
  return Resolve(records, false);
}

}  // namespace kring::app
