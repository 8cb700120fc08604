#include "app/post_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "base/id_generator.h"
#include "core/unicode_text.h"

namespace kring::app {

using core::Comment;
using core::Post;
using core::PostKind;

namespace {

int ClampLimit(int limit) { return std::clamp(limit, 1, kMaxPageLimit); }

int64_t ReactionTotal(const core::ReactionSummary& s) {
  int64_t n = 0;
  for (const auto& [kind, count] : s.counts) n += count;
  return n;
}

}  // namespace

namespace {
// Removed content stays readable for moderators (to review, and for appeals); others see a tombstone.
void HideIfRemoved(PostView& v) {
  if (!v.post.removed || v.can_moderate) return;
  v.post.title.clear();
  v.post.body.clear();
  v.post.body_html.clear();
  v.post.url.clear();
  v.post.place_name.clear();
  v.post.hashtags.clear();
  v.post.mentions.clear();
  v.can_edit = false;
}
}  // namespace

Status PostService::RequireNotBlocked(AccountId actor, AccountId other) {
  KRING_ASSIGN_OR_RETURN(bool blocked, d_.blocks.BlockedEitherWay(actor, other));
  if (blocked) return PermissionDenied("blocked", "You cannot interact with this person.");
  return Status::Ok();
}

Result<PostService::Access> PostService::AccessTo(const std::optional<CommunityId>& community,
                                                  const core::Viewer& viewer) {
  Access a;
  if (!community) return a;
  KRING_ASSIGN_OR_RETURN(a.community, d_.communities.FindById(*community));
  if (!a.community) return NotFound("community");
  if (viewer.account) {
    KRING_ASSIGN_OR_RETURN(a.membership, d_.communities.FindMembership(*community, *viewer.account));
  }
  return a;
}

Result<std::pair<Post, PostService::Access>> PostService::LoadVisiblePost(PostId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto post, d_.posts.FindById(id));
  if (!post) return NotFound("post");
  KRING_ASSIGN_OR_RETURN(Access access, AccessTo(post->community, viewer));
  if (access.community && !core::CanReadContent(*access.community, access.membership)) return NotFound("post");
  if (!MediaReadyFor(*post, viewer)) return NotFound("post");
  return std::make_pair(std::move(*post), std::move(access));
}

Result<RenderedText> PostService::Render(const std::string& markdown) {
  auto mention_href = [this](std::string_view key) -> std::optional<std::string> {
    auto found = d_.accounts.FindByHandleKey(std::string(key));
    if (!found || !*found || (*found)->status != core::AccountStatus::kActive) return std::nullopt;
    return "/@" + (*found)->handle;
  };
  return d_.markdown.Render(markdown, mention_href);
}

Result<std::vector<AccountId>> PostService::ResolveMentions(const RenderedText& rendered) {
  std::vector<AccountId> ids;
  for (const auto& key : core::UniqueKeys(rendered.tokens, core::TextToken::Kind::kMention)) {
    if (ids.size() >= core::kMaxMentionsPerText) break;
    KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindByHandleKey(key));
    if (account && account->status == core::AccountStatus::kActive) ids.push_back(account->id);
  }
  return ids;
}

namespace {
std::vector<core::Tag> HashtagsOf(const RenderedText& rendered) {
  std::vector<core::Tag> tags;
  for (const auto& t : rendered.tokens) {
    if (t.kind != core::TextToken::Kind::kHashtag) continue;
    if (std::any_of(tags.begin(), tags.end(), [&](const core::Tag& x) { return x.key == t.key; })) continue;
    if (tags.size() >= core::kMaxHashtagsPerPost) break;
    tags.push_back(core::Tag{t.display, t.key});
  }
  return tags;
}
}  // namespace

bool PostService::MediaReadyFor(const Post& p, const core::Viewer& viewer) {
  return !p.pending_media || (viewer.account && p.author && *viewer.account == *p.author);
}

Result<PostView> PostService::MakeView(Post post, const Access& access, const core::Viewer& viewer) {
  PostView v;
  if (post.author) {
    KRING_ASSIGN_OR_RETURN(v.author, d_.accounts.FindById(*post.author));
  }
  v.community = access.community;
  KRING_ASSIGN_OR_RETURN(auto sums, d_.reactions.Summaries("post", {post.id.value()}, viewer.account));
  v.reactions = sums[post.id.value()];
  v.can_edit = viewer.account && post.author && *viewer.account == *post.author && !post.deleted && !post.removed;
  v.can_moderate = access.community ? core::CanModerate(viewer, *access.community, access.membership) : viewer.is_staff();
  v.post = std::move(post);
  HideIfRemoved(v);
  std::vector<PostView> one;
  one.push_back(std::move(v));
  KRING_TRY(AttachMediaToViews(one));
  return std::move(one.front());
}

