#include "main/seed_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/id_generator.h"
#include "core/unicode_text.h"
#include "security/sodium_services.h"
#include "text/markdown.h"

namespace kring::main {
namespace {

using Rng = std::mt19937_64;
constexpr uint64_t kSeed = 20260101;
constexpr int kBenchAccounts = 64;      // accounts 1..64: tokens in the manifest, writers in the benchmark
constexpr int kBenchCommunities = 20;   // communities 0..19: every bench account is a member
constexpr int kThreadComments = 50;     // the "post with 50 comments" scenario
constexpr int kBatchRows = 20000;       // rows per transaction

// Snowflake ids at chosen times, for rows generated in time order. Each table gets its own node
// number (1..6), so seeded ids never collide with each other or with the server's (node 0).
class IdsAt {
 public:
  explicit IdsAt(int node) : node_(node) {}
  // REQUIRES: t never decreases between calls.
  int64_t At(TimeMs t) {
    if (t < last_) t = last_;
    if (t == last_) {
      if (++seq_ > 0xffff) {
        ++t;
        seq_ = 0;
      }
    } else {
      seq_ = 0;
    }
    last_ = t;
    return SnowflakeIdGenerator::FirstIdAt(t) | (static_cast<int64_t>(node_) << 16) | seq_;
  }

