#!/usr/bin/env bash
# Builds sx (one self-contained binary: --static-swift-stdlib) and sx-bench in release mode and prints the benchmark
# table: medians of several runs, min–max, budget, met/MISSED.
# Usage: bash bench/run.sh [--runs N] [--only parse,body,exec,tui,render,context,edit,store,dist] [--soak DIR]
#   --soak DIR adds "peak RSS after a long session" from a finished bench/soak.sh run (DIR/summary.json).
# The TUI rows need tmux, python3 and ../shared/bench/measure_tui.py (or SX_BENCH_TOOLS=DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sx >/dev/null
swift build -c release --static-swift-stdlib --scratch-path .build-release --product sx-bench >/dev/null
exec .build-release/release/sx-bench "$@"
