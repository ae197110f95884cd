#!/usr/bin/env bash
# The change classification (`cargo xtask changes`, which decides crate versions) against the
# compiler's view (`cargo semver-checks`), for product crates generated from an older and a newer
# import of a corpus of page revisions.
#
# Usage: scripts/semver-check.sh --early DATE [--late DATE] [--corpus DIR] [--work DIR] PRODUCT...
#   --early DATE   the older import: page revisions dated on or before DATE
#   --late DATE    the newer import (default: every revision, the newest)
#   --corpus DIR   page revisions, <folder>/<Api>/<YYYY-MM-DD>_<blob>.md (default: $APIGEN_CORPUS,
#                  else ../shared/corpus)
#   --work DIR     pages, generated crates, reports (default: target/semver-check)
#   PRODUCT        product configurations to import at each date (their spec directory names;
#                  the crate directory is the name with `-` as `_`)
# Needs `cargo install cargo-semver-checks --locked`. Relative paths are taken from the
# repository's top directory. Steps, all under the work directory:
#   1. pages/ = the committed pages, then the products imported as of --early (--remove-missing);
#      `cargo xtask codegen --no-release --out old` (the baseline: first releases, no changelog).
#   2. new/ starts as a copy of old/ (its specs and release state are the baseline), the products
#      are imported as of --late, `cargo xtask codegen --out new` bumps versions and writes
#      changelogs; `cargo xtask changes --from old --to new` writes changes.txt and changes.json.
#   3. `cargo semver-checks` on each product crate, new against old, without default features
#      (no TLS stack to build), as a minor release (so every change needing a major release
#      fails a lint): semver-<product>.txt.
# Prints per product the classification's verdict and semver-checks' (breaking or not, and the
# lints that failed), and whether they agree.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CORPUS="${APIGEN_CORPUS:-../shared/corpus}"
WORK="target/semver-check"
EARLY=""
LATE=""
PRODUCTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --early) EARLY="$2"; shift 2 ;;
    --late) LATE="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) PRODUCTS+=("$1"); shift ;;
  esac
done
if [ -z "$EARLY" ] || [ ${#PRODUCTS[@]} -eq 0 ]; then
  echo "usage: scripts/semver-check.sh --early DATE [--late DATE] PRODUCT..." >&2
  exit 2
fi
command -v cargo-semver-checks >/dev/null || {
  echo "cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked" >&2
  exit 2
}

rm -rf "$WORK"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
cp -r specs/pages "$WORK/pages"

echo "== older import, as of $EARLY: ${PRODUCTS[*]}"
cargo xtask import --from "$CORPUS" --as-of "$EARLY" --remove-missing --pages "$WORK/pages" \
  "${PRODUCTS[@]}" > "$WORK/import-early.txt" 2>&1
tail -n 1 "$WORK/import-early.txt"
cargo xtask codegen --quiet --no-release --pages "$WORK/pages" --out "$WORK/old" 2> "$WORK/codegen-early.txt" \
  || { cat "$WORK/codegen-early.txt" >&2; exit 1; }

echo "== newer import${LATE:+, as of $LATE}"
cp -r "$WORK/old" "$WORK/new"
cargo xtask import --from "$CORPUS" ${LATE:+--as-of "$LATE"} --remove-missing --pages "$WORK/pages" \
  "${PRODUCTS[@]}" > "$WORK/import-late.txt" 2>&1
tail -n 1 "$WORK/import-late.txt"
cargo xtask codegen --quiet --pages "$WORK/pages" --out "$WORK/new" 2> "$WORK/codegen-late.txt" \
  || { cat "$WORK/codegen-late.txt" >&2; exit 1; }
grep '^  version ' "$WORK/codegen-late.txt" || true
cargo xtask changes --from "$WORK/old" --to "$WORK/new" --json "$WORK/changes.json" > "$WORK/changes.txt"

echo "== cargo semver-checks"
printf '%-18s %-10s %-10s %-9s %s\n' product ours semver agree "failed lints"
for product in "${PRODUCTS[@]}"; do
  module="${product//-/_}"
  ours="$(sed -n "s/^$product: \([a-z]*\) .*/\1/p" "$WORK/changes.txt")"
  ours="${ours:-none}"
  report="$WORK/semver-$product.txt"
  # The release type is given: from the versions, a 0.1 -> 0.2 move is major and semver-checks
  # would check nothing. As a minor release, every change that needs a major one fails.
  if CARGO_TARGET_DIR="$WORK/target" cargo semver-checks check-release --release-type minor \
      --manifest-path "$WORK/new/generated/$module/Cargo.toml" \
      --baseline-root "$WORK/old/generated/$module" \
      --only-explicit-features > "$report" 2>&1; then
    semver="compatible"
  elif grep -q '^--- failure ' "$report"; then
    semver="breaking"
  else
    semver="error"
  fi
  lints="$(sed -n 's/^--- failure \([a-z_]*\):.*/\1/p' "$report" | sort | uniq -c | awk '{printf "%s(%s) ", $2, $1}')"
  if { [ "$ours" = breaking ] && [ "$semver" = breaking ]; } || { [ "$ours" != breaking ] && [ "$semver" = compatible ]; }; then
    agree=yes
  else
    agree=NO
  fi
  printf '%-18s %-10s %-10s %-9s %s\n' "$product" "$ours" "$semver" "$agree" "$lints"
done
echo "reports under $WORK (changes.txt, changes.json, semver-<product>.txt)"
