// libFuzzer target: JSON request bodies. The first byte picks one of the API's JSON-taking
// endpoints (signed in as @anna, or @bram for some); the rest is the body, run through JsonBody
// parsing, field checks and the use case, on fixtures (harness.h). Plus JsonBody's typed accessors
// directly, with every kind of field the API reads.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/json_body.h"
#include "fuzz/harness.h"

namespace {

struct Route {
  const char* method;
  const char* target;
  const char* token;
};

constexpr Route kRoutes[] = {
    {"POST", "/api/v1/posts", "fuzz-token-anna"},
    {"PATCH", "/api/v1/posts/301", "fuzz-token-anna"},
    {"POST", "/api/v1/posts/301/comments", "fuzz-token-bram"},
    {"PATCH", "/api/v1/comments/401", "fuzz-token-bram"},
    {"POST", "/api/v1/communities", "fuzz-token-bram"},
    {"PATCH", "/api/v1/communities/tuin", "fuzz-token-anna"},
    {"POST", "/api/v1/communities/geheim/join", "fuzz-token-bram"},
    {"POST", "/api/v1/communities/tuin/invites", "fuzz-token-anna"},
    {"POST", "/api/v1/communities/tuin/members/102/role", "fuzz-token-anna"},
    {"PATCH", "/api/v1/me", "fuzz-token-bram"},
    {"PATCH", "/api/v1/admin/instance", "fuzz-token-anna"},
    {"POST", "/api/v1/admin/invites", "fuzz-token-anna"},
    {"POST", "/api/v1/posts/301/accept", "fuzz-token-anna"},
    {"POST", "/api/v1/accounts/102/follow", "fuzz-token-anna"},
    {"PUT", "/api/v1/posts/301/reactions/like", "fuzz-token-bram"},
    {"POST", "/api/v1/reports", "fuzz-token-bram"},
};

void ExerciseAccessors(const std::string& body) {
  kring::net::HttpRequest req = kring::fuzz::MakeRequest("POST", "/", body);
  auto parsed = kring::api::JsonBody::Parse(req);
  if (!parsed) return;
  for (const char* key : {"body", "title", "handle", "display_name", "topics", "rating", "parent_id", "pinned",
                          "scheduled_at", ""}) {
    (void)parsed->Has(key);
    (void)parsed->OptString(key, 64);
    (void)parsed->OptInt(key);
    (void)parsed->OptBool(key);
    (void)parsed->OptStringList(key, 5, 16);
    (void)parsed->OptId(key);
    (void)parsed->OptTime(key);
    (void)parsed->String(key, 1 << 20);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kring::fuzz::Init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Route& r = kRoutes[data[0] % (sizeof kRoutes / sizeof kRoutes[0])];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  ExerciseAccessors(body);
  kring::fuzz::Handle(kring::fuzz::MakeRequest(r.method, r.target, std::move(body), r.token));
  return 0;
}
