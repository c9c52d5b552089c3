#!/usr/bin/env bash
# The baseline a user would otherwise build: the same model written as one
# plain MIP (MPS, unsplit, no start) and solved by the `cbc` program with the
# same time limit and gap, next to landpool's own solve. Prints a markdown table.
#   bench/mip_baseline.sh [BUILD_DIR] [TIME_LIMIT_S] [SIZES...]
# Defaults: build, 60 s, 1000 3000. Needs the `cbc` program (coinor-cbc;
# scripts/install-deps.sh --test installs it). cbc minimises the negated value.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
limit=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 3000)
command -v cbc >/dev/null || { echo "bench/mip_baseline.sh: the cbc program is missing" >&2; exit 2; }
landpool="$build/landpool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| region | landpool s | landpool status | landpool value | landpool gap % | cbc s | cbc result | cbc value | cbc gap % |"
echo "|---|---:|---|---:|---:|---:|---|---:|---:|"
for size in "${sizes[@]}"; do
  region="$work/region-$size" db="$work/$size.db"
  if [ "$size" = 3000 ]; then preset=harenkarspel; else preset="polder-$((size / 1000))k"; fi
  "$landpool" -q generate region --preset "$preset" --seed 1 --out "$region" >/dev/null
  "$landpool" --db "$db" -q import csv "$region" >/dev/null
  /usr/bin/time -f "%e" -o "$work/time" "$landpool" --db "$db" solve --as-of 2026-10-01 \
    --time-limit "$limit" --write-mps "$work/model.mps" >"$work/out" 2>/dev/null || true
  ours_s=$(cat "$work/time")
  ours_status=$(awk '/^  status/ {print $2}' "$work/out")
  ours_value=$(awk '/^  value/ {print $2}' "$work/out")
  ours_gap=$(awk '/^  value/ {print $8}' "$work/out")
  /usr/bin/time -f "%e" -o "$work/time" cbc "$work/model.mps" sec "$limit" ratioGap 0.001 \
    threads 2 solve >"$work/cbc" 2>&1 || true
  cbc_s=$(cat "$work/time")
  cbc_result=$(awk -F' - ' '/^Result/ {print $2}' "$work/cbc")
  cbc_value=$(awk '/^Objective value:/ {printf "%.0f", -$3}' "$work/cbc")
  cbc_gap=$(awk '/^Gap:/ {printf "%.2f", 100 * $2}' "$work/cbc")
  printf '| %s | %.1f | %s | %s | %s | %.1f | %s | %s | %s |\n' "$preset" "$ours_s" \
    "${ours_status:-error}" "${ours_value:--}" "${ours_gap:--}" "$cbc_s" "${cbc_result:-error}" \
    "${cbc_value:--}" "${cbc_gap:--}"
done
