#include "base/time_format.h"

#include <chrono>
#include <cstdio>

namespace kring {
namespace {

bool ParseDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string FormatRfc3339(TimeMs t) {
  using namespace std::chrono;
  sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  year_month_day ymd(day);
  int64_t ms_of_day = t - duration_cast<milliseconds>(day.time_since_epoch()).count();
  int h = static_cast<int>(ms_of_day / 3600000), m = static_cast<int>(ms_of_day / 60000 % 60);
  int s = static_cast<int>(ms_of_day / 1000 % 60), ms = static_cast<int>(ms_of_day % 1000);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), h, m, s, ms);
  return buf;
}

std::optional<TimeMs> ParseRfc3339(std::string_view s) {
  using namespace std::chrono;
  int Y, M, D, h, m, sec;
  if (s.size() < 20 || s.size() > 40) return std::nullopt;
  if (!ParseDigits(s, 0, 4, Y) || s[4] != '-' || !ParseDigits(s, 5, 2, M) || s[7] != '-' ||
      !ParseDigits(s, 8, 2, D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !ParseDigits(s, 11, 2, h) || s[13] != ':' || !ParseDigits(s, 14, 2, m) || s[16] != ':' ||
      !ParseDigits(s, 17, 2, sec))
    return std::nullopt;
  year_month_day ymd{year(Y), month(static_cast<unsigned>(M)), day(static_cast<unsigned>(D))};
  if (!ymd.ok() || h > 23 || m > 59 || sec > 60) return std::nullopt;
  size_t pos = 19;
  int frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 3; ++i) frac_ms *= 10;
  }
  int offset_min = 0;
  if (pos >= s.size()) return std::nullopt;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!ParseDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseDigits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t days_since = sys_days(ymd).time_since_epoch().count();
  return ((days_since * 86400 + h * 3600 + m * 60 + sec) - offset_min * 60) * 1000LL + frac_ms;
}

}  // namespace kring