 private:
  int node_;
  TimeMs last_ = 0;
  int64_t seq_ = 0;
};

// Picks index i with weight 1/(i+1)^s: a few big communities, popular tags and accounts, a long tail.
class Zipf {
 public:
  Zipf(size_t n, double s) {
    cumulative_.reserve(n);
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cumulative_.push_back(sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
  }
  size_t operator()(Rng& rng) const {
    double x = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    return static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

// Geometric count with the given mean (0, 1, 2 ... ; mostly small, sometimes large).
int Geometric(Rng& rng, double mean) {
  if (mean <= 0) return 0;
  return std::geometric_distribution<int>(1.0 / (1.0 + mean))(rng);
}

template <typename T>
const T& Pick(Rng& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

const std::vector<std::string> kFirstNames = {
    "anna", "joris", "fleur", "sam", "mila", "daan", "sanne", "lucas", "emma", "noah", "julia", "sem", "tess",
    "finn", "lotte", "milan", "sara", "bram", "eva", "thijs", "noor", "jesse", "lisa", "ruben", "amira", "youssef",
    "priya", "chen", "olga", "kofi", "ines", "mateo", "hanna", "piet", "greet", "kees", "femke", "wouter"};
const std::vector<std::string> kTopics = {
    "moestuin", "hardlopen", "fotografie", "bakken", "koffie", "fietsen", "schaken", "breien", "vogels", "wijk",
    "horloges", "boeken", "koor", "zwemmen", "klimmen", "bordspellen", "imkers", "tuinieren", "koken", "muziek"};
const std::vector<std::string> kPlaces = {"oost", "west", "zwolle", "deventer", "utrecht", "leiden", "delft",
                                          "groningen", "arnhem", "haarlem", "breda", "gent"};
const std::vector<std::string> kTags = {
    "moestuin", "tomaten", "desem", "brood", "zondagloop", "v60", "brewguide", "heron", "stillness", "rooster",
    "vogels", "fiets", "schaak", "recept", "tips", "vraag", "evenement", "marathon", "analoog", "macro", "bonen",
    "compost", "zaaien", "oogst", "koffie", "espresso", "breien", "wol", "koor", "repetitie", "boekenclub",
    "thriller", "poëzie", "café", "buurt", "markt", "zomer", "winter", "herfst", "lente"};
const std::vector<std::string> kSentences = {
    "Vanochtend weer een rondje gelopen langs de IJssel, het tempo ging prima.",
    "Heeft iemand tips voor een goede desem die niet te zuur wordt?",
    "The light this morning was perfect for a slow walk with the camera.",
    "We zoeken nog vrijwilligers voor de markt van zaterdag, wie helpt er mee?",
    "Tried the new beans from the roaster around the corner: bright, citrusy and sweet.",
    "De tomaten doen het dit jaar beter dan ooit, ondanks de regen in juli.",
    "Reminder: the meetup moves to the library next week, same time.",
    "Ik heb de bonen te vroeg gezaaid, nu staan ze te wachten op warmer weer.",
    "Does anyone know a good repair shop for an old mechanical watch?",
    "Het rooster voor december staat klaar; ruil je beurt in de reacties.",
    "Gisteren een prachtige ijsvogel gezien bij de vijver, helaas geen foto.",
    "Long thread ahead: here is everything I learned about fermentation this year.",
    "Zondag om 9:00 vertrekken we bij de brug, niemand blijft achter.",
    "Honest review: good coffee, friendly staff, but far too loud on Saturdays.",
    "Wie heeft er nog zaden over van die paarse bonen van vorig jaar?",
    "The club turns ten this year and we are planning something special."};
const std::vector<std::string> kReplies = {
    "Goed idee, ik doe mee!", "Thanks for sharing, this helps a lot.", "Dat herken ik, bij ons precies hetzelfde.",
    "Could you post the recipe?", "Mooi gezegd.", "I disagree a little: the second option worked better for me.",
    "Zaterdag ben ik er ook.", "Great photo, the colours are lovely.", "Heb je al eens met minder water geprobeerd?",
    "Same here, the rain ruined half the harvest.", "Ik neem koffie mee.", "Welkom in de club!",
    "That is a **very** good point.", "Dank je, ik ga het proberen en laat het weten.",
    "Interesting; do you have a link for that?", "Haha, herkenbaar."};
const std::vector<std::string> kTitles = {
    "Vraag over zaaien", "Weekend run", "Photo of the week", "Nieuw recept", "Roaster visit", "Oogstverslag",
    "Meetup next Sunday", "Tips gezocht", "Review: de nieuwe koffiebar", "Ons jubileum", "Gear question",
    "Verslag van de markt", "Beginner here", "Het rooster", "Open day", "Terugblik"};
const std::vector<std::pair<const char*, int>> kReactionKinds = {{"like", 55}, {"heart", 20}, {"laugh", 8},
                                                                 {"wow", 7},   {"sad", 3},    {"celebrate", 7}};

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Body {
  std::string markdown;
  std::string html;
  std::vector<core::Tag> tags;
  std::vector<AccountId> mentions;
};

struct CommentPlan {
  TimeMs at;
  int32_t post;
  int32_t author;
  int32_t parent;  // index into the plan, or -1
  int32_t body;
};

class Seeder {
 public:
  Seeder(Runtime& rt, double scale) : rt_(rt), s_(rt.store()), scale_(scale), rng_(kSeed) {}

  Status Run();

 private:
  int64_t Scaled(double base, int64_t minimum) const {
    return std::max<int64_t>(minimum, static_cast<int64_t>(std::llround(base * scale_)));
  }
  // Runs `rows` calls of `fn(i)` in transactions of kBatchRows.
  Status Batched(int64_t rows, const std::function<Status(int64_t)>& fn) {
    for (int64_t start = 0; start < rows; start += kBatchRows) {
      int64_t end = std::min(rows, start + kBatchRows);
      KRING_TRY(s_.transactor().RunInTransaction([&]() -> Status {
        for (int64_t i = start; i < end; ++i) KRING_TRY(fn(i));
        return Status::Ok();
      }));
    }
    return Status::Ok();
  }
  void Step(const char* what, int64_t n) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::printf("  %-12s %9lld  (%.1f s)\n", what, static_cast<long long>(n), secs);
    std::fflush(stdout);
  }
  std::vector<Body> RenderBodies(const std::vector<std::string>& sources);
  const char* ReactionKind() {
    int x = std::uniform_int_distribution<int>(0, 99)(rng_);
    for (const auto& [kind, weight] : kReactionKinds) {
      if (x < weight) return kind;
      x -= weight;
    }
    return "like";
  }

  Status Accounts();
  Status Communities();
  Status Follows();
  Status Posts();
  Status Comments();
  Status Reactions();
  Status Sessions();
  Status WriteManifest();

  Runtime& rt_;
  storage::sqlite::SqliteStore& s_;
  double scale_;
  Rng rng_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  TimeMs now_ = 0;

  std::vector<core::Account> accounts_;
  std::unordered_map<std::string, size_t> account_by_key_;
  std::vector<core::Community> communities_;
  std::vector<std::vector<int32_t>> members_;  // per community: account indexes
  int64_t membership_count_ = 0;
  int64_t follow_count_ = 0;

  std::vector<Body> post_bodies_, comment_bodies_;
  std::vector<core::Post> posts_;  // bodies cleared after insert to save memory
  std::vector<int32_t> post_community_;  // -1 for profile posts
  size_t thread_post_ = 0;
  int64_t comment_count_ = 0;
  int64_t reaction_count_ = 0;
  std::vector<int64_t> comment_ids_sample_;
  std::vector<std::string> tokens_;
};

std::vector<Body> Seeder::RenderBodies(const std::vector<std::string>& sources) {
  text::MarkdownOptions options;
  options.mention_href = [this](std::string_view key) -> std::optional<std::string> {
    auto it = account_by_key_.find(std::string(key));
    if (it == account_by_key_.end()) return std::nullopt;
    return "/@" + accounts_[it->second].handle;
  };
  std::vector<Body> out;
  for (const auto& src : sources) {
    Body b;
    b.markdown = src;
    text::RenderedMarkdown r = text::RenderMarkdown(src, options);
    b.html = std::move(r.html);
    for (const auto& t : r.tokens) {
      if (t.kind == core::TextToken::Kind::kHashtag) {
        if (std::none_of(b.tags.begin(), b.tags.end(), [&](const core::Tag& x) { return x.key == t.key; }))
          b.tags.push_back(core::Tag{t.display, t.key});
      } else if (auto it = account_by_key_.find(t.key); it != account_by_key_.end()) {
        AccountId id = accounts_[it->second].id;
        if (std::find(b.mentions.begin(), b.mentions.end(), id) == b.mentions.end()) b.mentions.push_back(id);
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

Status Seeder::Accounts() {
  const int64_t n = Scaled(10000, 200);
  security::SodiumPasswordHasher hasher;
  KRING_ASSIGN_OR_RETURN(std::string hash, hasher.Hash(kBenchPassword));  // the one argon2 call
  IdsAt ids(1);
  std::uniform_int_distribution<TimeMs> age(30 * kDayMs, 3 * 365 * kDayMs);
  std::vector<TimeMs> created(static_cast<size_t>(n));
  for (auto& t : created) t = now_ - age(rng_);
  std::sort(created.begin() + 1, created.end());
  created[0] = now_ - 4 * 365 * kDayMs;  // the admin came first
  accounts_.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    core::Account& a = accounts_[static_cast<size_t>(i)];
    if (i == 0) {
      a.handle = "beheer";
    } else if (i <= kBenchAccounts) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "bench_%02lld", static_cast<long long>(i));
      a.handle = buf;
    } else {
      a.handle = kFirstNames[static_cast<size_t>(i) % kFirstNames.size()] + "_" + std::to_string(i);
    }
    a.handle_key = core::FoldKey(a.handle);
    a.id = AccountId(ids.At(created[static_cast<size_t>(i)]));
    a.display_name = a.handle;
    a.display_name[0] = static_cast<char>(a.display_name[0] - 'a' + 'A');
    if (i % 3 == 0) a.bio = Pick(rng_, kSentences);
    a.locale = i % 4 == 0 ? "en" : "nl";
    a.role = i == 0 ? core::Role::kAdmin : core::Role::kUser;
    a.created_at = created[static_cast<size_t>(i)];
    a.password_hash = hash;
    account_by_key_.emplace(a.handle_key, static_cast<size_t>(i));
  }
  KRING_TRY(Batched(n, [&](int64_t i) { return s_.accounts().Create(accounts_[static_cast<size_t>(i)]); }));
  app::InstanceSettings settings;
  settings.name = "Kring Bench";
  settings.description = "A synthetic instance for `make bench`.";
  KRING_TRY(s_.transactor().RunInTransaction([&] { return s_.instance().PutSettings(settings); }));
  Step("accounts", n);
  return Status::Ok();
}

Status Seeder::Communities() {
  const int64_t n = Scaled(200, kBenchCommunities);
  const size_t na = accounts_.size();
  IdsAt ids(2);
  communities_.resize(static_cast<size_t>(n));
  members_.assign(static_cast<size_t>(n), {});
  std::vector<TimeMs> created(static_cast<size_t>(n));
  for (auto& t : created) t = now_ - std::uniform_int_distribution<TimeMs>(400 * kDayMs, 900 * kDayMs)(rng_);
  std::sort(created.begin(), created.end());
  for (int64_t i = 0; i < n; ++i) {
    core::Community& c = communities_[static_cast<size_t>(i)];
    const std::string& topic = kTopics[static_cast<size_t>(i) % kTopics.size()];
    const std::string& place = kPlaces[static_cast<size_t>(i / static_cast<int64_t>(kTopics.size())) % kPlaces.size()];
    c.id = CommunityId(ids.At(created[static_cast<size_t>(i)]));
    c.slug = topic + "-" + place + "-" + std::to_string(i);
    c.name = topic + " " + place;
    c.name[0] = static_cast<char>(c.name[0] - 'a' + 'A');
    c.description = Pick(rng_, kSentences) + " " + Pick(rng_, kSentences);
    c.rules = {"Wees aardig / Be kind", "Geen reclame zonder label"};
    c.topics = {topic, place};
    c.language = i % 4 == 3 ? "en" : "nl";
    c.place = place;
    // A tenth is members-only (including two of the bench communities, so the home feed and the
    // visibility rule meet them).
    c.visibility = i % 10 == 7 ? core::Visibility::kMembersOnly : core::Visibility::kPublic;
    c.join_policy = i % 10 == 7 ? core::JoinPolicy::kApproval : core::JoinPolicy::kOpen;
    c.created_at = created[static_cast<size_t>(i)];
    c.last_activity_at = c.created_at;
  }
  KRING_TRY(Batched(n, [&](int64_t i) { return s_.communities().Create(communities_[static_cast<size_t>(i)]); }));

  // Memberships: the owner, the bench accounts in communities 0..19, and everyone else in a few
  // communities chosen by popularity.
  std::vector<core::Membership> rows;
  std::vector<std::vector<int32_t>> joined_by(na);  // per account: community indexes
  auto add = [&](size_t c, size_t a, core::MemberRole role) {
    auto& mine = joined_by[a];
    if (std::find(mine.begin(), mine.end(), static_cast<int32_t>(c)) != mine.end()) return;
    mine.push_back(static_cast<int32_t>(c));
    members_[c].push_back(static_cast<int32_t>(a));
    TimeMs joined = std::max(communities_[c].created_at, accounts_[a].created_at) + 1000 * static_cast<TimeMs>(rows.size() % 3600);
    rows.push_back(core::Membership{communities_[c].id, accounts_[a].id, role, std::min(joined, now_)});
  };
  for (size_t c = 0; c < static_cast<size_t>(n); ++c)
    add(c, kBenchAccounts + 1 + std::uniform_int_distribution<size_t>(0, na - kBenchAccounts - 2)(rng_),
        core::MemberRole::kOwner);
  for (size_t a = 1; a <= kBenchAccounts; ++a)
    for (size_t c = 0; c < kBenchCommunities; ++c) add(c, a, core::MemberRole::kMember);
  Zipf popularity(static_cast<size_t>(n), 0.9);
  for (size_t a = kBenchAccounts + 1; a < na; ++a) {
    int k = std::min(30, 1 + Geometric(rng_, 4.0));
    for (int j = 0; j < k; ++j) add(popularity(rng_), a, j == 0 && a % 50 == 0 ? core::MemberRole::kModerator : core::MemberRole::kMember);
  }
  add(0, 0, core::MemberRole::kMember);
  KRING_TRY(Batched(static_cast<int64_t>(rows.size()),
                    [&](int64_t i) { return s_.communities().AddMember(rows[static_cast<size_t>(i)]); }));
  membership_count_ = static_cast<int64_t>(rows.size());
  Step("communities", n);
  Step("memberships", membership_count_);
  return Status::Ok();
}

Status Seeder::Follows() {
  const size_t na = accounts_.size();
  Zipf popular(na, 1.0);
  std::vector<std::pair<size_t, size_t>> rows;
  for (size_t a = 0; a < na; ++a) {
    int k = a >= 1 && a <= kBenchAccounts ? 20 : std::min(200, Geometric(rng_, 9.0) + 1);
    for (int j = 0; j < k; ++j) {
      size_t b = popular(rng_);
      if (b != a) rows.emplace_back(a, b);
    }
  }
  int64_t added = 0;
  KRING_TRY(Batched(static_cast<int64_t>(rows.size()), [&](int64_t i) -> Status {
    auto [a, b] = rows[static_cast<size_t>(i)];
    TimeMs at = std::max(accounts_[a].created_at, accounts_[b].created_at) + kDayMs;
    KRING_ASSIGN_OR_RETURN(bool changed, s_.follows().Add(accounts_[a].id, accounts_[b].id, std::min(at, now_)));
    added += changed;
    return Status::Ok();
  }));
  follow_count_ = added;
  Step("follows", added);
  return Status::Ok();
}

Status Seeder::Posts() {
  const int64_t n = Scaled(200000, 1000);
  // Distinct bodies, rendered once each: paragraphs of everyday text with hashtags (popular ones
  // more often), some mentions, emphasis, lists and links.
  Zipf tag_pop(kTags.size(), 1.0);
  std::vector<std::string> sources;
  for (int i = 0; i < 256; ++i) {
    std::string md;
    int paragraphs = 1 + i % 3;
    for (int p = 0; p < paragraphs; ++p) {
      if (p) md += "\n\n";
      md += Pick(rng_, kSentences) + " " + Pick(rng_, kSentences);
    }
    if (i % 5 == 1) md += "\n\n- " + Pick(rng_, kReplies) + "\n- **" + Pick(rng_, kTitles) + "**";
    if (i % 7 == 2) md += "\n\nMeer info: https://example.org/" + std::to_string(i);
    if (i % 6 == 3) md += " @" + accounts_[1 + static_cast<size_t>(i) % (accounts_.size() - 1)].handle;
    int tags = i % 4;
    if (tags) md += "\n\n";
    for (int t = 0; t < tags; ++t) md += (t ? " #" : "#") + kTags[tag_pop(rng_)];
    sources.push_back(std::move(md));
  }
  post_bodies_ = RenderBodies(sources);

  std::vector<TimeMs> times(static_cast<size_t>(n));
  std::uniform_int_distribution<TimeMs> when(now_ - 365 * kDayMs, now_ - 10 * kMinuteMs);
  for (auto& t : times) t = when(rng_);
  std::sort(times.begin(), times.end());

  const size_t nc = communities_.size();
  Zipf popularity(nc, 0.9);
  std::vector<char> has_post(nc, 0);
  IdsAt ids(3);
  posts_.resize(static_cast<size_t>(n));
  post_community_.resize(static_cast<size_t>(n));
  std::uniform_int_distribution<int> percent(0, 99);
  for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
    core::Post& p = posts_[i];
    p.id = PostId(ids.At(times[i]));
    p.created_at = p.last_activity_at = times[i];
    int32_t c = percent(rng_) < 5 ? -1 : static_cast<int32_t>(popularity(rng_));
    post_community_[i] = c;
    size_t author;
    if (c >= 0) {
      p.community = communities_[static_cast<size_t>(c)].id;
      author = static_cast<size_t>(Pick(rng_, members_[static_cast<size_t>(c)]));
    } else {
      author = std::uniform_int_distribution<size_t>(1, accounts_.size() - 1)(rng_);
    }
    p.author = accounts_[author].id;
    int k = percent(rng_);
    p.kind = k < 60 ? core::PostKind::kDiscussion : k < 75 ? core::PostKind::kQuestion
           : k < 85 ? core::PostKind::kLink : k < 95 ? core::PostKind::kReview : core::PostKind::kAnnouncement;
    if (c >= 0 && !has_post[static_cast<size_t>(c)]) {
      // Every community's first post is its pinned welcome.
      has_post[static_cast<size_t>(c)] = 1;
      p.kind = core::PostKind::kAnnouncement;
      p.pinned = true;
    }
    p.title = Pick(rng_, kTitles);
    if (p.kind == core::PostKind::kLink) p.url = "https://example.org/artikel/" + std::to_string(i);
    if (p.kind == core::PostKind::kReview) {
      p.place_name = "Café de Hoek, " + kPlaces[i % kPlaces.size()];
      p.rating = 1 + static_cast<int>(i % 5);
    }
    const Body& b = Pick(rng_, post_bodies_);
    p.body = b.markdown;
    p.body_html = b.html;
    p.hashtags = b.tags;
    p.mentions = b.mentions;
  }
  // The thread scenario: a post in the busiest community, about a month old.
  thread_post_ = static_cast<size_t>(n) * 11 / 12;
  while (post_community_[thread_post_] != 0 || posts_[thread_post_].pinned) --thread_post_;

  KRING_TRY(Batched(n, [&](int64_t i) -> Status {
    KRING_TRY(s_.posts().Create(posts_[static_cast<size_t>(i)]));
    core::Post& p = posts_[static_cast<size_t>(i)];
    p.body.clear();
    p.body.shrink_to_fit();
    p.body_html.clear();
    p.body_html.shrink_to_fit();
    return Status::Ok();
  }));
  Step("posts", n);
  return Status::Ok();
}

Status Seeder::Comments() {
  const int64_t total = Scaled(1000000, 5000);
  std::vector<std::string> sources;
  for (int i = 0; i < 512; ++i) {
    std::string md = Pick(rng_, kReplies);
    if (i % 3 == 0) md += " " + Pick(rng_, kSentences);
    if (i % 11 == 5) md += " @" + accounts_[1 + static_cast<size_t>(i) % (accounts_.size() - 1)].handle;
    if (i % 13 == 7) md += " #" + Pick(rng_, kTags);
    sources.push_back(std::move(md));
  }
  comment_bodies_ = RenderBodies(sources);

  // How many comments each post gets: geometric around the mean, trimmed or topped up to the
  // exact total; the thread post gets exactly kThreadComments.
  const size_t np = posts_.size();
  const double mean = static_cast<double>(total) / static_cast<double>(np);
  std::vector<int32_t> count(np);
  int64_t sum = 0;
  for (size_t i = 0; i < np; ++i) sum += count[i] = std::min(5000, Geometric(rng_, mean));
  sum += kThreadComments - count[thread_post_];
  count[thread_post_] = kThreadComments;
  std::uniform_int_distribution<size_t> any_post(0, np - 1);
  while (sum != total) {
    size_t i = any_post(rng_);
    if (i == thread_post_) continue;
    if (sum < total) {
      ++count[i];
      ++sum;
    } else if (count[i] > 0) {
      --count[i];
      --sum;
    }
  }

  std::vector<CommentPlan> plan;
  plan.reserve(static_cast<size_t>(total));
  std::exponential_distribution<double> gap(1.0 / (2.0 * static_cast<double>(kHourMs)));
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int32_t> any_body(0, static_cast<int32_t>(comment_bodies_.size()) - 1);
  for (size_t i = 0; i < np; ++i) {
    TimeMs t = posts_[i].created_at;
    const int32_t c = post_community_[i];
    const size_t first = plan.size();
    for (int32_t j = 0; j < count[i]; ++j) {
      t = std::min(now_ - 1000, t + 1 + static_cast<TimeMs>(gap(rng_)));
      int32_t author = c >= 0 ? Pick(rng_, members_[static_cast<size_t>(c)])
                              : static_cast<int32_t>(std::uniform_int_distribution<size_t>(1, accounts_.size() - 1)(rng_));
      int32_t parent = -1;
      if (j > 0 && percent(rng_) < 35)
        parent = static_cast<int32_t>(first + std::uniform_int_distribution<size_t>(0, plan.size() - first - 1)(rng_));
      plan.push_back(CommentPlan{t, static_cast<int32_t>(i), author, parent, any_body(rng_)});
    }
  }
  // Insert in time order (ids grow with time, as they do on a live server); a parent always sorts
  // before its replies because it was planned first with an earlier or equal time.
  std::vector<int32_t> order(plan.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return plan[static_cast<size_t>(a)].at < plan[static_cast<size_t>(b)].at; });
  std::vector<int64_t> id_of(plan.size(), 0);
  IdsAt ids(4);
  core::Comment x;
  KRING_TRY(Batched(static_cast<int64_t>(order.size()), [&](int64_t k) -> Status {
    const size_t i = static_cast<size_t>(order[static_cast<size_t>(k)]);
    const CommentPlan& cp = plan[i];
    const Body& b = comment_bodies_[static_cast<size_t>(cp.body)];
    id_of[i] = ids.At(cp.at);
    x.id = CommentId(id_of[i]);
    x.post = posts_[static_cast<size_t>(cp.post)].id;
    x.parent = cp.parent >= 0 ? std::optional<CommentId>(CommentId(id_of[static_cast<size_t>(cp.parent)])) : std::nullopt;
    x.author = accounts_[static_cast<size_t>(cp.author)].id;
    x.body = b.markdown;
    x.body_html = b.html;
    x.mentions = b.mentions;
    x.created_at = cp.at;
    return s_.comments().Create(x);
  }));
  // Keep a sample of comment ids for comment reactions: mean 0.5 reactions per comment.
  comment_count_ = total;
  Step("comments", total);

  std::vector<std::tuple<int64_t, TimeMs, int32_t>> targets;  // comment id, time, community
  for (size_t i = 0; i < plan.size(); ++i) {
    int n = Geometric(rng_, 0.5);
    for (int j = 0; j < n; ++j) targets.emplace_back(id_of[i], plan[i].at, post_community_[static_cast<size_t>(plan[i].post)]);
  }
  int64_t added = 0;
  KRING_TRY(Batched(static_cast<int64_t>(targets.size()), [&](int64_t k) -> Status {
    auto [id, at, c] = targets[static_cast<size_t>(k)];
    size_t who = c >= 0 ? static_cast<size_t>(Pick(rng_, members_[static_cast<size_t>(c)]))
                        : std::uniform_int_distribution<size_t>(1, accounts_.size() - 1)(rng_);
    KRING_ASSIGN_OR_RETURN(bool changed, s_.reactions().Add("comment", id, accounts_[who].id, ReactionKind(),
                                                            std::min(now_, at + kMinuteMs)));
    added += changed;
    return Status::Ok();
  }));
  reaction_count_ += added;
  Step("reactions/c", added);
  return Status::Ok();
}

Status Seeder::Reactions() {
  int64_t added = 0;
  KRING_TRY(Batched(static_cast<int64_t>(posts_.size()), [&](int64_t i) -> Status {
    const core::Post& p = posts_[static_cast<size_t>(i)];
    const int32_t c = post_community_[static_cast<size_t>(i)];
    int n = Geometric(rng_, 3.0);
    for (int j = 0; j < n; ++j) {
      size_t who = c >= 0 ? static_cast<size_t>(Pick(rng_, members_[static_cast<size_t>(c)]))
                          : std::uniform_int_distribution<size_t>(1, accounts_.size() - 1)(rng_);
      KRING_ASSIGN_OR_RETURN(bool changed, s_.reactions().Add("post", p.id.value(), accounts_[who].id, ReactionKind(),
                                                              std::min(now_, p.created_at + kHourMs)));
      added += changed;
    }
    return Status::Ok();
  }));
  reaction_count_ += added;
  Step("reactions/p", added);
  return Status::Ok();
}

Status Seeder::Sessions() {
  security::SodiumTokenService tokens;
  IdsAt ids(5);
  for (int i = 1; i <= kBenchAccounts; ++i) {
    std::string token = tokens.NewToken();
    app::Session s;
    s.id = SessionId(ids.At(now_));
    s.account = accounts_[static_cast<size_t>(i)].id;
    s.token_hash = tokens.Digest(token);
    s.kind = "bearer";
    s.label = "kring bench";
    s.created_at = s.last_used_at = now_;
    s.expires_at = now_ + 365 * kDayMs;
    KRING_TRY(s_.transactor().RunInTransaction([&] { return s_.sessions().Create(s); }));
    tokens_.push_back(std::move(token));
  }
  return Status::Ok();
}

Status Seeder::WriteManifest() {
  // The scenarios' targets.
  std::map<std::string, int64_t> tag_uses;
  for (const auto& p : posts_)
    for (const auto& t : p.hashtags) ++tag_uses[t.key];
  std::string top_tag;
  int64_t top_uses = -1;
  for (const auto& [k, n] : tag_uses)
    if (n > top_uses) top_uses = n, top_tag = k;
  std::map<int64_t, int64_t> posts_by;
  for (const auto& p : posts_)
    if (p.author) ++posts_by[p.author->value()];
  // The profile scenario: the non-bench member with the most posts.
  int64_t profile = 0, profile_posts = -1;
  for (size_t a = kBenchAccounts + 1; a < accounts_.size(); ++a) {
    int64_t n = posts_by[accounts_[a].id.value()];
    if (n > profile_posts) profile_posts = n, profile = accounts_[a].id.value();
  }
  // The write scenarios: recent posts in the bench communities (every bench account may write there).
  std::vector<int64_t> write_posts;
  for (size_t i = posts_.size(); i-- > 0 && write_posts.size() < 1000;)
    if (post_community_[i] >= 0 && post_community_[i] < kBenchCommunities) write_posts.push_back(posts_[i].id.value());

  std::string j = "{\n";
  j += "  \"scale\": " + std::to_string(scale_) + ",\n";
  j += "  \"password\": " + JsonString(kBenchPassword) + ",\n";
  j += "  \"counts\": {\"accounts\": " + std::to_string(accounts_.size()) +
       ", \"communities\": " + std::to_string(communities_.size()) +
       ", \"memberships\": " + std::to_string(membership_count_) + ", \"follows\": " + std::to_string(follow_count_) +
       ", \"posts\": " + std::to_string(posts_.size()) + ", \"comments\": " + std::to_string(comment_count_) +
       ", \"reactions\": " + std::to_string(reaction_count_) + "},\n";
  j += "  \"community_slug\": " + JsonString(communities_[0].slug) + ",\n";
  j += "  \"thread_post_id\": \"" + std::to_string(posts_[thread_post_].id.value()) + "\",\n";
  j += "  \"thread_comments\": " + std::to_string(kThreadComments) + ",\n";
  j += "  \"home_account_id\": \"" + std::to_string(accounts_[1].id.value()) + "\",\n";
  j += "  \"home_communities\": " + std::to_string(kBenchCommunities) + ",\n";
  j += "  \"hashtag\": " + JsonString(top_tag) + ",\n";
  j += "  \"hashtag_posts\": " + std::to_string(top_uses) + ",\n";
  j += "  \"profile_account_id\": \"" + std::to_string(profile) + "\",\n";
  j += "  \"profile_posts\": " + std::to_string(profile_posts) + ",\n";
  j += "  \"tokens\": [";
  for (size_t i = 0; i < tokens_.size(); ++i) j += (i ? ", " : "") + JsonString(tokens_[i]);
  j += "],\n  \"write_post_ids\": [";
  for (size_t i = 0; i < write_posts.size(); ++i) j += (i ? ", \"" : "\"") + std::to_string(write_posts[i]) + "\"";
  j += "]\n}\n";

  std::string path = rt_.config().data_dir + "/bench-manifest.json";
  std::ofstream out(path, std::ios::trunc);
  out << j;
  out.close();
  if (!out) return Unavailable("storage_unavailable", "Cannot write " + path);
  std::printf("Manifest written to %s.\n", path.c_str());
  return Status::Ok();
}

Status Seeder::Run() {
  KRING_ASSIGN_OR_RETURN(int64_t existing, s_.accounts().Count());
  if (existing > 0)
    return Conflict("already_seeded", "This database already has accounts; seed --bench needs a fresh data directory.");
  now_ = rt_.clock().Now();
  // A bigger page cache for the bulk load (this process only; the server opens its own connections).
  KRING_TRY(s_.db().Write([](storage::sqlite::Connection& c) { return c.Exec("PRAGMA cache_size = -131072"); }));
  std::printf("Seeding the bench dataset at scale %g into %s:\n", scale_, s_.db().path().c_str());
  KRING_TRY(Accounts());
  KRING_TRY(Communities());
  KRING_TRY(Follows());
  KRING_TRY(Posts());
  KRING_TRY(Reactions());
  KRING_TRY(Comments());
  KRING_TRY(Sessions());
  KRING_TRY(WriteManifest());
  // Fold the WAL into the main file, so the file size is the database size.
  KRING_TRY(s_.db().Read([](storage::sqlite::Connection& c) -> Status {
    (void)c.Exec("COMMIT");
    Status st = c.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    (void)c.Exec("BEGIN");
    return st;
  }));
  Step("done", 0);
  return Status::Ok();
}

}  // namespace

Status SeedBench(Runtime& runtime, double scale) {
  if (!(scale > 0)) return InvalidArgument("invalid_scale", "--scale must be greater than 0.");
  Seeder seeder(runtime, scale);
  return seeder.Run();
}

}  // namespace kring::main
