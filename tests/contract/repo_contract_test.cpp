// Storage contract tests: what every storage backend must do, checked the same way on each
// (RepoBackends() in repo_backends.cpp). Each test is a behaviour a person would notice: a handle
// taken twice, a half-done sign-up left behind, a pinned post shown twice, a members-only post
// leaking into a hashtag feed, an erased account still findable.
//
// Ids are handed out in increasing order and creation times follow them, as with the real
// time-ordered ids, so "newest first" means "highest id first" here too.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <ostream>
#include <source_location>
#include <stdexcept>
#include <thread>

#include "repo_fixture.h"

namespace kring {
// Readable ids in failure messages.
template <typename Tag>
void PrintTo(const StrongId<Tag>& id, std::ostream* os) {
  *os << id.value();
}
}  // namespace kring

namespace kring::contract {
namespace {

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
using Backend = std::pair<std::string, RepoSetFactory>;

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
void Must(Status s, std::source_location where = std::source_location::current()) {
  if (!s) {
    ADD_FAILURE_AT(where.file_name(), where.line()) << s.error().StableCode() << ": " << s.error().internal_message;
    throw std::runtime_error("unexpected error");
  }
}

template <typename R>
std::string CodeOf(const R& r) {
  return r ? "ok" : r.error().StableCode();
}

Ids IdsOf(const std::vector<Post>& posts) {
  Ids out;
  for (const auto& p : posts) out.push_back(p.id.value());
  return out;
}

std::vector<std::string> SlugsOf(const std::vector<Community>& list) {
  std::vector<std::string> out;
  for (const auto& c : list) out.push_back(c.slug);
  return out;
}

class RepoContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    repos_ = GetParam().second();
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

// ---- Accounts and sessions ----------------------------------------------------------------------

TEST_P(RepoContract, HandleAndEmailAreUnique) {
  Account anna = AddAccount("anna");

  Account same_handle = NewAccount("anna");
  same_handle.email = "other@example.org";
  Status st = r().accounts().Create(same_handle);
  EXPECT_EQ(CodeOf(st), "handle_taken");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Errc::kConflict);

  Account same_email = NewAccount("anna2");
  same_email.email = anna.email;
  EXPECT_EQ(CodeOf(r().accounts().Create(same_email)), "email_taken");

  // No email is not a shared email.
  Account no_email1 = NewAccount("mila");
  no_email1.email = "";
  Account no_email2 = NewAccount("sam");
  no_email2.email = "";
  Must(r().accounts().Create(no_email1));
  Must(r().accounts().Create(no_email2));
  EXPECT_FALSE(Must(r().accounts().FindByEmail("")).has_value());

  // Renaming onto someone else's handle or email is refused too.
  Account renamed = no_email1;
  renamed.handle = renamed.handle_key = "anna";
  EXPECT_EQ(CodeOf(r().accounts().Update(renamed)), "handle_taken");
  renamed = no_email1;
  renamed.email = anna.email;
  EXPECT_EQ(CodeOf(r().accounts().Update(renamed)), "email_taken");

  EXPECT_EQ(Must(r().accounts().Count()), 3);
  EXPECT_EQ(Must(r().accounts().FindByHandleKey("anna"))->id, anna.id);
  EXPECT_EQ(Must(r().accounts().FindByEmail("anna@example.org"))->id, anna.id);
  EXPECT_FALSE(Must(r().accounts().FindByHandleKey("nobody")).has_value());
}

TEST_P(RepoContract, AccountUpdateReplacesFieldsAndListsByStatus) {
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Account cem = AddAccount("cem");
  for (Account* a : {&anna, &cem}) {
    a->status = core::AccountStatus::kPending;
    a->display_name = "Waiting " + a->handle;
    a->role = core::Role::kModerator;
    Must(r().accounts().Update(*a));
  }
  auto found = Must(r().accounts().FindById(cem.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->display_name, "Waiting cem");
  EXPECT_EQ(found->role, core::Role::kModerator);
  EXPECT_EQ(found->password_hash, cem.password_hash);

  auto pending = Must(r().accounts().ListByStatus(core::AccountStatus::kPending, Page(10)));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].id, cem.id);
  EXPECT_EQ(pending[1].id, anna.id);
  auto active = Must(r().accounts().ListByStatus(core::AccountStatus::kActive, Page(10)));
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, bob.id);

  Account ghost = NewAccount("ghost");
  EXPECT_EQ(CodeOf(r().accounts().Update(ghost)), "not_found");
}

TEST_P(RepoContract, SessionsAreFoundByTokenHashAndRevoked) {
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  app::Session s1{SessionId(NextId()), anna.id, "hash-1", "cookie", "Browser", At(1), At(1), At(1000)};
  app::Session s2{SessionId(NextId()), anna.id, "hash-2", "bearer", "Phone app", At(2), At(2), At(1000)};
  app::Session s3{SessionId(NextId()), bob.id, "hash-3", "cookie", "Browser", At(3), At(3), At(1000)};
  for (const auto& s : {s1, s2, s3}) Must(r().sessions().Create(s));

  auto found = Must(r().sessions().FindByTokenHash("hash-2"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account, anna.id);
  EXPECT_EQ(found->label, "Phone app");
  EXPECT_FALSE(Must(r().sessions().FindByTokenHash("hash-9")).has_value());

  Must(r().sessions().Touch(s1.id, At(50)));
  EXPECT_EQ(Must(r().sessions().FindByTokenHash("hash-1"))->last_used_at, At(50));
  EXPECT_EQ(Must(r().sessions().ListForAccount(anna.id)).size(), 2u);

  Must(r().sessions().Delete(s1.id));
  EXPECT_FALSE(Must(r().sessions().FindByTokenHash("hash-1")).has_value());
  Must(r().sessions().DeleteAllForAccount(anna.id));
  EXPECT_TRUE(Must(r().sessions().ListForAccount(anna.id)).empty());
  EXPECT_TRUE(Must(r().sessions().FindByTokenHash("hash-3")).has_value());  // bob is still logged in
}

TEST_P(RepoContract, InstanceSettingsAndInvites) {
  app::InstanceSettings defaults = Must(r().instance().GetSettings());
  EXPECT_EQ(defaults.registration_mode, "open");
  app::InstanceSettings s;
  s.name = "Hardloopclub Zwolle";
  s.registration_mode = "invite";
  s.rules = {"Be kind", "No spam"};
  Must(r().instance().PutSettings(s));
  auto got = Must(r().instance().GetSettings());
  EXPECT_EQ(got.name, "Hardloopclub Zwolle");
  EXPECT_EQ(got.registration_mode, "invite");
  EXPECT_EQ(got.rules, s.rules);

  Account fleur = AddAccount("fleur");
  Must(r().instance().CreateInvite(app::InstanceInvite{"welcome-1", fleur.id, At(1), 0, 2, 0}));
  auto conflict = r().instance().CreateInvite(app::InstanceInvite{"welcome-1", fleur.id, At(2), 0, 1, 0});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, Errc::kConflict);
  Must(r().instance().IncrementInviteUse("welcome-1"));
  auto inv = Must(r().instance().FindInvite("welcome-1"));
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->uses, 1);
  EXPECT_EQ(inv->max_uses, 2);
  EXPECT_EQ(inv->created_by, fleur.id);
  EXPECT_FALSE(Must(r().instance().FindInvite("unknown")).has_value());
}

