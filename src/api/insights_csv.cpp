#include "api/insights_csv.h"

#include <cstdio>

namespace kring::api {

namespace json = boost::json;

namespace {

std::string Cell(const json::value* v) {
  if (!v || v->is_null()) return "";
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v->as_double());
    return buf;
  }
  std::string s = v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, "'");
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

std::string ToCsv(const std::vector<std::string>& columns, const json::array& rows) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += "\r\n";
  for (const auto& row : rows) {
    const json::object* o = row.if_object();
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      out += Cell(o ? o->if_contains(columns[i]) : nullptr);
    }
    out += "\r\n";
  }
  return out;
}

net::HttpResponse CsvResponse(std::string body, const std::string& filename) {
  net::HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "text/csv; charset=utf-8");
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

}  // namespace kring::api
