// Storage of reports, decisions, appeals and community bans.
#pragma once

#include <optional>
#include <vector>

#include "app/ports/pagination.h"
#include "base/result.h"
#include "core/moderation.h"

namespace kring::app {

class ModerationRepo {
 public:
  virtual ~ModerationRepo() = default;
  virtual Status AddReport(const core::Report& r) = 0;
  virtual Result<std::optional<core::Report>> FindReport(int64_t id) = 0;
  // Open reports of one community's queue, or of the instance queue (community = nullopt: reports
  // without a community, plus every report of illegal content wherever it is), oldest first.
  virtual Result<std::vector<core::Report>> ListOpenReports(std::optional<CommunityId> community, int limit) = 0;
  // Closes every open report about the target with the decision.
  virtual Status ResolveReports(const std::string& target_type, int64_t target_id, int64_t decision_id, TimeMs at) = 0;

  virtual Status AddDecision(const core::Decision& d) = 0;
  virtual Result<std::optional<core::Decision>> FindDecision(int64_t id) = 0;
  virtual Status MarkReversed(int64_t decision_id, TimeMs at) = 0;
  // Newest first. community = nullopt: every decision (the instance log).
  virtual Result<std::vector<core::Decision>> ListDecisions(std::optional<CommunityId> community,
                                                            const PageRequest& page) = 0;

  // kConflict "already_appealed" when the decision has an appeal.
  virtual Status AddAppeal(const core::Appeal& a) = 0;
  virtual Result<std::optional<core::Appeal>> FindAppeal(int64_t id) = 0;
  virtual Result<std::optional<core::Appeal>> FindAppealOfDecision(int64_t decision_id) = 0;
  virtual Status UpdateAppeal(const core::Appeal& a) = 0;
  // Open appeals on decisions of one community, or on instance decisions (nullopt).
  virtual Result<std::vector<core::Appeal>> ListOpenAppeals(std::optional<CommunityId> community) = 0;

  // What one account filed (GDPR export).
  virtual Result<std::vector<core::Report>> ListReportsBy(AccountId account) = 0;
  virtual Result<std::vector<core::Appeal>> ListAppealsBy(AccountId account) = 0;

  virtual Status PutBan(CommunityId community, AccountId account, TimeMs until, int64_t decision_id) = 0;
  virtual Status RemoveBan(CommunityId community, AccountId account) = 0;
  // The end of an active ban (0 = permanent), or nullopt when not banned at `now`.
  virtual Result<std::optional<TimeMs>> ActiveBan(CommunityId community, AccountId account, TimeMs now) = 0;
};

}  // namespace kring::app
