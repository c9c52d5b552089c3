#!/usr/bin/env bash
# landpool scan: wall time and peak memory of the scan alone (the import
# before it is timed apart), on the default region (2 km grid), the real
# BRP Waterland parcels with a generated farm layer (1 km grid; needs
# ../shared/data) and generated regions of the sizes given (2 km grid),
# these also scanned straight from their parcels.geojson (--parcels).
#   bench/scan.sh BUILD_DIR [PARCELS...]     e.g. bench/scan.sh build 100000 500000
# (500,000 is the generator's largest region)
set -euo pipefail
build=${1:?usage: bench/scan.sh BUILD_DIR [PARCELS...]}
shift
landpool=$(realpath "$build/landpool")
work=$(mktemp -d /tmp/landpool-scan-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

timed() {  # label, then the command: prints "label: wall s, peak MiB"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2
    return 1
  }
  read -r wall kib <"$work/time"
  printf '| %s | %s | %.0f |\n' "$label" "$wall" "$((kib / 1024))"
}

scan_region() {  # label, region folder, grid km
  local db="$work/$(basename "$2").db"
  timed "$1: import csv" "$landpool" --db "$db" -q import csv "$2"
  timed "$1: scan, ${3} km grid" "$landpool" --db "$db" -q scan --grid-km "$3" \
    --out "$work/scan-$(basename "$2")"
  echo "|   (areas: $(($(wc -l <"$work/scan-$(basename "$2")/scan.csv") - 1))) | | |"
}

echo "| step | wall s | peak MiB |"
echo "|---|---:|---:|"
"$landpool" -q generate region --preset harenkarspel --seed 1 --as-of 2026-10-01 \
  --out "$work/harenkarspel" >/dev/null
scan_region "default region (3,000 parcels)" "$work/harenkarspel" 2
brp=../shared/data/brp-2020-amsterdam-waterland/fields_cropped.shp.zip
if [ -f "$brp" ]; then
  "$landpool" -q generate region --preset waterland --geometry "$brp" --seed 1 \
    --as-of 2026-10-01 --out "$work/waterland" >/dev/null
  scan_region "BRP Waterland + generated farms" "$work/waterland" 1
fi
for n in "$@"; do
  timed "generate $n parcels" "$landpool" -q generate region --preset polder-1k --parcels "$n" \
    --seed 1 --as-of 2026-10-01 --out "$work/p$n"
  scan_region "generated, $n parcels" "$work/p$n" 2
  timed "generated, $n parcels: scan --parcels parcels.geojson (no database), 2 km grid" \
    "$landpool" --db "$work/none.db" -q scan --parcels "$work/p$n/parcels.geojson" --grid-km 2 \
    --out "$work/layer-$n"
done
