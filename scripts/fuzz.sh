#!/usr/bin/env bash
# libFuzzer targets for every reader of untrusted input (see docs/reliability.md).
#
#   scripts/fuzz.sh --list              one target name per line
#   scripts/fuzz.sh TARGET SECONDS      build TARGET with -sanitize=fuzzer,address and run it
#   scripts/fuzz.sh --build TARGET      build only; prints the binary's path
#   scripts/fuzz.sh --run TARGET FILE…  run the built target once on each FILE (reproduce a crash)
#
# The targets are compiled with swiftc straight from Sources/ (one object per module, the same
# code the CLI links), so the shipped package stays free of fuzzing products. Build outputs and
# the growing working corpus live in .build-fuzz/; the committed seeds in Fuzz/Seeds/TARGET are
# read, never written.
#
# Exit status: 0 when the run ends clean; non-zero on a crash or sanitizer report, a leak, an
# input taking more than 1 s (-timeout=1), or more than 2048 MB resident (-rss_limit_mb=2048,
# which also catches a leak growing across inputs). The offending input is kept under
# Fuzz/crashes/ (crash-*, leak-*, timeout-*, oom-*); minimize it with
#   .build-fuzz/bin/fuzz-TARGET -minimize_crash=1 -runs=10000 FILE
# and commit the result as a regression test of the normal suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# target:modules it links (dependencies first) — the modules are this package's Sources/ folders.
targets=(
  "model-file:Records ModelGraph"
  "graph-json:Records ModelGraph"
  "hf-config:Records ModelGraph"
  "npy:Records ModelGraph"
  "onnx:Records ModelGraph"
  "yaml:YAMLLite"
  "hardware-profile:Records Units YAMLLite Profiles"
  "serverless-profile:Records Units YAMLLite Profiles"
  "workload-profile:Records Units YAMLLite Profiles"
  "measurements:Records"
  "samples:Records"
  "plan-json:Records"
  "validate-json:Records"
  "units:Units"
)
build=.build-fuzz
flags=(-sanitize=fuzzer,address -Onone -gline-tables-only -parse-as-library -swift-version 6 -enable-testing)

modules_of() {
  local entry
  for entry in "${targets[@]}"; do
    if [[ "${entry%%:*}" == "$1" ]]; then echo "${entry#*:}"; return 0; fi
  done
  echo "fuzz.sh: unknown target '$1'; the targets are:" >&2
  list >&2
  return 64
}

list() { local entry; for entry in "${targets[@]}"; do echo "${entry%%:*}"; done; }

# Compiles module $1 (whole-module, instrumented) unless its object is newer than its sources.
build_module() {
  local module=$1 object="$build/modules/$1.o"
  mkdir -p "$build/modules"
  if [[ -f "$object" && -z "$(find "Sources/$module" -name '*.swift' -newer "$object" | head -1)" ]]; then return 0; fi
  echo "fuzz.sh: compiling $module" >&2
  # shellcheck disable=SC2046
  swiftc "${flags[@]}" -module-name "$module" -wmo -I "$build/modules" \
    -emit-module -emit-module-path "$build/modules/$module.swiftmodule" \
    -c -o "$object" $(find "Sources/$module" -name '*.swift' | sort)
}

build_target() {
  local target=$1 modules module objects=()
  modules=$(modules_of "$target")
  for module in $modules; do
    build_module "$module"
    objects+=("$build/modules/$module.o")
  done
  mkdir -p "$build/bin"
  local binary="$build/bin/fuzz-$target"
  if [[ ! -f "$binary" || -n "$(find Fuzz/Targets "${objects[@]}" -newer "$binary" | head -1)" ]]; then
    echo "fuzz.sh: linking fuzz-$target" >&2
    swiftc "${flags[@]}" -module-name "Fuzz_${target//-/_}" -I "$build/modules" \
      -use-ld=lld "Fuzz/Targets/$target.swift" Fuzz/Targets/Support.swift "${objects[@]}" -o "$binary"
  fi
  echo "$binary"
}

# A Swift trap under libFuzzer otherwise waits on the backtracer instead of exiting.
export SWIFT_BACKTRACE=enable=no
# Leaks are checked at exit (LeakSanitizer); the RSS limit catches leaks that grow per input.
# Leaks inside the toolchain's own libraries are listed, with the reason, in Fuzz/lsan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}"

case "${1:-}" in
  --list) list ;;
  --build) build_target "${2:?usage: scripts/fuzz.sh --build TARGET}" ;;
  --run)
    target=${2:?usage: scripts/fuzz.sh --run TARGET FILE...}
    binary=$(build_target "$target")
    shift 2
    "$binary" -runs=1 "$@"
    ;;
  ""|-h|--help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    target=$1
    seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
    binary=$(build_target "$target")
    corpus="$build/corpus/$target"
    mkdir -p "$corpus" Fuzz/crashes
    dictionary=()
    [[ -f "Fuzz/Dictionaries/$target.dict" ]] && dictionary=("-dict=Fuzz/Dictionaries/$target.dict")
    # Every target starts from committed seeds: without them libFuzzer still runs, from an empty
    # input, and reports clean runs that never get past the first length check.
    if [[ -z "$(ls -A "Fuzz/Seeds/$target" 2>/dev/null)" ]]; then
      echo "fuzz.sh: no seeds in Fuzz/Seeds/$target (commit a few valid and bad inputs there)" >&2
      exit 66
    fi
    seeds=("Fuzz/Seeds/$target")
    "$binary" "${dictionary[@]}" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
      -malloc_limit_mb=2048 -max_len=131072 -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 \
      "$corpus" "${seeds[@]}"
    ;;
esac
