#!/usr/bin/env bash
# Runs the test suite under a sanitizer in its own build folder (a full debug build, ~20 min on 2 cores).
# Usage: bash bench/sanitizers.sh address|thread [swift test --filter …]
#   address: ASan + LeakSanitizer, with bench/lsan.supp for leaks inside the toolchain's libraries.
#   thread:  TSan, with bench/tsan.supp for swift-subprocess, whose `Synchronization.Mutex` TSan cannot see. The
#            probe bench/tsan-mutex-probe.swift runs first and shows that blindness on a correctly locked counter.
# Tests run one at a time (--no-parallel): many tests wait on child processes synchronously, and an instrumented
# build is slow enough that a few such waits starve the cooperative thread pool and push other tests past their
# deadlines. The Swift backtracer is off: it forks after a crash, which the TSan runtime cannot follow.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:?address or thread}"; shift
export LSAN_OPTIONS="suppressions=$PWD/bench/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="suppressions=$PWD/bench/tsan.supp:print_suppressions=0"
export SWIFT_BACKTRACE=enable=no
if [ "$kind" = thread ]; then
    probe="$(mktemp -d)"
    swiftc -sanitize=thread -g bench/tsan-mutex-probe.swift -o "$probe/probe" 2>/dev/null
    for lock in mutex nslock; do
        reports=$(TSAN_OPTIONS= "$probe/probe" "$lock" 2>&1 | tee "$probe/$lock.log" | grep -c "WARNING: ThreadSanitizer" || true)
        echo "tsan probe: $(grep total "$probe/$lock.log"); TSan reports: $reports"
    done
    rm -rf "$probe"
fi
swift build --build-tests --sanitize="$kind" --scratch-path ".build-$kind"
swift test --skip-build --no-parallel --sanitize="$kind" --scratch-path ".build-$kind" "$@"
