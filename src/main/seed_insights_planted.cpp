#include "main/seed_insights_planted.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "app/app.h"

namespace kring::main {

namespace {

constexpr int kAuthors = 20;
constexpr double kBaseRate = 0.2;  // chance that a viewer reacts or comments

struct Plan {
  const char* slug;
  const char* name;
  int posts;
  double video_factor;
  bool tags;
};

// Until the media table has a type column (the video work adds it), add it here so the seeded rows
// can say "video"; a demo database only.
Status EnsureMediaType(storage::sqlite::Connection& c, bool& has_status) {
  KRING_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT name FROM pragma_table_info('media') WHERE name IN ('type', 'status')"));
  bool has_type = false;
  has_status = false;
  while (true) {
    KRING_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    has_type = has_type || s->Text(0) == "type";
    has_status = has_status || s->Text(0) == "status";
  }
  if (has_type) return Status::Ok();
  return c.Exec("ALTER TABLE media ADD COLUMN type TEXT NOT NULL DEFAULT 'image'");
}

}  // namespace

Status SeedPlantedTruths(Runtime& rt, const core::Account& owner, const std::vector<core::Account>& members,
                         std::mt19937_64& rng, const std::function<TimeMs()>& when) {
  app::App& app = rt.app();
  auto& store = rt.store();
  app::AuthContext owner_auth{owner, {}};
  const Plan plans[] = {
      {kPlantedSlugA, "Horlogemakers", 200, 1.5, true},
      {kPlantedSlugB, "Klokkenkijkers", 160, 1.0, false},
  };
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> noise(0, 0.15);
  std::uniform_int_distribution<int> audience(25, 55);
  app::InsightsRepo* repo = app.deps().insights;
  if (!repo) return Internal("insights repository not wired");

  for (const Plan& plan : plans) {
    core::Community c;
    c.slug = plan.slug;
    c.name = plan.name;
    c.description = "Demo community with planted truths for insights.";
    c.language = "nl";
    KRING_ASSIGN_OR_RETURN(auto cv, app.communities.Create(owner_auth, std::move(c)));
    const CommunityId community = cv.community.id;
    KRING_TRY(store.transactor().RunInTransaction([&]() -> Status {
      for (const auto& m : members)
        KRING_TRY(store.communities().AddMember(core::Membership{community, m.id, core::MemberRole::kMember,
                                                                 rt.clock().Now() - 60 * kDayMs}));
      return Status::Ok();
    }));

    std::vector<app::InsightEvent> events;
    std::vector<std::pair<PostId, AccountId>> videos;
    for (int i = 0; i < plan.posts; ++i) {
      const bool lift = plan.tags && u(rng) < 0.35;
      const bool null_tag = plan.tags && u(rng) < 0.35;
      const bool video = u(rng) < 0.3;
      const core::Account& author = members[static_cast<size_t>(i % kAuthors)];
      app::PostInput p;
      p.community_slug = plan.slug;
      p.title = std::string(video ? "Filmpje " : "Verhaal ") + std::to_string(i + 1);
      p.body = "Wat vinden jullie hiervan?";
      if (lift) p.body += " #uurwerk";
      if (null_tag) p.body += " #wijzerplaat";
      KRING_ASSIGN_OR_RETURN(auto out, app.posts.CreatePost(app::AuthContext{author, {}}, p));
      if (!out.post) return Internal("seed post not published");
      const PostId post = out.post->post.id;
      if (video) videos.emplace_back(post, author.id);

      double rate = kBaseRate * (lift ? 1.3 : 1.0) * (video ? plan.video_factor : 1.0) * std::exp(noise(rng));
      rate = std::min(rate, 1.0);
      // Distinct signed-in viewers (never the author), each seen once, some reacting or commenting.
      std::vector<size_t> order(members.size());
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::shuffle(order.begin(), order.end(), rng);
      const int n = audience(rng);
      int taken = 0;
      for (size_t k : order) {
        if (taken == n) break;
        if (members[k].id == author.id) continue;
        ++taken;
        const TimeMs at = when();
        events.push_back(app::InsightEvent{at, "view", community, post, members[k].id, {}, std::nullopt, ""});
        if (u(rng) >= rate) continue;
        if (u(rng) < 0.7) events.push_back(app::InsightEvent{at + 60000, "reaction", community, post, members[k].id, {}, std::nullopt, "like"});
        else events.push_back(app::InsightEvent{at + 60000, "comment", community, post, members[k].id, {}, std::nullopt, ""});
      }
    }
    KRING_TRY(store.db().Write([&](storage::sqlite::Connection& conn) -> Status {
      bool has_status = false;
      KRING_TRY(EnsureMediaType(conn, has_status));
      const std::string sql = std::string(
          "INSERT INTO media (id, uploader_id, post_id, position, source_hash, large_hash, small_hash, fallback_hash, "
          "width, height, bytes, created_at, type") + (has_status ? ", status" : "") +
          ") VALUES (?1, ?2, ?3, 0, ?4, ?4, ?4, ?4, 1280, 720, 1000000, ?5, 'video'" + (has_status ? ", 'ready'" : "") + ")";
      for (const auto& [post, author] : videos) {
        KRING_ASSIGN_OR_RETURN(auto s, conn.Prepare(sql));
        s->Bind(1, app.deps().ids.Next()).Bind(2, author.value()).Bind(3, post.value())
            .Bind(4, "seed-video-" + std::to_string(post.value())).Bind(5, rt.clock().Now());
        KRING_TRY(s->Run());
      }
      return Status::Ok();
    }));
    KRING_TRY(store.transactor().RunInTransaction([&]() -> Status {
      KRING_TRY(repo->RecordBatch(events));
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

}  // namespace kring::main
