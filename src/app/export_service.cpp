#include "app/export_service.h"

#include "app/follow_service.h"

namespace kring::app {

Result<AccountExport> ExportService::Export(const AuthContext& auth) {
  AccountExport out;
  const AccountId me = auth.account.id;
  out.generated_at = d_.clock.Now();
  out.account = auth.account;
  KRING_ASSIGN_OR_RETURN(out.sessions, d_.sessions.ListForAccount(me));
  KRING_ASSIGN_OR_RETURN(auto memberships, d_.communities.ListMembershipsOf(me));
  for (auto& m : memberships) {
    KRING_ASSIGN_OR_RETURN(auto c, d_.communities.FindById(m.community));
    if (c) out.memberships.emplace_back(m, std::move(*c));
  }
  KRING_ASSIGN_OR_RETURN(out.join_requests, d_.communities.ListJoinRequestsOf(me));
  KRING_ASSIGN_OR_RETURN(auto posts, d_.posts.ListAllByAuthor(me));
  for (auto& p : posts) {
    PostRecord r;
    KRING_ASSIGN_OR_RETURN(r.revisions, d_.posts.ListRevisions(p.id));
    r.post = std::move(p);
    out.posts.push_back(std::move(r));
  }
  KRING_ASSIGN_OR_RETURN(auto comments, d_.comments.ListAllByAuthor(me));
  for (auto& c : comments) {
    CommentRecord r;
    KRING_ASSIGN_OR_RETURN(r.revisions, d_.comments.ListRevisions(c.id));
    r.comment = std::move(c);
    out.comments.push_back(std::move(r));
  }
  KRING_ASSIGN_OR_RETURN(out.reactions, d_.reactions.ListByAccount(me));
  PageRequest all;
  all.limit = 1 << 30;  // the export has no pages
  KRING_ASSIGN_OR_RETURN(auto following, d_.follows.ListFollowing(me, all));
  for (auto& f : following) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(f.followed));
    if (a) out.following.push_back(FollowEntry{std::move(*a), f.created_at});
  }
  KRING_ASSIGN_OR_RETURN(auto followers, d_.follows.ListFollowers(me, all));
  for (auto& f : followers) {
    KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(f.follower));
    if (a) out.followers.push_back(FollowEntry{std::move(*a), f.created_at});
  }
  KRING_ASSIGN_OR_RETURN(out.scheduled_posts, d_.scheduled.ListForAuthor(me));
  KRING_ASSIGN_OR_RETURN(out.blocks, d_.blocks.List(me));
  KRING_ASSIGN_OR_RETURN(out.muted_notification_kinds, d_.notifications.MutedKinds(me));
  KRING_ASSIGN_OR_RETURN(out.reports_filed, d_.moderation.ListReportsBy(me));
  KRING_ASSIGN_OR_RETURN(out.appeals, d_.moderation.ListAppealsBy(me));
  return out;
}

}  // namespace kring::app
