#include "core/account.h"

#include <algorithm>
#include <cctype>

#include "core/unicode_text.h"

namespace kring::core {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kUser: return "user";
    case Role::kModerator: return "moderator";
    case Role::kAdmin: return "admin";
  }
  return "user";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "user") return Role::kUser;
  if (name == "moderator") return Role::kModerator;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

const char* AccountStatusName(AccountStatus status) {
  switch (status) {
    case AccountStatus::kActive: return "active";
    case AccountStatus::kPending: return "pending";
    case AccountStatus::kSuspended: return "suspended";
  }
  return "active";
}

std::optional<AccountStatus> ParseAccountStatus(std::string_view name) {
  if (name == "active") return AccountStatus::kActive;
  if (name == "pending") return AccountStatus::kPending;
  if (name == "suspended") return AccountStatus::kSuspended;
  return std::nullopt;
}

Status ValidateDisplayName(std::string_view name) {
  if (!IsValidUtf8(name)) return InvalidArgument("invalid_utf8", "The display name is not valid UTF-8.", "display_name");
  if (CodePointCount(name) > kMaxDisplayNameCodePoints)
    return InvalidArgument("too_long", "The display name can be at most 60 characters.", "display_name");
  if (HasControlCharacters(name, false))
    return InvalidArgument("invalid_characters", "The display name contains control characters.", "display_name");
  return Status::Ok();
}

Status ValidateBio(std::string_view bio) {
  if (!IsValidUtf8(bio)) return InvalidArgument("invalid_utf8", "The bio is not valid UTF-8.", "bio");
  if (CodePointCount(bio) > kMaxBioCodePoints)
    return InvalidArgument("too_long", "The bio can be at most 1000 characters.", "bio");
  if (HasControlCharacters(bio, true))
    return InvalidArgument("invalid_characters", "The bio contains control characters.", "bio");
  return Status::Ok();
}

Status ValidateLocale(std::string_view locale) {
  if (locale == "nl" || locale == "en") return Status::Ok();
  return InvalidArgument("unsupported_locale", "The language must be \"nl\" or \"en\".", "locale");
}

Status ValidateTimeZoneShape(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.back() == '/' ||
      zone.find("..") != std::string_view::npos)
    return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
  for (char c : zone) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+'))
      return InvalidArgument("unknown_time_zone", "Unknown time zone; use a name like Europe/Amsterdam.", "time_zone");
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (!IsValidUtf8(password)) return InvalidArgument("invalid_utf8", "The password is not valid UTF-8.", "password");
  if (CodePointCount(password) < kMinPasswordCodePoints)
    return InvalidArgument("password_too_short", "The password must be at least 10 characters long.", "password");
  if (password.size() > kMaxPasswordBytes)
    return InvalidArgument("password_too_long", "The password can be at most 256 bytes long.", "password");
  return Status::Ok();
}

Result<std::string> NormalizeEmail(std::string_view email) {
  auto bad = [] { return InvalidArgument("invalid_email", "That does not look like an email address.", "email"); };
  if (email.empty() || email.size() > kMaxEmailBytes || !IsValidUtf8(email)) return bad();
  size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return bad();
  std::string_view domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return bad();
  for (char c : email)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad();
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace kring::core
