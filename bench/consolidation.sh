#!/usr/bin/env bash
# The consolidation scenario on the real BRP sample (Waterland) with a
# generated farm layer in which every farm takes part: every parcel
# exchangeable, net area 0 within 10 % (scenarios/consolidation.toml).
# Prints the run summary and the change in blocks and in area-weighted
# farm-parcel distance over the farms that take part, for comparison with
# the Galician pilot (docs/performance.md).
# With REGION galician: a generated region the size of the Galician pilot
# instead (1,900 parcels, 44 farms at seed 1, every farm exchanging use within
# 10 %), which needs no ../shared/data. With REGION small-N: a generated
# consolidation of N parcels with farms of the same size (250: 6 farms), the
# size of a kavelruil of a few farms.
# SEED is the solver's (the region is generated with seed 1).
#   bench/consolidation.sh [BUILD_DIR] [TIME_LIMIT_S] [brp|galician|small-N] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
limit=${2:-60}
region=${3:-brp}
seed=${4:-1}
landpool="$build/landpool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$region" = galician ] || [[ "$region" == small-* ]]; then
  parcels=1900
  [[ "$region" == small-* ]] && parcels=${region#small-}
  "$landpool" -q generate region --preset polder-1k --parcels "$parcels" --farm-size-factor 3.6 \
    --seed 1 --as-of 2026-10-01 --consolidation --out "$work/region" >/dev/null
else
  brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
  [ -f "$brp" ] || { echo "needs $brp (../shared/data beside the checkout)" >&2; exit 2; }
  "$landpool" -q generate region --preset waterland --geometry "$brp" --seed 1 --as-of 2026-10-01 \
    --consolidation --out "$work/region" >/dev/null
fi
"$landpool" --db "$work/c.db" -q import csv "$work/region" >/dev/null
farms=$(($(wc -l <"$work/region/farms.csv") - 1))
/usr/bin/time -f "%e s wall, %M KB peak" "$landpool" --db "$work/c.db" solve --as-of 2026-10-01 \
  --scenario scenarios/consolidation.toml --time-limit "$limit" --seed "$seed" 2>&1 | grep -v '^\[' | grep -v 'CBC: [0-9]'
"$landpool" --db "$work/c.db" -q export --format csv --out "$work/out" >/dev/null
awk -F, -v farms="$farms" '
  NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
  { n++; tb += $col["travel_before_ha_km"]; ta += $col["travel_after_ha_km"];
    pb += $col["parcels_before"]; pa += $col["parcels_after"];
    bb += $col["blocks_before"]; ba += $col["blocks_after"] }
  END {
    if (n == 0) { print "no farm takes part"; exit }
    printf "farms taking part: %d of %d\n", n, farms
    printf "blocks: %d -> %d (%+.1f %%), %.2f -> %.2f per farm\n", bb, ba, 100 * (ba - bb) / bb, bb / n, ba / n
    printf "parcels: %d -> %d\n", pb, pa
    printf "farm-parcel distance (area-weighted): %.1f -> %.1f ha*km (%+.1f %%)\n", tb, ta, 100 * (ta - tb) / tb
  }' "$work/out/participants.csv"