Status PostService::AttachMediaToViews(std::vector<PostView>& views) {
  if (!d_.media || views.empty()) return Status::Ok();
  std::vector<PostId> ids;
  for (const auto& v : views)
    if (!v.post.deleted) ids.push_back(v.post.id);
  if (ids.empty()) return Status::Ok();
  KRING_ASSIGN_OR_RETURN(auto rows, d_.media->ListForPosts(ids));
  std::unordered_map<int64_t, std::vector<MediaRecord>> by_post;
  for (auto& m : rows) by_post[m.post->value()].push_back(std::move(m));
  for (auto& v : views) {
    auto it = by_post.find(v.post.id.value());
    if (it != by_post.end() && !v.post.deleted && (!v.post.removed || v.can_moderate)) v.media = std::move(it->second);
  }
  return Status::Ok();
}

Result<std::vector<PostView>> PostService::MakeViews(std::vector<Post> posts, const core::Viewer& viewer) {
  std::vector<int64_t> ids;
  for (const auto& p : posts) ids.push_back(p.id.value());
  KRING_ASSIGN_OR_RETURN(auto sums, d_.reactions.Summaries("post", ids, viewer.account));
  std::unordered_map<int64_t, std::optional<core::Account>> authors;
  std::unordered_map<int64_t, Access> communities;
  std::vector<PostView> out;
  out.reserve(posts.size());
  for (auto& p : posts) {
    if (!MediaReadyFor(p, viewer)) continue;  // the feed queries filter already
    PostView v;
    if (p.author) {
      auto it = authors.find(p.author->value());
      if (it == authors.end()) {
        KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(*p.author));
        it = authors.emplace(p.author->value(), std::move(a)).first;
      }
      v.author = it->second;
    }
    if (p.community) {
      auto it = communities.find(p.community->value());
      if (it == communities.end()) {
        KRING_ASSIGN_OR_RETURN(Access a, AccessTo(p.community, viewer));
        it = communities.emplace(p.community->value(), std::move(a)).first;
      }
      // Defence in depth: the feed queries filter already; never render what the viewer may not read.
      if (!core::CanReadContent(*it->second.community, it->second.membership)) continue;
      v.community = it->second.community;
      v.can_moderate = core::CanModerate(viewer, *it->second.community, it->second.membership);
    } else {
      v.can_moderate = viewer.is_staff();
    }
    v.reactions = sums[p.id.value()];
    v.can_edit = viewer.account && p.author && *viewer.account == *p.author && !p.deleted && !p.removed;
    v.post = std::move(p);
    HideIfRemoved(v);
    out.push_back(std::move(v));
  }
  KRING_TRY(AttachMediaToViews(out));
  return out;
}

Result<Post> PostService::BuildPost(const AuthContext& auth, const PostInput& in, Access& access) {
  auto kind = core::ParsePostKind(in.kind);
  if (!kind)
    return InvalidArgument("invalid_kind", "The kind must be discussion, question, link, review or announcement.", "kind");
  Post p;
  p.kind = *kind;
  p.author = auth.account.id;
  p.title = core::IsValidUtf8(in.title) ? core::NormalizeNfc(in.title) : in.title;
  p.body = core::IsValidUtf8(in.body) ? core::NormalizeNfc(in.body) : in.body;
  p.url = in.url;
  p.place_name = core::IsValidUtf8(in.place_name) ? core::NormalizeNfc(in.place_name) : in.place_name;
  p.rating = in.rating;
  KRING_TRY(core::ValidatePostFields(p));
  if (!in.community_slug.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(in.community_slug));
    if (!c) return NotFound("community");
    KRING_ASSIGN_OR_RETURN(access.membership, d_.communities.FindMembership(c->id, auth.account.id));
    if (!core::CanReadContent(*c, access.membership)) return NotFound("community");
    if (!access.membership)
      return PermissionDenied("not_a_member", "Join the community before you post in it.");
    if (!core::CanPost(*c, access.membership, p.kind))
      return PermissionDenied("moderators_only", "Only moderators can post announcements.");
    p.community = c->id;
    access.community = std::move(*c);
  } else if (p.kind == PostKind::kAnnouncement && !auth.viewer().is_staff()) {
    return PermissionDenied("moderators_only", "Announcements belong in a community you moderate.");
  }
  return p;
}

