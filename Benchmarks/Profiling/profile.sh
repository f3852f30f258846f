#!/usr/bin/env bash
# Profiles one benchmark phase of Tally with `perf record -g` (software clock: this VM has no
# hardware counters) and prints the self and inclusive shares of the functions under the phase's
# entry point, plus the split by library.
#
#   Benchmarks/Profiling/profile.sh bulk-log 'EventLog.append' [events]
#   Benchmarks/Profiling/profile.sh rebuild 'ProjectionEngine.rebuild'
#
# Query phases (rebuild, replay-*, point, aggregate) need the store of `bulk-proj`: run
# `profile.sh bulk-proj 'EventLog.append'` first, with the same event count.
set -euo pipefail
phase=$1
filter=$2
events=${3:-200000}
here="$(cd "$(dirname "$0")" && pwd)"
bench="$here/../.build/release/TallyBench"
out=${PROFILE_DIR:-/tmp/tally-profile}
mkdir -p "$out"
perf record -g -o "$out/$phase.data" "$bench" --child "tally.$phase" --events "$events" --dir "$out" > "$out/$phase.out" 2>/dev/null
grep -E '^RESULT (rate|seconds|ms|p50_us) ' "$out/$phase.out" || true
echo "by library:"
perf report -i "$out/$phase.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | head -6
perf script -i "$out/$phase.data" 2>/dev/null | python3 "$here/fold_perf.py" "$filter" 25
