#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz/ (docs/robustness.md).
#   scripts/fuzz.sh [--seconds S] [--jobs J] [--build DIR] [TARGET...]
# Each target first replays its regression inputs (tests/fuzz/regressions/),
# then fuzzes for S seconds from its seeds (written by make_seeds from the
# project's inputs) and its corpus so far (DIR/corpus/TARGET, kept between
# runs). Findings (crash-, leak-, timeout-, oom-) land in DIR/crashes/TARGET/
# with the slow units libFuzzer notes. Prints one line per target and
# writes them to DIR/fuzz-summary.tsv; exits 1 when any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
jobs=2
build=build-fuzz
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=(csv_file csv_directory csv_update scenario scan_weights wmd wkt gis)
fi

bin="$build/tests/fuzz"
# Leaks inside the libraries are suppressed by name (scripts/lsan.supp).
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:${LSAN_OPTIONS:-}"
rm -rf "$build/seeds"
"$bin/make_seeds" . "$build/seeds"

run_target() {
  local target="$1" seconds="$2" build="$3" bin="$4"
  local corpus="$build/corpus/$target" crashes="$build/crashes/$target"
  local log="$build/logs/$target.log" regressions="tests/fuzz/regressions/$target"
  mkdir -p "$corpus" "$crashes" "$build/logs" "$build/seeds/$target"
  # GDAL has no frame pointers: for the gis target the slow unwinder sees
  # through them, so that the suppression matches GDAL's own allocations
  # only; it makes each input slower, hence the longer timeout.
  local timeout=25
  if [ "$target" = gis ]; then
    export ASAN_OPTIONS="fast_unwind_on_malloc=0:${ASAN_OPTIONS:-}"
    timeout=120
  fi
  local replay="ok"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    "$bin/fuzz_$target" "$regressions"/* >"$build/logs/$target.replay.log" 2>&1 || replay="FAILED"
  fi
  local status=0
  "$bin/fuzz_$target" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$build/seeds/$target" \
    >"$log" 2>&1 || status=$?
  local executions corpus_files crash_files
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus_files=$(find "$corpus" -type f | wc -l)
  # Findings only: libFuzzer also notes slow units (slow-unit-*), which are not.
  crash_files=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$seconds" "${executions:-0}" \
    "$corpus_files" "$crash_files" "$replay" "$([ $status -eq 0 ] && echo ok || echo "exit $status")"
}
export -f run_target

summary="$build/fuzz-summary.tsv"
printf 'target\tseconds\texecutions\tcorpus_files\tcrash_files\tregressions\tresult\n' >"$summary"
printf '%s\n' "${targets[@]}" |
  xargs -P "$jobs" -I{} bash -c 'run_target "$@"' _ {} "$seconds" "$build" "$bin" >>"$summary"
column -t -s $'\t' "$summary"
if grep -qP '\t(FAILED|exit [0-9]+)' "$summary" || awk -F'\t' 'NR > 1 && $5 > 0 { found = 1 } END { exit !found }' "$summary"; then
  echo "fuzz: a target found a crash or failed its regressions: see $build/crashes/ and $build/logs/" >&2
  exit 1
fi
