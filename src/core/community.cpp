#include "core/community.h"

#include <algorithm>

#include "core/unicode_text.h"

namespace kring::core {

const char* VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kMembersOnly: return "members_only";
    case Visibility::kUnlisted: return "unlisted";
  }
  return "public";
}

std::optional<Visibility> ParseVisibility(std::string_view s) {
  if (s == "public") return Visibility::kPublic;
  if (s == "members_only") return Visibility::kMembersOnly;
  if (s == "unlisted") return Visibility::kUnlisted;
  return std::nullopt;
}

const char* JoinPolicyName(JoinPolicy p) {
  switch (p) {
    case JoinPolicy::kOpen: return "open";
    case JoinPolicy::kApproval: return "approval";
    case JoinPolicy::kInvite: return "invite";
  }
  return "open";
}

std::optional<JoinPolicy> ParseJoinPolicy(std::string_view s) {
  if (s == "open") return JoinPolicy::kOpen;
  if (s == "approval") return JoinPolicy::kApproval;
  if (s == "invite") return JoinPolicy::kInvite;
  return std::nullopt;
}

const char* MemberRoleName(MemberRole r) {
  switch (r) {
    case MemberRole::kMember: return "member";
    case MemberRole::kModerator: return "moderator";
    case MemberRole::kOwner: return "owner";
  }
  return "member";
}

std::optional<MemberRole> ParseMemberRole(std::string_view s) {
  if (s == "member") return MemberRole::kMember;
  if (s == "moderator") return MemberRole::kModerator;
  if (s == "owner") return MemberRole::kOwner;
  return std::nullopt;
}

const char* JoinRequestStateName(JoinRequestState s) {
  switch (s) {
    case JoinRequestState::kPending: return "pending";
    case JoinRequestState::kApproved: return "approved";
    case JoinRequestState::kRejected: return "rejected";
  }
  return "pending";
}

Status ValidateSlug(std::string_view slug) {
  if (slug.size() < 3 || slug.size() > 40)
    return InvalidArgument("slug_invalid", "The address must be 3 to 40 characters long.", "slug");
  for (char c : slug) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok)
      return InvalidArgument("slug_invalid",
                             "The address may only contain lower-case letters a-z, digits and '-'.", "slug");
  }
  if (slug.front() == '-' || slug.back() == '-')
    return InvalidArgument("slug_invalid", "The address cannot start or end with '-'.", "slug");
  static constexpr std::string_view kReserved[] = {"new", "admin", "api", "settings", "search", "tags", "about", "instance"};
  if (std::find(std::begin(kReserved), std::end(kReserved), slug) != std::end(kReserved))
    return InvalidArgument("slug_reserved", "That address is reserved; choose another.", "slug");
  return Status::Ok();
}

namespace {
Status CheckText(std::string_view text, std::string_view field, size_t max_cp, bool allow_newlines,
                 bool required) {
  std::string f(field);
  if (!IsValidUtf8(text)) return InvalidArgument("invalid_utf8", "The " + f + " is not valid UTF-8.", f);
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument("required", "The " + f + " is required.", f);
  if (CodePointCount(text) > max_cp)
    return InvalidArgument("too_long", "The " + f + " can be at most " + std::to_string(max_cp) + " characters.", f);
  if (HasControlCharacters(text, allow_newlines))
    return InvalidArgument("invalid_characters", "The " + f + " contains control characters.", f);
  return Status::Ok();
}
}  // namespace

Status ValidateCommunityFields(Community& c) {
  KRING_TRY(ValidateSlug(c.slug));
  KRING_TRY(CheckText(c.name, "name", kMaxCommunityNameCodePoints, false, true));
  KRING_TRY(CheckText(c.description, "description", kMaxCommunityDescriptionCodePoints, true, false));
  if (c.rules.size() > kMaxRules) return InvalidArgument("too_many", "A community can have at most 20 rules.", "rules");
  for (const auto& rule : c.rules) KRING_TRY(CheckText(rule, "rules", kMaxRuleCodePoints, true, true));
  if (c.topics.size() > kMaxTopics) return InvalidArgument("too_many", "A community can have at most 10 topics.", "topics");
  std::vector<std::string> keys;
  for (const auto& topic : c.topics) {
    KRING_TRY(CheckText(topic, "topics", kMaxTopicCodePoints, false, true));
    std::string key = FoldKey(topic);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  c.topics = std::move(keys);
  if (c.language.size() != 2 || !std::all_of(c.language.begin(), c.language.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
    return InvalidArgument("invalid_language", "The language must be a two-letter code such as \"nl\" or \"en\".", "language");
  KRING_TRY(CheckText(c.place, "place", kMaxPlaceCodePoints, false, false));
  return Status::Ok();
}

}  // namespace kring::core
