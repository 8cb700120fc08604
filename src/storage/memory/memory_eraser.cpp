// Erasure of one account from every table of the in-memory store (GDPR Art. 17).
// The rule: nothing that identifies the person stays, but other people's words stay where they
// were, so the erased person's posts and comments become tombstones instead of disappearing.
#include <algorithm>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

namespace {

void ForgetMentions(std::vector<AccountId>& mentions, AccountId account) { std::erase(mentions, account); }

void Tombstone(core::Post& p) {
  p.deleted = true;
  p.pinned = false;
  p.author.reset();
  p.title.clear();
  p.body.clear();
  p.body_html.clear();
  p.url.clear();
  p.place_name.clear();
  p.rating = 0;
  p.hashtags.clear();
  p.mentions.clear();  // who they mentioned was part of their text
}

void Tombstone(core::Comment& c) {
  c.deleted = true;
  c.author.reset();
  c.body.clear();
  c.body_html.clear();
  c.mentions.clear();
}

}  // namespace

Status MemoryAccountEraser::EraseAccount(AccountId account) {
  Lock lock(db_.mu);
  if (db_.tx_depth == 0) return Internal("EraseAccount called outside a transaction");
  Tables& t = db_.tables;
  const int64_t id = account.value();

  t.accounts.erase(id);
  std::erase_if(t.sessions, [&](const auto& row) { return row.second.account == account; });

  for (auto it = t.memberships.begin(); it != t.memberships.end();) {
    if (it->first.second != id) {
      ++it;
      continue;
    }
    auto c = t.communities.find(it->first.first);
    if (c != t.communities.end()) --c->second.member_count;
    it = t.memberships.erase(it);
  }
  std::erase_if(t.join_requests, [&](const auto& row) { return row.first.second == id; });
  for (auto& [key, r] : t.join_requests)
    if (r.decided_by == account) r.decided_by.reset();

  std::erase_if(t.follows, [&](const auto& row) { return row.first.first == id || row.first.second == id; });
  std::erase_if(t.blocks, [&](const auto& row) { return row.first.first == id || row.first.second == id; });
  std::erase_if(t.reactions, [&](const auto& row) { return row.first.account == id; });
  std::erase_if(t.scheduled, [&](const auto& row) { return row.second.author == account; });

  for (auto& [pid, p] : t.posts) {
    if (p.author == account) {
      Tombstone(p);
      t.post_revisions.erase(pid);
    } else {
      ForgetMentions(p.mentions, account);
    }
  }
  for (auto& [cid, c] : t.comments) {
    if (c.author == account) {
      Tombstone(c);
      t.comment_revisions.erase(cid);
    } else {
      ForgetMentions(c.mentions, account);
    }
  }

  for (auto& [iid, inv] : t.community_invites)
    if (inv.created_by == account) inv.created_by.reset();
  for (auto& [code, inv] : t.instance_invites)
    if (inv.created_by == account) inv.created_by.reset();
  return Status::Ok();
}

}  // namespace kring::storage::memory
