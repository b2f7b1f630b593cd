#!/usr/bin/env bash
# Builds the libFuzzer harness (sx's modules instrumented with -sanitize=fuzzer,address) and runs every target for a
# bounded time, starting from the seed corpus in Tests/Fixtures/fuzz/<target>/. Not part of CI.
# Usage: bash bench/fuzz.sh [--seconds N] [--jobs J] [TARGET ...]       (default: 60 s each, every target)
# New corpus entries go to .build-fuzz/corpus/<target>/, findings to .build-fuzz/findings/<target>/ (crash-*, leak-*,
# timeout-*). Copy a finding to Tests/Fixtures/fuzz/<target>/crash-<name> once fixed: the test suite replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(sse codex responses anthropic chat gemini envfile jwt store markdown)

swiftc=$(readlink -f "$(command -v swiftc)")
lib=$(find "$(dirname "$swiftc")/../lib" -name 'libclang_rt.fuzzer_no_main-x86_64.a' -o -name 'libclang_rt.fuzzer_no_main-aarch64.a' 2>/dev/null | head -1)
[[ -n "$lib" ]] || { echo "fuzz.sh: libclang_rt.fuzzer_no_main not found in the toolchain" >&2; exit 1; }
# The debug scratch path: its dependencies are already built for `swift test`; only sx's own modules are rebuilt
# with the instrumentation (and rebuilt back by the next plain build).
SX_FUZZ="$lib" swift build --product sx-fuzz >/dev/null
mkdir -p .build-fuzz
cp .build/debug/sx-fuzz .build-fuzz/sx-fuzz
bin=.build-fuzz/sx-fuzz

printf '%-10s %8s %12s %10s %8s %s\n' target seconds execs exec/s corpus findings
status=0
for t in "${targets[@]}"; do
  corpus=.build-fuzz/corpus/$t
  findings=.build-fuzz/findings/$t
  mkdir -p "$corpus" "$findings" .build-fuzz/findings-earlier
  # Findings of earlier runs move aside, so the count below is this run's.
  find "$findings" -type f -exec mv -t .build-fuzz/findings-earlier/ {} + 2>/dev/null || true
  log=.build-fuzz/$t.log
  # ASan's leak check is off (the Swift runtime keeps metadata caches for the whole process) and so is the Swift
  # backtracer (it reads foreign stacks, which ASan reports as an underflow of its own).
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin" "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "Tests/Fixtures/fuzz/$t" >"$log" 2>&1 || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  n=$(ls "$corpus" | wc -l)
  found=$(ls "$findings" | wc -l)
  printf '%-10s %8s %12s %10s %8s %s\n' "$t" "$seconds" "$execs" "$rate" "$n" "$found"
  if [[ $found -gt 0 ]]; then
    status=1
    ls "$findings" | sed 's/^/    /'
    grep -m3 -E 'Fatal error|Precondition|ERROR: AddressSanitizer|SUMMARY' "$log" | sed 's/^/    /' || true
  fi
done
exit $status