Result<PostView> PostService::PublishPost(Post p, const Access& access, const core::Viewer& viewer, bool scheduled,
                                          const std::vector<MediaId>& media) {
  KRING_ASSIGN_OR_RETURN(RenderedText rendered, Render(p.body));
  p.body_html = std::move(rendered.html);
  p.hashtags = HashtagsOf(rendered);
  KRING_ASSIGN_OR_RETURN(p.mentions, ResolveMentions(rendered));
  p.id = PostId(d_.ids.Next());
  p.created_at = p.last_activity_at = d_.clock.Now();
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.posts.Create(p));
    if (media.empty()) return Status::Ok();
    return d_.media->AttachToPost(media, *p.author, p.id);
  }));
  d_.events.Publish(core::PostPublished{p.id, p.community, *p.author, scheduled});
  for (AccountId m : p.mentions)
    if (m != *p.author) d_.events.Publish(core::AccountMentioned{m, *p.author, p.id, std::nullopt});
  return MakeView(std::move(p), access, viewer);
}

Result<CreatePostOutcome> PostService::CreatePost(const AuthContext& auth, const PostInput& in) {
  Access access;
  KRING_ASSIGN_OR_RETURN(Post p, BuildPost(auth, in, access));
  CreatePostOutcome out;
  const TimeMs now = d_.clock.Now();
  if (!in.media_ids.empty()) {
    if (!d_.media) return Unavailable("media_unavailable", "Photo uploads are not available on this server.");
    if (in.media_ids.size() > 10) return InvalidArgument("too_many_media", "A post can have at most 10 photos.", "media_ids");
    std::set<int64_t> seen;
    for (MediaId m : in.media_ids)
      if (!seen.insert(m.value()).second) return InvalidArgument("invalid_media", "A photo is listed twice.", "media_ids");
    if (in.scheduled_at && *in.scheduled_at > now)
      return InvalidArgument("media_not_schedulable", "Scheduled posts cannot have photos yet.", "media_ids");
  }
  if (in.scheduled_at && *in.scheduled_at > now) {
    if (*in.scheduled_at > now + d_.config.max_schedule_ahead_ms)
      return InvalidArgument("schedule_too_far", "Posts can be scheduled at most a year ahead.", "scheduled_at");
    KRING_ASSIGN_OR_RETURN(auto existing, d_.scheduled.ListForAuthor(auth.account.id));
    int waiting = std::count_if(existing.begin(), existing.end(), [](const ScheduledPost& s) { return s.state == "scheduled"; });
    if (waiting >= d_.config.max_scheduled_per_account)
      return Conflict("too_many_scheduled", "You have 50 posts waiting already; publish or cancel some first.");
    ScheduledPost s;
    s.id = ScheduledPostId(d_.ids.Next());
    s.author = auth.account.id;
    s.draft = std::move(p);
    s.publish_at = *in.scheduled_at;
    s.created_at = now;
    KRING_TRY(d_.tx.RunInTransaction([&] { return d_.scheduled.Create(s); }));
    out.scheduled = std::move(s);
    return out;
  }
  KRING_ASSIGN_OR_RETURN(out.post, PublishPost(std::move(p), access, auth.viewer(), false, in.media_ids));
  return out;
}

Result<PostView> PostService::GetPost(PostId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, viewer));
  return MakeView(std::move(loaded.first), loaded.second, viewer);
}

Result<PostView> PostService::EditPost(const AuthContext& auth, PostId id, const PostEdit& e) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, auth.viewer()));
  auto& [post, access] = loaded;
  if (post.deleted) return NotFound("post");
  if (!post.author || *post.author != auth.account.id)
    return PermissionDenied("not_author", "Only the author can edit a post.");
  if (post.removed)
    return PermissionDenied("removed", "A moderator removed this post; you can appeal the decision instead.");
  core::Revision before{post.title, post.body, d_.clock.Now()};
  Post p = post;
  if (e.title) p.title = core::IsValidUtf8(*e.title) ? core::NormalizeNfc(*e.title) : *e.title;
  if (e.body) p.body = core::IsValidUtf8(*e.body) ? core::NormalizeNfc(*e.body) : *e.body;
  if (e.url) p.url = *e.url;
  if (e.place_name) p.place_name = core::IsValidUtf8(*e.place_name) ? core::NormalizeNfc(*e.place_name) : *e.place_name;
  if (e.rating) p.rating = *e.rating;
  KRING_TRY(core::ValidatePostFields(p));
  KRING_ASSIGN_OR_RETURN(RenderedText rendered, Render(p.body));
  p.body_html = std::move(rendered.html);
  p.hashtags = HashtagsOf(rendered);
  KRING_ASSIGN_OR_RETURN(p.mentions, ResolveMentions(rendered));
  p.edited_at = before.replaced_at;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.posts.AddRevision(p.id, before));
    return d_.posts.Update(p);
  }));
  d_.events.Publish(core::PostEdited{p.id});
  return MakeView(std::move(p), access, auth.viewer());
}

