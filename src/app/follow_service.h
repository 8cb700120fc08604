// Use cases for following accounts.
// Thread safety: stateless beyond AppDeps; safe to call from any thread.
#pragma once

#include "app/account_service.h"
#include "app/app_deps.h"

namespace kring::app {

struct FollowEntry {
  core::Account account;
  TimeMs since = 0;
};

class FollowService {
 public:
  explicit FollowService(AppDeps& deps) : d_(deps) {}
  // Idempotent. Errors: cannot_follow_self (422), not_found.
  Status Follow(const AuthContext& auth, AccountId target);
  Status Unfollow(const AuthContext& auth, AccountId target);
  Result<std::vector<FollowEntry>> Followers(AccountId account, const PageRequest& page);
  Result<std::vector<FollowEntry>> Following(AccountId account, const PageRequest& page);

 private:
  Result<std::vector<FollowEntry>> Resolve(const std::vector<FollowRecord>& records, bool followers);
  AppDeps& d_;
};

}  // namespace kring::app
