#!/usr/bin/env bash
# Starts the release build of Tandem for the browser tests on a fresh SQLite database in a
# temporary folder, removed when the server stops, with the demo organisation loaded.
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
# The demo organisation gives the tests an org admin (admin@northwind.example).
"$root/target/release/tandem" serve --demo &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT TERM INT
wait "$server"
