#include "api/json_body.h"

#include <boost/json/parse.hpp>

#include "base/time_format.h"

namespace kring::api {

namespace json = boost::json;

namespace {
Error WrongType(std::string_view key, std::string_view expected) {
  std::string k(key);
  return InvalidArgument("wrong_type", "The field \"" + k + "\" must be " + std::string(expected) + ".", k);
}
}  // namespace

Result<JsonBody> JsonBody::Parse(const net::HttpRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return JsonBody(json::object());
  const std::string* type = request.Header("content-type");
  if (type && type->find("application/json") == std::string::npos)
    return MakeError(Errc::kInvalidArgument, "unsupported_media_type", "Send the request body as application/json.");
  json::parse_options options;
  options.max_depth = 32;
  std::error_code ec;
  json::value v = json::parse(request.body, ec, {}, options);
  if (ec)
    return InvalidArgument("invalid_json", "The request body is not valid JSON (or not valid UTF-8): " + ec.message() + ".");
  if (!v.is_object()) return InvalidArgument("invalid_json", "The request body must be a JSON object.");
  return JsonBody(std::move(v.as_object()));
}

const json::value* JsonBody::Find(std::string_view key) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

bool JsonBody::Has(std::string_view key) const { return object_.contains(key); }

Result<std::optional<std::string>> JsonBody::OptString(std::string_view key, size_t max_bytes) const {
  const json::value* v = Find(key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(key, "a string");
  const auto& s = v->get_string();
  if (s.size() > max_bytes) {
    std::string k(key);
    return InvalidArgument("too_long", "The field \"" + k + "\" is too long.", k);
  }
  return std::optional<std::string>(std::string(s.data(), s.size()));
}

Result<std::string> JsonBody::String(std::string_view key, size_t max_bytes) const {
  KRING_ASSIGN_OR_RETURN(auto s, OptString(key, max_bytes));
  if (!s) {
    std::string k(key);
    return InvalidArgument("missing_field", "The field \"" + k + "\" is required.", k);
  }
  return std::move(*s);
}

Result<std::optional<int64_t>> JsonBody::OptInt(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  return WrongType(key, "a whole number");
}

Result<std::optional<bool>> JsonBody::OptBool(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return std::optional<bool>();
  if (!v->is_bool()) return WrongType(key, "true or false");
  return std::optional<bool>(v->get_bool());
}

Result<std::optional<int64_t>> JsonBody::OptId(std::string_view key) const {
  const json::value* v = Find(key);
  if (!v) return std::optional<int64_t>();
  if (v->is_string()) {
    const auto& s = v->get_string();
    auto id = StrongId<struct AnyTag>::Parse(std::string_view(s.data(), s.size()));
    if (!id) return WrongType(key, "an id");
    return std::optional<int64_t>(id->value());
  }
  if (v->is_int64() && v->get_int64() > 0) return std::optional<int64_t>(v->get_int64());
  return WrongType(key, "an id (a string of digits)");
}

Result<std::optional<std::vector<std::string>>> JsonBody::OptStringList(std::string_view key, size_t max_items,
                                                                        size_t max_item_bytes) const {
  const json::value* v = Find(key);
  if (!v) return std::optional<std::vector<std::string>>();
  if (!v->is_array()) return WrongType(key, "a list of strings");
  const auto& a = v->get_array();
  std::string k(key);
  if (a.size() > max_items) return InvalidArgument("too_many", "The list \"" + k + "\" has too many items.", k);
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!item.is_string()) return WrongType(key, "a list of strings");
    const auto& s = item.get_string();
    if (s.size() > max_item_bytes) return InvalidArgument("too_long", "An item of \"" + k + "\" is too long.", k);
    out.emplace_back(s.data(), s.size());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<int64_t>> JsonBody::OptTime(std::string_view key) const {
  KRING_ASSIGN_OR_RETURN(auto text, OptString(key, 64));
  if (!text) return std::optional<int64_t>();
  auto t = ParseRfc3339(*text);
  if (!t) {
    std::string k(key);
    return InvalidArgument("invalid_time", "The field \"" + k + "\" must be a time like 2026-12-01T07:00:00Z.", k);
  }
  return std::optional<int64_t>(*t);
}

}  // namespace kring::api
