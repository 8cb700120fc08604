#include "fuzz/harness.h"

#include <boost/json/parse.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "api/api.h"
#include "base/log.h"
#include "main/config.h"
#include "main/runtime.h"
#include "security/sodium_services.h"
#include "text/markdown.h"

namespace kring::fuzz {
namespace {

struct World {
  std::unique_ptr<main::Runtime> runtime;
  std::unique_ptr<api::Api> api;
};

[[noreturn]] void SetupFailed(const Error& e) {
  std::fprintf(stderr, "fuzz harness set-up failed: %s (%s)\n", e.public_message.c_str(), e.internal_message.c_str());
  std::abort();
}

#define SETUP(expr)                       \
  do {                                    \
    auto _st = (expr);                    \
    if (!_st) SetupFailed(_st.error());   \
  } while (0)

void AddFixtures(main::Runtime& rt) {
  auto& s = rt.store();
  security::SodiumTokenService tokens;
  const TimeMs now = rt.clock().Now();
  text::MarkdownOptions md;
  md.mention_href = [](std::string_view key) -> std::optional<std::string> { return "/@" + std::string(key); };
  SETUP(s.transactor().RunInTransaction([&]() -> Status {
    for (auto [id, handle, role] : {std::tuple{101, "anna", core::Role::kAdmin}, std::tuple{102, "bram", core::Role::kUser}}) {
      core::Account a;
      a.id = AccountId(id);
      a.handle = a.handle_key = a.display_name = handle;
      a.role = role;
      a.created_at = now - kDayMs;
      a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$not-a-real-hash";
      KRING_TRY(s.accounts().Create(a));
      app::Session x;
      x.id = SessionId(id + 1000);
      x.account = a.id;
      x.token_hash = tokens.Digest(std::string("fuzz-token-") + handle);
      x.kind = "bearer";
      x.created_at = x.last_used_at = now;
      x.expires_at = now + 3650 * kDayMs;
      KRING_TRY(s.sessions().Create(x));
    }
    for (auto [id, slug, vis, policy] : {std::tuple{201, "tuin", core::Visibility::kPublic, core::JoinPolicy::kOpen},
                                         std::tuple{202, "geheim", core::Visibility::kMembersOnly, core::JoinPolicy::kApproval}}) {
      core::Community c;
      c.id = CommunityId(id);
      c.slug = slug;
      c.name = std::string("Community ") + slug;
      c.description = "Een *kleine* gemeenschap.";
      c.topics = {"moestuin"};
      c.visibility = vis;
      c.join_policy = policy;
      c.created_at = c.last_activity_at = now - kDayMs;
      KRING_TRY(s.communities().Create(c));
      KRING_TRY(s.communities().AddMember(core::Membership{c.id, AccountId(101), core::MemberRole::kOwner, now - kDayMs}));
    }
    KRING_TRY(s.communities().AddMember(core::Membership{CommunityId(201), AccountId(102), core::MemberRole::kMember, now}));
    auto post = [&](int64_t id, std::optional<CommunityId> community, const char* body) -> Status {
      core::Post p;
      p.id = PostId(id);
      p.community = community;
      p.author = AccountId(101);
      p.title = "Titel " + std::to_string(id);
      p.body = body;
      auto r = text::RenderMarkdown(body, md);
      p.body_html = r.html;
      for (const auto& t : r.tokens)
        if (t.kind == core::TextToken::Kind::kHashtag) p.hashtags.push_back(core::Tag{t.display, t.key});
      p.created_at = p.last_activity_at = now - 3600000 + id;
      return s.posts().Create(p);
    };
    KRING_TRY(post(301, CommunityId(201), "De tomaten doen het goed. #moestuin @bram"));
    KRING_TRY(post(302, CommunityId(202), "Alleen voor leden. #geheim"));
    KRING_TRY(post(303, std::nullopt, "Op mijn profiel. #moestuin"));
    for (auto [id, parent, author] : {std::tuple{401, 0, 102}, std::tuple{402, 401, 101}}) {
      core::Comment c;
      c.id = CommentId(id);
      c.post = PostId(301);
      if (parent) c.parent = CommentId(parent);
      c.author = AccountId(author);
      c.body = "Mooi zo!";
      c.body_html = "<p>Mooi zo!</p>";
      c.created_at = now - 1000 + id;
      KRING_TRY(s.comments().Create(c));
    }
    return Status::Ok();
  }));
}

World& TheWorld() {
  static World* world = [] {
    SetLogSink([](LogLevel level, std::string_view m) {
      if (level == LogLevel::kError && std::getenv("KRING_FUZZ_LOG")) std::fprintf(stderr, "log: %.*s\n", static_cast<int>(m.size()), m.data());
    });
    auto* w = new World;
    char tmpl[] = "/tmp/kring-fuzz-XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (!dir) std::abort();
    main::Config config;
    config.data_dir = dir;
    config.synchronous = "NORMAL";
    config.worker_threads = 1;
    auto rt = main::Runtime::Open(config);
    if (!rt) SetupFailed(rt.error());
    w->runtime = std::move(*rt);
    AddFixtures(*w->runtime);
    api::ApiConfig api_config;
    api_config.health_check = [] { return Status::Ok(); };
    w->api = std::make_unique<api::Api>(w->runtime->app(), api_config);
    // The database lives as long as the process. At exit, stop the runtime first (its insights
    // buffer has a background thread that must not run on while the process tears down), then
    // remove the directory.
    static World* the_world = w;
    static std::string cleanup = dir;
    std::atexit([] {
      delete the_world;
      the_world = nullptr;
      std::error_code ec;
      std::filesystem::remove_all(cleanup, ec);
    });
    return w;
  }();
  return *world;
}

bool HasBadHeaderChar(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos; }

std::string_view HeaderOf(const net::HttpResponse& r, std::string_view name) {
  const std::string* v = r.Header(name);
  return v ? std::string_view(*v) : std::string_view();
}

}  // namespace

void Init() { (void)TheWorld(); }

bool HashesPassword(const net::HttpRequest& r) {
  const std::string& p = r.path;
  return p.find("/auth/") != std::string::npos || p.find("/password") != std::string::npos ||
         (r.method == "DELETE" && p.rfind("/api/v1/me", 0) == 0);
}

void Fail(std::string_view what, const net::HttpRequest& request, const net::HttpResponse& response) {
  std::fprintf(stderr, "\nFUZZ ORACLE: %.*s\n  request: %s %s\n  status: %d\n  body: %.500s\n", static_cast<int>(what.size()),
               what.data(), request.method.c_str(), request.target.c_str(), response.status, response.body.c_str());
  std::abort();
}

net::HttpResponse Handle(const net::HttpRequest& request) {
  World& w = TheWorld();
  net::HttpResponse response;
  if (HashesPassword(request)) {
    response.status = 404;
    return response;
  }
  // Always roll back: returning an error from the unit of work undoes everything it did.
  (void)w.runtime->store().db().RunInTransaction([&]() -> Status {
    response = w.api->Handle(request);
    return Internal("fuzz: roll back");
  });

  if (response.status < 100 || response.status > 599) Fail("status out of range", request, response);
  if (response.status == 500 && !std::getenv("KRING_FUZZ_ALLOW_500")) Fail("internal error (500) on client input", request, response);
  for (const auto& [name, value] : response.headers)
    if (name.empty() || HasBadHeaderChar(name) || HasBadHeaderChar(value)) Fail("header with CR/LF/NUL", request, response);
  if (HeaderOf(response, "content-type").rfind("application/json", 0) == 0 && !response.body.empty()) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(response.body, ec);
    if (ec) Fail("JSON response does not parse", request, response);
    if (response.status >= 400) {
      const auto* o = v.if_object();
      if (!o || !o->contains("error") || !o->at("error").is_string() || !o->contains("message"))
        Fail("error response without {error, message}", request, response);
    }
  }
  return response;
}

net::HttpRequest MakeRequest(std::string method, std::string target, std::string body, std::string_view bearer_token) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  r.headers.emplace_back("host", "127.0.0.1");
  if (!bearer_token.empty()) r.headers.emplace_back("authorization", "Bearer " + std::string(bearer_token));
  if (!body.empty()) r.headers.emplace_back("content-type", "application/json");
  r.body = std::move(body);
  r.remote_address = "127.0.0.1";
  r.request_id = "fuzz";
  return r;
}

}  // namespace kring::fuzz
