// Comments and their revisions in the in-memory store.
#include <algorithm>

#include "storage/memory/memory_repos.h"

namespace kring::storage::memory {

using core::Comment;

Status MemoryCommentRepo::Create(const Comment& comment) {
  Lock lock(db_.mu);
  auto& t = db_.tables;
  if (t.comments.count(comment.id.value())) return Internal("duplicate comment id " + comment.id.ToString());
  auto post = t.posts.find(comment.post.value());
  if (post == t.posts.end()) return NotFound("post");
  if (comment.author && !t.accounts.count(comment.author->value())) return NotFound("account");
  if (comment.parent && !t.comments.count(comment.parent->value())) return NotFound("comment");
  ++post->second.comment_count;
  post->second.last_activity_at = std::max(post->second.last_activity_at, comment.created_at);
  t.comments.emplace(comment.id.value(), comment);
  return Status::Ok();
}

Result<std::optional<Comment>> MemoryCommentRepo::FindById(CommentId id) {
  Lock lock(db_.mu);
  auto it = db_.tables.comments.find(id.value());
  if (it == db_.tables.comments.end()) return std::optional<Comment>();
  return std::optional<Comment>(it->second);
}

Status MemoryCommentRepo::Update(const Comment& comment) {
  Lock lock(db_.mu);
  auto it = db_.tables.comments.find(comment.id.value());
  if (it == db_.tables.comments.end()) return NotFound("comment");
  Comment& stored = it->second;
  stored.body = comment.body;
  stored.body_html = comment.body_html;
  stored.mentions = comment.mentions;
  stored.deleted = comment.deleted;
  stored.removed = comment.removed;
  stored.edited_at = comment.edited_at;
  return Status::Ok();
}

Status MemoryCommentRepo::AddRevision(CommentId comment, const core::Revision& revision) {
  Lock lock(db_.mu);
  if (!db_.tables.comments.count(comment.value())) return NotFound("comment");
  db_.tables.comment_revisions[comment.value()].push_back(revision);
  return Status::Ok();
}

Result<std::vector<core::Revision>> MemoryCommentRepo::ListRevisions(CommentId comment) {
  Lock lock(db_.mu);
  auto it = db_.tables.comment_revisions.find(comment.value());
  if (it == db_.tables.comment_revisions.end()) return std::vector<core::Revision>();
  return it->second;
}

Result<std::vector<Comment>> MemoryCommentRepo::ListForPost(PostId post, int limit) {
  Lock lock(db_.mu);
  std::vector<Comment> out;
  for (const auto& [id, c] : db_.tables.comments)
    if (c.post == post) out.push_back(c);
  std::sort(out.begin(), out.end(), [](const Comment& a, const Comment& b) {
    if (a.created_at != b.created_at) return a.created_at < b.created_at;
    return a.id < b.id;
  });
  if (out.size() > static_cast<size_t>(std::max(0, limit))) out.resize(static_cast<size_t>(std::max(0, limit)));
  return out;
}

Result<std::vector<Comment>> MemoryCommentRepo::ListAllByAuthor(AccountId author) {
  Lock lock(db_.mu);
  std::vector<Comment> out;
  for (const auto& [id, c] : db_.tables.comments)
    if (c.author == author) out.push_back(c);
  return out;
}

}  // namespace kring::storage::memory
