#!/usr/bin/env bash
# The browser's download budget, checked on the release build in target/site: the WASM and
# JavaScript a page with islands loads, gzipped (-9), must stay within TANDEM_WASM_BUDGET
# bytes (250 kB). Pages without an island load neither. Prints the figures either way.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
budget="${TANDEM_WASM_BUDGET:-250000}"
hashes="$root/target/release/hash.txt"
pkg="$root/target/site/pkg"
if [ ! -f "$hashes" ]; then
  echo "wasm budget: $hashes is missing: build the browser app first (make browser-app)" >&2
  exit 1
fi
# hash.txt names the current build's files (older builds' files may sit beside them).
hash_of() { sed -n "s/^$1: *//p" "$hashes" | head -n 1; }
wasm="$pkg/tandem.$(hash_of wasm).wasm"
js="$pkg/tandem.$(hash_of js).js"
total=0
for f in "$wasm" "$js"; do
  if [ ! -f "$f" ]; then
    echo "wasm budget: $f is missing: build the browser app first (make browser-app)" >&2
    exit 1
  fi
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$( [ -f "$f.br" ] && wc -c < "$f.br" || echo "-")
  printf 'wasm budget: %-28s %9d B raw %8d B gzip -9 %8s B brotli\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total=$((total + gz))
done
if [ "$total" -gt "$budget" ]; then
  echo "wasm budget: FAILED: $total B gzipped is over the budget of $budget B" >&2
  exit 1
fi
echo "wasm budget: $total B gzipped, within $budget B"
