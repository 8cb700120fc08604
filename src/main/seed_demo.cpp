#include "main/seed_demo.h"

#include <cstdio>
#include <map>

namespace kring::main {
namespace {

struct Person {
  const char* handle;
  const char* name;
  const char* bio;
  const char* locale;
};

constexpr Person kPeople[] = {
    {"fleur", "Fleur de Vries", "Beheerder van deze server. Loopt elke zondag 15 km.", "nl"},
    {"anna", "Anna Bakker", "Moestuinier in Oost. Tomaten, bonen en te veel courgettes.", "nl"},
    {"joris", "Joris Jansen", "Vrijwillig moderator. Fotografeert vogels bij zonsopkomst.", "nl"},
    {"korenschoof", "Bakkerij De Korenschoof", "Ambachtelijke bakkerij in Deventer sinds 1962.", "nl"},
    {"sam", "Sam Okafor", "Specialty coffee nerd. Roaster visits, brew guides, honest reviews.", "en"},
    {"mila", "Mila", "Photography circle. Herons, mostly.", "en"},
};

}  // namespace

Status SeedDemo(Runtime& rt) {
  app::App& app = rt.app();
  for (const Person& p : kPeople) {
    KRING_ASSIGN_OR_RETURN(auto existing, rt.store().accounts().FindByHandleKey(p.handle));
    if (existing)
      return Conflict("already_seeded", std::string("The demo needs the handle @") + p.handle +
                                            ", which is already taken here; seed a fresh data directory instead.");
  }

  std::map<std::string, app::AuthContext> who;
  for (const Person& p : kPeople) {
    app::RegisterInput in;
    in.handle = p.handle;
    in.password = kDemoPassword;
    in.display_name = p.name;
    in.locale = p.locale;
    in.email = std::string(p.handle) + "@example.org";
    auto role = std::string(p.handle) == "fleur" ? core::Role::kAdmin : core::Role::kUser;
    KRING_ASSIGN_OR_RETURN(core::Account a, app.accounts.CreateAccountByOperator(in, role));
    app::ProfileUpdate u;
    u.bio = p.bio;
    KRING_ASSIGN_OR_RETURN(a, app.accounts.UpdateProfile(app::AuthContext{a, {}}, u));
    who.emplace(p.handle, app::AuthContext{a, {}});
  }
  KRING_ASSIGN_OR_RETURN(app::InstanceSettings settings, app.accounts.GetInstanceSettings());
  settings.name = "Kring Oost";
  settings.description = "Een kleine server voor buurt, club en bakkerij. A small home for our local circles.";
  settings.rules = {"Wees aardig / Be kind", "Geen reclame zonder label / No unlabelled advertising"};
  KRING_TRY(app.accounts.UpdateInstanceSettings(who.at("fleur").viewer(), settings));

  auto community = [&](const char* owner, const char* slug, const char* name, const char* description,
                       std::vector<std::string> topics, const char* language, const char* place,
                       core::Visibility visibility, core::JoinPolicy policy,
                       std::vector<std::string> rules) -> Status {
    core::Community c;
    c.slug = slug;
    c.name = name;
    c.description = description;
    c.topics = std::move(topics);
    c.language = language;
    c.place = place;
    c.visibility = visibility;
    c.join_policy = policy;
    c.rules = std::move(rules);
    KRING_ASSIGN_OR_RETURN(auto v, app.communities.Create(who.at(owner), std::move(c)));
    (void)v;
    return Status::Ok();
  };
  KRING_TRY(community("anna", "moestuin-oost", "Moestuin Oost",
                      "Volkstuinders van Oost. Zaai-tips, de gieterrooster en de maandelijkse vragenronde vanuit het schuurtje.",
                      {"tuinieren", "moestuin"}, "nl", "Amsterdam", core::Visibility::kMembersOnly,
                      core::JoinPolicy::kApproval,
                      {"Help elkaar, ook als het een domme vraag lijkt.", "Geen bestrijdingsmiddelen aanraden."}));
  KRING_TRY(community("korenschoof", "vrienden-van-de-korenschoof", "Vrienden van de Korenschoof",
                      "Het brood van de dag, recepten en jullie recensies. Elke ochtend om 7:00 het verse aanbod.",
                      {"bakken", "brood", "deventer"}, "nl", "Deventer", core::Visibility::kPublic,
                      core::JoinPolicy::kOpen, {"Recensies zijn eerlijk en over eigen ervaring."}));
  KRING_TRY(community("fleur", "hardloopclub-zwolle", "Hardloopclub Zwolle",
                      "Samen lopen langs de IJssel. Zondagochtend 9:00 vanaf de Pelserbrug.",
                      {"hardlopen", "sport"}, "nl", "Zwolle", core::Visibility::kPublic, core::JoinPolicy::kOpen, {}));
  KRING_TRY(community("sam", "specialty-coffee", "Specialty Coffee NL",
                      "Brew guides, roaster visits and honest reviews. Paid or gifted? Say so.",
                      {"coffee", "koffie"}, "en", "", core::Visibility::kPublic, core::JoinPolicy::kOpen,
                      {"Disclose gifts and paid posts.", "Critique the coffee, not the person."}));
  KRING_TRY(community("joris", "fotokring", "Fotokring",
                      "Amateur photographers. Weekly theme, gentle critique, no gear wars.",
                      {"fotografie", "photography"}, "en", "", core::Visibility::kPublic, core::JoinPolicy::kOpen, {}));

  auto join = [&](const char* handle, const char* slug) -> Status {
    KRING_ASSIGN_OR_RETURN(auto out, app.communities.Join(who.at(handle), slug, "Hoi! Ik tuinier ook in Oost.", ""));
    if (out.state == "requested")
      KRING_TRY(app.communities.DecideJoinRequest(who.at("anna"), slug, who.at(handle).account.id, true));
    return Status::Ok();
  };
  for (auto [h, s] : std::vector<std::pair<const char*, const char*>>{
           {"joris", "moestuin-oost"}, {"mila", "moestuin-oost"}, {"anna", "vrienden-van-de-korenschoof"},
           {"sam", "vrienden-van-de-korenschoof"}, {"mila", "vrienden-van-de-korenschoof"},
           {"anna", "hardloopclub-zwolle"}, {"joris", "hardloopclub-zwolle"}, {"mila", "fotokring"},
           {"anna", "fotokring"}, {"korenschoof", "specialty-coffee"}, {"mila", "specialty-coffee"}})
    KRING_TRY(join(h, s));
  KRING_TRY(app.communities.SetMemberRole(who.at("anna"), "moestuin-oost", who.at("joris").account.id,
                                          core::MemberRole::kModerator));

  auto post = [&](const char* handle, const char* slug, const char* kind, const char* title, const char* body,
                  const char* place = "", int rating = 0, const char* url = "") -> Result<PostId> {
    app::PostInput in;
    in.community_slug = slug;
    in.kind = kind;
    in.title = title;
    in.body = body;
    in.place_name = place;
    in.rating = rating;
    in.url = url;
    KRING_ASSIGN_OR_RETURN(auto out, app.posts.CreatePost(who.at(handle), in));
    return out.post->post.id;
  };
  auto comment = [&](const char* handle, PostId post, std::optional<CommentId> parent, const char* body) -> Result<CommentId> {
    KRING_ASSIGN_OR_RETURN(auto c, app.posts.CreateComment(who.at(handle), post, parent, body));
    return c.comment.id;
  };
  auto react = [&](const char* handle, const char* type, int64_t id, const char* kind) -> Status {
    KRING_ASSIGN_OR_RETURN(auto s, app.posts.React(who.at(handle), type, id, kind, true));
    (void)s;
    return Status::Ok();
  };

  KRING_ASSIGN_OR_RETURN(PostId rota, post("anna", "moestuin-oost", "announcement", "Gieterrooster december",
                                           "Het rooster staat weer klaar. Ruil je beurt in de reacties. #gieten #rooster"));
  KRING_ASSIGN_OR_RETURN(auto pinned, app.posts.SetPinned(who.at("anna"), rota, true));
  (void)pinned;
  KRING_ASSIGN_OR_RETURN(PostId blight, post("joris", "moestuin-oost", "question", "Bruine vlekken op mijn tomaten?",
                                             "Sinds de regen van vorige week krijgen de bladeren bruine vlekken. "
                                             "Is dit **phytophthora**? @anna heb jij dit ook gehad? #tomaten #ziektes"));
  KRING_ASSIGN_OR_RETURN(CommentId answer, comment("anna", blight, std::nullopt,
                                                  "Klinkt als phytophthora. Haal de aangetaste bladeren weg en gooi ze "
                                                  "**niet** op de composthoop. Volgend jaar een resistent ras, zoals 'Philovita'."));
  KRING_ASSIGN_OR_RETURN(CommentId thanks, comment("joris", blight, answer, "Dank je! Ik ga ze vanavond weghalen."));
  (void)thanks;
  KRING_ASSIGN_OR_RETURN(auto accepted, app.posts.AcceptAnswer(who.at("joris"), blight, answer));
  (void)accepted;
  KRING_TRY(react("mila", "comment", answer.value(), "like"));
  KRING_TRY(react("joris", "comment", answer.value(), "heart"));

  KRING_ASSIGN_OR_RETURN(PostId bread, post("korenschoof", "vrienden-van-de-korenschoof", "discussion",
                                            "Vers vandaag: desem-spelt en krentenbollen",
                                            "Om 7:00 uit de oven: **desem-spelt**, roggebrood en de eerste krentenbollen "
                                            "van de week. #brood #desem"));
  KRING_TRY(react("anna", "post", bread.value(), "heart"));
  KRING_TRY(react("sam", "post", bread.value(), "like"));
  KRING_TRY(react("mila", "post", bread.value(), "like"));
  KRING_ASSIGN_OR_RETURN(PostId review, post("anna", "vrienden-van-de-korenschoof", "review", "Beste roggebrood van Deventer",
                                             "Stevig, zuur en blijft dagen goed. De krentenbollen zijn op zaterdag om 9:00 al op, "
                                             "dus kom op tijd. #desem", "Bakkerij De Korenschoof, Deventer", 5));
  KRING_ASSIGN_OR_RETURN(CommentId r1, comment("korenschoof", review, std::nullopt,
                                              "Dank je wel Anna! Zaterdag bakken we een extra plaat."));
  (void)r1;

  KRING_ASSIGN_OR_RETURN(PostId run, post("fleur", "hardloopclub-zwolle", "discussion", "Zondag 15 km langs de IJssel",
                                          "We starten om 9:00 bij de Pelserbrug. Tempo 6:00/km, niemand blijft achter. #zondagloop"));
  KRING_ASSIGN_OR_RETURN(CommentId c_run, comment("joris", run, std::nullopt, "Ik ben erbij, met koffie na afloop?"));
  KRING_ASSIGN_OR_RETURN(CommentId c_run2, comment("fleur", run, c_run, "Altijd. Bij de Korenschoof-kraam op de markt."));
  (void)c_run2;
  KRING_TRY(react("anna", "post", run.value(), "celebrate"));

  KRING_ASSIGN_OR_RETURN(PostId brew, post("sam", "specialty-coffee", "discussion", "V60 recipe for light roasts",
                                           "15 g coffee, 250 g water at 94 °C, bloom 45 s, finish by 2:45. "
                                           "Grind finer than you think. #v60 #brewguide"));
  KRING_ASSIGN_OR_RETURN(CommentId c_brew, comment("mila", brew, std::nullopt, "Tried it this morning: so much sweeter!"));
  KRING_TRY(react("sam", "comment", c_brew.value(), "heart"));
  KRING_TRY(react("korenschoof", "post", brew.value(), "like"));
  KRING_ASSIGN_OR_RETURN(PostId link, post("sam", "specialty-coffee", "link", "Why water chemistry matters",
                                           "A clear explainer on magnesium and bicarbonate. #water", "", 0,
                                           "https://example.org/water-for-coffee"));
  (void)link;

  KRING_ASSIGN_OR_RETURN(PostId heron, post("mila", "fotokring", "discussion", "Heron at dawn",
                                            "Caught this one at the pond before school. Theme of the week: *stillness*. #heron #stillness"));
  KRING_ASSIGN_OR_RETURN(CommentId c_heron, comment("joris", heron, std::nullopt,
                                                   "Lovely patience in this one. Try a slightly lower angle next time."));
  (void)c_heron;
  KRING_TRY(react("anna", "post", heron.value(), "wow"));
  KRING_TRY(react("joris", "post", heron.value(), "heart"));

  KRING_TRY(app.follows.Follow(who.at("mila"), who.at("sam").account.id));
  KRING_TRY(app.follows.Follow(who.at("anna"), who.at("korenschoof").account.id));
  KRING_TRY(app.follows.Follow(who.at("joris"), who.at("anna").account.id));

  std::printf("Demo data created: 6 accounts, 5 communities, posts, replies and reactions.\n"
              "Log in as anna, joris, fleur (admin), korenschoof, sam or mila with the password \"%s\".\n",
              kDemoPassword);
  return Status::Ok();
}

}  // namespace kring::main
