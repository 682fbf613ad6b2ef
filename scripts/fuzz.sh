#!/usr/bin/env bash
# Fuzzes every parser and the top-level analysis for a short while each.
#
#   scripts/fuzz.sh [seconds-per-target] [target ...]
#
# Default 10 s per target; targets default to all of them (`cargo fuzz list`). Exits non-zero on
# the first crash, panic, timeout (>10 s for one input) or memory blow-up (>2 GB); the input that
# did it is saved under fuzz/artifacts/<target>/ (reproduce: `scripts/fuzz.sh repro <file>`).
#
# Tool: cargo-fuzz (libFuzzer) on the stable toolchain with RUSTC_BOOTSTRAP=1, no sanitizer
# (`-s none`): the core forbids unsafe code, so AddressSanitizer adds build time and little else.
# The corpus is seeded from the core's test fixtures by fuzz/seed.py (gitignored, rebuilt each run).
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export RUSTC_BOOTSTRAP=1
TARGET_DIR=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$ROOT/target}/fuzz}
FUZZ=(cargo fuzz)
COMMON=(-s none --target-dir "$TARGET_DIR")

if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd "$ROOT/fuzz"

if [[ "${1:-}" == repro ]]; then
  file=${2:?usage: scripts/fuzz.sh repro fuzz/artifacts/<target>/<file>}
  target=$(basename "$(dirname "$file")")
  exec "${FUZZ[@]}" run "${COMMON[@]}" "$target" "$(cd "$ROOT" && realpath "$file")"
fi

SECS=${1:-10}
shift || true
if [[ $# -gt 0 ]]; then targets=("$@"); else mapfile -t targets < <("${FUZZ[@]}" list); fi

python3 seed.py
start=$(date +%s)
"${FUZZ[@]}" build "${COMMON[@]}"
echo "fuzz: built in $(( $(date +%s) - start )) s" >&2

status=0
for t in "${targets[@]}"; do
  log="$TARGET_DIR/fuzz-$t.log"
  mkdir -p "$(dirname "$log")"
  if "${FUZZ[@]}" run "${COMMON[@]}" "$t" -- \
      -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $t ok ($runs runs in ${SECS} s)"
  else
    status=1
    echo "fuzz: $t FAILED; last lines of $log:" >&2
    grep -E 'panicked|SUMMARY|Test unit written|ERROR' "$log" | head -8 >&2 || tail -20 "$log" >&2
  fi
done
echo "fuzz: total $(( $(date +%s) - start )) s" >&2
exit $status
