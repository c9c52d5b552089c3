#!/usr/bin/env bash
# Whether two builds propose the same: the default region (harenkarspel seed
# 1) and the BRP sample with a generated farm layer, solved by each build at
# the same planning date and seed, exported as CSV and compared byte for byte.
# For a change that must not change any proposal (a refactoring).
#   bench/same_proposals.sh OLD_BUILD_DIR NEW_BUILD_DIR [TIME_LIMIT_S]
# Prints one row per region and file; exits 1 when any file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?old build dir}
new=${2:?new build dir}
limit=${3:-60}
brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$new/landpool" -q generate region --preset harenkarspel --seed 1 --as-of 2026-10-01 \
  --out "$work/default" >/dev/null
regions=(default)
if [ -f "$brp" ]; then
  "$new/landpool" -q generate region --preset waterland --geometry "$brp" --seed 1 \
    --as-of 2026-10-01 --out "$work/brp" >/dev/null
  regions+=(brp)
fi

solve() {  # build, region, label
  local db="$work/$3-$2.db"
  "$1/landpool" --db "$db" -q import csv "$work/$2" >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/$3-$2.time" \
    "$1/landpool" --db "$db" solve --as-of 2026-10-01 --time-limit "$limit" >"$work/$3-$2.txt" 2>/dev/null
  "$1/landpool" --db "$db" -q export --format csv --out "$work/$3-$2-csv" >/dev/null
}

differs=0
echo "| region | file | old md5 | new md5 | same |"
echo "|---|---|---|---|---|"
for region in "${regions[@]}"; do
  solve "$old" "$region" old
  solve "$new" "$region" new
  for file in transfers.csv deals.csv participants.csv; do
    a=$(md5sum <"$work/old-$region-csv/$file" | cut -c1-12)
    b=$(md5sum <"$work/new-$region-csv/$file" | cut -c1-12)
    same=yes
    [ "$a" = "$b" ] || { same=no; differs=1; }
    echo "| $region | $file | $a | $b | $same |"
  done
  echo "| $region | value | $(awk '/^  value/ {print $2}' "$work/old-$region.txt") | $(awk '/^  value/ {print $2}' "$work/new-$region.txt") | |"
  echo "| $region | wall s, peak MiB | $(awk '{printf "%.1f, %d", $1, $2 / 1024}' "$work/old-$region.time") | $(awk '{printf "%.1f, %d", $1, $2 / 1024}' "$work/new-$region.time") | |"
done
exit "$differs"
