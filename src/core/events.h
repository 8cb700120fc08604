// Domain events, emitted by use cases after their transaction commits. Notifications, insights,
// federation and live fan-out consume them (later modules); nothing consumes them inline.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "base/clock.h"
#include "base/strong_id.h"

namespace kring::core {

struct AccountRegistered { AccountId account; };
struct AccountDeleted { AccountId account; };
struct PostPublished { PostId post; std::optional<CommunityId> community; AccountId author; bool was_scheduled = false; };
struct PostEdited { PostId post; };
struct PostDeleted { PostId post; };
struct CommentCreated { CommentId comment; PostId post; std::optional<CommentId> parent; AccountId author; };
struct ReactionAdded { std::string target_type; int64_t target_id; std::string kind; AccountId account; };
struct AccountFollowed { AccountId follower; AccountId followed; };
struct AccountUnfollowed { AccountId follower; AccountId followed; };
struct MemberJoined { CommunityId community; AccountId account; };
struct MemberLeft { CommunityId community; AccountId account; };
struct JoinRequested { CommunityId community; AccountId account; };
struct JoinRequestDecided { CommunityId community; AccountId account; bool approved; AccountId decided_by; };
struct AccountMentioned { AccountId mentioned; AccountId by; PostId post; std::optional<CommentId> comment; };

using DomainEvent =
    std::variant<AccountRegistered, AccountDeleted, PostPublished, PostEdited, PostDeleted, CommentCreated,
                 ReactionAdded, AccountFollowed, AccountUnfollowed, MemberJoined, MemberLeft, JoinRequested, JoinRequestDecided,
                 AccountMentioned>;

}  // namespace kring::core
