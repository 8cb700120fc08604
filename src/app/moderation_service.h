// Use cases for moderation under the EU Digital Services Act:
//  - anyone can report a post, comment, account or community (Art. 16); people without an account
//    can report illegal content with an email address;
//  - reports about content in a community go to that community's moderators; reports about
//    accounts, communities and profile posts go to the instance's moderators, who also see every
//    report of illegal content;
//  - a decision needs a statement of reasons (Art. 17): what was decided, which rule, the facts,
//    whether automated means were used, and how to appeal; the affected person is notified;
//  - one appeal per decision, decided by another moderator (Art. 20); a reversal undoes the action;
//  - a public moderation log per community (action, rule, time; the reporter is never named) and
//    an instance log for admins.
//
// Thread safety: stateless beyond AppDeps.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/app_deps.h"
#include "app/notification_service.h"
#include "core/moderation.h"

namespace kring::app {

struct ReportInput {
  std::string target_type;
  int64_t target_id = 0;
  std::string category;
  std::string text;
  std::string email;  // required without an account (illegal content only)
};

struct DecisionInput {
  std::optional<int64_t> report_id;
  std::string target_type;
  int64_t target_id = 0;
  std::string action;
  std::string rule;
  std::string facts;
  bool automated = false;
  int64_t ban_days = 0;  // ban: 0 = permanent
};

// What a moderator sees of a reported thing: enough context to decide, even if removed since.
struct TargetSnapshot {
  std::string type;
  int64_t id = 0;
  std::optional<core::Account> owner;
  std::optional<core::Community> community;
  std::string title;
  std::string text;
  bool removed = false;
};

struct ReportView {
  core::Report report;
  TargetSnapshot target;
};

struct DecisionView {
  core::Decision decision;
  std::optional<TargetSnapshot> target;  // what was decided on (also when removed), for those who may read the decision
  bool decided_by_viewer = false;
  std::optional<core::Community> community;
  std::optional<core::Appeal> appeal;
  TimeMs appeal_until = 0;
  bool can_appeal = false;  // for the viewer
};

struct AppealView {
  core::Appeal appeal;
  DecisionView decision;
  TargetSnapshot target;
};

class ModerationService {
 public:
  ModerationService(AppDeps& deps, NotificationService& notifications) : d_(deps), notifications_(notifications) {}

  Result<core::Report> FileReport(const std::optional<AuthContext>& auth, const ReportInput& input);
  // scope: a community slug, or "instance".
  Result<std::vector<ReportView>> Queue(const AuthContext& auth, const std::string& scope);
  Result<DecisionView> Decide(const AuthContext& auth, const DecisionInput& input);
  // The affected person and the moderators of its scope may read a decision.
  Result<DecisionView> GetDecision(const AuthContext& auth, int64_t id);
  Result<core::Appeal> FileAppeal(const AuthContext& auth, int64_t decision_id, const std::string& text);
  Result<std::vector<AppealView>> AppealQueue(const AuthContext& auth, const std::string& scope);
  // outcome: "upheld" or "reversed"; `reason` is required.
  Result<DecisionView> DecideAppeal(const AuthContext& auth, int64_t appeal_id, const std::string& outcome,
                                    const std::string& reason);
  // Public for communities whose content the viewer can read.
  Result<std::vector<core::Decision>> CommunityLog(const std::string& slug, const core::Viewer& viewer,
                                                   const PageRequest& page);
  Result<std::vector<core::Decision>> InstanceLog(const AuthContext& auth, const PageRequest& page);

 private:
  // The community behind a queue name (a slug, or "instance" = nullopt), if the caller moderates it.
  Result<std::optional<CommunityId>> QueueScope(const AuthContext& auth, const std::string& scope);
  Result<TargetSnapshot> Snapshot(const std::string& type, int64_t id);
  // Whether the viewer may act on decisions in this scope (nullopt = instance).
  Result<bool> MayModerate(const core::Viewer& viewer, const std::optional<CommunityId>& community);
  Status Apply(const core::Decision& d, bool undo);
  Result<DecisionView> MakeView(core::Decision d, const core::Viewer& viewer);
  AppDeps& d_;
  NotificationService& notifications_;
};

}  // namespace kring::app
