#!/usr/bin/env bash
# `landpool compare` with every shipped scenario on a generated region: wall
# time and peak memory of the whole comparison, the HTML written next to the
# database, and the table on stdout.
#   bench/compare.sh [BUILD_DIR] [PRESET] [TIME_LIMIT_S]
# Defaults: build, harenkarspel (the default region, seed 1), each scenario's
# own time limit (60 s).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
preset=${2:-harenkarspel}
limit=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/landpool" generate region --preset "$preset" --seed 1 --as-of 2026-10-01 \
  --out "$work/region" >/dev/null
export LANDPOOL_DB="$work/r.db"
"$build/landpool" import csv "$work/region" --quarter 2026Q4 -q >/dev/null
scenarios=(default organic-government-land bio-valley tight generous leases-only young-farmers)
args=()
for s in "${scenarios[@]}"; do args+=("scenarios/$s.toml"); done
[ -n "$limit" ] && args+=(--time-limit "$limit")
/usr/bin/time -f "wall %e s, peak %M KiB" "$build/landpool" compare "${args[@]}" \
  --as-of 2026-10-01 --out "$work/compare.html" -q
mkdir -p "$build/bench"
cp "$work/compare.html" "$build/bench/compare-$preset.html"
echo "HTML: $build/bench/compare-$preset.html"
