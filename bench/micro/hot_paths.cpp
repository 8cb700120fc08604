// Micro-benchmarks for the hot paths of a request: JSON rendering of a feed page, Markdown
// rendering (with hashtag and mention parsing), id generation and permission checks.
//
// Where a natural reference exists it runs beside, named *_Reference:
//   - feed JSON:   serialising an already-built JSON value of the same page (so the difference is
//                  the cost of our DTO conversion);
//   - Markdown:    cmark-gfm's own HTML renderer with the same extensions (so the difference is
//                  our allow-list renderer plus hashtag/mention parsing);
//   - ids:         reading the system clock, which every id needs.
#include <benchmark/benchmark.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "api/dto.h"
#include "base/clock.h"
#include "base/id_generator.h"
#include "core/permissions.h"
#include "core/unicode_text.h"
#include "text/markdown.h"

namespace {

using namespace kring;

const std::string kPostMarkdown =
    "Vanochtend weer een rondje gelopen langs de IJssel, het tempo ging prima. Heeft iemand tips voor "
    "een goede desem die niet te zuur wordt?\n\n"
    "The light this morning was perfect for a slow walk with the camera. We zoeken nog vrijwilligers "
    "voor de markt van zaterdag, wie helpt er mee? @anna_12 weet meer.\n\n"
    "- Goed idee, ik doe mee!\n- **Nieuw recept**\n\nMeer info: https://example.org/markt\n\n"
    "#moestuin #desem #zondagloop";
const std::string kCommentMarkdown = "Thanks for sharing, this helps a lot. @joris_7 dat is **heel** handig #tips";

text::MarkdownOptions Options() {
  text::MarkdownOptions o;
  o.mention_href = [](std::string_view key) -> std::optional<std::string> { return "/@" + std::string(key); };
  return o;
}

app::PostView MakePostView(int i) {
  app::PostView v;
  v.post.id = PostId(904163686023888896 + i);
  v.post.community = CommunityId(519534989730185216);
  v.post.author = AccountId(721822821369577472 + i % 7);
  v.post.kind = core::PostKind::kDiscussion;
  v.post.title = "Weekend run langs de IJssel";
  v.post.body = kPostMarkdown;
  v.post.body_html = text::RenderMarkdown(kPostMarkdown, Options()).html;
  v.post.hashtags = {{"moestuin", "moestuin"}, {"desem", "desem"}, {"zondagloop", "zondagloop"}};
  v.post.created_at = 1767225600000 - i * 3600000;
  v.post.last_activity_at = v.post.created_at + 600000;
  v.post.comment_count = 5 + i;
  core::Account a;
  a.id = *v.post.author;
  a.handle = "anna_12";
  a.handle_key = "anna_12";
  a.display_name = "Anna Bakker";
  a.bio = "Moestuinier in Oost.";
  a.created_at = 1700000000000;
  v.author = a;
  core::Community c;
  c.id = *v.post.community;
  c.slug = "moestuin-oost-0";
  c.name = "Moestuin Oost";
  c.description = "Volkstuinders van Oost.";
  c.topics = {"moestuin", "oost"};
  c.member_count = 1234;
  c.post_count = 34000;
  v.community = c;
  v.reactions.counts = {{"like", 6}, {"heart", 3}, {"wow", 1}};
  v.reactions.mine = {"heart"};
  return v;
}

const std::vector<app::PostView>& FeedPage() {
  static const std::vector<app::PostView> page = [] {
    std::vector<app::PostView> p;
    for (int i = 0; i < 20; ++i) p.push_back(MakePostView(i));
    return p;
  }();
  return page;
}

void BM_FeedPageJson(benchmark::State& state) {
  const auto& page = FeedPage();
  size_t bytes = 0;
  for (auto _ : state) {
    boost::json::array a;
    for (const auto& p : page) a.push_back(api::PostViewToJson(p));
    std::string s = boost::json::serialize(a);
    bytes += s.size();
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(page.size()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetLabel("20 posts");
}
BENCHMARK(BM_FeedPageJson);

void BM_FeedPageJson_Reference(benchmark::State& state) {
  boost::json::array a;
  for (const auto& p : FeedPage()) a.push_back(api::PostViewToJson(p));
  const boost::json::value v(std::move(a));
  size_t bytes = 0;
  for (auto _ : state) {
    std::string s = boost::json::serialize(v);
    bytes += s.size();
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetLabel("serialise only");
}
BENCHMARK(BM_FeedPageJson_Reference);

void BM_MarkdownPost(benchmark::State& state) {
  const auto options = Options();
  for (auto _ : state) {
    auto r = text::RenderMarkdown(kPostMarkdown, options);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPostMarkdown.size()));
}
BENCHMARK(BM_MarkdownPost);

void BM_MarkdownComment(benchmark::State& state) {
  const auto options = Options();
  for (auto _ : state) {
    auto r = text::RenderMarkdown(kCommentMarkdown, options);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kCommentMarkdown.size()));
}
BENCHMARK(BM_MarkdownComment);

// The slowest post bodies we know of, each at the 40,000-character limit: the cost a hostile member
// can impose per post (rendering holds a process-wide mutex). Found by fuzzing and by hand; see
// the guards in text/markdown.cpp. Arg: which input.
std::string WorstCaseMarkdown(int which) {
  std::string s;
  auto repeat = [&](const std::string& unit) { while (s.size() + unit.size() <= 40000) s += unit; };
  switch (which) {
    case 0: {  // a table of 127 columns, as many rows as fit
      std::string row = "|";
      for (int i = 0; i < 127; ++i) row += "a|";
      s = row + "\n|";
      for (int i = 0; i < 127; ++i) s += "-|";
      s += "\n";
      repeat(row + "\n");
      break;
    }
    case 1: repeat("|a"); break;       // one table row of 20,000 cells (extension switched off)
    case 2: repeat("a.b@"); break;     // e-mail-like run (autolink switched off)
    case 3: repeat("~a"); break;       // strikethrough openers
    case 4: repeat(">"); break;        // deep block quotes
    default: repeat("#a "); break;     // hashtags
  }
  return s;
}

void BM_MarkdownWorstCase(benchmark::State& state) {
  const auto options = Options();
  const std::string md = WorstCaseMarkdown(static_cast<int>(state.range(0)));
  static const char* kNames[] = {"table 127 cols", "20k-cell row", "a.b@ run", "~a run", "> nesting", "#a hashtags"};
  for (auto _ : state) {
    auto r = text::RenderMarkdown(md, options);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(kNames[state.range(0)]);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(md.size()));
}
BENCHMARK(BM_MarkdownWorstCase)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

// cmark-gfm's own renderer with the extensions Kring enables.
std::string CmarkHtml(const std::string& md) {
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  for (const char* name : {"autolink", "strikethrough", "table", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
  cmark_parser_feed(parser, md.data(), md.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));
  std::string out(html);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

void BM_MarkdownPost_Reference(benchmark::State& state) {
  for (auto _ : state) {
    auto s = CmarkHtml(kPostMarkdown);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kPostMarkdown.size()));
  state.SetLabel("cmark-gfm HTML renderer");
}
BENCHMARK(BM_MarkdownPost_Reference);

void BM_FindTokens(benchmark::State& state) {
  for (auto _ : state) {
    auto t = core::FindTokens(kPostMarkdown);
    benchmark::DoNotOptimize(t);
  }
  state.SetLabel("hashtags and mentions in a post");
}
BENCHMARK(BM_FindTokens);

void BM_IdNext(benchmark::State& state) {
  SystemClock clock;
  SnowflakeIdGenerator ids(clock, 0);
  for (auto _ : state) benchmark::DoNotOptimize(ids.Next());
}
BENCHMARK(BM_IdNext);

void BM_IdNext_Reference(benchmark::State& state) {
  SystemClock clock;
  for (auto _ : state) benchmark::DoNotOptimize(clock.Now());
  state.SetLabel("SystemClock::Now");
}
BENCHMARK(BM_IdNext_Reference);

void BM_IdNextContended(benchmark::State& state) {
  static SystemClock clock;
  static SnowflakeIdGenerator ids(clock, 0);
  for (auto _ : state) benchmark::DoNotOptimize(ids.Next());
}
BENCHMARK(BM_IdNextContended)->Threads(4);

void BM_PermissionChecks(benchmark::State& state) {
  core::Community open, closed;
  open.visibility = core::Visibility::kPublic;
  closed.visibility = core::Visibility::kMembersOnly;
  std::optional<core::Membership> member = core::Membership{CommunityId(1), AccountId(2), core::MemberRole::kMember, 0};
  std::optional<core::Membership> none;
  core::Viewer viewer{AccountId(2), core::Role::kUser};
  for (auto _ : state) {
    benchmark::DoNotOptimize(core::CanReadContent(open, none));
    benchmark::DoNotOptimize(core::CanReadContent(closed, member));
    benchmark::DoNotOptimize(core::CanModerate(viewer, closed, member));
    benchmark::DoNotOptimize(core::CanPost(open, member, core::PostKind::kAnnouncement));
  }
  state.SetItemsProcessed(state.iterations() * 4);
  state.SetLabel("4 checks");
}
BENCHMARK(BM_PermissionChecks);

}  // namespace
