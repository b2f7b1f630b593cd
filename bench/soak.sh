#!/usr/bin/env bash
# A long simulated TUI session of release sx against a loopback Codex backend, RSS sampled every minute.
# Usage: bash bench/soak.sh [--minutes N] [--out DIR] [--sx BINARY] [--sample-s S] [--pause-s S] [--new-every N]
# Without --sx it builds release first. Writes DIR/soak.csv, DIR/soak.log, DIR/summary.json; exits 1 if RSS keeps growing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " != *" --sx "* ]]; then
  swift build -c release --scratch-path .build-release --product sx >/dev/null
  set -- --sx .build-release/release/sx "$@"
fi
exec python3 bench/soak.py "$@"
