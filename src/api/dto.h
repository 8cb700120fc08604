// Converters from app views and domain types to the JSON the API sends. Names say the direction
// (AccountToJson). Ids are strings; times are RFC 3339 UTC. Private fields (email, locale, time
// zone, role) appear only in SelfToJson, the caller's own account.
#pragma once

#include <boost/json/value.hpp>

#include "app/account_service.h"
#include "app/community_service.h"
#include "app/export_service.h"
#include "app/follow_service.h"
#include "app/post_service.h"
#include "app/views.h"

namespace kring::api {

boost::json::value AccountToJson(const core::Account& account);
boost::json::value AccountViewToJson(const app::AccountView& view);
boost::json::value SelfToJson(const core::Account& account);
boost::json::value CommunityToJson(const core::Community& community);
boost::json::value CommunityViewToJson(const app::CommunityView& view);
boost::json::value MembershipToJson(const core::Membership& membership);
boost::json::value InviteToJson(const core::CommunityInvite& invite);
boost::json::value PostViewToJson(const app::PostView& view);
// A photo: {id, type, width, height, url, preview_url, fallback_url, placeholder, alt} (routes_media.cpp).
boost::json::value MediaToJson(const app::MediaRecord& m);
boost::json::value CommentViewToJson(const app::CommentView& view);
boost::json::value ReactionsToJson(const core::ReactionSummary& summary);
boost::json::value RevisionsToJson(const std::vector<core::Revision>& revisions);
boost::json::value ScheduledPostToJson(const app::ScheduledPost& scheduled);
boost::json::value ExportToJson(const app::AccountExport& data);
// The same payload is sent by GET /notifications and by the streaming endpoint.
boost::json::value NotificationToJson(const app::NotificationView& view);
boost::json::value TimeOrNull(TimeMs t);
// A search snippet with kMarkStart/kMarkEnd around matches, as HTML-escaped text with <mark>.
std::string SnippetToHtml(std::string_view snippet);

}  // namespace kring::api
