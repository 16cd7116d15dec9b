#!/usr/bin/env bash
# Installs what building and testing Tandem needs, and nothing that is already there:
#   - the wasm32-unknown-unknown Rust target
#   - cargo-leptos 0.3.10 (built with no_downloads: it runs the tools below from PATH)
#   - wasm-bindgen-cli at the version Cargo.lock pins
#   - Debian's Chromium for the browser tests (never a downloaded browser)
#   - Debian's C libraries that SAML sign-in links (xmlsec1, libxml2, OpenSSL, with libclang
#     for their bindings), and SimpleSAMLphp, the SAML identity provider the tests start
#   - Poppler's pdftotext, which the tests read Tandem's PDFs back with; wrk for the SSR benchmark
#   - the npm packages of end2end/: Playwright's test runner, binaryen's wasm-opt, Lighthouse
#   - the real servers the tests talk to (scripts/test-peers.txt: an SMTP server, …) in a
#     Python virtual environment at .tools/python
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

# Debian packages, installed only when one is missing. SimpleSAMLphp runs under PHP's own
# web server in the tests; php8.2-cgi and micro-httpd stand for the PHP and web server it
# asks for, so that apt brings no Apache, which would start and listen on port 80.
# poppler-utils gives the tests pdftotext; wrk is the load of `make bench-ssr`.
debs=(pkg-config libclang-dev libssl-dev libxml2-dev libxslt1-dev libxmlsec1-dev libxmlsec1-openssl libtool
  php8.2-cli php8.2-cgi php8.2-xml php8.2-mbstring php8.2-curl micro-httpd simplesamlphp
  poppler-utils wrk)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: reinstalled when package-lock.json changes.
stamp="end2end/node_modules/.tandem-lock"
if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
  say "installing the npm packages of end2end/ (Playwright runner, binaryen)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp end2end/package-lock.json "$stamp"
fi

# Test peers: a virtual environment, rebuilt when scripts/test-peers.txt changes.
venv=".tools/python"
peers_stamp="$venv/.tandem-peers"
if [ ! -f "$peers_stamp" ] || ! cmp -s scripts/test-peers.txt "$peers_stamp"; then
  if ! python3 -m venv --help >/dev/null 2>&1; then
    say "installing Debian's python3-venv for the test servers"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  say "installing the test servers of scripts/test-peers.txt into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r scripts/test-peers.txt
  cp scripts/test-peers.txt "$peers_stamp"
fi
