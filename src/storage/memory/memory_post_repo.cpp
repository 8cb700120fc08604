// Posts, their revisions and the feed queries of the in-memory store.
#include <algorithm>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

using core::Post;

namespace {

int64_t PostIdOf(const Post& p) { return p.id.value(); }

bool HasTag(const Post& p, const std::string& key) {
  return std::any_of(p.hashtags.begin(), p.hashtags.end(), [&](const core::Tag& t) { return t.key == key; });
}

bool Follows(const Tables& t, AccountId follower, std::optional<AccountId> followed) {
  return followed && t.follows.count({follower.value(), followed->value()}) > 0;
}

}  // namespace

Status MemoryPostRepo::Create(const Post& post) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.posts.count(post.id.value())) return Internal("duplicate post id " + post.id.ToString());
  if (post.author && !t.accounts.count(post.author->value())) return NotFound("account");
  if (post.community) {
    auto c = t.communities.find(post.community->value());
    if (c == t.communities.end()) return NotFound("community");
    ++c->second.post_count;
    c->second.last_activity_at = std::max(c->second.last_activity_at, post.created_at);
  }
  t.posts.emplace(post.id.value(), post);
  return Status::Ok();
}

Result<std::optional<Post>> MemoryPostRepo::FindById(PostId id) {
  Lock lock(db_.mu);
  auto it = db_.tables.posts.find(id.value());
  if (it == db_.tables.posts.end()) return std::optional<Post>();
  return std::optional<Post>(it->second);
}

Result<std::vector<Post>> MemoryPostRepo::FindByIds(const std::vector<PostId>& ids) {
  Lock lock(db_.mu);
  std::vector<Post> out;
  for (PostId id : ids) {
    auto it = db_.tables.posts.find(id.value());
    if (it != db_.tables.posts.end()) out.push_back(it->second);
  }
  return out;
}

Status MemoryPostRepo::Update(const Post& post) {
  Lock lock(db_.mu);
  auto it = db_.tables.posts.find(post.id.value());
  if (it == db_.tables.posts.end()) return NotFound("post");
  // Identity, placement, creation time and the counters stay as stored.
  Post& stored = it->second;
  stored.kind = post.kind;
  stored.title = post.title;
  stored.body = post.body;
  stored.body_html = post.body_html;
  stored.url = post.url;
  stored.place_name = post.place_name;
  stored.rating = post.rating;
  stored.hashtags = post.hashtags;
  stored.mentions = post.mentions;
  stored.pinned = post.pinned;
  stored.locked = post.locked;
  stored.deleted = post.deleted;
  stored.removed = post.removed;
  stored.accepted_comment = post.accepted_comment;
  stored.edited_at = post.edited_at;
  return Status::Ok();
}

Status MemoryPostRepo::AddRevision(PostId post, const core::Revision& revision) {
  Lock lock(db_.mu);
  if (!db_.tables.posts.count(post.value())) return NotFound("post");
  db_.tables.post_revisions[post.value()].push_back(revision);
  return Status::Ok();
}

Result<std::vector<core::Revision>> MemoryPostRepo::ListRevisions(PostId post) {
  Lock lock(db_.mu);
  auto it = db_.tables.post_revisions.find(post.value());
  if (it == db_.tables.post_revisions.end()) return std::vector<core::Revision>();
  return it->second;
}

Result<std::vector<Post>> MemoryPostRepo::ListCommunityFeed(const app::CommunityFeedQuery& query) {
  Lock lock(db_.mu);
  const Tables& t = db_.tables;
  std::vector<Post> posts;
  for (const auto& [id, p] : t.posts)
    if (p.community == query.community && IsShown(p) && !HiddenFrom(t, p, query.viewer)) posts.push_back(p);

  switch (query.sort) {
    case app::FeedSort::kNew: {
      const bool first_page = !query.page.max_id && !query.page.min_id;
      std::vector<Post> pinned;
      std::vector<Post> rest;
      for (auto& p : posts) (p.pinned ? pinned : rest).push_back(std::move(p));
      std::vector<Post> out;
      if (first_page) {
        std::sort(pinned.begin(), pinned.end(), [](const Post& a, const Post& b) { return a.id > b.id; });
        out = std::move(pinned);
      }
      for (auto& p : PageByIdDesc(std::move(rest), query.page, PostIdOf)) out.push_back(std::move(p));
      return out;
    }
    case app::FeedSort::kTop: {
      std::erase_if(posts, [&](const Post& p) { return p.created_at < query.top_since; });
      std::vector<std::pair<int64_t, Post>> scored;
      for (auto& p : posts) {
        int64_t score = ReactionCount(t, "post", p.id.value()) + p.comment_count;
        scored.emplace_back(score, std::move(p));
      }
      std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return a.second.id > b.second.id;
      });
      std::vector<Post> out;
      for (auto& [score, p] : PageByOffset(std::move(scored), query.page.offset, query.page.limit))
        out.push_back(std::move(p));
      return out;
    }
    case app::FeedSort::kActive: {
      std::sort(posts.begin(), posts.end(), [](const Post& a, const Post& b) {
        if (a.last_activity_at != b.last_activity_at) return a.last_activity_at > b.last_activity_at;
        return a.id > b.id;
      });
      return PageByOffset(std::move(posts), query.page.offset, query.page.limit);
    }
  }
  return Internal("unknown feed sort");
}

Result<std::vector<Post>> MemoryPostRepo::ListHomeFeed(AccountId viewer, const app::PageRequest& page) {
  Lock lock(db_.mu);
  const Tables& t = db_.tables;
  std::vector<Post> out;
  for (const auto& [id, p] : t.posts) {
    if (!IsShown(p) || HiddenFrom(t, p, viewer)) continue;
    const bool in_my_community = p.community && IsMember(t, *p.community, viewer);
    const bool by_someone_i_follow = Follows(t, viewer, p.author) && CanSeePost(t, p, viewer);
    if (in_my_community || by_someone_i_follow) out.push_back(p);
  }
  return PageByIdDesc(std::move(out), page, PostIdOf);
}

Result<std::vector<Post>> MemoryPostRepo::ListHashtagFeed(const std::string& tag_key, std::optional<AccountId> viewer,
                                                          const app::PageRequest& page) {
  Lock lock(db_.mu);
  std::vector<Post> out;
  for (const auto& [id, p] : db_.tables.posts)
    if (HasTag(p, tag_key) && CanSeePost(db_.tables, p, viewer) && !HiddenFrom(db_.tables, p, viewer)) out.push_back(p);
  return PageByIdDesc(std::move(out), page, PostIdOf);
}

Result<std::vector<Post>> MemoryPostRepo::ListProfileFeed(AccountId author, std::optional<AccountId> viewer,
                                                          const app::PageRequest& page) {
  Lock lock(db_.mu);
  std::vector<Post> out;
  for (const auto& [id, p] : db_.tables.posts)
    if (p.author == author && CanSeePost(db_.tables, p, viewer)) out.push_back(p);
  return PageByIdDesc(std::move(out), page, PostIdOf);
}

Result<std::vector<Post>> MemoryPostRepo::ListAllByAuthor(AccountId author) {
  Lock lock(db_.mu);
  std::vector<Post> out;
  for (const auto& [id, p] : db_.tables.posts)
    if (p.author == author) out.push_back(p);
  return out;
}

}  // namespace kring::storage::memory