// ---- Transactions -------------------------------------------------------------------------------

TEST_P(RepoContract, FailedTransactionLeavesNothingBehind) {
  Account fleur = NewAccount("fleur");
  Community club = NewCommunity("hardloopclub");
  Status st = r().tx().RunInTransaction([&]() -> Status {
    KRING_TRY(r().accounts().Create(fleur));
    KRING_TRY(r().communities().Create(club));
    KRING_TRY(r().communities().AddMember(Membership{club.id, fleur.id, MemberRole::kOwner, At(1)}));
    return Conflict("test_abort", "Stopped on purpose.");
  });
  EXPECT_EQ(CodeOf(st), "test_abort");
  EXPECT_FALSE(Must(r().accounts().FindById(fleur.id)).has_value());
  EXPECT_FALSE(Must(r().accounts().FindByHandleKey("fleur")).has_value());
  EXPECT_EQ(Must(r().accounts().Count()), 0);
  EXPECT_FALSE(Must(r().communities().FindBySlug("hardloopclub")).has_value());
  EXPECT_TRUE(Must(r().communities().ListMembershipsOf(fleur.id)).empty());

  // The handle and slug are free again.
  Must(r().tx().RunInTransaction([&]() -> Status {
    KRING_TRY(r().accounts().Create(fleur));
    return r().communities().Create(club);
  }));
  EXPECT_TRUE(Must(r().accounts().FindByHandleKey("fleur")).has_value());
}

TEST_P(RepoContract, ConflictInsideTransactionUndoesEarlierWrites) {
  AddAccount("anna");
  Account mila = NewAccount("mila");
  Account second_anna = NewAccount("anna");
  Status st = r().tx().RunInTransaction([&]() -> Status {
    KRING_TRY(r().accounts().Create(mila));
    return r().accounts().Create(second_anna);  // handle_taken
  });
  EXPECT_EQ(CodeOf(st), "handle_taken");
  EXPECT_FALSE(Must(r().accounts().FindById(mila.id)).has_value());
  EXPECT_EQ(Must(r().accounts().Count()), 1);
}

TEST_P(RepoContract, ThrowingTransactionLeavesNothingBehind) {
  Account mila = NewAccount("mila");
  EXPECT_THROW((void)r().tx().RunInTransaction([&]() -> Status {
    Must(r().accounts().Create(mila));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_FALSE(Must(r().accounts().FindById(mila.id)).has_value());
  // The store still works afterwards (no lock or transaction left open).
  Must(r().tx().RunInTransaction([&] { return r().accounts().Create(mila); }));
  EXPECT_TRUE(Must(r().accounts().FindById(mila.id)).has_value());
}

TEST_P(RepoContract, NestedTransactionJoinsTheOuterOne) {
  Account anna = NewAccount("anna");
  Account bob = NewAccount("bob");
  // The inner unit succeeds, the outer one fails: nothing is kept.
  Status st = r().tx().RunInTransaction([&]() -> Status {
    KRING_TRY(r().tx().RunInTransaction([&] { return r().accounts().Create(anna); }));
    // The outer unit sees what the inner one wrote.
    KRING_ASSIGN_OR_RETURN(auto seen, r().accounts().FindById(anna.id));
    if (!seen) return Internal("inner write not visible");
    KRING_TRY(r().accounts().Create(bob));
    return Conflict("test_abort", "Stopped on purpose.");
  });
  EXPECT_EQ(CodeOf(st), "test_abort");
  EXPECT_EQ(Must(r().accounts().Count()), 0);

  // An inner failure passed up by the outer unit also undoes everything.
  st = r().tx().RunInTransaction([&]() -> Status {
    KRING_TRY(r().accounts().Create(anna));
    return r().tx().RunInTransaction([&]() -> Status {
      KRING_TRY(r().accounts().Create(bob));
      return Conflict("test_abort", "Stopped on purpose.");
    });
  });
  EXPECT_EQ(CodeOf(st), "test_abort");
  EXPECT_EQ(Must(r().accounts().Count()), 0);
}

TEST_P(RepoContract, ConcurrentTransactionsAllLand) {
  Community club = AddCommunity("hardloopclub");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::vector<Account> accounts;
  for (int i = 0; i < kThreads * kPerThread; ++i) accounts.push_back(NewAccount("runner" + std::to_string(i)));
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const Account& a = accounts[t * kPerThread + i];
        Status st = r().tx().RunInTransaction([&]() -> Status {
          KRING_TRY(r().accounts().Create(a));
          return r().communities().AddMember(Membership{club.id, a.id, MemberRole::kMember, a.created_at});
        });
        if (!st) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Must(r().accounts().Count()), kThreads * kPerThread);
  EXPECT_EQ(Reload(club).member_count, kThreads * kPerThread);
}

// ---- Communities, memberships, requests, invites ------------------------------------------------

TEST_P(RepoContract, SlugIsUnique) {
  Community tuin = AddCommunity("moestuin-oost");
  Community other = NewCommunity("moestuin-oost");
  EXPECT_EQ(CodeOf(r().communities().Create(other)), "slug_taken");
  Community bakery = AddCommunity("korenschoof");
  bakery.slug = "moestuin-oost";
  EXPECT_EQ(CodeOf(r().communities().Update(bakery)), "slug_taken");
  EXPECT_EQ(Must(r().communities().FindBySlug("moestuin-oost"))->id, tuin.id);
  EXPECT_EQ(Must(r().communities().FindBySlug("korenschoof"))->id, bakery.id);
}

TEST_P(RepoContract, MemberCountsFollowMemberships) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Join(tuin, anna, MemberRole::kOwner);
  Join(tuin, bob);
  EXPECT_EQ(Reload(tuin).member_count, 2);

  Status again = r().communities().AddMember(Membership{tuin.id, bob.id, MemberRole::kMember, At(NextId())});
  EXPECT_EQ(CodeOf(again), "already_member");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::kConflict);
  EXPECT_EQ(Reload(tuin).member_count, 2);

  Must(r().communities().RemoveMember(tuin.id, bob.id));
  EXPECT_EQ(Reload(tuin).member_count, 1);
  EXPECT_FALSE(Must(r().communities().FindMembership(tuin.id, bob.id)).has_value());
  Must(r().communities().RemoveMember(tuin.id, bob.id));  // leaving twice changes nothing
  EXPECT_EQ(Reload(tuin).member_count, 1);

  // Update of the editable fields never moves the counters.
  Community edited = Reload(tuin);
  edited.name = "Moestuin Oost";
  edited.member_count = 999;
  edited.post_count = 999;
  Must(r().communities().Update(edited));
  Community after = Reload(tuin);
  EXPECT_EQ(after.name, "Moestuin Oost");
  EXPECT_EQ(after.member_count, 1);
  EXPECT_EQ(after.post_count, 0);
}

