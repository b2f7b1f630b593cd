#!/usr/bin/env bash
# Runs the test suite under a sanitizer in its own build folder (a full debug build, ~20 min on 2 cores).
# Usage: bash bench/sanitizers.sh address|thread [swift test --filter …]
#   address: ASan + LeakSanitizer, with bench/lsan.supp for leaks inside the toolchain's libraries.
#   thread:  TSan. Known, not sx's: races inside swift-subprocess's monitor thread, and the TSan runtime aborting at
#            fork() in tests that start processes (CHECK failed … ForkChildAfter); run `--filter SXAuthTests` etc.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?address or thread}"; shift
export LSAN_OPTIONS="suppressions=$PWD/bench/lsan.supp:print_suppressions=0"
swift build --build-tests --sanitize="$kind" --scratch-path ".build-$kind"
swift test --skip-build --sanitize="$kind" --scratch-path ".build-$kind" "$@"
