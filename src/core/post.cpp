#include "core/post.h"

#include <algorithm>

#include "core/unicode_text.h"

namespace kring::core {

const char* PostKindName(PostKind k) {
  switch (k) {
    case PostKind::kDiscussion: return "discussion";
    case PostKind::kQuestion: return "question";
    case PostKind::kLink: return "link";
    case PostKind::kReview: return "review";
    case PostKind::kAnnouncement: return "announcement";
  }
  return "discussion";
}

std::optional<PostKind> ParsePostKind(std::string_view s) {
  if (s == "discussion") return PostKind::kDiscussion;
  if (s == "question") return PostKind::kQuestion;
  if (s == "link") return PostKind::kLink;
  if (s == "review") return PostKind::kReview;
  if (s == "announcement") return PostKind::kAnnouncement;
  return std::nullopt;
}

const std::vector<std::string>& ReactionKinds() {
  static const std::vector<std::string> kKinds = {"like", "heart", "laugh", "wow", "sad", "celebrate"};
  return kKinds;
}

bool IsReactionKind(std::string_view kind) {
  const auto& kinds = ReactionKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

Status ValidateLinkUrl(std::string_view url) {
  auto bad = [] { return InvalidArgument("invalid_url", "The link must be a full http:// or https:// address.", "url"); };
  if (url.size() > kMaxUrlBytes) return InvalidArgument("too_long", "The link can be at most 2048 characters.", "url");
  std::string_view rest;
  if (url.starts_with("https://")) rest = url.substr(8);
  else if (url.starts_with("http://")) rest = url.substr(7);
  else return bad();
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') return bad();
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>') return bad();
  return Status::Ok();
}

namespace {
Status CheckBody(std::string_view body, std::string_view field, size_t max_cp, bool required) {
  std::string f(field);
  if (!IsValidUtf8(body)) return InvalidArgument("invalid_utf8", "The " + f + " is not valid UTF-8.", f);
  if (required && body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return InvalidArgument("required", "Write something first: the " + f + " is empty.", f);
  if (CodePointCount(body) > max_cp)
    return InvalidArgument("too_long", "The " + f + " can be at most " + std::to_string(max_cp) + " characters.", f);
  if (HasControlCharacters(body, true))
    return InvalidArgument("invalid_characters", "The " + f + " contains control characters.", f);
  return Status::Ok();
}
}  // namespace

Status ValidatePostFields(const Post& p) {
  KRING_TRY(CheckBody(p.title, "title", kMaxTitleCodePoints, false));
  if (p.title.find('\n') != std::string::npos)
    return InvalidArgument("invalid_characters", "The title must be a single line.", "title");
  bool needs_body = p.kind == PostKind::kDiscussion || p.kind == PostKind::kQuestion ||
                    p.kind == PostKind::kAnnouncement;
  KRING_TRY(CheckBody(p.body, "body", kMaxPostBodyCodePoints, needs_body && p.title.empty()));
  switch (p.kind) {
    case PostKind::kQuestion:
      if (p.title.empty()) return InvalidArgument("required", "A question needs a title.", "title");
      break;
    case PostKind::kLink:
      if (p.url.empty()) return InvalidArgument("required", "A link post needs a link.", "url");
      KRING_TRY(ValidateLinkUrl(p.url));
      break;
    case PostKind::kReview:
      if (p.rating < 1 || p.rating > 5)
        return InvalidArgument("invalid_rating", "A review needs a rating of 1 to 5 stars.", "rating");
      KRING_TRY(CheckBody(p.place_name, "place_name", 200, true));
      if (p.place_name.find('\n') != std::string::npos)
        return InvalidArgument("invalid_characters", "The place name must be a single line.", "place_name");
      break;
    case PostKind::kDiscussion:
    case PostKind::kAnnouncement:
      break;
  }
  if (p.kind != PostKind::kLink && !p.url.empty())
    return InvalidArgument("unexpected_field", "Only link posts carry a link.", "url");
  if (p.kind != PostKind::kReview && (p.rating != 0 || !p.place_name.empty()))
    return InvalidArgument("unexpected_field", "Only reviews carry a rating and a place.", "rating");
  return Status::Ok();
}

Status ValidateCommentBody(std::string_view body) {
  return CheckBody(body, "body", kMaxCommentBodyCodePoints, true);
}

}  // namespace kring::core
