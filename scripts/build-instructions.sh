#!/usr/bin/env bash
# Instructions rustc executes to build one generated product crate (dev profile, no incremental
# state), counted under valgrind's cachegrind. Unlike wall time, the count does not move with
# the machine's load, so two variants of the generated code can be compared on a busy machine.
#
# Usage: scripts/build-instructions.sh [--work DIR] PRODUCT...
#   PRODUCT      a directory name under generated/ (vpc, linkwan, ecs…)
#   --work DIR   where the crate's artefacts and cachegrind's files go (default:
#                target/build-instructions)
# Needs valgrind. Takes about thirty times the crate's build time (2-3 minutes for vpc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WORK="target/build-instructions"
PRODUCTS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --work) WORK="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) PRODUCTS+=("$1"); shift ;;
    esac
done
[ ${#PRODUCTS[@]} -gt 0 ] || { echo "name at least one product (see --help)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
# A generated crate is a registry dependency for its users: compiled without incremental state.
export CARGO_INCREMENTAL=0

for product in "${PRODUCTS[@]}"; do
    crate="alibabacloud-${product//_/-}"
    [ -f "generated/$product/src/lib.rs" ] || { echo "no generated/$product" >&2; exit 2; }
    # Dependencies first, then the crate's own rustc command as cargo runs it.
    cargo build -q -p "$crate"
    touch "generated/$product/src/lib.rs"
    command=$(cargo build -v -p "$crate" 2>&1 \
        | sed -n "s/^ *Running \`\(.*--crate-name ${crate//-/_} .*\)\`$/\1/p" | tail -1)
    [ -n "$command" ] || { echo "$crate: cargo ran no rustc for it" >&2; exit 1; }
    out="$WORK/$product"
    rm -rf "$out" && mkdir -p "$out"
    # The artefacts go to the work directory, so the repository's build stays as it was.
    command=$(printf '%s' "$command" | sed "s#--out-dir [^ ]*#--out-dir $out#")
    eval "valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=$out/cachegrind.out $command" \
        >"$out/rustc.log" 2>&1 || { echo "$crate: rustc failed (see $out/rustc.log)" >&2; exit 1; }
    count=$(sed -n 's/^==[0-9]*== I *refs: *//p' "$out/rustc.log" | tail -1)
    functions=$(nm --defined-only "$out"/*.rlib 2>/dev/null | grep -c ' [tT] ' || true)
    echo "$product: $count instructions; $functions functions in its object code"
done
