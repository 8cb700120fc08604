// Reading request bodies: JSON parsing with limits, and typed field access that turns every
// malformed input into a clear 400 with a stable code and the field's name.
//
// Codes: invalid_json (not JSON / not an object / invalid UTF-8), missing_field, wrong_type,
// too_long.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "net/http_message.h"

namespace kring::api {

class JsonBody {
 public:
  // An empty body counts as {} so endpoints with only optional fields accept bodiless POSTs.
  static Result<JsonBody> Parse(const net::HttpRequest& request);

  bool Has(std::string_view key) const;
  // Optional fields: nullopt when absent or null; wrong_type when present with another type.
  Result<std::optional<std::string>> OptString(std::string_view key, size_t max_bytes) const;
  Result<std::optional<int64_t>> OptInt(std::string_view key) const;
  Result<std::optional<bool>> OptBool(std::string_view key) const;
  Result<std::optional<std::vector<std::string>>> OptStringList(std::string_view key, size_t max_items,
                                                                size_t max_item_bytes) const;
  // Ids are strings on the wire (JavaScript loses precision past 2^53); numbers are accepted too.
  Result<std::optional<int64_t>> OptId(std::string_view key) const;
  // An RFC 3339 time (as milliseconds); invalid_time (422) when malformed.
  Result<std::optional<int64_t>> OptTime(std::string_view key) const;
  // Required string: missing_field when absent.
  Result<std::string> String(std::string_view key, size_t max_bytes) const;

 private:
  explicit JsonBody(boost::json::object object) : object_(std::move(object)) {}
  const boost::json::value* Find(std::string_view key) const;
  boost::json::object object_;
};

}  // namespace kring::api
