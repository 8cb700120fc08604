#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR/fuzz: first the committed regression inputs
# (fuzz/regressions/<target>/, each must pass), then SECONDS of fuzzing from the committed seed
# corpus (fuzz/corpus/<target>/). Targets run in parallel, one per CPU.
#
#   fuzz/run.sh BUILD_DIR SECONDS
#
# New corpus units go to BUILD_DIR/fuzz-corpus/<target> (not the committed seeds). A crash stops
# with the input saved as BUILD_DIR/fuzz-artifacts/<target>-crash-*; fix the bug, then copy the
# file into fuzz/regressions/<target>/ so it is replayed by every `make test` from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}"
seconds="${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}"
bin="$build/fuzz"
work_corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
logs="$build/fuzz-logs"
mkdir -p "$work_corpus" "$artifacts" "$logs"

# Sanitizer reports are failures: UBSan must stop at the first report, not print and go on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Readable stack traces: any llvm-symbolizer will do.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in llvm-symbolizer-16 llvm-symbolizer llvm-symbolizer-14; do
    if command -v "$s" >/dev/null 2>&1; then export ASAN_SYMBOLIZER_PATH="$(command -v "$s")"; break; fi
  done
fi

targets=()
for t in "$bin"/fuzz_*; do
  [ -x "$t" ] && targets+=("$(basename "$t")")
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no targets in $bin (build them with: make fuzz-build)" >&2
  exit 1
fi

run_one() {
  local name="$1" short="${1#fuzz_}"
  local seeds="fuzz/corpus/$short" regress="fuzz/regressions/$short" corpus="$work_corpus/$short"
  local log="$logs/$name.log"
  local dict=()
  [ -f "fuzz/$short.dict" ] && dict=(-dict="fuzz/$short.dict")
  mkdir -p "$corpus"
  : > "$log"
  # 1. Regressions: every input that ever crashed a target, replayed once.
  if [ -d "$regress" ] && [ -n "$(ls -A "$regress" 2>/dev/null | grep -v '^\.gitkeep$' || true)" ]; then
    if ! "$bin/$name" $(find "$regress" -type f ! -name .gitkeep | sort) >>"$log" 2>&1; then
      echo "fuzz: $name FAILED a regression input (see $log)"; tail -40 "$log"; return 1
    fi
  fi
  # 2. Fuzzing from the seeds plus what earlier runs found.
  local start=$SECONDS
  if "$bin/$name" "$corpus" "$seeds" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
       -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/$name-" >>"$log" 2>&1; then
    local execs cov
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
    echo "fuzz: $name ok: ${execs:-?} inputs in $((SECONDS - start)) s, coverage ${cov:-?} edges, corpus $(ls "$corpus" | wc -l) files"
  else
    echo "fuzz: $name FOUND A CRASH (log $log); inputs saved as $artifacts/$name-*"
    grep -E "ERROR|FUZZ ORACLE|runtime error|SUMMARY|Test unit written" "$log" | head -20
    return 1
  fi
}
export -f run_one
export bin work_corpus artifacts logs seconds

jobs=$(nproc 2>/dev/null || echo 2)
echo "fuzz: ${targets[*]}: regressions, then ${seconds} s each, ${jobs} at a time"
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {}
