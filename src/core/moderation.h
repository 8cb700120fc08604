// Moderation vocabulary and rules (EU Digital Services Act, Art. 16 notices and Art. 17
// statements of reasons; see shared/reference/rules-nl-eu.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace kring::core {

// Report reasons people can pick.
const std::vector<std::string>& ReportCategories();  // spam, harassment, hate, illegal, misinformation, undisclosed_ad, other
bool IsReportCategory(std::string_view category);
inline constexpr const char* kCategoryIllegal = "illegal";

// What a decision can do, by target type:
//   post:      remove, lock, warn, ban (author, from the community), suspend (author), dismiss
//   comment:   remove, warn, ban, suspend, dismiss
//   account:   warn, suspend, dismiss
//   community: warn (its owner), dismiss
bool ActionAllowed(std::string_view target_type, std::string_view action);
bool IsTargetType(std::string_view target_type);

// How long a person may appeal a decision (DSA Art. 20: at least six months).
inline constexpr TimeMs kAppealWindowMs = 183 * kDayMs;

struct Report {
  int64_t id = 0;
  std::optional<AccountId> reporter;
  std::string reporter_email;
  std::string target_type;
  int64_t target_id = 0;
  std::optional<AccountId> target_account;
  std::optional<CommunityId> community;
  std::string category;
  std::string text;
  std::string state = "open";
  int64_t decision_id = 0;
  TimeMs created_at = 0;
  TimeMs resolved_at = 0;
};

// A moderation decision; with the fields of a statement of reasons.
struct Decision {
  int64_t id = 0;
  std::optional<AccountId> moderator;
  std::optional<CommunityId> community;  // nullopt: decided by the instance's moderators
  std::string target_type;
  int64_t target_id = 0;
  std::optional<AccountId> affected;  // whose content or account it concerns
  std::string action;
  std::string rule;   // which rule (of the community or the instance) was broken
  std::string facts;  // the facts and circumstances relied on
  bool automated = false;
  TimeMs ban_until = 0;  // ban: 0 = permanent
  TimeMs created_at = 0;
  TimeMs reversed_at = 0;
};

struct Appeal {
  int64_t id = 0;
  int64_t decision_id = 0;
  std::optional<AccountId> account;
  std::string text;
  std::string state = "open";  // open | upheld | reversed
  std::optional<AccountId> decided_by;
  std::string outcome;
  TimeMs created_at = 0;
  TimeMs decided_at = 0;
};

// Rule and facts are required (a statement must say why); texts have length limits.
Status ValidateDecisionText(const Decision& decision);
Status ValidateReportText(std::string_view text);

}  // namespace kring::core