TEST_P(RepoContract, MembersAreListedOwnerFirstThenByJoinTime) {
  Community tuin = AddCommunity("moestuin-oost");
  Account early = AddAccount("early");
  Account mod = AddAccount("mod");
  Account late = AddAccount("late");
  Account owner = AddAccount("owner");
  Join(tuin, early);
  Join(tuin, mod, MemberRole::kModerator);
  Join(tuin, late);
  Join(tuin, owner, MemberRole::kOwner);

  auto list = Must(r().communities().ListMembers(tuin.id, Page(10)));
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].account, owner.id);
  EXPECT_EQ(list[1].account, mod.id);
  EXPECT_EQ(list[2].account, early.id);
  EXPECT_EQ(list[3].account, late.id);

  auto second_page = Must(r().communities().ListMembers(tuin.id, Page(2, std::nullopt, std::nullopt, 2)));
  ASSERT_EQ(second_page.size(), 2u);
  EXPECT_EQ(second_page[0].account, early.id);
  EXPECT_EQ(second_page[1].account, late.id);

  Must(r().communities().SetRole(tuin.id, late.id, MemberRole::kModerator));
  list = Must(r().communities().ListMembers(tuin.id, Page(10)));
  EXPECT_EQ(list[2].account, late.id);
  EXPECT_EQ(list[2].role, MemberRole::kModerator);

  auto mine = Must(r().communities().ListMembershipsOf(mod.id));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].community, tuin.id);
}

TEST_P(RepoContract, JoinRequestsArePutFoundAndListed) {
  Community club = AddCommunity("fotokring", Visibility::kMembersOnly);
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Account cem = AddAccount("cem");
  Must(r().communities().PutJoinRequest(JoinRequest{club.id, bob.id, "I shoot birds", JoinRequestState::kPending, At(10)}));
  Must(r().communities().PutJoinRequest(JoinRequest{club.id, cem.id, "", JoinRequestState::kPending, At(20)}));

  auto found = Must(r().communities().FindJoinRequest(club.id, bob.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->message, "I shoot birds");
  EXPECT_EQ(found->state, JoinRequestState::kPending);
  EXPECT_FALSE(Must(r().communities().FindJoinRequest(club.id, anna.id)).has_value());

  auto pending = Must(r().communities().ListJoinRequests(club.id, JoinRequestState::kPending));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].account, bob.id);  // oldest first
  EXPECT_EQ(pending[1].account, cem.id);

  // Put replaces: one request per person.
  Must(r().communities().PutJoinRequest(
      JoinRequest{club.id, bob.id, "I shoot birds", JoinRequestState::kApproved, At(10), anna.id, At(30)}));
  auto decided = Must(r().communities().FindJoinRequest(club.id, bob.id));
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->state, JoinRequestState::kApproved);
  EXPECT_EQ(decided->decided_by, anna.id);
  EXPECT_EQ(decided->decided_at, At(30));
  pending = Must(r().communities().ListJoinRequests(club.id, JoinRequestState::kPending));
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].account, cem.id);
  EXPECT_EQ(Must(r().communities().ListJoinRequests(club.id, JoinRequestState::kApproved)).size(), 1u);
  auto of_bob = Must(r().communities().ListJoinRequestsOf(bob.id));
  ASSERT_EQ(of_bob.size(), 1u);
  EXPECT_EQ(of_bob[0].state, JoinRequestState::kApproved);
}

TEST_P(RepoContract, InviteLinksAreFoundAndUpdated) {
  Community club = AddCommunity("fotokring", Visibility::kMembersOnly);
  Account anna = AddAccount("anna");
  CommunityInvite inv{InviteId(NextId()), club.id, "abc123", anna.id, At(1), At(5000), 5, 0, false};
  Must(r().communities().CreateInvite(inv));
  CommunityInvite newer{InviteId(NextId()), club.id, "def456", anna.id, At(2), 0, 0, 0, false};
  Must(r().communities().CreateInvite(newer));
  CommunityInvite dup{InviteId(NextId()), club.id, "abc123", anna.id, At(3), 0, 0, 0, false};
  Status st = r().communities().CreateInvite(dup);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Errc::kConflict);

  auto found = Must(r().communities().FindInviteByCode("abc123"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, inv.id);
  EXPECT_EQ(found->community, club.id);
  EXPECT_EQ(found->expires_at, At(5000));
  EXPECT_EQ(found->max_uses, 5);
  EXPECT_FALSE(Must(r().communities().FindInviteByCode("zzz")).has_value());

  found->uses = 2;
  found->revoked = true;
  Must(r().communities().UpdateInvite(*found));
  auto updated = Must(r().communities().FindInviteByCode("abc123"));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->uses, 2);
  EXPECT_TRUE(updated->revoked);

  auto list = Must(r().communities().ListInvites(club.id));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].code, "def456");  // newest first
  EXPECT_EQ(list[1].code, "abc123");
}

