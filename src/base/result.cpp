#include "base/result.h"

#include <cstdio>
#include <cstdlib>

namespace kring {

const char* ErrcName(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument: return "invalid_argument";
    case Errc::kUnauthenticated: return "unauthenticated";
    case Errc::kPermissionDenied: return "forbidden";
    case Errc::kNotFound: return "not_found";
    case Errc::kConflict: return "conflict";
    case Errc::kPayloadTooLarge: return "payload_too_large";
    case Errc::kRateLimited: return "rate_limited";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kInternal: return "internal_error";
  }
  return "internal_error";
}

void CheckFailed(const char* condition, const std::string& message, std::source_location where) {
  std::fprintf(stderr, "KRING_CHECK failed at %s:%u (%s): %s\n", where.file_name(),
               static_cast<unsigned>(where.line()), condition, message.c_str());
  std::fflush(stderr);
  std::abort();
}

Error MakeError(Errc code, std::string detail, std::string public_message, std::source_location where) {
  Error e;
  e.code = code;
  e.detail = std::move(detail);
  e.internal_message = public_message;
  e.public_message = std::move(public_message);
  e.where = where;
  return e;
}

Error InvalidArgument(std::string detail, std::string public_message, std::string field,
                      std::source_location where) {
  Error e = MakeError(Errc::kInvalidArgument, std::move(detail), std::move(public_message), where);
  e.field = std::move(field);
  return e;
}

Error NotFound(std::string what, std::source_location where) {
  return MakeError(Errc::kNotFound, "not_found", "That " + what + " does not exist or is not visible to you.",
                   where);
}

Error PermissionDenied(std::string detail, std::string public_message, std::source_location where) {
  return MakeError(Errc::kPermissionDenied, std::move(detail), std::move(public_message), where);
}

Error Unauthenticated(std::string public_message, std::source_location where) {
  return MakeError(Errc::kUnauthenticated, "unauthenticated", std::move(public_message), where);
}

Error Conflict(std::string detail, std::string public_message, std::source_location where) {
  return MakeError(Errc::kConflict, std::move(detail), std::move(public_message), where);
}

Error Internal(std::string internal_message, std::source_location where) {
  Error e = MakeError(Errc::kInternal, "internal_error", "Something went wrong on the server.", where);
  e.internal_message = std::move(internal_message);
  return e;
}

Error Unavailable(std::string detail, std::string public_message, std::string internal_message,
                  std::source_location where) {
  Error e = MakeError(Errc::kUnavailable, std::move(detail), std::move(public_message), where);
  if (!internal_message.empty()) e.internal_message = std::move(internal_message);
  return e;
}

}  // namespace kring
