#!/usr/bin/env bash
# Builds sx and sx-bench in release mode and prints the benchmark table (medians of several runs, min–max,
# budget, met/MISSED). Usage: bash bench/run.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-release --product sx >/dev/null
swift build -c release --scratch-path .build-release --product sx-bench >/dev/null
exec .build-release/release/sx-bench "$@"
