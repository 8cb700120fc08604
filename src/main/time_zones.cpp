#include "main/time_zones.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kring::main {

namespace {

struct Zone {
  std::vector<int64_t> transitions;  // seconds since the epoch, ascending
  std::vector<int> index;            // the local time type from each transition on
  std::vector<int64_t> offsets;      // seconds east of UTC, per local time type
  int64_t initial = 0;               // before the first transition
};

int64_t Be(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

std::shared_ptr<Zone> Parse(const std::string& bytes) {
  const auto* d = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  auto header = [&](size_t at, int64_t counts[6]) {
    if (at + 44 > n || bytes.compare(at, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = Be(d + at + 20 + 4 * i, 4);
    return true;
  };
  // counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  int64_t c[6];
  if (!header(0, c)) return nullptr;
  const char version = bytes[4];
  size_t at = 44;
  int tsize = 4;
  if (version >= '2') {
    at += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];  // skip the 32-bit block
    if (!header(at, c)) return nullptr;
    at += 44;
    tsize = 8;
  }
  const int64_t timecnt = c[3], typecnt = c[4];
  if (typecnt <= 0 || at + timecnt * tsize + timecnt + typecnt * 6 > n) return nullptr;
  auto z = std::make_shared<Zone>();
  for (int64_t i = 0; i < timecnt; ++i) z->transitions.push_back(Be(d + at + i * tsize, tsize));
  at += timecnt * tsize;
  for (int64_t i = 0; i < timecnt; ++i) z->index.push_back(std::min<int>(d[at + i], static_cast<int>(typecnt - 1)));
  at += timecnt;
  for (int64_t i = 0; i < typecnt; ++i) z->offsets.push_back(Be(d + at + i * 6, 4));
  // RFC 8536: before the first transition, the first non-DST type (simplified: type 0).
  z->initial = z->offsets[0];
  return z;
}

std::mutex mu;
std::map<std::string, std::shared_ptr<Zone>, std::less<>> cache;  // GUARDED_BY(mu); null = unknown

std::shared_ptr<Zone> Load(std::string_view name) {
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::shared_ptr<Zone> z;
  if (name == "UTC") {
    z = std::make_shared<Zone>();
  } else if (!name.empty() && name.find("..") == std::string_view::npos && name.front() != '/') {
    std::ifstream in("/usr/share/zoneinfo/" + std::string(name), std::ios::binary);
    if (in) {
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      z = Parse(bytes);
    }
  }
  if (cache.size() < 1000) cache.emplace(std::string(name), z);
  return z;
}

}  // namespace

std::optional<TimeMs> SystemTimeZoneOffset(std::string_view zone, TimeMs at) {
  auto z = Load(zone);
  if (!z) return std::nullopt;
  const int64_t s = at >= 0 ? at / 1000 : (at - 999) / 1000;
  auto it = std::upper_bound(z->transitions.begin(), z->transitions.end(), s);
  if (it == z->transitions.begin()) return z->initial * 1000;
  size_t i = static_cast<size_t>(it - z->transitions.begin()) - 1;
  return z->offsets[z->index[i]] * 1000;
}

}  // namespace kring::main