Status PostService::DeletePost(const AuthContext& auth, PostId id) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, auth.viewer()));
  auto& [post, access] = loaded;
  if (post.deleted) return Status::Ok();
  bool is_author = post.author && *post.author == auth.account.id;
  bool can_mod = access.community ? core::CanModerate(auth.viewer(), *access.community, access.membership) : auth.viewer().is_staff();
  if (!is_author && !can_mod) return PermissionDenied("not_author", "Only the author or a moderator can delete a post.");
  post.deleted = true;
  post.title.clear();
  post.body.clear();
  post.body_html.clear();
  post.url.clear();
  post.place_name.clear();
  post.hashtags.clear();
  post.mentions.clear();
  post.pinned = false;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.posts.Update(post); }));
  d_.events.Publish(core::PostDeleted{post.id});
  return Status::Ok();
}

Result<PostView> PostService::SetLocked(const AuthContext& auth, PostId id, bool locked) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, auth.viewer()));
  auto& [post, access] = loaded;
  bool can_mod = access.community ? core::CanModerate(auth.viewer(), *access.community, access.membership) : auth.viewer().is_staff();
  bool is_author = post.author && *post.author == auth.account.id;
  // Authors may lock their own thread; only moderators may unlock one they did not lock themselves.
  if (!can_mod && !(is_author && locked)) return PermissionDenied("moderators_only", "Only moderators can do that.");
  post.locked = locked;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.posts.Update(post); }));
  return MakeView(std::move(post), access, auth.viewer());
}

Result<PostView> PostService::SetPinned(const AuthContext& auth, PostId id, bool pinned) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, auth.viewer()));
  auto& [post, access] = loaded;
  if (!access.community) return InvalidArgument("not_in_community", "Only posts in a community can be pinned.");
  if (!core::CanModerate(auth.viewer(), *access.community, access.membership))
    return PermissionDenied("moderators_only", "Only moderators can pin posts.");
  if (post.deleted) return NotFound("post");
  post.pinned = pinned;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.posts.Update(post); }));
  return MakeView(std::move(post), access, auth.viewer());
}

Result<PostView> PostService::AcceptAnswer(const AuthContext& auth, PostId id, std::optional<CommentId> comment) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, auth.viewer()));
  auto& [post, access] = loaded;
  if (post.kind != PostKind::kQuestion)
    return InvalidArgument("not_a_question", "Only questions have an accepted answer.");
  if (!post.author || *post.author != auth.account.id)
    return PermissionDenied("not_author", "Only the person who asked can accept an answer.");
  if (comment) {
    KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(*comment));
    if (!c || c->post != post.id || c->deleted) return NotFound("comment");
  }
  post.accepted_comment = comment;
  KRING_TRY(d_.tx.RunInTransaction([&] { return d_.posts.Update(post); }));
  return MakeView(std::move(post), access, auth.viewer());
}

Result<std::vector<core::Revision>> PostService::PostHistory(PostId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(id, viewer));
  if (loaded.first.deleted) return std::vector<core::Revision>();
  if (loaded.first.removed) {
    const Access& access = loaded.second;
    bool can_moderate = access.community ? core::CanModerate(viewer, *access.community, access.membership) : viewer.is_staff();
    if (!can_moderate) return std::vector<core::Revision>();
  }
  return d_.posts.ListRevisions(id);
}

Result<std::vector<ScheduledPost>> PostService::ListScheduled(const AuthContext& auth) {
  return d_.scheduled.ListForAuthor(auth.account.id);
}

Status PostService::CancelScheduled(const AuthContext& auth, ScheduledPostId id) {
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, d_.scheduled.FindById(id));
    if (!s || s->author != auth.account.id) return NotFound("scheduled post");
    if (s->state == "published") return Conflict("already_published", "That post has already been published.");
    return d_.scheduled.Delete(id);
  });
}

