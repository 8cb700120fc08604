// GDPR Art. 15/20: everything Kring holds about one account, gathered for export. The API turns
// it into one JSON document. New modules that store personal data add their part here.
// Thread safety: stateless beyond AppDeps.
#pragma once

#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/community_service.h"
#include "app/follow_service.h"

namespace kring::app {

struct PostRecord {
  core::Post post;
  std::vector<core::Revision> revisions;
};
struct CommentRecord {
  core::Comment comment;
  std::vector<core::Revision> revisions;
};

struct AccountExport {
  TimeMs generated_at = 0;
  core::Account account;
  std::vector<Session> sessions;
  std::vector<std::pair<core::Membership, core::Community>> memberships;
  std::vector<core::JoinRequest> join_requests;
  std::vector<PostRecord> posts;
  std::vector<CommentRecord> comments;
  std::vector<ReactionRecord> reactions;
  std::vector<FollowEntry> following;
  std::vector<FollowEntry> followers;
  std::vector<ScheduledPost> scheduled_posts;
  std::vector<BlockRecord> blocks;
  std::vector<std::string> muted_notification_kinds;
  std::vector<core::Report> reports_filed;
  std::vector<core::Appeal> appeals;
};

class ExportService {
 public:
  explicit ExportService(AppDeps& deps) : d_(deps) {}
  Result<AccountExport> Export(const AuthContext& auth);

 private:
  AppDeps& d_;
};

}  // namespace kring::app
