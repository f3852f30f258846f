#!/usr/bin/env bash
# Runs one libFuzzer target (built by `make fuzz-build`) for SECONDS, niced, and prints its figures.
#   Fuzz/run.sh TARGET SECONDS        TARGET: event-record | ndjson | price-file | sql
# New inputs go to $FUZZ_WORK/TARGET (default /tmp/tally-fuzz), the committed seeds in
# Fuzz/corpus/TARGET are read only; crashes, timeouts and out-of-memory inputs are written to
# Fuzz/findings/TARGET/ (not committed: each becomes a regression in Fuzz/regressions/ with a fix).
# Fuzz/dict/TARGET.dict, when present, is passed as a dictionary; FUZZ_FLAGS adds libFuzzer flags
# (e.g. FUZZ_FLAGS=-len_control=0 to try long inputs at once).
set -euo pipefail
target=$1
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
case $target in
  event-record) binary=FuzzEventRecord ;;
  ndjson) binary=FuzzNDJSON ;;
  price-file) binary=FuzzPriceFile ;;
  sql) binary=FuzzSQL ;;
  *) echo "unknown target $target (event-record, ndjson, price-file, sql)" >&2; exit 2 ;;
esac
build=${FUZZ_BUILD:-$here/.build/release}
work=${FUZZ_WORK:-/tmp/tally-fuzz}/$target
findings=$here/findings/$target
mkdir -p "$work" "$findings"
log=$findings/last-run.log
dict=()
[ -f "$here/dict/$target.dict" ] && dict=(-dict="$here/dict/$target.dict")
echo "fuzzing $target for $seconds s (log: $log)"
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} SWIFT_BACKTRACE=enable=no nice -n 19 "$build/$binary" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$findings/" "${dict[@]}" ${FUZZ_FLAGS:-} "$work" "$here/corpus/$target" >"$log" 2>&1 || status=$?
# The figures: executions, coverage, corpus, and any crash.
grep -E "^#[0-9]+\s+(DONE|pulse)" "$log" | tail -1 || true
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added" "$log" || true
grep -E "ERROR|Fatal error|deadly signal|Test unit written" "$log" | head -5 || true
exit $status