Result<int> PostService::PublishDue() {
  KRING_ASSIGN_OR_RETURN(auto due, d_.scheduled.ListDue(d_.clock.Now(), 50));
  int published = 0;
  for (auto& s : due) {
    auto fail = [&](std::string why) -> Status {
      s.state = "failed";
      s.failure = std::move(why);
      return d_.tx.RunInTransaction([&] { return d_.scheduled.Update(s); });
    };
    KRING_ASSIGN_OR_RETURN(auto author, d_.accounts.FindById(s.author));
    if (!author || author->status != core::AccountStatus::kActive) {
      KRING_TRY(fail("The author's account is not active."));
      continue;
    }
    AuthContext auth{*author, Session{}};
    Access access;
    Post p = s.draft;
    if (p.community) {
      KRING_ASSIGN_OR_RETURN(access, AccessTo(p.community, auth.viewer()));
      if (!access.community || !core::CanPost(*access.community, access.membership, p.kind)) {
        KRING_TRY(fail("You are no longer allowed to post in that community."));
        continue;
      }
    }
    // Mark first, then publish: if the process dies in between, the post is not published twice.
    s.state = "published";
    KRING_TRY(d_.tx.RunInTransaction([&] { return d_.scheduled.Update(s); }));
    auto view = PublishPost(std::move(p), access, auth.viewer(), true);
    if (!view) {
      KRING_TRY(fail(view.error().public_message));
      continue;
    }
    s.published_post = view->post.id;
    KRING_TRY(d_.tx.RunInTransaction([&] { return d_.scheduled.Update(s); }));
    ++published;
  }
  return published;
}

Result<CommentView> PostService::CreateComment(const AuthContext& auth, PostId post_id, std::optional<CommentId> parent,
                                               const std::string& body, const std::vector<MediaId>& media) {
  if (!media.empty() && !d_.media) return Unavailable("media_unavailable", "Photo uploads are not available on this server.");
  if (media.size() > 1) return InvalidArgument("too_many_media", "A comment can have one photo.", "media_ids");
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(post_id, auth.viewer()));
  auto& [post, access] = loaded;
  if (post.deleted || post.removed) return NotFound("post");
  if (access.community && !access.membership)
    return PermissionDenied("not_a_member", "Join the community before you reply.");
  bool can_moderate = access.community ? core::CanModerate(auth.viewer(), *access.community, access.membership)
                                      : auth.viewer().is_staff();
  if (post.locked && !can_moderate)
    return PermissionDenied("post_locked", "This thread is locked; no new replies.");
  std::string text = core::IsValidUtf8(body) ? core::NormalizeNfc(body) : body;
  KRING_TRY(core::ValidateCommentBody(text));
  if (post.author) KRING_TRY(RequireNotBlocked(auth.account.id, *post.author));
  if (parent) {
    KRING_ASSIGN_OR_RETURN(auto p, d_.comments.FindById(*parent));
    if (!p || p->post != post.id) return NotFound("comment");
    if (p->deleted) return InvalidArgument("parent_deleted", "You cannot reply to a deleted comment.", "parent_id");
    if (p->author) KRING_TRY(RequireNotBlocked(auth.account.id, *p->author));
  }
  KRING_ASSIGN_OR_RETURN(RenderedText rendered, Render(text));
  Comment c;
  c.id = CommentId(d_.ids.Next());
  c.post = post.id;
  c.parent = parent;
  c.author = auth.account.id;
  c.body = std::move(text);
  c.body_html = std::move(rendered.html);
  KRING_ASSIGN_OR_RETURN(c.mentions, ResolveMentions(rendered));
  c.created_at = d_.clock.Now();
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.comments.Create(c));
    if (post.community) KRING_TRY(d_.communities.TouchActivity(*post.community, c.created_at));
    if (!media.empty()) KRING_TRY(d_.media->AttachToComment(media, auth.account.id, c.id));
    return Status::Ok();
  }));
  d_.events.Publish(core::CommentCreated{c.id, c.post, c.parent, auth.account.id});
  for (AccountId m : c.mentions)
    if (m != auth.account.id) d_.events.Publish(core::AccountMentioned{m, auth.account.id, c.post, c.id});
  CommentView v;
  v.author = auth.account;
  v.can_edit = true;
  if (!media.empty()) {
    KRING_ASSIGN_OR_RETURN(v.media, d_.media->ListForComments({c.id}));
  }
  v.comment = std::move(c);
  return v;
}

