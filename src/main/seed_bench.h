// `kring seed --bench [--scale N]`: a large, realistic, deterministic dataset for `make bench`.
//
// At scale 1: 10,000 accounts, 200 communities (Zipf-sized, a tenth members-only), memberships,
// 100,000 follows, 200,000 posts over the past year with hashtags and mentions, 1,000,000
// comments (a third of them replies), and about 1,100,000 reactions. Other scales multiply every
// count (minimum sizes keep the scenarios meaningful at tiny scales).
//
// Speed over ceremony: rows go straight into the SQLite repositories (storage/sqlite) in large
// transactions, not through the use cases, so every account shares one password hash (computed
// once) and Markdown is rendered once per distinct body, not per row. The rows are the same ones
// the use cases would write (rendered HTML, hashtag and mention rows, denormalised counters).
//
// Besides the data, it creates bearer sessions for the 64 "bench" accounts (so the benchmark
// never pays for argon2 at log-in) and writes `<data_dir>/bench-manifest.json`: the ids, slugs,
// tokens and counts the load scenarios need. Refuses to run on a database that has accounts.
#pragma once

#include "base/result.h"
#include "main/runtime.h"

namespace kring::main {

// Every bench account's password (log-in works, though the benchmark uses the seeded tokens).
inline constexpr const char* kBenchPassword = "kring-bench-2026";

// Fills the instance; prints progress and the counts to stdout. `scale` > 0.
Status SeedBench(Runtime& runtime, double scale);

}  // namespace kring::main