TEST_P(RepoContract, DirectoryFiltersSortsAndHidesUnlisted) {
  Community tuin = NewCommunity("tuin-deventer");
  tuin.topics = {"tuinieren"};
  tuin.place = "Deventer";
  Community run = NewCommunity("run-zwolle");
  run.topics = {"hardlopen", "sport"};
  run.place = "Zwolle";
  Community watch = NewCommunity("watch-club", Visibility::kMembersOnly);
  watch.topics = {"horloges"};
  watch.language = "en";
  Community secret = NewCommunity("secret-garden", Visibility::kUnlisted);
  secret.topics = {"tuinieren"};
  secret.place = "Deventer";
  for (const auto& c : {tuin, run, watch, secret}) Must(r().communities().Create(c));

  auto add_members = [&](const Community& c, int n) {
    for (int i = 0; i < n; ++i) Join(c, AddAccount(c.slug + "-m" + std::to_string(i)));
  };
  add_members(tuin, 3);
  add_members(run, 1);
  add_members(watch, 2);
  add_members(secret, 5);
  Must(r().communities().TouchActivity(tuin.id, kT0 + 5 * kDayMs));
  Must(r().communities().TouchActivity(run.id, kT0 + 9 * kDayMs));
  Must(r().communities().TouchActivity(watch.id, kT0 + 7 * kDayMs));
  Must(r().communities().TouchActivity(secret.id, kT0 + 10 * kDayMs));

  auto list = [&](app::DirectoryQuery q) { return SlugsOf(Must(r().communities().ListDirectory(q))); };
  using S = std::vector<std::string>;
  app::DirectoryQuery q;
  EXPECT_EQ(list(q), (S{"run-zwolle", "watch-club", "tuin-deventer"}));  // active by default
  q.sort = "new";
  EXPECT_EQ(list(q), (S{"watch-club", "run-zwolle", "tuin-deventer"}));
  q.sort = "size";
  EXPECT_EQ(list(q), (S{"tuin-deventer", "watch-club", "run-zwolle"}));

  app::DirectoryQuery topic;
  topic.topic = "tuinieren";
  EXPECT_EQ(list(topic), (S{"tuin-deventer"}));
  topic.topic = "sport";
  EXPECT_EQ(list(topic), (S{"run-zwolle"}));
  app::DirectoryQuery lang;
  lang.language = "en";
  EXPECT_EQ(list(lang), (S{"watch-club"}));
  app::DirectoryQuery place;
  place.place = "deventer";
  EXPECT_EQ(list(place), (S{"tuin-deventer"}));
  app::DirectoryQuery big;
  big.min_members = 2;
  EXPECT_EQ(list(big), (S{"watch-club", "tuin-deventer"}));
  app::DirectoryQuery paged;
  paged.limit = 1;
  paged.offset = 1;
  EXPECT_EQ(list(paged), (S{"watch-club"}));
}

TEST_P(RepoContract, DeletingACommunityRemovesEverythingInIt) {
  Community tuin = AddCommunity("moestuin-oost");
  Community other = AddCommunity("korenschoof");
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Join(tuin, anna, MemberRole::kOwner);
  Join(tuin, bob);
  Join(other, bob);
  Must(r().communities().PutJoinRequest(JoinRequest{tuin.id, AddAccount("cem").id, "", JoinRequestState::kPending, At(1)}));
  Must(r().communities().CreateInvite(CommunityInvite{InviteId(NextId()), tuin.id, "tuin-code", anna.id, At(1)}));
  Post p = AddPost(anna, tuin.id, "Watering rota", {"rota"});
  Comment c = AddComment(p, bob, "I'll take Tuesday");
  Must(r().reactions().Add("post", p.id.value(), bob.id, "like", At(100)));
  Must(r().reactions().Add("comment", c.id.value(), anna.id, "heart", At(101)));
  Post kept = AddPost(bob, other.id, "Bread of the day", {"rota"});

  Must(r().tx().RunInTransaction([&] { return r().communities().Delete(tuin.id); }));

  EXPECT_FALSE(Must(r().communities().FindById(tuin.id)).has_value());
  EXPECT_FALSE(Must(r().communities().FindBySlug("moestuin-oost")).has_value());
  EXPECT_TRUE(Must(r().communities().ListMembershipsOf(anna.id)).empty());
  EXPECT_EQ(Must(r().communities().ListMembershipsOf(bob.id)).size(), 1u);
  EXPECT_TRUE(Must(r().communities().ListJoinRequests(tuin.id, JoinRequestState::kPending)).empty());
  EXPECT_FALSE(Must(r().communities().FindInviteByCode("tuin-code")).has_value());
  EXPECT_FALSE(Must(r().posts().FindById(p.id)).has_value());
  EXPECT_FALSE(Must(r().comments().FindById(c.id)).has_value());
  EXPECT_TRUE(Must(r().reactions().ListByAccount(bob.id)).empty());
  EXPECT_TRUE(Must(r().reactions().ListByAccount(anna.id)).empty());
  EXPECT_EQ(IdsOf(Must(r().posts().ListHashtagFeed("rota", bob.id, Page(10)))), (Ids{kept.id.value()}));
  EXPECT_EQ(Reload(other).member_count, 1);
  // The address can be used again.
  Must(r().communities().Create(NewCommunity("moestuin-oost")));
}

// ---- Posts, comments and counters ---------------------------------------------------------------

TEST_P(RepoContract, PostsAndCommentsMoveTheCounters) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Join(tuin, anna);
  Join(tuin, bob);
  Post p = AddPost(anna, tuin.id, "Tomato blight");
  Community c = Reload(tuin);
  EXPECT_EQ(c.post_count, 1);
  EXPECT_EQ(c.last_activity_at, p.created_at);

  Comment first = AddComment(p, bob, "Cut the leaves off");
  AddComment(p, anna, "Thanks!", first.id);
  Post after = Reload(p);
  EXPECT_EQ(after.comment_count, 2);
  EXPECT_GT(after.last_activity_at, first.created_at);

  Must(r().communities().TouchActivity(tuin.id, At(1000)));
  EXPECT_EQ(Reload(tuin).last_activity_at, At(1000));

  // A post update carries text and flags, never the counters.
  Post edited = after;
  edited.title = "Tomato blight (solved)";
  edited.comment_count = 0;
  edited.locked = true;
  edited.hashtags = {core::Tag{"Tomaten", "tomaten"}};
  edited.edited_at = At(2000);
  Must(r().posts().AddRevision(p.id, core::Revision{p.title, p.body, At(2000)}));
  Must(r().posts().Update(edited));
  Post stored = Reload(p);
  EXPECT_EQ(stored.title, "Tomato blight (solved)");
  EXPECT_TRUE(stored.locked);
  EXPECT_EQ(stored.comment_count, 2);
  EXPECT_EQ(stored.edited_at, At(2000));
  ASSERT_EQ(stored.hashtags.size(), 1u);
  EXPECT_EQ(stored.hashtags[0].display, "Tomaten");
  auto revisions = Must(r().posts().ListRevisions(p.id));
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].title, "Tomato blight");

  // A post in a community that does not exist is refused, as a foreign key would.
  EXPECT_FALSE(r().posts().Create(NewPost(anna, CommunityId(999999), "nowhere")).ok());
}

