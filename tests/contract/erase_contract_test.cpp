// Storage contract, part 3: erasing an account (GDPR Art. 17) leaves no trace of the person while
// other people's words stay in place. See repo_contract_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include "repo_contract.h"

namespace kring::contract {
namespace {

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
  Must(r().communities().PutJoinRequest(Request(club.id, erik.id, "Erik van der Berg here", JoinRequestState::kPending, At(5))));
  Account mila = AddAccount("mila");
  // erik became a moderator of tuin and decided someone's request elsewhere
  Must(r().communities().PutJoinRequest(JoinRequest{tuin.id, mila.id, "", JoinRequestState::kRejected, At(6), erik.id, At(7)}));
  Must(r().communities().CreateInvite(CommunityInvite{InviteId(NextId()), tuin.id, "erik-link", erik.id, At(8)}));
  Must(r().instance().CreateInvite(app::InstanceInvite{"erik-invite", erik.id, At(9), 0, 1, 0}));
  Must(r().blocks().Put(anna.id, erik.id, "mute", At(10)));
  Must(r().blocks().Put(erik.id, mila.id, "block", At(11)));

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
  EXPECT_TRUE(Must(r().blocks().List(anna.id)).empty());
  EXPECT_TRUE(Must(r().blocks().List(erik.id)).empty());
  EXPECT_FALSE(Must(r().blocks().BlockedEitherWay(erik.id, mila.id)));
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

}  // namespace
}  // namespace kring::contract
