#!/usr/bin/env bash
# Installs everything Kring needs to build, run and test on Debian 12.
# Idempotent: packages already present are skipped, npm installs from the lock file.
set -euo pipefail

cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  build-essential cmake pkg-config ninja-build ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libsodium-dev
  libvips-dev libvips-tools libimage-exiftool-perl
  libcmark-gfm-dev libcmark-gfm-extensions-dev libutf8proc-dev
  libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium curl ca-certificates tzdata
  wrk nginx clang-16 libfuzzer-16-dev libclang-rt-16-dev
  ffmpeg imagemagick
)

# Node.js 20 with npm: the machine image may already carry its own build (with npm bundled), which
# conflicts with Debian's separate npm package; only ask Debian when node or npm is missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: Debian packages present"
fi

# Front-end and browser-test packages, pinned by package-lock.json files.
for dir in web tests; do
  if [ -f "$dir/package-lock.json" ]; then
    stamp="$dir/node_modules/.kring-lock-stamp"
    if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
      echo "install-deps: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
      cp "$dir/package-lock.json" "$stamp"
    fi
  fi
done
