// Shared fixture of the storage contract suite (repo_contract_test.cpp, feed_contract_test.cpp,
// erase_contract_test.cpp): one RepoSet per test from the backend under test, and builders that
// store realistic rows in a line.
//
// Ids are handed out in increasing order and creation times follow them, as with the real
// time-ordered ids, so "newest first" means "highest id first" here too.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <source_location>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "repo_fixture.h"

namespace kring {
// Readable ids in failure messages.
template <typename Tag>
void PrintTo(const StrongId<Tag>& id, std::ostream* os) {
  *os << id.value();
}
}  // namespace kring

namespace kring::contract {

using app::CommunityFeedQuery;
using app::FeedSort;
using app::PageRequest;
using core::Account;
using core::Comment;
using core::Community;
using core::CommunityInvite;
using core::JoinRequest;
using core::JoinRequestState;
using core::MemberRole;
using core::Membership;
using core::Post;
using core::Visibility;
using Ids = std::vector<int64_t>;

// One entry of RepoBackends(), printed by its name in failure messages.
struct Backend {
  std::string name;
  RepoSetFactory make;
  friend void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }
};

inline std::vector<Backend> AllBackends() {
  std::vector<Backend> out;
  for (auto& [name, make] : RepoBackends()) out.push_back(Backend{name, make});
  return out;
}

constexpr TimeMs kT0 = 1767225600000;  // 2026-01-01T00:00:00Z

// Unwraps a Result/Status or fails the test with the error (gtest reports the exception).
template <typename T>
T Must(Result<T> r, std::source_location where = std::source_location::current()) {
  if (!r) {
    ADD_FAILURE_AT(where.file_name(), where.line()) << r.error().StableCode() << ": " << r.error().internal_message;
    throw std::runtime_error("unexpected error");
  }
  return std::move(r).value();
}
inline void Must(Status s, std::source_location where = std::source_location::current()) {
  if (!s) {
    ADD_FAILURE_AT(where.file_name(), where.line()) << s.error().StableCode() << ": " << s.error().internal_message;
    throw std::runtime_error("unexpected error");
  }
}

template <typename R>
std::string CodeOf(const R& r) {
  return r ? "ok" : r.error().StableCode();
}

inline Ids IdsOf(const std::vector<Post>& posts) {
  Ids out;
  for (const auto& p : posts) out.push_back(p.id.value());
  return out;
}

inline std::vector<std::string> SlugsOf(const std::vector<Community>& list) {
  std::vector<std::string> out;
  for (const auto& c : list) out.push_back(c.slug);
  return out;
}

class RepoContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    repos_ = GetParam().make();
    ASSERT_NE(repos_, nullptr);
  }

  RepoSet& r() { return *repos_; }
  int64_t NextId() { return ++last_id_; }
  static TimeMs At(int64_t id) { return kT0 + id * kSecondMs; }

  Account NewAccount(const std::string& handle) {
    Account a;
    a.id = AccountId(NextId());
    a.handle = handle;
    a.handle_key = handle;
    a.email = handle + "@example.org";
    a.display_name = "Display " + handle;
    a.bio = "Bio of " + handle;
    a.created_at = At(a.id.value());
    a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    return a;
  }
  Account AddAccount(const std::string& handle) {
    Account a = NewAccount(handle);
    Must(r().accounts().Create(a));
    return a;
  }

  Community NewCommunity(const std::string& slug, Visibility visibility = Visibility::kPublic) {
    Community c;
    c.id = CommunityId(NextId());
    c.slug = slug;
    c.name = "Name of " + slug;
    c.description = "About " + slug;
    c.visibility = visibility;
    c.created_at = At(c.id.value());
    return c;
  }
  Community AddCommunity(const std::string& slug, Visibility visibility = Visibility::kPublic) {
    Community c = NewCommunity(slug, visibility);
    Must(r().communities().Create(c));
    return c;
  }
  void Join(const Community& c, const Account& a, MemberRole role = MemberRole::kMember) {
    Must(r().communities().AddMember(Membership{c.id, a.id, role, At(NextId())}));
  }

  Post NewPost(const Account& author, std::optional<CommunityId> community, const std::string& title,
               std::vector<std::string> tags = {}) {
    Post p;
    p.id = PostId(NextId());
    p.community = community;
    p.author = author.id;
    p.title = title;
    p.body = "Body of " + title;
    p.body_html = "<p>Body of " + title + "</p>";
    for (auto& t : tags) p.hashtags.push_back(core::Tag{t, t});
    p.created_at = p.last_activity_at = At(p.id.value());
    return p;
  }
  Post AddPost(const Account& author, std::optional<CommunityId> community, const std::string& title,
               std::vector<std::string> tags = {}) {
    Post p = NewPost(author, community, title, std::move(tags));
    Must(r().posts().Create(p));
    return p;
  }
  Comment AddComment(const Post& post, const Account& author, const std::string& body,
                     std::optional<CommentId> parent = std::nullopt) {
    Comment c;
    c.id = CommentId(NextId());
    c.post = post.id;
    c.parent = parent;
    c.author = author.id;
    c.body = body;
    c.body_html = "<p>" + body + "</p>";
    c.created_at = At(c.id.value());
    Must(r().comments().Create(c));
    return c;
  }

  static JoinRequest Request(CommunityId community, AccountId account, std::string message, JoinRequestState state,
                             TimeMs created_at) {
    JoinRequest req;
    req.community = community;
    req.account = account;
    req.message = std::move(message);
    req.state = state;
    req.created_at = created_at;
    return req;
  }

  Community Reload(const Community& c) {
    auto found = Must(r().communities().FindById(c.id));
    if (!found) throw std::runtime_error("community vanished");
    return *found;
  }
  Post Reload(const Post& p) {
    auto found = Must(r().posts().FindById(p.id));
    if (!found) throw std::runtime_error("post vanished");
    return *found;
  }
  Ids Feed(CommunityId c, FeedSort sort, PageRequest page, TimeMs top_since = 0) {
    CommunityFeedQuery q;
    q.community = c;
    q.sort = sort;
    q.page = page;
    q.top_since = top_since;
    return IdsOf(Must(r().posts().ListCommunityFeed(q)));
  }
  static PageRequest Page(int limit, std::optional<int64_t> max_id = std::nullopt,
                          std::optional<int64_t> min_id = std::nullopt, int offset = 0) {
    PageRequest p;
    p.limit = limit;
    p.max_id = max_id;
    p.min_id = min_id;
    p.offset = offset;
    return p;
  }

  std::unique_ptr<RepoSet> repos_;
  int64_t last_id_ = 0;
};

}  // namespace kring::contract
