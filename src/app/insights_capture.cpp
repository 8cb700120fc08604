// InsightsService: capture of shares, outbound link clicks and profile visits (views and the
// domain events are in insights_service.cpp). The same privacy rules: signed-in people by account,
// anonymous ones by the day's salted hash, once per person per thing per UTC day.
#include <algorithm>

#include "app/insights_service.h"
#include "core/insights_links.h"

namespace kring::app {

Result<bool> InsightsService::RecordAudience(const std::optional<AuthContext>& auth, InsightEvent e,
                                             std::string_view client_ip, std::string_view user_agent) {
  if (!repo()) return Unavailable("insights_unavailable", "Insights are not available on this server.");
  e.at = d_.clock.Now();
  if (auth) e.actor = auth->account.id;
  else e.visitor = VisitorKey(client_ip, user_agent, e.at);
  return repo()->Record(e);
}

Result<bool> InsightsService::RecordShare(const std::optional<AuthContext>& auth, PostId id, std::string_view client_ip,
                                          std::string_view user_agent) {
  if (!repo()) return Unavailable("insights_unavailable", "Insights are not available on this server.");
  KRING_ASSIGN_OR_RETURN(core::Post post, ReadablePost(auth, id));
  if (auth && post.author && *post.author == auth->account.id) return false;  // not audience
  return RecordAudience(auth, InsightEvent{0, "share", post.community, post.id, std::nullopt, {}, std::nullopt, ""},
                        client_ip, user_agent);
}

Result<std::string> InsightsService::FollowLink(const std::optional<AuthContext>& auth, PostId id,
                                                const std::string& url, std::string_view client_ip,
                                                std::string_view user_agent) {
  KRING_ASSIGN_OR_RETURN(core::Post post, ReadablePost(auth, id));
  if (!core::LinkAppearsInPost(url, post.url, post.body))
    return MakeError(Errc::kNotFound, "link_not_in_post", "That link is not part of this post.");
  if (repo() && !(auth && post.author && *post.author == auth->account.id)) {
    // The link itself is in the post for everyone to read; storing it says nothing about the person.
    auto counted = RecordAudience(auth, InsightEvent{0, "click", post.community, post.id, std::nullopt, {}, std::nullopt,
                                                     url.substr(0, 2048)},
                                  client_ip, user_agent);
    (void)counted;  // a failed count must not break the link
  }
  return url;
}

Result<bool> InsightsService::RecordProfileVisit(const std::optional<AuthContext>& auth, AccountId account,
                                                 std::string_view client_ip, std::string_view user_agent) {
  if (!repo()) return Unavailable("insights_unavailable", "Insights are not available on this server.");
  KRING_ASSIGN_OR_RETURN(auto a, d_.accounts.FindById(account));
  if (!a || a->status != core::AccountStatus::kActive) return NotFound("account");
  if (auth && auth->account.id == account) return false;
  InsightEvent e{0, "profile_visit", std::nullopt, std::nullopt, std::nullopt, {}, account, ""};
  return RecordAudience(auth, std::move(e), client_ip, user_agent);
}

}  // namespace kring::app
