#!/usr/bin/env bash
# Runs the optimiser on generated regions and on the real BRP sample with a
# generated farm layer; prints time to the first proposal, wall time, time to
# a 1 % gap (or "not reached"), peak memory, status, value, bound
# and gap per region, and what the outside check of its exported
# transfers.csv finds (scripts/check_transfers.py: problems, 0 when it passes).
#   bench/optimiser.sh [BUILD_DIR] [TIME_LIMIT_S] [SIZES...]
# Defaults: build, 60 s, sizes 1000 3000 10000. The BRP row needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
limit=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 3000 10000)
landpool="$build/landpool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # label, region directory
  local label=$1 dir=$2 db="$work/$RANDOM.db"
  "$landpool" --db "$db" -q import csv "$dir" >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" \
    "$landpool" --db "$db" solve --as-of 2026-10-01 --time-limit "$limit" >"$work/out" 2>"$work/err" || true
  read -r seconds peak_kb <"$work/time"
  status=$(awk '/^  status/ {print $2}' "$work/out")
  value=$(awk '/^  value/ {print $2}' "$work/out")
  bound=$(awk '/^  value/ {gsub(/[()]/,""); print $5}' "$work/out")
  gap=$(awk '/^  value/ {print $8}' "$work/out")
  model=$(awk '/^  model/ {print $2" farms, "$4" movable, "$7" candidates, "$11" columns"}' "$work/out")
  # "distance x % shorter, of a possible y % (...): z % of what is possible"
  distance=$(awk '/^  distance/ {print $2" of "$8}' "$work/out")
  first=$(awk '/first proposal after/ {for (i = 1; i <= NF; ++i) if ($i == "after") print $(i + 1); exit}' "$work/err")
  # Time to a 1 % gap: the wall time when the run ended within 1 % (an upper
  # bound: it stops at the scenario's 0.1 %), else not reached.
  within=$(awk -v g="${gap:-100}" 'BEGIN { print (g <= 1.0) ? "yes" : "no" }')
  if [ "$within" = yes ]; then to_gap=$(printf '%.1f' "$seconds"); else to_gap="not reached"; fi
  checked=-
  if "$landpool" --db "$db" -q export --format csv --out "$work/csv" >/dev/null 2>&1; then
    python3 scripts/check_transfers.py "$dir" "$work/csv" --as-of 2026-10-01 >"$work/check" \
      2>/dev/null && rc=0 || rc=$?
    if [ "$rc" -le 1 ]; then checked=$(wc -l <"$work/check"); else checked=unread; fi
  fi
  printf '| %-28s | %-58s | %6s | %7.1f | %11s | %6d | %-26s | %12s | %12s | %7s %% | %5s | %-14s |\n' \
    "$label" "$model" "${first:--}" "$seconds" "$to_gap" "$((peak_kb / 1024))" "${status:-error}" \
    "${value:--}" "${bound:--}" "${gap:--}" "$checked" "${distance:--}"
}

echo "| region | model | first proposal s | wall s | 1 % gap by s | MiB | status | value EUR | bound EUR | gap | outside check | distance shorter, % of possible % |"
echo "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
  "$landpool" -q generate region --preset polder-1k --parcels "$n" --seed 1 --as-of 2026-10-01 \
    --out "$work/p$n" >/dev/null
  run "generated, $n parcels" "$work/p$n"
done
brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
if [ -f "$brp" ]; then
  "$landpool" -q generate region --preset waterland --geometry "$brp" --seed 1 --as-of 2026-10-01 \
    --out "$work/brp" >/dev/null
  run "BRP Waterland + generated farms" "$work/brp"
fi
