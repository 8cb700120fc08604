#include "api/dto.h"

#include "app/ports/search_repo.h"
#include "base/time_format.h"
#include "core/unicode_text.h"

namespace kring::api {

namespace json = boost::json;

json::value TimeOrNull(TimeMs t) { return t == 0 ? json::value(nullptr) : json::value(FormatRfc3339(t)); }

namespace {
template <typename Id>
json::value IdOrNull(const std::optional<Id>& id) {
  return id ? json::value(id->ToString()) : json::value(nullptr);
}
json::array Strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}
}  // namespace

json::value AccountToJson(const core::Account& a) {
  // Field names follow Mastodon's Account entity where they overlap, so the later
  // Mastodon-compatible API can reuse this shape.
  json::object o;
  o["id"] = a.id.ToString();
  o["username"] = a.handle;
  o["acct"] = a.handle;
  o["display_name"] = a.display_name;
  o["note"] = a.bio;
  o["url"] = "/@" + a.handle;
  o["created_at"] = FormatRfc3339(a.created_at);
  o["role"] = core::RoleName(a.role);
  // Square 400 px WebP; the static URL is a JPEG for clients without WebP. null = no avatar.
  if (a.avatar.empty()) {
    o["avatar_url"] = nullptr;
    o["avatar_static_url"] = nullptr;
  } else {
    o["avatar_url"] = "/media/" + a.avatar + "/avatar.webp";
    o["avatar_static_url"] = "/media/" + a.avatar + "/avatar.jpg";
  }
  return o;
}

json::value AccountViewToJson(const app::AccountView& v) {
  json::value j = AccountToJson(v.account);
  auto& o = j.as_object();
  o["followers_count"] = v.followers_count;
  o["following_count"] = v.following_count;
  if (v.followed_by_viewer) o["following"] = *v.followed_by_viewer;
  return j;
}

json::value SelfToJson(const core::Account& a) {
  json::value j = AccountToJson(a);
  auto& o = j.as_object();
  o["email"] = a.email;
  o["locale"] = a.locale;
  o["time_zone"] = a.time_zone;
  o["show_in_insights"] = a.show_in_insights;
  o["status"] = core::AccountStatusName(a.status);
  return j;
}

json::value CommunityToJson(const core::Community& c) {
  json::object o;
  o["id"] = c.id.ToString();
  o["slug"] = c.slug;
  o["name"] = c.name;
  o["description"] = c.description;
  o["rules"] = Strings(c.rules);
  o["topics"] = Strings(c.topics);
  o["language"] = c.language;
  o["place"] = c.place;
  o["time_zone"] = c.time_zone;
  o["visibility"] = core::VisibilityName(c.visibility);
  o["join_policy"] = core::JoinPolicyName(c.join_policy);
  o["created_at"] = FormatRfc3339(c.created_at);
  o["member_count"] = c.member_count;
  o["post_count"] = c.post_count;
  o["last_activity_at"] = TimeOrNull(c.last_activity_at);
  // 1500x500 WebP (banner-small.webp 600x200, banner.jpg as fallback). null = no banner.
  if (c.banner.empty()) o["banner_url"] = nullptr;
  else o["banner_url"] = "/media/" + c.banner + "/banner.webp";
  return o;
}

json::value CommunityViewToJson(const app::CommunityView& v) {
  json::value j = CommunityToJson(v.community);
  auto& o = j.as_object();
  o["membership"] = v.membership ? MembershipToJson(*v.membership) : json::value(nullptr);
  o["join_request"] = v.join_request ? json::value(core::JoinRequestStateName(v.join_request->state))
                                     : json::value(nullptr);
  o["can_read"] = v.can_read;
  o["can_moderate"] = v.can_moderate;
  return j;
}

json::value MembershipToJson(const core::Membership& m) {
  json::object o;
  o["community_id"] = m.community.ToString();
  o["account_id"] = m.account.ToString();
  o["role"] = core::MemberRoleName(m.role);
  o["joined_at"] = FormatRfc3339(m.joined_at);
  return o;
}

json::value InviteToJson(const core::CommunityInvite& inv) {
  json::object o;
  o["code"] = inv.code;
  o["community_id"] = inv.community.ToString();
  o["created_at"] = FormatRfc3339(inv.created_at);
  o["expires_at"] = TimeOrNull(inv.expires_at);
  o["max_uses"] = inv.max_uses == 0 ? json::value(nullptr) : json::value(inv.max_uses);
  o["uses"] = inv.uses;
  o["revoked"] = inv.revoked;
  return o;
}

json::value ReactionsToJson(const core::ReactionSummary& s) {
  json::object counts;
  for (const auto& [kind, n] : s.counts) counts[kind] = n;
  json::object o;
  o["counts"] = std::move(counts);
  o["mine"] = Strings(s.mine);
  return o;
}

