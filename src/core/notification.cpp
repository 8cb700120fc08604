#include "core/notification.h"

#include <algorithm>

namespace kring::core {

const std::vector<std::string>& NotificationKinds() {
  static const std::vector<std::string> kKinds = {kNotifyReply,       kNotifyMention,     kNotifyReaction,
                                                  kNotifyFollow,      kNotifyJoinRequest, kNotifyJoinDecided,
                                                  kNotifyScheduled,   kNotifyModeration,  kNotifyAppeal};
  return kKinds;
}

bool IsNotificationKind(std::string_view kind) {
  const auto& k = NotificationKinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

}  // namespace kring::core
