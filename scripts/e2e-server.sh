#!/usr/bin/env bash
# Starts Tandem for the browser tests on a fresh SQLite database in a temporary folder,
# removed when the server stops, with the demo organisation loaded. The browser app is always
# the release build in target/site; the server is the release binary, or the one
# TANDEM_E2E_SERVER names (`make test` uses the binary its HTTP tests built).
set -euo pipefail
port="${1:-3210}"
root="$(cd "$(dirname "$0")/.." && pwd)"
# The tests read emails (invitations) from the outbox in this folder.
data="${TANDEM_E2E_DATA:-$(mktemp -d -t tandem-e2e-XXXXXX)}"
rm -rf "$data" && mkdir -p "$data"
trap 'rm -rf "$data"' EXIT
export TANDEM_DATA_DIR="$data"
export TANDEM_DATABASE_URL="sqlite://$data/tandem.db"
export TANDEM_ADDR="127.0.0.1:$port"
export TANDEM_LOG="${TANDEM_LOG:-warn}"
export LEPTOS_SITE_ROOT="$root/target/site"
# The chat channel story posts to a Slack stand-in the test starts on this machine.
export TANDEM_CHAT_WEBHOOK_HOSTS="${TANDEM_CHAT_WEBHOOK_HOSTS:-127.0.0.1}"
server_bin="$root/target/release/tandem"
if [ -n "${TANDEM_E2E_SERVER:-}" ]; then
  # A server finds the names of the browser app's hashed files in the hash file beside its
  # own executable, which the release build writes beside the release binary.
  dir="$root/target/e2e-server"
  mkdir -p "$dir"
  case "$TANDEM_E2E_SERVER" in /*) src="$TANDEM_E2E_SERVER" ;; *) src="$root/$TANDEM_E2E_SERVER" ;; esac
  ln -f "$src" "$dir/tandem" 2>/dev/null || cp "$src" "$dir/tandem"
  cp "$root/target/release/hash.txt" "$dir/hash.txt"
  server_bin="$dir/tandem"
fi
# The demo organisation gives the tests an org admin (admin@northwind.example).
"$server_bin" serve --demo &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT TERM INT
wait "$server"
