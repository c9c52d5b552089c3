#!/usr/bin/env bash
# Runs the deal-packing engine (`landpool kep`) on every PrefLib kidney-exchange
# pool in ../shared/data/kep-preflib-00036 and prints a markdown table: pairs,
# donors, published optimum, our objective and status, wall time, peak memory.
#   bench/kep.sh [BUILD_DIR] [CYCLE_CAP] [CHAIN_CAP] [TIME_LIMIT_S]
# Defaults: build, K = 3, L = 3, 600 s. Published optima exist for K = 3, L = 3.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cycle_cap=${2:-3}
chain_cap=${3:-3}
limit=${4:-600}
data=../shared/data/kep-preflib-00036
readme=../shared/data/README.md
[ -d "$data" ] || { echo "bench/kep.sh: $data is absent" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| pool | pairs | donors | published K3 L3 | objective | status | bound | seconds | peak MiB |"
echo "|---|---:|---:|---:|---:|---|---:|---:|---:|"
for file in "$data"/*.wmd; do
  name=$(basename "$file")
  pairs=$(grep -c 'ALTERNATIVE NAME .*: Pair' "$file" || true)
  donors=$(grep -c 'ALTERNATIVE NAME .*: Alturist' "$file" || true)
  published=$(awk -F'|' -v n="$name" '$2 ~ n {gsub(/ /,"",$5); print $5}' "$readme")
  /usr/bin/time -f "%e %M" -o "$work/time" "$build/landpool" -q kep "$file" \
    --cycle-cap "$cycle_cap" --chain-cap "$chain_cap" --time-limit "$limit" >"$work/out" || true
  read -r seconds peak_kb <"$work/time"
  objective=$(awk '$1 == "objective" {print $2}' "$work/out")
  status=$(awk '$1 == "status" {print $2}' "$work/out")
  bound=$(awk '$1 == "bound" {print $2}' "$work/out")
  printf '| %s | %d | %d | %s | %s | %s | %s | %.1f | %d |\n' "$name" "$pairs" "$donors" \
    "${published:--}" "${objective:-error}" "${status:-error}" "${bound:--}" "$seconds" \
    "$((peak_kb / 1024))"
done