TEST_P(RepoContract, CommentsListOldestFirstWithTombstones) {
  Account anna = AddAccount("anna");
  Post p = AddPost(anna, std::nullopt, "Heron");
  Comment a = AddComment(p, anna, "first");
  Comment b = AddComment(p, anna, "second");
  Comment c = AddComment(p, anna, "third", b.id);
  b.deleted = true;
  b.body.clear();
  b.body_html.clear();
  Must(r().comments().AddRevision(a.id, core::Revision{"", "frist", At(500)}));
  Must(r().comments().Update(b));

  auto list = Must(r().comments().ListForPost(p.id, 10));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, a.id);
  EXPECT_EQ(list[1].id, b.id);
  EXPECT_TRUE(list[1].deleted);
  EXPECT_EQ(list[1].body, "");
  EXPECT_EQ(list[2].parent, b.id);
  EXPECT_EQ(Must(r().comments().ListForPost(p.id, 2)).size(), 2u);
  EXPECT_EQ(Must(r().comments().ListRevisions(a.id)).size(), 1u);
  EXPECT_EQ(Must(r().comments().ListAllByAuthor(anna.id)).size(), 3u);
  EXPECT_EQ(Must(r().comments().FindById(c.id))->body, "third");
}

// ---- Feeds --------------------------------------------------------------------------------------

TEST_P(RepoContract, CommunityFeedIsNewestFirstWithCursors) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Join(tuin, anna);
  Ids p;
  for (int i = 0; i < 5; ++i) p.push_back(AddPost(anna, tuin.id, "post " + std::to_string(i)).id.value());
  Post gone = AddPost(anna, tuin.id, "deleted");
  gone.deleted = true;
  Must(r().posts().Update(gone));

  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2)), (Ids{p[4], p[3]}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, p[3])), (Ids{p[2], p[1]}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, p[1])), (Ids{p[0]}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, p[0])), Ids{});
  // min_id: the page just above it, still newest first.
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, std::nullopt, p[0])), (Ids{p[2], p[1]}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, std::nullopt, p[2])), (Ids{p[4], p[3]}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, std::nullopt, p[4])), Ids{});
  // Both: the items between, nearest min_id.
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, p[4], p[0])), (Ids{p[2], p[1]}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListAllByAuthor(anna.id))).size(), 6u);  // export keeps everything
}

TEST_P(RepoContract, PinnedPostsLeadTheFirstPageOnly) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Join(tuin, anna);
  std::vector<Post> p;
  for (int i = 0; i < 5; ++i) p.push_back(AddPost(anna, tuin.id, "post " + std::to_string(i)));
  for (int i : {1, 3}) {
    p[i].pinned = true;
    Must(r().posts().Update(p[i]));
  }
  auto id = [&](int i) { return p[i].id.value(); };
  // Pinned posts come on top and do not use up the page: the last item is always a usable cursor.
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2)), (Ids{id(3), id(1), id(4), id(2)}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, id(2))), (Ids{id(0)}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kNew, Page(2, std::nullopt, id(0))), (Ids{id(4), id(2)}));
}

TEST_P(RepoContract, TopAndActiveOrdering) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  std::vector<Account> fans;
  for (int i = 0; i < 3; ++i) fans.push_back(AddAccount("fan" + std::to_string(i)));
  Post a = AddPost(anna, tuin.id, "a");
  Post b = AddPost(anna, tuin.id, "b");
  Post c = AddPost(anna, tuin.id, "c");
  Post d = AddPost(anna, tuin.id, "d");
  for (const auto& f : fans) Must(r().reactions().Add("post", a.id.value(), f.id, "like", At(NextId())));
  Must(r().reactions().Add("post", b.id.value(), fans[0].id, "heart", At(NextId())));
  AddComment(b, fans[1], "nice");
  // a: 3, b: 1 + 1 comment, c and d: 0 (newer id first).
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(10)),
            (Ids{a.id.value(), b.id.value(), d.id.value(), c.id.value()}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(2, std::nullopt, std::nullopt, 1)), (Ids{b.id.value(), d.id.value()}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(10), b.created_at), (Ids{b.id.value(), d.id.value(), c.id.value()}));

  // A new comment on the oldest post brings it to the top of "active".
  AddComment(a, fans[2], "still relevant");
  EXPECT_EQ(Feed(tuin.id, FeedSort::kActive, Page(10)),
            (Ids{a.id.value(), b.id.value(), d.id.value(), c.id.value()}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kActive, Page(2, std::nullopt, std::nullopt, 2)), (Ids{d.id.value(), c.id.value()}));
}

// Anna posts in a public community, a members-only one and on her profile, all tagged #horloges.
TEST_P(RepoContract, MembersOnlyPostsStayWithMembers) {
  Account anna = AddAccount("anna");
  Account outsider = AddAccount("outsider");     // follows anna, member of nothing
  Account member = AddAccount("member");         // member of the club, follows nobody
  Account fan_member = AddAccount("fanmember");  // both
  Account stranger_account = AddAccount("stranger");
  Community open_community = AddCommunity("open-horloges");
  Community club_community = AddCommunity("horloge-club", Visibility::kMembersOnly);
  Join(open_community, anna);
  Join(club_community, anna);
  Join(club_community, member);
  Join(club_community, fan_member);
  Join(open_community, stranger_account);
  Must(r().follows().Add(outsider.id, anna.id, At(NextId())));
  Must(r().follows().Add(fan_member.id, anna.id, At(NextId())));
  const int64_t open = AddPost(anna, open_community.id, "Public watch", {"horloges"}).id.value();
  const int64_t club = AddPost(anna, club_community.id, "Club watch", {"horloges"}).id.value();
  const int64_t profile = AddPost(anna, std::nullopt, "My watch", {"horloges"}).id.value();
  const int64_t stranger = AddPost(stranger_account, open_community.id, "Stranger's watch", {"horloges"}).id.value();

  auto hashtag = [&](std::optional<AccountId> viewer) {
    return IdsOf(Must(r().posts().ListHashtagFeed("horloges", viewer, Page(20))));
  };
  EXPECT_EQ(hashtag(std::nullopt), (Ids{stranger, profile, open}));
  EXPECT_EQ(hashtag(outsider.id), (Ids{stranger, profile, open}));
  EXPECT_EQ(hashtag(member.id), (Ids{stranger, profile, club, open}));
  EXPECT_TRUE(Must(r().posts().ListHashtagFeed("unknown", std::nullopt, Page(20))).empty());

  auto profile_feed = [&](std::optional<AccountId> viewer) {
    return IdsOf(Must(r().posts().ListProfileFeed(anna.id, viewer, Page(20))));
  };
  EXPECT_EQ(profile_feed(std::nullopt), (Ids{profile, open}));
  EXPECT_EQ(profile_feed(outsider.id), (Ids{profile, open}));
  EXPECT_EQ(profile_feed(member.id), (Ids{profile, club, open}));
  EXPECT_EQ(profile_feed(anna.id), (Ids{profile, club, open}));

  auto home = [&](const Account& viewer) { return IdsOf(Must(r().posts().ListHomeFeed(viewer.id, Page(20)))); };
  EXPECT_EQ(home(outsider), (Ids{profile, open}));       // follows anna; not in the club
  EXPECT_EQ(home(member), (Ids{club}));                  // the club only; does not follow anna
  EXPECT_EQ(home(fan_member), (Ids{profile, club, open}));
  EXPECT_EQ(home(stranger_account), (Ids{stranger, open}));      // member of the open community
  EXPECT_EQ(IdsOf(Must(r().posts().ListHomeFeed(outsider.id, Page(1, profile)))), (Ids{open}));

  // Joining the club opens it up; leaving closes it again.
  Join(club_community, outsider);
  EXPECT_EQ(hashtag(outsider.id), (Ids{stranger, profile, club, open}));
  EXPECT_EQ(home(outsider), (Ids{profile, club, open}));
  Must(r().communities().RemoveMember(club_community.id, outsider.id));
  EXPECT_EQ(home(outsider), (Ids{profile, open}));

  // The export has everything, members-only included.
  EXPECT_EQ(Must(r().posts().ListAllByAuthor(anna.id)).size(), 3u);
}

