// Storage contract tests: what every storage backend must do, checked the same way on each
// (RepoBackends() in repo_backends.cpp). Each test is a behaviour a person would notice: a handle
// taken twice, a half-done sign-up left behind, a pinned post shown twice, a members-only post
// leaking into a hashtag feed, an erased account still findable. The suite continues in
// feed_contract_test.cpp and erase_contract_test.cpp; this file instantiates it for every backend.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "repo_contract.h"

namespace kring::contract {
namespace {

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
  second_anna.email = "another-anna@example.org";
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

TEST_P(RepoContract, SlugIsUniqueAndPermanent) {
  Community tuin = AddCommunity("moestuin-oost");
  Community other = NewCommunity("moestuin-oost");
  EXPECT_EQ(CodeOf(r().communities().Create(other)), "slug_taken");
  // The slug is the address people linked to: an update keeps it.
  Community bakery = AddCommunity("korenschoof");
  bakery.slug = "moestuin-oost";
  bakery.name = "De Korenschoof";
  Must(r().communities().Update(bakery));
  EXPECT_EQ(Reload(bakery).slug, "korenschoof");
  EXPECT_EQ(Reload(bakery).name, "De Korenschoof");
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
  Must(r().communities().PutJoinRequest(Request(club.id, bob.id, "I shoot birds", JoinRequestState::kPending, At(10))));
  Must(r().communities().PutJoinRequest(Request(club.id, cem.id, "", JoinRequestState::kPending, At(20))));

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
  Must(r().communities().PutJoinRequest(Request(tuin.id, AddAccount("cem").id, "", JoinRequestState::kPending, At(1))));
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

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, RepoContract, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace kring::contract
