// Storage contract, part 2: posts, comments, counters, feeds and their visibility rule, reactions,
// follows and scheduled posts. See repo_contract_test.cpp.
#include <gtest/gtest.h>

#include "repo_contract.h"

namespace kring::contract {
namespace {

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
  Post e = AddPost(anna, tuin.id, "e");
  for (const auto& f : fans) Must(r().reactions().Add("post", a.id.value(), f.id, "like", At(NextId())));
  AddComment(b, fans[0], "nice");
  AddComment(b, fans[1], "very nice");
  Must(r().reactions().Add("post", c.id.value(), fans[0].id, "heart", At(NextId())));
  const int64_t ia = a.id.value(), ib = b.id.value(), ic = c.id.value(), id = d.id.value(), ie = e.id.value();

  // Score = reactions + comments: a 3, b 2 (comments only), c 1, d and e 0 (newer first).
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(10)), (Ids{ia, ib, ic, ie, id}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(2, std::nullopt, std::nullopt, 1)), (Ids{ib, ic}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kTop, Page(10), b.created_at), (Ids{ib, ic, ie, id}));

  // Activity: b's comments came after e was posted; a new comment brings the oldest post to the top.
  AddComment(a, fans[2], "still relevant");
  EXPECT_EQ(Feed(tuin.id, FeedSort::kActive, Page(10)), (Ids{ia, ib, ie, id, ic}));
  EXPECT_EQ(Feed(tuin.id, FeedSort::kActive, Page(2, std::nullopt, std::nullopt, 2)), (Ids{ie, id}));
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
  // Pages merge both sources (anna's club post comes from the club and from following her) once.
  auto home_page = [&](const app::PageRequest& page) { return IdsOf(Must(r().posts().ListHomeFeed(fan_member.id, page))); };
  EXPECT_EQ(home_page(Page(2)), (Ids{profile, club}));
  EXPECT_EQ(home_page(Page(2, club)), (Ids{open}));
  EXPECT_EQ(home_page(Page(1, std::nullopt, open)), (Ids{club}));
  EXPECT_EQ(home_page(Page(5, std::nullopt, open)), (Ids{profile, club}));
  EXPECT_EQ(home_page(Page(5, profile, open)), (Ids{club}));

  // Joining the club opens it up; leaving closes it again.
  Join(club_community, outsider);
  EXPECT_EQ(hashtag(outsider.id), (Ids{stranger, profile, club, open}));
  EXPECT_EQ(home(outsider), (Ids{profile, club, open}));
  Must(r().communities().RemoveMember(club_community.id, outsider.id));
  EXPECT_EQ(home(outsider), (Ids{profile, open}));

  // The export has everything, members-only included.
  EXPECT_EQ(Must(r().posts().ListAllByAuthor(anna.id)).size(), 3u);
}

