#include "core/moderation.h"

#include <algorithm>

#include "core/unicode_text.h"

namespace kring::core {

const std::vector<std::string>& ReportCategories() {
  static const std::vector<std::string> kCategories = {"spam",           "harassment",     "hate", "illegal",
                                                       "misinformation", "undisclosed_ad", "other"};
  return kCategories;
}

bool IsReportCategory(std::string_view c) {
  const auto& k = ReportCategories();
  return std::find(k.begin(), k.end(), c) != k.end();
}

bool IsTargetType(std::string_view t) { return t == "post" || t == "comment" || t == "account" || t == "community"; }

bool ActionAllowed(std::string_view target, std::string_view action) {
  if (action == "dismiss") return IsTargetType(target);
  if (target == "post") return action == "remove" || action == "lock" || action == "warn" || action == "ban" || action == "suspend";
  if (target == "comment") return action == "remove" || action == "warn" || action == "ban" || action == "suspend";
  if (target == "account") return action == "warn" || action == "suspend";
  if (target == "community") return action == "warn";
  return false;
}

namespace {
Status Text(std::string_view text, const char* field, size_t max, bool required) {
  std::string f = field;
  if (!IsValidUtf8(text)) return InvalidArgument("invalid_utf8", "The " + f + " is not valid UTF-8.", f);
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument("required", "The " + f + " is required: a statement of reasons must say it.", f);
  if (CodePointCount(text) > max)
    return InvalidArgument("too_long", "The " + f + " can be at most " + std::to_string(max) + " characters.", f);
  if (HasControlCharacters(text, true)) return InvalidArgument("invalid_characters", "The " + f + " contains control characters.", f);
  return Status::Ok();
}
}  // namespace

Status ValidateDecisionText(const Decision& d) {
  if (d.action == "dismiss") {
    KRING_TRY(Text(d.rule, "rule", 500, false));
    return Text(d.facts, "facts", 5000, false);
  }
  KRING_TRY(Text(d.rule, "rule", 500, true));
  return Text(d.facts, "facts", 5000, true);
}

Status ValidateReportText(std::string_view text) { return Text(text, "text", 5000, false); }

}  // namespace kring::core
