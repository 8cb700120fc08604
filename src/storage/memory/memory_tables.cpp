#include "storage/memory/memory_tables.h"

#include <cctype>
#include <limits>

namespace kring::storage::memory {
namespace {
constexpr int64_t kMinId = std::numeric_limits<int64_t>::min();
}  // namespace

bool IsMember(const Tables& t, CommunityId community, std::optional<AccountId> account) {
  return account && t.memberships.count({community.value(), account->value()}) > 0;
}

bool IsShown(const core::Post& post) { return !post.deleted && !post.removed; }

bool CanSeePost(const Tables& t, const core::Post& post, std::optional<AccountId> viewer) {
  if (!IsShown(post)) return false;
  if (!post.community) return true;
  auto it = t.communities.find(post.community->value());
  if (it == t.communities.end()) return false;
  return it->second.visibility != core::Visibility::kMembersOnly || IsMember(t, *post.community, viewer);
}

bool HiddenFrom(const Tables& t, const core::Post& post, std::optional<AccountId> viewer) {
  return viewer && post.author && t.blocks.count({viewer->value(), post.author->value()}) > 0;
}

int64_t ReactionCount(const Tables& t, const std::string& target_type, int64_t target_id) {
  // Keys sort by (type, target, ...), so one target's reactions are contiguous.
  int64_t n = 0;
  for (auto it = t.reactions.lower_bound(ReactionKey{target_type, target_id, kMinId, ""});
       it != t.reactions.end() && it->first.target_type == target_type && it->first.target_id == target_id; ++it)
    ++n;
  return n;
}

void DeleteReactionsOn(Tables& t, const std::string& target_type, int64_t target_id) {
  auto it = t.reactions.lower_bound(ReactionKey{target_type, target_id, kMinId, ""});
  while (it != t.reactions.end() && it->first.target_type == target_type && it->first.target_id == target_id)
    it = t.reactions.erase(it);
}

void DeletePostCascade(Tables& t, int64_t post_id) {
  for (auto it = t.comments.begin(); it != t.comments.end();) {
    if (it->second.post.value() != post_id) {
      ++it;
      continue;
    }
    DeleteReactionsOn(t, "comment", it->first);
    t.comment_revisions.erase(it->first);
    it = t.comments.erase(it);
  }
  DeleteReactionsOn(t, "post", post_id);
  t.post_revisions.erase(post_id);
  t.posts.erase(post_id);
}

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace kring::storage::memory
