#!/usr/bin/env bash
# Benchmarks against the budgets of docs/performance.md.
#
#   scripts/bench.sh [--quick]
#
# Builds crates/authlens-bench in release (the same profile as the page's wasm: opt-level "s",
# LTO) and runs it: one table on stdout, rows in target/bench-native.json. Then every row file
# target/bench-*.json (native now; browser rows later, written by their own runner with the same
# row shape {name, value, unit, budget, pass, env}) is merged into target/bench.json with one
# combined table. Exits non-zero when any budgeted row fails.
#
# To add browser rows: make a runner that writes target/bench-browser.json and call it in the
# "more row producers" section below; nothing else changes.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/target"
BUILD_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$OUT"
rm -f "$OUT"/bench-*.json

cargo build --release -p authlens-bench || exit 2
BENCH="$BUILD_DIR/release/authlens-bench"

echo "== native" >&2
"$BENCH" --out "$OUT/bench-native.json" "$@" >/dev/null
native=$?
[[ $native -le 1 ]] || exit "$native"

# ---- more row producers (browser: page weight, start-up, in-browser latency) go here ----

echo "== all rows" >&2
"$BENCH" report --out "$OUT/bench.json" "$OUT"/bench-*.json
