#!/usr/bin/env bash
# Measures GIS and CSV import with adjacency: wall time and peak memory of the
# whole command, and the adjacency step as the command reports it.
#   bench/gis_import.sh [BUILD_DIR]     (default: build)
# Needs ../shared/data for the BRP sample; generates the 100,000-parcel region.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
landpool="$build/landpool"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # label, then the command
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err"
  read -r seconds peak_kb <"$work/time"
  adjacency=$(grep -o '[0-9.]* s$' "$work/out" | tail -n 1 || true)
  printf '| %-46s | %8.2f | %9.0f | %-12s |\n' "$label" "$seconds" "$((peak_kb / 1024))" "${adjacency:--}"
}

echo "| run | wall s | peak MiB | adjacency |"
echo "|---|---:|---:|---|"
brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
if [ -f "$brp" ]; then
  measure "import gis: BRP Waterland sample (4,872 parcels)" \
    "$landpool" --db "$work/brp.db" import gis "$brp"
else
  echo "| BRP sample skipped: ../shared/data is absent | | | |"
fi
measure "generate region polder-100k (100,000 parcels)" \
  "$landpool" generate region --preset polder-100k --seed 1 --as-of 2026-10-01 --out "$work/p100k"
measure "import gis: generated 100,000 parcels (GeoJSON)" \
  "$landpool" --db "$work/gis.db" import gis "$work/p100k/parcels.geojson" --id-field parcel_id
measure "import csv: generated 100,000 parcels (WKT)" \
  "$landpool" --db "$work/csv.db" import csv "$work/p100k"