Result<CommentView> PostService::EditComment(const AuthContext& auth, CommentId id, const std::string& body) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(id));
  if (!c || c->deleted) return NotFound("comment");
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(c->post, auth.viewer()));
  if (!c->author || *c->author != auth.account.id)
    return PermissionDenied("not_author", "Only the author can edit a comment.");
  if (c->removed)
    return PermissionDenied("removed", "A moderator removed this comment; you can appeal the decision instead.");
  std::string text = core::IsValidUtf8(body) ? core::NormalizeNfc(body) : body;
  KRING_TRY(core::ValidateCommentBody(text));
  KRING_ASSIGN_OR_RETURN(RenderedText rendered, Render(text));
  core::Revision before{"", c->body, d_.clock.Now()};
  c->body = std::move(text);
  c->body_html = std::move(rendered.html);
  KRING_ASSIGN_OR_RETURN(c->mentions, ResolveMentions(rendered));
  c->edited_at = before.replaced_at;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.comments.AddRevision(c->id, before));
    return d_.comments.Update(*c);
  }));
  // The same view as a thread shows, so counters and the accepted mark are right.
  return GetCommentSubtree(id, auth.viewer(), CommentSort::kOld, 1);
}

Status PostService::DeleteComment(const AuthContext& auth, CommentId id) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(id));
  if (!c) return NotFound("comment");
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(c->post, auth.viewer()));
  if (c->deleted) return Status::Ok();
  bool is_author = c->author && *c->author == auth.account.id;
  const Access& access = loaded.second;
  bool can_mod = access.community ? core::CanModerate(auth.viewer(), *access.community, access.membership) : auth.viewer().is_staff();
  if (!is_author && !can_mod) return PermissionDenied("not_author", "Only the author or a moderator can delete a comment.");
  // A tombstone keeps the thread's shape: replies below it stay where they were.
  c->deleted = true;
  c->body.clear();
  c->body_html.clear();
  c->mentions.clear();
  return d_.tx.RunInTransaction([&]() -> Status {
    KRING_TRY(d_.comments.Update(*c));
    // Its photo goes with the text; the blob is removed by the next media sweep.
    if (d_.media) KRING_TRY(d_.media->DeleteForComment(c->id));
    if (loaded.first.accepted_comment == c->id) {
      loaded.first.accepted_comment.reset();
      KRING_TRY(d_.posts.Update(loaded.first));
    }
    return Status::Ok();
  });
}

Result<std::vector<core::Revision>> PostService::CommentHistory(CommentId id, const core::Viewer& viewer) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(id));
  if (!c) return NotFound("comment");
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(c->post, viewer));
  if (c->deleted) return std::vector<core::Revision>();
  if (c->removed) {
    const Access& access = loaded.second;
    bool can_moderate = access.community ? core::CanModerate(viewer, *access.community, access.membership) : viewer.is_staff();
    if (!can_moderate) return std::vector<core::Revision>();
  }
  return d_.comments.ListRevisions(id);
}

