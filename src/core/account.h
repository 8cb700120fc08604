// Accounts: the people (and admins) of one Kring instance.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace kring::core {

// Instance-wide role. Community roles are separate (community.h).
enum class Role { kUser, kModerator, kAdmin };
// kPending: signed up on an approval-mode instance, waiting for an admin.
enum class AccountStatus { kActive, kPending, kSuspended };

struct Account {
  AccountId id;
  std::string handle;      // as chosen, NFC (display form)
  std::string handle_key;  // case-folded NFKC: unique lookup key
  std::string email;       // optional, lower-cased; "" when not given
  std::string display_name;
  std::string bio;
  std::string locale = "en";  // "nl" or "en"
  std::string time_zone = "Europe/Amsterdam";
  // Consent to be named among a community's top contributors in its insights (default: never).
  bool show_in_insights = false;
  Role role = Role::kUser;
  AccountStatus status = AccountStatus::kActive;
  TimeMs created_at = 0;
  // The source hash naming the avatar's files (/media/<hash>/avatar.webp); "" = none. Kept by the
  // media service, never written by account updates.
  std::string avatar;
  // argon2id encoded hash (libsodium crypto_pwhash_str). Never leaves the server.
  std::string password_hash;
};

const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
const char* AccountStatusName(AccountStatus status);
std::optional<AccountStatus> ParseAccountStatus(std::string_view name);

// Limits, shared with the API documentation.
constexpr size_t kMaxDisplayNameCodePoints = 60;
constexpr size_t kMaxBioCodePoints = 1000;
constexpr size_t kMinPasswordCodePoints = 10;
constexpr size_t kMaxPasswordBytes = 256;
constexpr size_t kMaxEmailBytes = 254;

Status ValidateDisplayName(std::string_view name);
Status ValidateBio(std::string_view bio);
Status ValidateLocale(std::string_view locale);
// Shape check only (Area/City); whether the zone exists is checked against the system's tz database.
Status ValidateTimeZoneShape(std::string_view zone);
Status ValidatePassword(std::string_view password);
// Returns the normalised (lower-cased) address or an error. A light check: one '@', a dot in the
// domain, no spaces; deliverability is not our business here.
Result<std::string> NormalizeEmail(std::string_view email);

}  // namespace kring::core