TEST_P(RepoContract, BlockedAndMutedAuthorsStayOutOfFeeds) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Account bob = AddAccount("bob");
  Account loud = AddAccount("loud");
  Join(tuin, anna);
  Join(tuin, bob);
  Join(tuin, loud);
  Must(r().follows().Add(anna.id, loud.id, At(NextId())));
  const int64_t calm = AddPost(bob, tuin.id, "Calm", {"tuin"}).id.value();
  const int64_t noisy = AddPost(loud, tuin.id, "Noisy", {"tuin"}).id.value();
  auto community = [&](std::optional<AccountId> viewer, FeedSort sort) {
    CommunityFeedQuery q;
    q.community = tuin.id;
    q.viewer = viewer;
    q.sort = sort;
    q.page = Page(10);
    return IdsOf(Must(r().posts().ListCommunityFeed(q)));
  };
  auto hashtag = [&](AccountId viewer) { return IdsOf(Must(r().posts().ListHashtagFeed("tuin", viewer, Page(10)))); };
  auto home = [&](AccountId viewer) { return IdsOf(Must(r().posts().ListHomeFeed(viewer, Page(10)))); };
  EXPECT_EQ(community(anna.id, FeedSort::kNew), (Ids{noisy, calm}));

  Must(r().blocks().Put(anna.id, loud.id, "mute", At(NextId())));
  EXPECT_TRUE(Must(r().blocks().Hides(anna.id, loud.id)));
  EXPECT_FALSE(Must(r().blocks().Hides(loud.id, anna.id)));
  EXPECT_FALSE(Must(r().blocks().BlockedEitherWay(anna.id, loud.id)));  // a mute is not a block
  for (FeedSort sort : {FeedSort::kNew, FeedSort::kTop, FeedSort::kActive})
    EXPECT_EQ(community(anna.id, sort), (Ids{calm}));
  EXPECT_EQ(hashtag(anna.id), (Ids{calm}));
  EXPECT_EQ(home(anna.id), (Ids{calm}));
  // Only anna's view changes; and her visit to loud's profile still shows loud.
  EXPECT_EQ(community(bob.id, FeedSort::kNew), (Ids{noisy, calm}));
  EXPECT_EQ(community(std::nullopt, FeedSort::kNew), (Ids{noisy, calm}));
  EXPECT_EQ(hashtag(bob.id), (Ids{noisy, calm}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListProfileFeed(loud.id, anna.id, Page(10)))), (Ids{noisy}));

  // Turning the mute into a block replaces it; the block works both ways for BlockedEitherWay.
  Must(r().blocks().Put(anna.id, loud.id, "block", At(NextId())));
  auto list = Must(r().blocks().List(anna.id));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].target, loud.id);
  EXPECT_EQ(list[0].kind, "block");
  EXPECT_TRUE(Must(r().blocks().BlockedEitherWay(loud.id, anna.id)));
  EXPECT_EQ(home(anna.id), (Ids{calm}));

  Must(r().blocks().Remove(anna.id, loud.id));
  Must(r().blocks().Remove(anna.id, loud.id));  // twice is fine
  EXPECT_FALSE(Must(r().blocks().Hides(anna.id, loud.id)));
  EXPECT_EQ(community(anna.id, FeedSort::kNew), (Ids{noisy, calm}));
  EXPECT_EQ(home(anna.id), (Ids{noisy, calm}));
}

TEST_P(RepoContract, RemovedPostsLeaveEveryFeedButStayOnRecord) {
  Community tuin = AddCommunity("moestuin-oost");
  Account anna = AddAccount("anna");
  Account mod = AddAccount("mod");
  Join(tuin, anna);
  Join(tuin, mod, MemberRole::kModerator);
  Must(r().follows().Add(mod.id, anna.id, At(NextId())));
  Post spam = AddPost(anna, tuin.id, "Buy now", {"tuin"});
  const int64_t fine = AddPost(anna, tuin.id, "Seedlings", {"tuin"}).id.value();
  Comment reply = AddComment(spam, mod, "Removed: spam");
  spam.removed = true;
  Must(r().posts().Update(spam));
  reply.removed = true;
  Must(r().comments().Update(reply));

  for (FeedSort sort : {FeedSort::kNew, FeedSort::kTop, FeedSort::kActive})
    EXPECT_EQ(Feed(tuin.id, sort, Page(10)), (Ids{fine}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListHashtagFeed("tuin", mod.id, Page(10)))), (Ids{fine}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListHomeFeed(mod.id, Page(10)))), (Ids{fine}));
  EXPECT_EQ(IdsOf(Must(r().posts().ListProfileFeed(anna.id, mod.id, Page(10)))), (Ids{fine}));

  // The text stays for moderators and appeals, and in the author's export.
  Post stored = Reload(spam);
  EXPECT_TRUE(stored.removed);
  EXPECT_EQ(stored.title, "Buy now");
  EXPECT_EQ(Must(r().posts().ListAllByAuthor(anna.id)).size(), 2u);
  EXPECT_TRUE(Must(r().comments().FindById(reply.id))->removed);
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
  EXPECT_EQ(found->draft.body, sooner.draft.body);
  EXPECT_EQ(found->draft.community, c.id);

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

}  // namespace
}  // namespace kring::contract
