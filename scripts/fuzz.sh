#!/usr/bin/env bash
# Runs pwcheck's libFuzzer targets (tests/fuzz/: every scheme row's parser, identify, batch's records)
# for a bounded time each, in build-fuzz (clang, -fsanitize=fuzzer,address,undefined). The seed
# corpora come from tests/vectors/data; the committed findings (tests/fuzz/regressions/<target>/) are
# run first. Exits non-zero on any finding (crash, sanitizer report, leak, timeout, out of memory),
# keeping its input in the findings directory and printing the command that reproduces it.
#
# Usage: scripts/fuzz.sh [TARGET...]        (default: every target; names as PWCHECK_FUZZ_TARGET takes)
# Environment:
#   PWCHECK_FUZZ_SECONDS  fuzzing time per target (default 60)
#   PWCHECK_FUZZ_JOBS     targets run at the same time (default 2)
#   PWCHECK_FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (default 5)
#   PWCHECK_FUZZ_FINDINGS where the logs and findings go (default build-fuzz/findings)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=build-fuzz
seconds="${PWCHECK_FUZZ_SECONDS:-60}"
jobs="${PWCHECK_FUZZ_JOBS:-2}"
timeout="${PWCHECK_FUZZ_TIMEOUT:-5}"
findings="${PWCHECK_FUZZ_FINDINGS:-$build/findings}"

# Static libstdc++ and ASan do not mix: the shared libraries, as in build-asan.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPWCHECK_FUZZ=ON \
  -DPWCHECK_BUILD_TESTS=OFF -DPWCHECK_BUILD_BENCH=OFF -DPWCHECK_STATIC_DEPS=OFF >/dev/null
cmake --build "$build" --target pwcheck_fuzz pwcheck_fuzz_seeds

mkdir -p "$build/corpus"
all_targets="$("$build/tests/fuzz/pwcheck_fuzz_seeds" "$build/corpus")"
if [ "$#" -gt 0 ]; then
  targets="$(printf '%s\n' "$@")"
  for t in $targets; do
    grep -qx -- "$t" <<<"$all_targets" || { echo "fuzz: no target '$t'; targets: $(echo $all_targets)" >&2; exit 2; }
  done
else
  targets="$all_targets"
fi
mkdir -p "$findings"

# One target: its seeds (grown by libFuzzer) and its committed regressions as corpora.
run_one() {
  local t="$1" status=0
  local corpora=("$build/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && corpora+=("tests/fuzz/regressions/$t")
  rm -rf "${findings:?}/$t" "$findings/$t.log" "$findings/$t.failed"
  mkdir -p "$findings/$t"
  PWCHECK_FUZZ_TARGET="$t" ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build/tests/fuzz/pwcheck_fuzz" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
    -max_len=4096 -dict="$build/corpus/pwcheck.dict" -artifact_prefix="$findings/$t/" -print_final_stats=1 \
    "${corpora[@]}" >"$findings/$t.log" 2>&1 || status=$?
  local execs
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$findings/$t.log")"
  if [ "$status" -ne 0 ]; then
    touch "$findings/$t.failed"
    echo "fuzz: $t: FINDING (exit $status) after ${execs:-?} executions; log: $findings/$t.log"
  else
    echo "fuzz: $t: ok, ${execs:-?} executions"
  fi
  return 0
}
export -f run_one
export build seconds timeout findings

start=$(date +%s)
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {}
echo "fuzz: $(wc -w <<<"$targets") targets, ${seconds} s each, $jobs at a time: $(( $(date +%s) - start )) s"

failed=0
for t in $targets; do
  [ -e "$findings/$t.failed" ] || continue
  failed=1
  echo "---- $t: finding; last lines of $findings/$t.log:"
  tail -n 30 "$findings/$t.log"
  for f in "$findings/$t"/*; do
    [ -f "$f" ] || continue
    echo "reproduce: PWCHECK_FUZZ_TARGET=$t $build/tests/fuzz/pwcheck_fuzz $f"
    echo "regression: fix it, then commit it as tests/fuzz/regressions/$t/<name> (the replay test runs it)"
  done
done
exit "$failed"
