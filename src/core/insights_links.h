// Outbound link clicks go through a redirect (/r/{post}?u=...) that must never become an open
// redirect: it only sends people to a link the post itself shows. This is that rule.
#pragma once

#include <string_view>

namespace kring::core {

// True when `url` is an http(s) URL of at most 2048 characters without spaces or control
// characters, and is the post's link (`post_url`) or stands on its own in the post's Markdown
// `body` (not just the start of a longer URL there).
bool LinkAppearsInPost(std::string_view url, std::string_view post_url, std::string_view body);

}  // namespace kring::core
