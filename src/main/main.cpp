// kring: the command-line entry point. Subcommands: serve, migrate, admin create-user, backup,
// seed --demo. Every subcommand builds the same Runtime (main/runtime.h).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <pthread.h>
#include <unistd.h>

#include "api/api.h"
#include "base/log.h"
#include "main/config.h"
#include "main/logging.h"
#include "main/runtime.h"
#include "main/seed_bench.h"
#include "main/seed_demo.h"
#include "main/seed_insights.h"
#include "main/insights_rollup.h"
#include "main/serve.h"

#ifndef KRING_VERSION
#define KRING_VERSION "0.0.0"
#endif

namespace {

int ExitWithError(const kring::Error& e) {
  std::fprintf(stderr, "kring: %s\n", e.public_message.c_str());
  if (!e.internal_message.empty() && e.internal_message != e.public_message)
    kring::LogError(e.internal_message);
  return 1;
}

// Reads a password without echo when stdin is a terminal, else one line from stdin.
std::string ReadPassword() {
  if (const char* env = std::getenv("KRING_PASSWORD")) return env;
  std::string line;
  if (isatty(STDIN_FILENO)) {
    std::fprintf(stderr, "Password: ");
    std::string cmd = "stty -echo";
    (void)std::system(cmd.c_str());
    std::getline(std::cin, line);
    (void)std::system("stty echo");
    std::fprintf(stderr, "\n");
  } else {
    std::getline(std::cin, line);
  }
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Kring: a self-hosted home for small communities."};
  cli.set_version_flag("--version", std::string("kring ") + KRING_VERSION);
  std::string config_path;
  cli.add_option("-c,--config", config_path, "TOML configuration file")->check(CLI::ExistingFile);
  std::string data_dir_override;
  cli.add_option("--data-dir", data_dir_override, "Where the database lives (overrides storage.data_dir)");
  cli.require_subcommand(1);
  cli.fallthrough();  // global options may follow the subcommand: `kring serve --data-dir d`

  auto* serve = cli.add_subcommand("serve", "Run the server");
  int64_t port_override = -1;
  serve->add_option("--port", port_override, "Port to listen on (0 = any free port)")->check(CLI::Range(0, 65535));

  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the database schema, then exit");

  auto* admin = cli.add_subcommand("admin", "Administration");
  admin->require_subcommand(1);
  auto* create_user = admin->add_subcommand("create-user", "Create an account (password from KRING_PASSWORD or stdin)");
  std::string handle, email, display_name;
  bool make_admin = false;
  create_user->add_option("handle", handle, "Handle of the new account")->required();
  create_user->add_option("--email", email, "Email address");
  create_user->add_option("--display-name", display_name, "Display name");
  create_user->add_flag("--admin", make_admin, "Make the account an instance admin");

  auto* backup = cli.add_subcommand("backup", "Write a consistent copy of the database (safe while serving)");
  std::string backup_file;
  backup->add_option("file", backup_file, "Destination file")->required();

  auto* seed = cli.add_subcommand("seed", "Fill the instance with data");
  bool demo = false, bench = false, insights_seed = false;
  double bench_scale = 1.0;
  auto* demo_flag = seed->add_flag("--demo", demo, "Demo communities with Dutch and English content");
  seed->add_flag("--bench", bench, "A large synthetic dataset for `make bench` (see docs/performance.md)")->excludes(demo_flag);
  seed->add_flag("--insights", insights_seed, "A community with eight weeks of audience history for the insights")
      ->excludes(demo_flag);
  seed->add_option("--scale", bench_scale, "Size of the --bench dataset (1 = 200,000 posts)")->check(CLI::Range(0.001, 100.0));

  auto* insights = cli.add_subcommand("insights", "Insights maintenance");
  insights->require_subcommand(1);
  auto* insights_rollup =
      insights->add_subcommand("rollup", "Aggregate finished days and delete raw events past retention (the server also does this hourly)");

  auto* routes = cli.add_subcommand("routes", "List the HTTP routes the server answers (for the API docs check)");

  CLI11_PARSE(cli, argc, argv);
  if (*seed && !demo && !bench && !insights_seed) {
    std::fprintf(stderr, "kring: seed needs --demo, --bench or --insights\n");
    return 1;
  }

  auto config = kring::main::LoadConfig(config_path);
  if (!config) return ExitWithError(config.error());
  if (port_override >= 0) config->port = port_override;
  if (!data_dir_override.empty()) config->data_dir = data_dir_override;
  kring::main::InstallJsonLogSink(config->log_level);

  if (*serve) {
    // Block the stop signals in every thread; the main thread waits for them with sigwait.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    auto st = kring::main::Serve(*config, KRING_VERSION, signals);
    return st ? 0 : ExitWithError(st.error());
  }

  auto runtime = kring::main::Runtime::Open(*config);
  if (!runtime) return ExitWithError(runtime.error());
  auto& rt = **runtime;

  if (*migrate) {
    auto v = rt.store().db().SchemaVersion();
    if (!v) return ExitWithError(v.error());
    std::printf("Database %s is at schema version %lld.\n", rt.store().db().path().c_str(), static_cast<long long>(*v));
    return 0;
  }
  if (*create_user) {
    kring::app::RegisterInput in;
    in.handle = handle;
    in.email = email;
    in.display_name = display_name;
    in.password = ReadPassword();
    auto account = rt.app().accounts.CreateAccountByOperator(
        in, make_admin ? kring::core::Role::kAdmin : kring::core::Role::kUser);
    if (!account) return ExitWithError(account.error());
    std::printf("Created @%s (id %s%s).\n", account->handle.c_str(), account->id.ToString().c_str(),
                make_admin ? ", admin" : "");
    return 0;
  }
  if (*backup) {
    auto st = rt.store().db().Backup(backup_file);
    if (!st) return ExitWithError(st.error());
    std::printf("Backup written to %s.\n", backup_file.c_str());
    return 0;
  }
  if (*routes) {
    kring::api::Api api(rt.app(), kring::api::ApiConfig{});
    for (const auto& r : api.router().Routes()) std::printf("%s %s\n", r.method.c_str(), r.pattern.c_str());
    return 0;
  }
  if (*insights_rollup) {
    auto st = kring::main::RunInsightsRollup(rt.app().insights);
    if (!st) return ExitWithError(st.error());
    std::printf("Insights rolled up.\n");
    return 0;
  }
  if (*seed && insights_seed) {
    auto st = kring::main::SeedInsights(rt);
    if (!st) return ExitWithError(st.error());
    return 0;
  }
  if (*seed) {
    auto st = bench ? kring::main::SeedBench(rt, bench_scale) : kring::main::SeedDemo(rt);
    if (!st) return ExitWithError(st.error());
    return 0;
  }
  return 0;
}
