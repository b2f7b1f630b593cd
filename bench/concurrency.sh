#!/usr/bin/env bash
# The full concurrency run of issue 8: 16 `sx exec` processes share one store for --seconds (default 60) while
# their Codex logins rotate (429s from the loopback backend) and refresh (short-lived tokens, rotating refresh
# tokens the loopback issuer refuses to accept twice). It is the test
# sxTests.ConcurrencyCLITests (15 s in every `swift test`), run longer; it prints one line of figures and fails
# on a lost update, a refresh-token reuse, a corrupted store or a leaked process.
# Usage: bash bench/concurrency.sh [--seconds N]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    *) echo "usage: bash bench/concurrency.sh [--seconds N]" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "--seconds: expected a whole number, got '$seconds'" >&2; exit 2 ;; esac
swift build --product sx >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
SX_CONCURRENCY_SECONDS="$seconds" swift test --filter 'sxTests.ConcurrencyCLITests' >"$log" 2>&1 || status=$?
grep -E '^concurrency:|✘|passed after|failed after|error:' "$log" || cat "$log"
exit "$status"