Result<CommentView> PostService::BuildCommentTree(const Post& post, std::vector<Comment> comments,
                                                  std::optional<CommentId> root, const core::Viewer& viewer,
                                                  bool can_moderate, CommentSort sort, int depth,
                                                  std::vector<CommentView>* top_level) {
  std::vector<int64_t> ids;
  for (const auto& c : comments) ids.push_back(c.id.value());
  KRING_ASSIGN_OR_RETURN(auto sums, d_.reactions.Summaries("comment", ids, viewer.account));
  std::unordered_map<int64_t, std::vector<MediaRecord>> comment_media;
  if (d_.media && !comments.empty()) {
    std::vector<CommentId> cids;
    for (const auto& c : comments) cids.push_back(c.id);
    KRING_ASSIGN_OR_RETURN(auto rows, d_.media->ListForComments(cids));
    for (auto& m : rows) comment_media[m.comment->value()].push_back(std::move(m));
  }
  std::unordered_map<int64_t, std::optional<core::Account>> authors;
  std::unordered_map<int64_t, bool> hidden;  // authors the viewer blocked or muted
  if (viewer.account) {
    KRING_ASSIGN_OR_RETURN(auto blocks, d_.blocks.List(*viewer.account));
    for (const auto& b : blocks) hidden[b.target.value()] = true;
  }
  std::map<int64_t, std::vector<const Comment*>> children;  // parent id (0 = top) -> replies
  const Comment* root_comment = nullptr;
  for (const auto& c : comments) {
    children[c.parent ? c.parent->value() : 0].push_back(&c);
    if (root && c.id == *root) root_comment = &c;
  }
  if (root && !root_comment) return NotFound("comment");
  auto order = [&](std::vector<const Comment*>& list) {
    std::stable_sort(list.begin(), list.end(), [&](const Comment* a, const Comment* b) {
      switch (sort) {
        case CommentSort::kNew: return a->id > b->id;
        case CommentSort::kTop: {
          int64_t ra = ReactionTotal(sums[a->id.value()]), rb = ReactionTotal(sums[b->id.value()]);
          if (ra != rb) return ra > rb;
          return a->id < b->id;
        }
        case CommentSort::kOld: break;
      }
      return a->id < b->id;
    });
  };
  std::function<Result<CommentView>(const Comment&, int)> build = [&](const Comment& c, int level) -> Result<CommentView> {
    CommentView v;
    v.comment = c;
    if (c.deleted) v.comment.author.reset();
    if (c.removed && !can_moderate) {
      v.comment.body.clear();
      v.comment.body_html.clear();
      v.comment.author.reset();
    }
    if (v.comment.author && hidden.count(v.comment.author->value())) {
      // Kept in place so the thread keeps its shape, without the text or the person.
      v.hidden = true;
      v.comment.body.clear();
      v.comment.body_html.clear();
      v.comment.author.reset();
    }
    if (v.comment.author) {
      auto it = authors.find(c.author->value());
      if (it == authors.end()) {
        KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(*c.author));
        it = authors.emplace(c.author->value(), std::move(a)).first;
      }
      v.author = it->second;
    }
    v.reactions = sums[c.id.value()];
    if (!c.deleted && !v.hidden && (!c.removed || can_moderate)) {
      auto media_it = comment_media.find(c.id.value());
      if (media_it != comment_media.end()) v.media = media_it->second;
    }
    v.can_edit = viewer.account && c.author && *viewer.account == *c.author && !c.deleted && !c.removed;
    v.is_accepted_answer = post.accepted_comment && *post.accepted_comment == c.id;
    auto kids_it = children.find(c.id.value());
    if (kids_it != children.end()) {
      v.reply_count = static_cast<int64_t>(kids_it->second.size());
      if (level + 1 >= depth) {
        v.more_replies = true;
      } else {
        order(kids_it->second);
        for (const Comment* kid : kids_it->second) {
          KRING_ASSIGN_OR_RETURN(CommentView kv, build(*kid, level + 1));
          v.replies.push_back(std::move(kv));
        }
      }
    }
    return v;
  };
  if (root_comment) return build(*root_comment, 0);
  auto& top = children[0];
  order(top);
  for (const Comment* c : top) {
    KRING_ASSIGN_OR_RETURN(CommentView v, build(*c, 0));
    top_level->push_back(std::move(v));
  }
  return CommentView{};
}

Result<ThreadView> PostService::GetThread(PostId post_id, const core::Viewer& viewer, CommentSort sort, int depth) {
  if (depth <= 0 || depth > 50) depth = d_.config.comment_render_depth;
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(post_id, viewer));
  ThreadView t;
  KRING_ASSIGN_OR_RETURN(auto comments, d_.comments.ListForPost(post_id, d_.config.max_comments_per_thread));
  t.total_comments = loaded.first.comment_count;
  const Access& access = loaded.second;
  bool can_moderate = access.community ? core::CanModerate(viewer, *access.community, access.membership) : viewer.is_staff();
  KRING_ASSIGN_OR_RETURN(CommentView ignored, BuildCommentTree(loaded.first, std::move(comments), std::nullopt, viewer,
                                                               can_moderate, sort, depth, &t.comments));
  (void)ignored;
  KRING_ASSIGN_OR_RETURN(t.post, MakeView(std::move(loaded.first), loaded.second, viewer));
  return t;
}

Result<CommentView> PostService::GetCommentSubtree(CommentId id, const core::Viewer& viewer, CommentSort sort, int depth) {
  if (depth <= 0 || depth > 50) depth = d_.config.comment_render_depth;
  KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(id));
  if (!c) return NotFound("comment");
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(c->post, viewer));
  KRING_ASSIGN_OR_RETURN(auto comments, d_.comments.ListForPost(c->post, d_.config.max_comments_per_thread));
  const Access& access = loaded.second;
  bool can_moderate = access.community ? core::CanModerate(viewer, *access.community, access.membership) : viewer.is_staff();
  return BuildCommentTree(loaded.first, std::move(comments), id, viewer, can_moderate, sort, depth, nullptr);
}

