#include "core/insights_links.h"

#include <cctype>

namespace kring::core {

namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool OpensLink(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == '<' || c == '[' || c == '"' || c == '\'';
}

// What may follow a URL in text: its end, space, closing brackets, quotes, or sentence punctuation
// that is itself followed by one of those.
bool EndsLink(std::string_view rest) {
  if (rest.empty()) return true;
  char c = rest[0];
  if (std::isspace(static_cast<unsigned char>(c)) || c == ')' || c == '>' || c == ']' || c == '"' || c == '\'')
    return true;
  if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') return EndsLink(rest.substr(1));
  return false;
}

}  // namespace

bool LinkAppearsInPost(std::string_view url, std::string_view post_url, std::string_view body) {
  if (url.empty() || url.size() > 2048) return false;
  if (!StartsWithNoCase(url, "http://") && !StartsWithNoCase(url, "https://")) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') return false;
  if (url == post_url) return true;
  for (size_t at = body.find(url); at != std::string_view::npos; at = body.find(url, at + 1)) {
    if ((at == 0 || OpensLink(body[at - 1])) && EndsLink(body.substr(at + url.size()))) return true;
  }
  return false;
}

}  // namespace kring::core