// ---- Reactions, follows, scheduled posts --------------------------------------------------------

TEST_P(RepoContract, ReactionsAreIdempotentAndSummarised) {
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Post p = AddPost(anna, std::nullopt, "Heron");
  Post quiet = AddPost(anna, std::nullopt, "Nobody reacts");
  Comment c = AddComment(p, bob, "Beautiful");
  const int64_t pid = p.id.value();

  EXPECT_TRUE(Must(r().reactions().Add("post", pid, anna.id, "like", At(100))));
  EXPECT_FALSE(Must(r().reactions().Add("post", pid, anna.id, "like", At(101))));
  EXPECT_TRUE(Must(r().reactions().Add("post", pid, bob.id, "like", At(102))));
  EXPECT_TRUE(Must(r().reactions().Add("post", pid, bob.id, "heart", At(103))));
  EXPECT_TRUE(Must(r().reactions().Add("comment", c.id.value(), anna.id, "laugh", At(104))));

  auto sums = Must(r().reactions().Summaries("post", {pid, quiet.id.value()}, bob.id));
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums[pid].counts, (std::map<std::string, int64_t>{{"heart", 1}, {"like", 2}}));
  EXPECT_EQ(sums[pid].mine, (std::vector<std::string>{"heart", "like"}));
  EXPECT_TRUE(sums[quiet.id.value()].counts.empty());
  EXPECT_TRUE(sums[quiet.id.value()].mine.empty());
  auto anonymous = Must(r().reactions().Summaries("post", {pid}, std::nullopt));
  EXPECT_TRUE(anonymous[pid].mine.empty());
  // A comment with the same number is a different target.
  auto on_comment = Must(r().reactions().Summaries("comment", {c.id.value()}, anna.id));
  EXPECT_EQ(on_comment[c.id.value()].counts, (std::map<std::string, int64_t>{{"laugh", 1}}));

  EXPECT_TRUE(Must(r().reactions().Remove("post", pid, bob.id, "heart")));
  EXPECT_FALSE(Must(r().reactions().Remove("post", pid, bob.id, "heart")));
  sums = Must(r().reactions().Summaries("post", {pid}, bob.id));
  EXPECT_EQ(sums[pid].counts, (std::map<std::string, int64_t>{{"like", 2}}));  // no "heart": 0
  EXPECT_EQ(sums[pid].mine, (std::vector<std::string>{"like"}));

  auto mine = Must(r().reactions().ListByAccount(anna.id));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].target_type, "post");
  EXPECT_EQ(mine[0].created_at, At(100));
  EXPECT_EQ(mine[1].target_type, "comment");
  EXPECT_EQ(mine[1].kind, "laugh");
}

TEST_P(RepoContract, FollowsAreIdempotentAndCounted) {
  Account sam = AddAccount("sam");
  Account mila = AddAccount("mila");
  Account ruud = AddAccount("ruud");
  EXPECT_TRUE(Must(r().follows().Add(mila.id, sam.id, At(10))));
  EXPECT_FALSE(Must(r().follows().Add(mila.id, sam.id, At(11))));
  EXPECT_TRUE(Must(r().follows().Add(ruud.id, sam.id, At(12))));
  EXPECT_TRUE(Must(r().follows().Add(sam.id, mila.id, At(13))));

  EXPECT_TRUE(Must(r().follows().Exists(mila.id, sam.id)));
  EXPECT_FALSE(Must(r().follows().Exists(sam.id, ruud.id)));
  EXPECT_EQ(Must(r().follows().CountFollowers(sam.id)), 2);
  EXPECT_EQ(Must(r().follows().CountFollowing(sam.id)), 1);
  EXPECT_EQ(Must(r().follows().CountFollowing(mila.id)), 1);

  auto followers = Must(r().follows().ListFollowers(sam.id, Page(10)));
  ASSERT_EQ(followers.size(), 2u);
  EXPECT_EQ(followers[0].follower, ruud.id);  // newest first
  EXPECT_EQ(followers[0].followed, sam.id);
  EXPECT_EQ(followers[0].created_at, At(12));
  EXPECT_EQ(followers[1].follower, mila.id);
  EXPECT_EQ(followers[1].created_at, At(10));  // the second Add changed nothing
  auto following = Must(r().follows().ListFollowing(sam.id, Page(10)));
  ASSERT_EQ(following.size(), 1u);
  EXPECT_EQ(following[0].followed, mila.id);

  EXPECT_TRUE(Must(r().follows().Remove(mila.id, sam.id)));
  EXPECT_FALSE(Must(r().follows().Remove(mila.id, sam.id)));
  EXPECT_EQ(Must(r().follows().CountFollowers(sam.id)), 1);
  EXPECT_FALSE(Must(r().follows().Exists(mila.id, sam.id)));
}

