#!/usr/bin/env bash
# Installs what building and testing Tandem needs, and nothing that is already there:
#   - the wasm32-unknown-unknown Rust target
#   - cargo-leptos 0.3.10 (built with no_downloads: it runs the tools below from PATH)
#   - wasm-bindgen-cli at the version Cargo.lock pins
#   - Debian's Chromium for the browser tests (never a downloaded browser)
#   - the npm packages of end2end/: Playwright's test runner and binaryen's wasm-opt
# Safe to run again and again; quiet when everything is present.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }

CARGO_LEPTOS_VERSION="0.3.10"
bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
  cargo install --locked "cargo-leptos@$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen_version"; then
  say "installing wasm-bindgen-cli $bindgen_version (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "=$bindgen_version"
fi

if ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium for the browser tests"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# npm packages: reinstalled when package-lock.json changes.
stamp="end2end/node_modules/.tandem-lock"
if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
  say "installing the npm packages of end2end/ (Playwright runner, binaryen)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp end2end/package-lock.json "$stamp"
fi
