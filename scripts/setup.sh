#!/usr/bin/env bash
# Installs every build and test dependency from Debian packages. Idempotent:
# a second run only checks that the packages are present.
set -euo pipefail
# chromium: the headless browser that tests/browser/test_html.py renders the
# HTML reports with.
# clang and libclang-rt-14-dev: libFuzzer and the sanitizer runtimes of the
# fuzz targets (scripts/fuzz.sh).
packages=(cmake ninja-build g++ libfmt-dev doctest-dev libcli11-dev libsimdjson-dev
          libsqlite3-dev python3 chromium clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
