#!/usr/bin/env bash
# Installs the Debian packages landpool needs to build and test.
# Idempotent and quick when everything is present: apt-get runs only when a
# package is missing. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config make
  coinor-libcbc-dev coinor-libvol-dev
  libboost-graph-dev
  libsqlitecpp-dev libsqlite3-dev
  libspdlog-dev libfmt-dev
  libgtest-dev
  libcli11-dev
  libcsv-dev
  libgdal-dev
  nlohmann-json3-dev
  libtomlplusplus-dev
  libxlsxwriter-dev
  libcpp-httplib-dev
)
# `install-deps.sh --test` adds what only the tests need: Chromium renders the
# HTML report headless; the cbc program solves the plain-MIP baseline (bench/);
# Python runs scripts/check_transfers.py, the outside check of an export;
# clang with its runtime builds the libFuzzer targets (tests/fuzz/).
if [ "${1:-}" = "--test" ]; then
  PACKAGES+=(chromium coinor-cbc python3 clang libclang-rt-14-dev)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "landpool: installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
