// Result<T> and Status: expected failures as values.
//
// Every fallible operation in Kring returns Result<T> (or Status for no value). An Error carries a
// stable code (Errc), an internal message for logs and a public message that is safe to show to
// clients, plus an optional machine-readable "detail" code (e.g. "handle_taken") that the API
// emits as the stable error string. Bugs are not errors: they hit KRING_CHECK (check.h).
//
// The member names follow std::expected (has_value, value, error, operator bool, operator*), so a
// move to std::expected<T, Error> under C++23 is a typedef away.
//
// Thread safety: plain values; no shared state.
#pragma once

#include <optional>
#include <source_location>
#include <string>
#include <utility>
#include <variant>

#include "base/check.h"

namespace kring {

// The closed set of failure categories. The HTTP status for each is chosen in exactly one place
// (api/error_mapping.cpp).
enum class Errc {
  kInvalidArgument,   // 400/422: the caller sent something malformed or against a rule
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403
  kNotFound,          // 404
  kConflict,          // 409: unique constraint, state conflict
  kPayloadTooLarge,   // 413
  kRateLimited,       // 429
  kUnavailable,       // 503: database busy, disk full, shutting down
  kInternal,          // 500: a bug or an unexpected environment failure
};

// Returns the default stable code string for a category ("not_found", ...).
const char* ErrcName(Errc code);

struct Error {
  Errc code = Errc::kInternal;
  // Stable snake_case string clients switch on; defaults to ErrcName(code) when empty.
  std::string detail;
  // Safe to send to clients; never contains internal paths, SQL or other people's data.
  std::string public_message;
  // For logs only.
  std::string internal_message;
  // Optional: the request field that was wrong (e.g. "title").
  std::string field;
  std::source_location where;

  const char* StableCode() const { return detail.empty() ? ErrcName(code) : detail.c_str(); }
};

// Helpers that capture the call site. `detail` is the stable code; `message` is public.
Error MakeError(Errc code, std::string detail, std::string public_message,
                std::source_location where = std::source_location::current());
Error InvalidArgument(std::string detail, std::string public_message, std::string field = {},
                      std::source_location where = std::source_location::current());
Error NotFound(std::string what, std::source_location where = std::source_location::current());
Error PermissionDenied(std::string detail, std::string public_message,
                       std::source_location where = std::source_location::current());
Error Unauthenticated(std::string public_message = "You need to log in first.",
                      std::source_location where = std::source_location::current());
Error Conflict(std::string detail, std::string public_message,
               std::source_location where = std::source_location::current());
Error Internal(std::string internal_message,
               std::source_location where = std::source_location::current());
Error Unavailable(std::string detail, std::string public_message, std::string internal_message = {},
                  std::source_location where = std::source_location::current());

// Tag to construct a failed Result from an Error.
struct Unexpected {
  Error error;
};
inline Unexpected Fail(Error e) { return Unexpected{std::move(e)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    KRING_CHECK(has_value(), "Result::value() on an error: " + std::get<1>(state_).internal_message);
    return std::get<0>(state_);
  }
  const T& value() const& {
    KRING_CHECK(has_value(), "Result::value() on an error: " + std::get<1>(state_).internal_message);
    return std::get<0>(state_);
  }
  T&& value() && {
    KRING_CHECK(has_value(), "Result::value() on an error: " + std::get<1>(state_).internal_message);
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    KRING_CHECK(!has_value(), "Result::error() on a value");
    return std::get<1>(state_);
  }
  Error&& error() && {
    KRING_CHECK(!has_value(), "Result::error() on a value");
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

// Status: success or an Error, for operations without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT
  Status(Unexpected u) : error_(std::move(u.error)) {}  // NOLINT
  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  bool has_value() const { return ok(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    KRING_CHECK(!ok(), "Status::error() on success");
    return *error_;
  }
  Error&& error() && {
    KRING_CHECK(!ok(), "Status::error() on success");
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

}  // namespace kring

#define KRING_CONCAT_INNER(a, b) a##b
#define KRING_CONCAT(a, b) KRING_CONCAT_INNER(a, b)

// Returns the error of a Status or Result expression from the enclosing function.
#define KRING_TRY(expr)                                                       \
  do {                                                                        \
    auto&& kring_try_result_ = (expr);                                        \
    if (!kring_try_result_) return ::kring::Fail(std::move(kring_try_result_).error()); \
  } while (0)

// Declares/assigns `lhs` from a Result expression, or returns its error.
#define KRING_ASSIGN_OR_RETURN(lhs, expr) \
  KRING_ASSIGN_OR_RETURN_IMPL(KRING_CONCAT(kring_result_, __LINE__), lhs, expr)
#define KRING_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                                         \
  if (!tmp) return ::kring::Fail(std::move(tmp).error());    \
  lhs = std::move(tmp).value()
