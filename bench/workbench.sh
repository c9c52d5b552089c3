#!/usr/bin/env bash
# The workbench's figures (docs/performance.md): the map of the BRP sample
# (real Waterland parcels with a generated farm layer) ready in headless
# Chromium, a what-if on the default region, and 20 viewers beside a
# what-if on the default region.
#   bench/workbench.sh [BUILD_DIR]   (needs ../shared/data for the BRP row)
set -euo pipefail
cd "$(dirname "$0")/.."
landpool="$(realpath "${1:-build}")/landpool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
if [ -f "$brp" ]; then
  "$landpool" -q generate region --preset waterland --geometry "$brp" --seed 1 --as-of 2026-10-01 \
    --out "$work/brp" >/dev/null
  "$landpool" --db "$work/brp.db" -q import csv "$work/brp" >/dev/null
  "$landpool" --db "$work/brp.db" -q solve --as-of 2026-10-01 --time-limit 20 >/dev/null
  echo "BRP sample: $(node bench/workbench_map.mjs --landpool "$landpool" --db "$work/brp.db" --repeat 3 \
    ${WORKBENCH_SCREENSHOT:+--screenshot "$WORKBENCH_SCREENSHOT"})"
else
  echo "BRP sample: skipped (needs $brp)"
fi

"$landpool" -q generate region --preset harenkarspel --seed 1 --out "$work/hk" >/dev/null
"$landpool" --db "$work/hk.db" -q import csv "$work/hk" >/dev/null
"$landpool" --db "$work/hk.db" -q solve --time-limit 60 >/dev/null
echo "default region: $(node bench/workbench_map.mjs --landpool "$landpool" --db "$work/hk.db" --repeat 3)"
echo "default region, 20 viewers beside a what-if (10 s limit):"
node tests/web/workbench_load.mjs --landpool "$landpool" --db "$work/hk.db" --viewers 20 --rounds 5 2>/dev/null