TEST_P(RepoContract, ScheduledPostsComeDueInOrder) {
  Account bakery = AddAccount("korenschoof");
  Community c = AddCommunity("vrienden-van-de-korenschoof");
  auto make = [&](TimeMs publish_at, const std::string& state) {
    app::ScheduledPost s;
    s.id = ScheduledPostId(NextId());
    s.author = bakery.id;
    s.draft = NewPost(bakery, c.id, "Bread at " + std::to_string(publish_at), {"brood"});
    s.draft.id = PostId();
    s.draft.created_at = 0;
    s.publish_at = publish_at;
    s.state = state;
    s.created_at = At(s.id.value());
    Must(r().scheduled().Create(s));
    return s;
  };
  auto later = make(kT0 + 10 * kHourMs, "scheduled");
  auto sooner = make(kT0 + 5 * kHourMs, "scheduled");
  auto next_week = make(kT0 + 7 * kDayMs, "scheduled");
  auto done = make(kT0 + 1 * kHourMs, "published");

  auto ids = [](const std::vector<app::ScheduledPost>& list) {
    std::vector<ScheduledPostId> out;
    for (const auto& s : list) out.push_back(s.id);
    return out;
  };
  using V = std::vector<ScheduledPostId>;
  EXPECT_EQ(ids(Must(r().scheduled().ListDue(kT0 + 10 * kHourMs, 10))), (V{sooner.id, later.id}));
  EXPECT_EQ(ids(Must(r().scheduled().ListDue(kT0 + 10 * kHourMs, 1))), (V{sooner.id}));
  EXPECT_TRUE(Must(r().scheduled().ListDue(kT0 + 4 * kHourMs, 10)).empty());

  auto found = Must(r().scheduled().FindById(sooner.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->draft.title, sooner.draft.title);
  EXPECT_EQ(found->draft.community, c.id);
  ASSERT_EQ(found->draft.hashtags.size(), 1u);
  EXPECT_EQ(found->draft.hashtags[0].key, "brood");

  found->state = "failed";
  found->failure = "The community is gone.";
  Must(r().scheduled().Update(*found));
  EXPECT_EQ(ids(Must(r().scheduled().ListDue(kT0 + 10 * kHourMs, 10))), (V{later.id}));
  EXPECT_EQ(Must(r().scheduled().FindById(sooner.id))->failure, "The community is gone.");

  EXPECT_EQ(Must(r().scheduled().ListForAuthor(bakery.id)).size(), 4u);
  Must(r().scheduled().Delete(next_week.id));
  EXPECT_FALSE(Must(r().scheduled().FindById(next_week.id)).has_value());
  EXPECT_EQ(Must(r().scheduled().ListForAuthor(bakery.id)).size(), 3u);
  (void)done;
}

// ---- Erasure ------------------------------------------------------------------------------------

bool MentionsAny(const std::string& text, const std::vector<std::string>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](const std::string& n) { return text.find(n) != std::string::npos; });
}