json::value PostViewToJson(const app::PostView& v) {
  const core::Post& p = v.post;
  json::object o;
  o["id"] = p.id.ToString();
  o["kind"] = core::PostKindName(p.kind);
  o["community"] = v.community ? json::value(json::object{{"id", v.community->id.ToString()},
                                                          {"slug", v.community->slug},
                                                          {"name", v.community->name},
                                                          {"visibility", core::VisibilityName(v.community->visibility)}})
                               : json::value(nullptr);
  o["author"] = v.author ? AccountToJson(*v.author) : json::value(nullptr);
  o["title"] = p.title;
  o["body"] = p.body;
  o["body_html"] = p.body_html;
  o["url"] = p.url.empty() ? json::value(nullptr) : json::value(p.url);
  o["place_name"] = p.place_name.empty() ? json::value(nullptr) : json::value(p.place_name);
  o["rating"] = p.rating == 0 ? json::value(nullptr) : json::value(p.rating);
  json::array tags;
  for (const auto& t : p.hashtags) tags.push_back(json::object{{"name", t.display}, {"key", t.key}});
  o["hashtags"] = std::move(tags);
  json::array mentions;
  for (const auto& m : p.mentions) mentions.emplace_back(m.ToString());
  o["mentions"] = std::move(mentions);
  o["pinned"] = p.pinned;
  o["locked"] = p.locked;
  o["deleted"] = p.deleted;
  o["removed"] = p.removed;
  o["accepted_comment_id"] = IdOrNull(p.accepted_comment);
  o["created_at"] = FormatRfc3339(p.created_at);
  o["edited_at"] = TimeOrNull(p.edited_at);
  o["comment_count"] = p.comment_count;
  o["last_activity_at"] = TimeOrNull(p.last_activity_at);
  o["reactions"] = ReactionsToJson(v.reactions);
  o["can_edit"] = v.can_edit;
  o["can_moderate"] = v.can_moderate;
  json::array media;
  for (const auto& m : v.media) media.push_back(MediaToJson(m));
  o["media"] = std::move(media);
  return o;
}

json::value CommentViewToJson(const app::CommentView& v) {
  const core::Comment& c = v.comment;
  json::object o;
  o["id"] = c.id.ToString();
  o["post_id"] = c.post.ToString();
  o["parent_id"] = IdOrNull(c.parent);
  o["author"] = v.author && !c.deleted ? AccountToJson(*v.author) : json::value(nullptr);
  o["body"] = c.body;
  o["body_html"] = c.body_html;
  o["deleted"] = c.deleted;
  o["removed"] = c.removed;
  o["created_at"] = FormatRfc3339(c.created_at);
  o["edited_at"] = TimeOrNull(c.edited_at);
  o["reactions"] = ReactionsToJson(v.reactions);
  o["can_edit"] = v.can_edit;
  o["accepted"] = v.is_accepted_answer;
  o["hidden"] = v.hidden;
  o["reply_count"] = v.reply_count;
  o["more_replies"] = v.more_replies;
  json::array replies;
  json::array media;
  for (const auto& m : v.media) media.push_back(MediaToJson(m));
  o["media"] = std::move(media);
  for (const auto& r : v.replies) replies.push_back(CommentViewToJson(r));
  o["replies"] = std::move(replies);
  return o;
}

json::value RevisionsToJson(const std::vector<core::Revision>& revisions) {
  json::array a;
  for (const auto& r : revisions)
    a.push_back(json::object{{"title", r.title}, {"body", r.body}, {"replaced_at", FormatRfc3339(r.replaced_at)}});
  return a;
}

json::value ScheduledPostToJson(const app::ScheduledPost& s) {
  json::object o;
  o["id"] = s.id.ToString();
  o["kind"] = core::PostKindName(s.draft.kind);
  o["community_id"] = IdOrNull(s.draft.community);
  o["title"] = s.draft.title;
  o["body"] = s.draft.body;
  o["url"] = s.draft.url;
  o["place_name"] = s.draft.place_name;
  o["rating"] = s.draft.rating;
  o["scheduled_at"] = FormatRfc3339(s.publish_at);
  o["state"] = s.state;
  o["failure"] = s.failure.empty() ? json::value(nullptr) : json::value(s.failure);
  o["post_id"] = IdOrNull(s.published_post);
  o["created_at"] = FormatRfc3339(s.created_at);
  return o;
}