Result<core::ReactionSummary> PostService::React(const AuthContext& auth, const std::string& target_type,
                                                 int64_t target_id, const std::string& kind, bool add) {
  if (!core::IsReactionKind(kind))
    return InvalidArgument("invalid_reaction", "Unknown reaction; use like, heart, laugh, wow, sad or celebrate.", "kind");
  PostId post_id;
  std::optional<AccountId> target_author;
  if (target_type == "post") {
    post_id = PostId(target_id);
  } else {
    KRING_ASSIGN_OR_RETURN(auto c, d_.comments.FindById(CommentId(target_id)));
    if (!c || c->deleted || c->removed) return NotFound("comment");
    post_id = c->post;
    target_author = c->author;
  }
  KRING_ASSIGN_OR_RETURN(auto loaded, LoadVisiblePost(post_id, auth.viewer()));
  if (loaded.first.deleted || loaded.first.removed) return NotFound("post");
  if (target_type == "post") target_author = loaded.first.author;
  if (add && target_author) KRING_TRY(RequireNotBlocked(auth.account.id, *target_author));
  if (add && loaded.second.community && !loaded.second.membership)
    return PermissionDenied("not_a_member", "Join the community to react.");
  bool changed = false;
  KRING_TRY(d_.tx.RunInTransaction([&]() -> Status {
    KRING_ASSIGN_OR_RETURN(changed, add ? d_.reactions.Add(target_type, target_id, auth.account.id, kind, d_.clock.Now())
                                        : d_.reactions.Remove(target_type, target_id, auth.account.id, kind));
    return Status::Ok();
  }));
  if (changed && add) d_.events.Publish(core::ReactionAdded{target_type, target_id, kind, auth.account.id});
  KRING_ASSIGN_OR_RETURN(auto sums, d_.reactions.Summaries(target_type, {target_id}, auth.account.id));
  return sums[target_id];
}

Result<std::vector<PostView>> PostService::CommunityFeed(const std::string& slug, const core::Viewer& viewer,
                                                         FeedSort sort, const std::string& window,
                                                         const PageRequest& page) {
  KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindBySlug(slug));
  if (!c) return NotFound("community");
  KRING_ASSIGN_OR_RETURN(Access access, AccessTo(c->id, viewer));
  if (!core::CanReadContent(*c, access.membership))
    return PermissionDenied("members_only", "Only members can read this community.");
  CommunityFeedQuery q;
  q.community = c->id;
  q.viewer = viewer.account;
  q.sort = sort;
  q.page = page;
  q.page.limit = ClampLimit(page.limit);
  const TimeMs now = d_.clock.Now();
  if (window == "day") q.top_since = now - kDayMs;
  else if (window == "week") q.top_since = now - 7 * kDayMs;
  else if (window == "month") q.top_since = now - 30 * kDayMs;
  else if (window == "all" || window.empty()) q.top_since = 0;
  else return InvalidArgument("invalid_parameter", "The window t must be day, week, month or all.", "t");
  KRING_ASSIGN_OR_RETURN(auto posts, d_.posts.ListCommunityFeed(q));
  return MakeViews(std::move(posts), viewer);
}

Result<std::vector<PostView>> PostService::HomeFeed(const AuthContext& auth, const PageRequest& page) {
  PageRequest p = page;
  p.limit = ClampLimit(page.limit);
  KRING_ASSIGN_OR_RETURN(auto posts, d_.posts.ListHomeFeed(auth.account.id, p));
  return MakeViews(std::move(posts), auth.viewer());
}

Result<std::vector<PostView>> PostService::HashtagFeed(const std::string& tag, const core::Viewer& viewer,
                                                       const PageRequest& page) {
  if (tag.empty() || tag.size() > 256 || !core::IsValidUtf8(tag))
    return InvalidArgument("invalid_hashtag", "That is not a hashtag.", "tag");
  PageRequest p = page;
  p.limit = ClampLimit(page.limit);
  std::string_view t = tag;
  if (t.front() == '#') t.remove_prefix(1);
  KRING_ASSIGN_OR_RETURN(auto posts, d_.posts.ListHashtagFeed(core::FoldKey(t), viewer.account, p));
  return MakeViews(std::move(posts), viewer);
}

Result<std::vector<PostView>> PostService::ProfileFeed(AccountId author, const core::Viewer& viewer,
                                                       const PageRequest& page) {
  KRING_ASSIGN_OR_RETURN(auto account, d_.accounts.FindById(author));
  if (!account || (account->status != core::AccountStatus::kActive && !viewer.is_staff())) return NotFound("account");
  PageRequest p = page;
  p.limit = ClampLimit(page.limit);
  KRING_ASSIGN_OR_RETURN(auto posts, d_.posts.ListProfileFeed(author, viewer.account, p));
  return MakeViews(std::move(posts), viewer);
}

}  // namespace kring::app