TEST_P(RepoContract, ErasedAccountLeavesNoTrace) {
  Account anna = AddAccount("anna");
  Account erik = NewAccount("erikvanderberg");
  erik.email = "erik.private@example.net";
  erik.display_name = "Erik van der Berg";
  Must(r().accounts().Create(erik));
  const std::vector<std::string> traces = {"erikvanderberg", "erik.private@example.net", "Erik van der Berg"};

  Community tuin = AddCommunity("moestuin-oost");
  Community club = AddCommunity("fotokring", Visibility::kMembersOnly);
  Join(tuin, anna, MemberRole::kOwner);
  Join(tuin, erik);
  Join(club, anna, MemberRole::kOwner);
  Must(r().sessions().Create(app::Session{SessionId(NextId()), erik.id, "erik-token", "cookie", "Browser", At(1), At(1), At(99999)}));
  Must(r().follows().Add(erik.id, anna.id, At(NextId())));
  Must(r().follows().Add(anna.id, erik.id, At(NextId())));
  Must(r().communities().PutJoinRequest(JoinRequest{club.id, erik.id, "Erik van der Berg here", JoinRequestState::kPending, At(5)}));
  Account mila = AddAccount("mila");
  // erik became a moderator of tuin and decided someone's request elsewhere
  Must(r().communities().PutJoinRequest(JoinRequest{tuin.id, mila.id, "", JoinRequestState::kRejected, At(6), erik.id, At(7)}));
  Must(r().communities().CreateInvite(CommunityInvite{InviteId(NextId()), tuin.id, "erik-link", erik.id, At(8)}));
  Must(r().instance().CreateInvite(app::InstanceInvite{"erik-invite", erik.id, At(9), 0, 1, 0}));

  Post erik_post = NewPost(erik, tuin.id, "Erik van der Berg's tomatoes", {"tomaten"});
  erik_post.url = "https://example.net/erik";
  erik_post.mentions = {anna.id};
  Must(r().posts().Create(erik_post));
  Must(r().posts().AddRevision(erik_post.id, core::Revision{"Old title by erikvanderberg", "old", At(20)}));
  Post erik_profile_post = AddPost(erik, std::nullopt, "About me, erikvanderberg", {"me"});
  Comment anna_reply = AddComment(erik_post, anna, "Lovely tomatoes!");
  Comment erik_reply = AddComment(erik_post, erik, "Thanks, Anna. Erik van der Berg");
  Must(r().comments().AddRevision(erik_reply.id, core::Revision{"", "Thnx", At(30)}));

  Post anna_post = NewPost(anna, tuin.id, "Shout-out", {"tomaten"});
  anna_post.mentions = {erik.id};
  Must(r().posts().Create(anna_post));
  Comment anna_mention = AddComment(anna_post, anna, "see above");
  anna_mention.mentions = {erik.id, mila.id};
  Must(r().comments().Update(anna_mention));
  Must(r().reactions().Add("post", anna_post.id.value(), erik.id, "like", At(40)));
  Must(r().reactions().Add("comment", anna_reply.id.value(), erik.id, "heart", At(41)));
  Must(r().reactions().Add("post", erik_post.id.value(), anna.id, "like", At(42)));

  app::ScheduledPost sched;
  sched.id = ScheduledPostId(NextId());
  sched.author = erik.id;
  sched.draft = NewPost(erik, tuin.id, "Erik van der Berg's next post");
  sched.publish_at = At(100000);
  Must(r().scheduled().Create(sched));
  const int64_t accounts_before = Must(r().accounts().Count());

  Must(r().tx().RunInTransaction([&] { return r().eraser().EraseAccount(erik.id); }));

  // The account is gone and cannot be found by anything that identified it.
  EXPECT_FALSE(Must(r().accounts().FindById(erik.id)).has_value());
  EXPECT_FALSE(Must(r().accounts().FindByHandleKey(erik.handle_key)).has_value());
  EXPECT_FALSE(Must(r().accounts().FindByEmail(erik.email)).has_value());
  EXPECT_EQ(Must(r().accounts().Count()), accounts_before - 1);
  for (auto status : {core::AccountStatus::kActive, core::AccountStatus::kPending, core::AccountStatus::kSuspended})
    for (const auto& a : Must(r().accounts().ListByStatus(status, Page(100)))) EXPECT_NE(a.id, erik.id);
  EXPECT_FALSE(Must(r().sessions().FindByTokenHash("erik-token")).has_value());
  EXPECT_TRUE(Must(r().sessions().ListForAccount(erik.id)).empty());

  // Memberships, requests, follows, reactions and scheduled posts are gone.
  EXPECT_EQ(Reload(tuin).member_count, 1);
  EXPECT_TRUE(Must(r().communities().ListMembershipsOf(erik.id)).empty());
  for (const auto& m : Must(r().communities().ListMembers(tuin.id, Page(100)))) EXPECT_NE(m.account, erik.id);
  EXPECT_TRUE(Must(r().communities().ListJoinRequestsOf(erik.id)).empty());
  EXPECT_TRUE(Must(r().communities().ListJoinRequests(club.id, JoinRequestState::kPending)).empty());
  auto decided = Must(r().communities().FindJoinRequest(tuin.id, mila.id));
  ASSERT_TRUE(decided);
  EXPECT_FALSE(decided->decided_by.has_value());
  EXPECT_EQ(Must(r().follows().CountFollowers(anna.id)), 0);
  EXPECT_EQ(Must(r().follows().CountFollowing(anna.id)), 0);
  EXPECT_TRUE(Must(r().follows().ListFollowers(erik.id, Page(10))).empty());
  EXPECT_TRUE(Must(r().reactions().ListByAccount(erik.id)).empty());
  auto sums = Must(r().reactions().Summaries("post", {anna_post.id.value(), erik_post.id.value()}, erik.id));
  EXPECT_TRUE(sums[anna_post.id.value()].counts.empty());
  EXPECT_EQ(sums[erik_post.id.value()].counts, (std::map<std::string, int64_t>{{"like", 1}}));  // anna's stays
  EXPECT_TRUE(Must(r().reactions().Summaries("comment", {anna_reply.id.value()}, std::nullopt))[anna_reply.id.value()].counts.empty());
  EXPECT_TRUE(Must(r().scheduled().ListForAuthor(erik.id)).empty());
  EXPECT_FALSE(Must(r().scheduled().FindById(sched.id)).has_value());

  // Links they made keep working, without their name on them.
  auto link = Must(r().communities().FindInviteByCode("erik-link"));
  ASSERT_TRUE(link);
  EXPECT_FALSE(link->created_by.has_value());
  auto invite = Must(r().instance().FindInvite("erik-invite"));
  ASSERT_TRUE(invite);
  EXPECT_FALSE(invite->created_by.has_value());

  // Mentions of them are gone from other people's posts and comments.
  EXPECT_TRUE(Reload(anna_post).mentions.empty());
  EXPECT_EQ(Must(r().comments().FindById(anna_mention.id))->mentions, (std::vector<AccountId>{mila.id}));

  // Their post is a tombstone; anna's reply under it keeps its place and its words.
  Post tomb = Reload(erik_post);
  EXPECT_TRUE(tomb.deleted);
  EXPECT_FALSE(tomb.author.has_value());
  EXPECT_EQ(tomb.title, "");
  EXPECT_EQ(tomb.body, "");
  EXPECT_EQ(tomb.body_html, "");
  EXPECT_EQ(tomb.url, "");
  EXPECT_TRUE(tomb.hashtags.empty());
  EXPECT_TRUE(Must(r().posts().ListRevisions(erik_post.id)).empty());
  EXPECT_TRUE(Reload(erik_profile_post).deleted);
  auto thread = Must(r().comments().ListForPost(erik_post.id, 100));
  ASSERT_EQ(thread.size(), 2u);
  EXPECT_EQ(thread[0].id, anna_reply.id);
  EXPECT_EQ(thread[0].body, "Lovely tomatoes!");
  EXPECT_EQ(thread[0].author, anna.id);
  EXPECT_EQ(thread[1].id, erik_reply.id);
  EXPECT_TRUE(thread[1].deleted);
  EXPECT_FALSE(thread[1].author.has_value());
  EXPECT_EQ(thread[1].body, "");
  EXPECT_TRUE(Must(r().comments().ListRevisions(erik_reply.id)).empty());
  EXPECT_TRUE(Must(r().posts().ListAllByAuthor(erik.id)).empty());
  EXPECT_TRUE(Must(r().comments().ListAllByAuthor(erik.id)).empty());

  // No feed shows them or their words.
  CommunityFeedQuery q;
  q.community = tuin.id;
  q.page = Page(100);
  EXPECT_EQ(IdsOf(Must(r().posts().ListCommunityFeed(q))), (Ids{anna_post.id.value()}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListHashtagFeed("tomaten", anna.id, Page(100)))), (Ids{anna_post.id.value()}));
  EXPECT_TRUE(Must(r().posts().ListProfileFeed(erik.id, anna.id, Page(100))).empty());
  EXPECT_TRUE(Must(r().posts().ListHomeFeed(erik.id, Page(100))).empty());
  for (const auto& p : Must(r().posts().FindByIds({erik_post.id, erik_profile_post.id, anna_post.id}))) {
    for (const auto* text : {&p.title, &p.body, &p.body_html, &p.url, &p.place_name})
      EXPECT_FALSE(MentionsAny(*text, traces)) << *text;
    EXPECT_NE(p.author, erik.id);
    for (AccountId m : p.mentions) EXPECT_NE(m, erik.id);
  }
  for (const auto& c : Must(r().comments().ListForPost(anna_post.id, 100))) {
    EXPECT_FALSE(MentionsAny(c.body, traces));
    EXPECT_NE(c.author, erik.id);
  }
  for (const auto& req : Must(r().communities().ListJoinRequests(club.id, JoinRequestState::kPending)))
    EXPECT_FALSE(MentionsAny(req.message, traces));

  // The handle and email are free for someone new.
  Account newcomer = NewAccount("erikvanderberg");
  newcomer.email = "erik.private@example.net";
  Must(r().accounts().Create(newcomer));
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.first; }

INSTANTIATE_TEST_SUITE_P(Backends, RepoContract, ::testing::ValuesIn(RepoBackends()), BackendName);

}  // namespace
}  // namespace kring::contract