json::value ExportToJson(const app::AccountExport& d) {
  json::object o;
  o["format"] = "kring-account-export/1";
  o["generated_at"] = FormatRfc3339(d.generated_at);
  o["account"] = SelfToJson(d.account);
  json::array sessions;
  for (const auto& s : d.sessions)
    sessions.push_back(json::object{{"id", s.id.ToString()}, {"kind", s.kind}, {"label", s.label},
                                    {"created_at", FormatRfc3339(s.created_at)},
                                    {"last_used_at", FormatRfc3339(s.last_used_at)},
                                    {"expires_at", FormatRfc3339(s.expires_at)}});
  o["sessions"] = std::move(sessions);
  json::array memberships;
  for (const auto& [m, c] : d.memberships) {
    json::value j = MembershipToJson(m);
    j.as_object()["community_slug"] = c.slug;
    j.as_object()["community_name"] = c.name;
    memberships.push_back(std::move(j));
  }
  o["memberships"] = std::move(memberships);
  json::array requests;
  for (const auto& r : d.join_requests)
    requests.push_back(json::object{{"community_id", r.community.ToString()}, {"message", r.message},
                                    {"state", core::JoinRequestStateName(r.state)},
                                    {"created_at", FormatRfc3339(r.created_at)}});
  o["join_requests"] = std::move(requests);
  json::array posts;
  for (const auto& r : d.posts) {
    app::PostView v;
    v.post = r.post;
    json::value j = PostViewToJson(v);
    j.as_object().erase("can_edit");
    j.as_object().erase("can_moderate");
    j.as_object()["community_id"] = IdOrNull(r.post.community);
    j.as_object()["revisions"] = RevisionsToJson(r.revisions);
    posts.push_back(std::move(j));
  }
  o["posts"] = std::move(posts);
  json::array comments;
  for (const auto& r : d.comments) {
    app::CommentView v;
    v.comment = r.comment;
    json::value j = CommentViewToJson(v);
    for (const char* k : {"can_edit", "reply_count", "more_replies", "replies", "accepted", "author", "reactions"})
      j.as_object().erase(k);
    j.as_object()["revisions"] = RevisionsToJson(r.revisions);
    comments.push_back(std::move(j));
  }
  o["comments"] = std::move(comments);
  json::array reactions;
  for (const auto& r : d.reactions)
    reactions.push_back(json::object{{"target_type", r.target_type}, {"target_id", std::to_string(r.target_id)},
                                     {"kind", r.kind}, {"created_at", FormatRfc3339(r.created_at)}});
  o["reactions"] = std::move(reactions);
  auto follows = [](const std::vector<app::FollowEntry>& list) {
    json::array a;
    for (const auto& f : list)
      a.push_back(json::object{{"id", f.account.id.ToString()}, {"handle", f.account.handle},
                               {"since", FormatRfc3339(f.since)}});
    return a;
  };
  o["following"] = follows(d.following);
  o["followers"] = follows(d.followers);
  json::array scheduled;
  for (const auto& s : d.scheduled_posts) scheduled.push_back(ScheduledPostToJson(s));
  o["scheduled_posts"] = std::move(scheduled);
  json::array blocks;
  for (const auto& b : d.blocks)
    blocks.push_back(json::object{{"account_id", b.target.ToString()}, {"kind", b.kind}, {"since", FormatRfc3339(b.created_at)}});
  o["blocks_and_mutes"] = std::move(blocks);
  json::array muted;
  for (const auto& k : d.muted_notification_kinds) muted.emplace_back(k);
  o["notifications_switched_off"] = std::move(muted);
  json::array reports;
  for (const auto& r : d.reports_filed)
    reports.push_back(json::object{{"target_type", r.target_type}, {"target_id", std::to_string(r.target_id)},
                                   {"category", r.category}, {"text", r.text}, {"state", r.state},
                                   {"created_at", FormatRfc3339(r.created_at)}});
  o["reports_filed"] = std::move(reports);
  json::array appeals;
  for (const auto& a : d.appeals)
    appeals.push_back(json::object{{"decision_id", std::to_string(a.decision_id)}, {"text", a.text}, {"state", a.state},
                                   {"outcome", a.outcome}, {"created_at", FormatRfc3339(a.created_at)}});
  o["appeals"] = std::move(appeals);
  return o;
}

json::value NotificationToJson(const app::NotificationView& v) {
  const core::Notification& n = v.notification;
  json::object o;
  o["id"] = std::to_string(n.id);
  o["type"] = n.kind;
  o["created_at"] = FormatRfc3339(n.created_at);
  o["read"] = n.read_at != 0;
  json::array actors;
  for (const auto& a : v.actors) actors.push_back(AccountToJson(a));
  o["actors"] = std::move(actors);
  // "Anna and 4 others": the client shows the first actor and actors_count - 1 others.
  o["actors_count"] = std::max<int64_t>(n.actor_count, static_cast<int64_t>(v.actors.size()));
  if (v.post) {
    o["post"] = json::object{{"id", v.post->id.ToString()},
                             {"title", v.post->deleted || v.post->removed ? std::string() : v.post->title},
                             {"deleted", v.post->deleted}};
  } else {
    o["post"] = nullptr;
  }
  if (v.comment) {
    std::string excerpt =
        v.comment->deleted || v.comment->removed ? std::string() : core::TruncateCodePoints(v.comment->body, 140);
    o["comment"] = json::object{{"id", v.comment->id.ToString()}, {"excerpt", excerpt}, {"deleted", v.comment->deleted}};
  } else {
    o["comment"] = nullptr;
  }
  o["community"] = v.community ? json::value(json::object{{"id", v.community->id.ToString()},
                                                          {"slug", v.community->slug},
                                                          {"name", v.community->name}})
                               : json::value(nullptr);
  o["subject_id"] = n.subject_id ? json::value(std::to_string(n.subject_id)) : json::value(nullptr);
  o["text"] = n.text;
  return o;
}

std::string SnippetToHtml(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  for (char c : snippet) {
    switch (c) {
      case app::kMarkStart: out += "<mark>"; break;
      case app::kMarkEnd: out += "</mark>"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace kring::api
