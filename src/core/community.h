// Communities, memberships, join requests and invite links.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace kring::core {

// kPublic: listed, content readable by anyone.
// kMembersOnly: listed (name, description, rules visible so people can ask to join), content only
//               for members.
// kUnlisted: content readable by anyone with the link, not in the directory.
enum class Visibility { kPublic, kMembersOnly, kUnlisted };
enum class JoinPolicy { kOpen, kApproval, kInvite };
// Ordered: a higher role can do everything a lower one can.
enum class MemberRole { kMember = 0, kModerator = 1, kOwner = 2 };

struct Community {
  CommunityId id;
  std::string slug;  // lower-case a-z, 0-9 and '-', 3-40 characters: the address /c/<slug>
  std::string name;
  std::string description;  // Markdown source
  std::vector<std::string> rules;
  std::vector<std::string> topics;  // lower-case keys, e.g. "tuinieren"
  std::string language = "nl";      // ISO 639-1
  std::string place;                // optional, e.g. "Deventer"
  // IANA zone for the community's insights (when to post); the creator's zone unless the owner
  // picks another.
  std::string time_zone = "Europe/Amsterdam";
  Visibility visibility = Visibility::kPublic;
  JoinPolicy join_policy = JoinPolicy::kOpen;
  TimeMs created_at = 0;
  std::string banner;  // source hash of the banner's files; "" = none (kept by the media service)
  // Maintained by the repository in the same transaction as the change that moves them.
  int64_t member_count = 0;
  int64_t post_count = 0;
  TimeMs last_activity_at = 0;
};

struct Membership {
  CommunityId community;
  AccountId account;
  MemberRole role = MemberRole::kMember;
  TimeMs joined_at = 0;
};

enum class JoinRequestState { kPending, kApproved, kRejected };

struct JoinRequest {
  CommunityId community;
  AccountId account;
  std::string message;
  JoinRequestState state = JoinRequestState::kPending;
  TimeMs created_at = 0;
  std::optional<AccountId> decided_by;
  TimeMs decided_at = 0;
};

struct CommunityInvite {
  InviteId id;
  CommunityId community;
  std::string code;  // random, URL-safe
  std::optional<AccountId> created_by;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;  // 0 = never
  int64_t max_uses = 0;   // 0 = unlimited
  int64_t uses = 0;
  bool revoked = false;

  // Whether the link can still admit someone at time `now`.
  bool UsableAt(TimeMs now) const {
    return !revoked && (expires_at == 0 || now < expires_at) && (max_uses == 0 || uses < max_uses);
  }
};

const char* VisibilityName(Visibility v);
std::optional<Visibility> ParseVisibility(std::string_view s);
const char* JoinPolicyName(JoinPolicy p);
std::optional<JoinPolicy> ParseJoinPolicy(std::string_view s);
const char* MemberRoleName(MemberRole r);
std::optional<MemberRole> ParseMemberRole(std::string_view s);
const char* JoinRequestStateName(JoinRequestState s);

constexpr size_t kMaxCommunityNameCodePoints = 80;
constexpr size_t kMaxCommunityDescriptionCodePoints = 5000;
constexpr size_t kMaxRules = 20;
constexpr size_t kMaxRuleCodePoints = 500;
constexpr size_t kMaxTopics = 10;
constexpr size_t kMaxTopicCodePoints = 40;
constexpr size_t kMaxPlaceCodePoints = 100;

Status ValidateSlug(std::string_view slug);
// Validates every user-editable field; normalises topics to fold keys.
Status ValidateCommunityFields(Community& community);

}  // namespace kring::core
