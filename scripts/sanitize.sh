#!/usr/bin/env bash
# The test suite under AddressSanitizer (with UndefinedBehaviorSanitizer on the C targets) and
# under ThreadSanitizer, each in its own build folder so the normal .build
# is untouched. Results are recorded in docs/reliability.md.
#
#   scripts/sanitize.sh                 both, the whole suite
#   scripts/sanitize.sh address|thread  one of them
#   scripts/sanitize.sh thread 'GemmThreadPool|Validator'   only the suites matching a --filter
#
# Exits non-zero when a build fails, a test fails, or a sanitizer reports (sanitizer reports
# abort the test process: halt_on_error is the default for ASan and set for TSan and UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
filter=${2:-}
export SWIFT_BACKTRACE=enable=no
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$PWD/scripts/ubsan.supp}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
# Leaks are not checked here: the fuzz targets check leaks input by input (scripts/fuzz.sh), and
# test processes keep caches alive on purpose.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

run() {
  local name=$1; shift
  local flags=("$@")
  echo "== swift test ${flags[*]} ${filter:+--filter $filter} (build folder .build-$name)"
  swift build --build-tests --build-path ".build-$name" "${flags[@]}"
  swift test --skip-build --build-path ".build-$name" "${flags[@]}" ${filter:+--filter "$filter"}
}

# swiftc has no -sanitize=undefined on Linux, so UBSan instruments the C targets only (its
# runtime comes with ASan's).
asan=(--sanitize=address -Xcc -fsanitize=undefined)
tsan=(--sanitize=thread)
case "$which" in
  address) run asan "${asan[@]}" ;;
  thread) run tsan "${tsan[@]}" ;;
  both) run asan "${asan[@]}"; run tsan "${tsan[@]}" ;;
  *) echo "usage: scripts/sanitize.sh [address|thread|both] [FILTER]" >&2; exit 64 ;;
esac
