#!/usr/bin/env bash
# Runs a command against Tandem on a fresh demo database: starts the server as the browser
# tests do (scripts/e2e-server.sh, on PORT), waits until it answers, runs the command with
# TANDEM_URL and TANDEM_E2E_DATA (its data folder, for the outbox) set, then stops it.
# Usage: scripts/with-demo-server.sh PORT COMMAND [ARGS...]
set -euo pipefail
port="$1"
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
export TANDEM_E2E_DATA="${TANDEM_E2E_DATA:-$(mktemp -d -t tandem-demo-XXXXXX)}"
export TANDEM_URL="http://127.0.0.1:$port"
setsid bash "$root/scripts/e2e-server.sh" "$port" > "$TANDEM_E2E_DATA.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$TANDEM_E2E_DATA.log"' EXIT
for _ in $(seq 1 240); do
  curl -sf "$TANDEM_URL/readyz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$TANDEM_E2E_DATA.log"; exit 1; }
  sleep 0.5
done
status=0
"$@" || status=$?
exit "$status"
