#!/usr/bin/env bash
# Build cost of the generated client crates: cold `cargo build` and `cargo check` for 1 operation
# (the committed seed page), for LinkWAN (every LinkWAN page of the corpus) and for the whole
# corpus; the generated crate's own compile time, per operation; lines of generated code per
# operation; and the size a call to one operation adds to a stripped release binary.
#
# Usage: scripts/build-cost.sh [--corpus DIR] [--out FILE] [--work DIR] [--only NAMES] [--no-size]
#   --corpus DIR   the pages, one folder per product (default: $APIGEN_CORPUS, else ../shared/corpus)
#   --out FILE     where the figures go (default: benchmarks/results/build-cost.txt)
#   --work DIR     generated crates and their target directories (default: target/build-cost)
#   --only NAMES   comma-separated subset of seed,linkwan,corpus (default: all three)
#   --no-size      skip the release binary size probe
#   --bloat        also break the probe's per-operation growth down by function (needs
#                  `cargo install cargo-bloat`): what the five further calls add, per operation
#   --experiments  also rebuild the largest crates measured with the `serialize` feature
#                  (`Serialize` derived on responses) to show what it costs
# Relative paths are taken from the repository's top directory. Each cold build runs in its own
# empty CARGO_TARGET_DIR under the work directory. Takes 15-30 minutes on two cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CORPUS="${APIGEN_CORPUS:-../shared/corpus}"
OUT="benchmarks/results/build-cost.txt"
WORK="target/build-cost"
ONLY="seed,linkwan,corpus"
SIZE=1
BLOAT=0
EXPERIMENTS=0
COMMAND="scripts/build-cost.sh $*"
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) CORPUS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --no-size) SIZE=0; shift ;;
        --bloat) BLOAT=1; shift ;;
        --experiments) EXPERIMENTS=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$WORK" "$(dirname "$OUT")"
WORK="$(cd "$WORK" && pwd)"
LOG="$WORK/build-cost.log"
: >"$LOG"
# A generated crate is a registry dependency for its users: compiled without incremental state.
export CARGO_INCREMENTAL=0
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS

wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
divide() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b == 0) print "-"; else printf f, a / b }'; }
note() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

# Runs "$@" and prints its wall time in seconds; output goes to the log. Prints FAILED on error.
timed() {
    local start end
    start=$(now)
    if "$@" >>"$LOG" 2>&1; then
        end=$(now)
        seconds "$start" "$end"
    else
        echo "FAILED"
    fi
}

# The code generator, built once (not timed) in the usual target directory.
note "building xtask"
cargo build -q -p xtask >>"$LOG" 2>&1
XTASK="${CARGO_TARGET_DIR:-$ROOT/target}/debug/xtask"

# generate NAME PAGES_DIR: writes $WORK/NAME/generated, returns non-zero when codegen fails.
generate() {
    local name="$1" pages="$2"
    rm -rf "$WORK/$name" "$WORK/products-$name"
    # Only the configurations of products that have pages here: overrides of the others would
    # name operations that are not read.
    mkdir -p "$WORK/products-$name"
    # A product's pages are in its `folder` and its further `folders`.
    for config in specs/products/*.yaml; do
        for folder in $(sed -n 's/^folder: *//p; s/^folders: *\[\(.*\)\].*/\1/p' "$config" | tr ',' ' '); do
            if [ -d "$pages/$folder" ]; then cp "$config" "$WORK/products-$name/"; break; fi
        done
    done
    note "codegen $name from $pages"
    if ! "$XTASK" codegen -q --pages "$pages" --products "$WORK/products-$name" --out "$WORK/$name" >>"$LOG" 2>&1; then
        note "codegen of $name failed (see $LOG)"
        return 1
    fi
    # The same dependency versions as the workspace.
    cp Cargo.lock "$WORK/$name/generated/Cargo.lock"
}

# Sources of the generated crates under $1 (a workspace of one crate per product and the entry crate).
sources() { find "$1" -path '*/src/*' -name '*.rs' "${@:2}"; }
# Marks every generated crate changed, so the next build compiles them again and nothing else.
touch_crates() { find "$1" -path '*/src/lib.rs' -exec touch {} +; }

# Figures of one set of generated crates, as one table row in $WORK/rows.
measure() {
    local name="$1" crate="$WORK/$1/generated"
    local manifest="$crate/Cargo.toml"
    local ops files lines code
    ops=$(sources "$crate" -path '*/src/v*/*' ! -name mod.rs ! -name types.rs | wc -l)
    files=$(sources "$crate" | wc -l)
    lines=$(sources "$crate" -exec cat {} + | wc -l)
    # Lines the compiler sees in a normal build: no comments, no blank lines, no test modules.
    code=$(sources "$crate" -print0 | xargs -0 -n1 awk '/^#\[cfg\(test\)\]/ { exit } !/^[[:space:]]*(\/\/|$)/' | wc -l)

    local build_dir="$WORK/target-$name-build" check_dir="$WORK/target-$name-check"
    rm -rf "$build_dir" "$check_dir"
    note "$name: cold build"
    local cold_build own_build cold_check own_check
    cold_build=$(CARGO_TARGET_DIR="$build_dir" timed cargo build --manifest-path "$manifest" --workspace)
    touch_crates "$crate"
    note "$name: build of the crates alone"
    own_build=$(CARGO_TARGET_DIR="$build_dir" timed cargo build --manifest-path "$manifest" --workspace)
    note "$name: cold check"
    cold_check=$(CARGO_TARGET_DIR="$check_dir" timed cargo check --manifest-path "$manifest" --workspace)
    touch_crates "$crate"
    note "$name: check of the crates alone"
    own_check=$(CARGO_TARGET_DIR="$check_dir" timed cargo check --manifest-path "$manifest" --workspace)
    printf '%s %s %s %s %s %s %s %s %s\n' "$name" "$ops" "$files" "$lines" "$code" \
        "$cold_build" "$own_build" "$cold_check" "$own_check" >>"$WORK/rows"
}

: >"$WORK/rows"
: >"$WORK/notes"
if wanted seed; then
    # The seed page alone (the committed pages hold every shipped product).
    rm -rf "$WORK/pages-seed"
    mkdir -p "$WORK/pages-seed/linkwan"
    cp specs/pages/linkwan/CreateLocalJoinPermission.md "$WORK/pages-seed/linkwan/"
    if generate seed "$WORK/pages-seed"; then measure seed; fi
fi
if wanted linkwan; then
    rm -rf "$WORK/pages-linkwan"
    mkdir -p "$WORK/pages-linkwan"
    cp -r "$CORPUS/linkwan" "$WORK/pages-linkwan/"
    if generate linkwan "$WORK/pages-linkwan"; then measure linkwan; fi
fi
if wanted corpus && generate corpus "$CORPUS"; then
    measure corpus
    # Feature gating: the entry crate with only the LinkWAN product enabled.
    manifest="$WORK/corpus/generated/alibabacloud/Cargo.toml"
    touch_crates "$WORK/corpus/generated"
    note "corpus with only the linkwan feature"
    gated_build=$(CARGO_TARGET_DIR="$WORK/target-corpus-build" timed cargo build --manifest-path "$manifest" --features linkwan)
    gated_check=$(CARGO_TARGET_DIR="$WORK/target-corpus-check" timed cargo check --manifest-path "$manifest" --features linkwan)
    echo "corpus crates, entry crate with only feature linkwan: own build ${gated_build} s, own check ${gated_check} s" >>"$WORK/notes"
fi

# Experiment on the largest crates measured (dependencies already built): what the response
# types' `Serialize` derive (the `serialize` feature, off by default) adds to the own build.
if [ "$EXPERIMENTS" = 1 ]; then
    for name in corpus linkwan; do
        grep -q "^$name " "$WORK/rows" || continue
        manifest="$WORK/$name/generated/Cargo.toml"
        touch_crates "$WORK/$name/generated"
        note "experiment: $name with the serialize feature"
        exp_build=$(CARGO_TARGET_DIR="$WORK/target-$name-build" timed cargo build --manifest-path "$manifest" --workspace --features serialize)
        touch_crates "$WORK/$name/generated"
        exp_check=$(CARGO_TARGET_DIR="$WORK/target-$name-check" timed cargo check --manifest-path "$manifest" --workspace --features serialize)
        echo "$name crates with the serialize feature (Serialize derived on responses): own build ${exp_build} s, own check ${exp_check} s" >>"$WORK/notes"
        break
    done
fi

# Release binary size: a tiny program with nothing, with a client, with one call, with two calls,
# with seven.
SIZE_ROWS=""
probe_crate=""
if [ -d "$WORK/linkwan/generated" ]; then probe_crate="$WORK/linkwan/generated"; fi
if [ "$SIZE" = 1 ] && [ -n "$probe_crate" ]; then
    probe="$WORK/size-probe"
    rm -rf "$probe"
    mkdir -p "$probe/src"
    cat >"$probe/Cargo.toml" <<EOF
[package]
name = "size-probe"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
alibabacloud = { path = "$probe_crate/alibabacloud", features = ["linkwan"] }
tokio = { version = "1", features = ["rt"] }

[features]
client = []
one = ["client"]
two = ["one"]
seven = ["two"]

[workspace]
EOF
    cp Cargo.lock "$probe/Cargo.lock"
    cat >"$probe/src/main.rs" <<'EOF'
//! Size probe: each feature adds one step; the difference in binary size is that step's cost.
//! One async main, as an application has (`#[tokio::main]`), awaiting each call in turn.
fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    // Never true when run without arguments, but the compiler cannot know: the calls are linked.
    let call = std::env::args().count() > 100;
    runtime.block_on(async move {
        #[cfg(feature = "client")]
        {
            use alibabacloud::linkwan::v2019_03_01 as linkwan;
            let inner = alibabacloud::runtime::Client::builder()
                .credentials(alibabacloud::runtime::Credentials::new("id", "secret"))
                .region("cn-shanghai")
                .build()
                .expect("client");
            let client = linkwan::Client::new(inner);
            println!("{client:?}");
            #[cfg(feature = "one")]
            if call {
                println!("{:?}", client.list_node_groups(linkwan::ListNodeGroups::new(2, 0)).await);
            }
            #[cfg(feature = "two")]
            if call {
                println!("{:?}", client.get_node_group(linkwan::GetNodeGroup::new("123456")).await);
            }
            #[cfg(feature = "seven")]
            if call {
                println!("{:?}", client.get_owned_join_permission(linkwan::GetOwnedJoinPermission::new("1")).await);
                println!("{:?}", client.get_rented_join_permission(linkwan::GetRentedJoinPermission::new("1")).await);
                println!("{:?}", client.list_owned_join_permissions(linkwan::ListOwnedJoinPermissions::new(2, 0)).await);
                println!("{:?}", client.list_rented_join_permissions(linkwan::ListRentedJoinPermissions::new(2, 0)).await);
                println!("{:?}", client.update_owned_local_join_permission(linkwan::UpdateOwnedLocalJoinPermission::new("1")).await);
            }
        }
        println!("size probe {call}");
    });
}
EOF
    size_dir="$WORK/target-size"
    rm -rf "$size_dir"
    previous=""
    for variant in none client one two seven; do
        features=""
        [ "$variant" != none ] && features="--features $variant"
        note "size probe: $variant"
        # shellcheck disable=SC2086
        t=$(CARGO_TARGET_DIR="$size_dir" CARGO_PROFILE_RELEASE_STRIP=true timed cargo build --release --manifest-path "$probe/Cargo.toml" $features)
        if [ "$t" = FAILED ]; then
            SIZE_ROWS+="$(printf '  %-7s build failed (see the log)' "$variant")"$'\n'
            continue
        fi
        bytes=$(stat -c %s "$size_dir/release/size-probe")
        added=""
        if [ -n "$previous" ]; then
            added="$(printf '+%d bytes (%s KiB)' $((bytes - previous)) "$(divide $((bytes - previous)) 1024 %.1f)")"
            # Five calls: the growth per operation.
            [ "$variant" = seven ] && added+="$(printf ', %s KiB per operation' "$(divide $((bytes - previous)) 5120 %.1f)")"
        fi
        SIZE_ROWS+="$(printf '  %-7s %9d bytes  %s' "$variant" "$bytes" "$added")"$'\n'
        previous=$bytes
    done
    if [ "$BLOAT" = 1 ]; then
        note "size probe: cargo bloat of two and seven"
        for variant in two seven; do
            CARGO_TARGET_DIR="$size_dir" cargo bloat --release --manifest-path "$probe/Cargo.toml" \
                --features "$variant" -n 0 --message-format json 2>>"$LOG" >"$WORK/bloat-$variant.json"
        done
        BLOAT_ROWS="$(python3 "$ROOT/scripts/bloat-growth.py" "$WORK/bloat-two.json" "$WORK/bloat-seven.json" 5)"
    fi
fi

# The report.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
    echo "# Build cost of the generated crate"
    echo
    echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine:   nproc $(nproc), $cpu, $mem"
    echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average when the run ended)"
    echo "toolchain: $(rustc -V), $(cargo -V)"
    echo "command:   $COMMAND  (pages: $CORPUS)"
    echo "settings:  CARGO_INCREMENTAL=0, default dev and release profiles, jobs = nproc,"
    echo "           every cold build in its own empty CARGO_TARGET_DIR"
    echo
    echo "Times in seconds (wall clock). cold = the crate and all its dependencies from nothing;"
    echo "own = the generated crate alone, rebuilt after touching src/lib.rs (dependencies built)."
    echo "code lines = non-blank, non-comment lines outside test modules (what a build compiles)."
    echo
    printf '%-8s %5s %6s %7s %8s %11s %11s %10s %9s %10s %9s %10s\n' \
        crate ops lines lines/op code/op "cold build" "own build" "own b./op" "cold check" "own check" "own c./op" files
    while read -r name ops files lines code cold_build own_build cold_check own_check; do
        printf '%-8s %5s %6s %7s %8s %11s %11s %10s %9s %10s %9s %10s\n' "$name" "$ops" "$lines" \
            "$(divide "$lines" "$ops" %.0f)" "$(divide "$code" "$ops" %.0f)" "$cold_build" "$own_build" \
            "$(divide "$own_build" "$ops" %.2f)" "$cold_check" "$own_check" "$(divide "$own_check" "$ops" %.2f)" "$files"
    done <"$WORK/rows"
    echo
    seed_row=$(grep '^seed ' "$WORK/rows" || true)
    corpus_row=$(grep '^corpus ' "$WORK/rows" || true)
    if [ -n "$seed_row" ] && [ -n "$corpus_row" ]; then
        read -r _ s_ops _ _ _ _ s_build _ s_check <<<"$seed_row"
        read -r _ c_ops _ _ _ _ c_build _ c_check <<<"$corpus_row"
        if [ "$s_build" != FAILED ] && [ "$c_build" != FAILED ]; then
            echo "marginal cost of one operation (corpus minus seed, per added operation):"
            echo "  own build $(divide "$(awk -v a="$c_build" -v b="$s_build" 'BEGIN { print a - b }')" $((c_ops - s_ops)) %.3f) s, own check $(divide "$(awk -v a="$c_check" -v b="$s_check" 'BEGIN { print a - b }')" $((c_ops - s_ops)) %.3f) s"
            echo
        fi
    fi
    cat "$WORK/notes"
    if [ -n "$SIZE_ROWS" ]; then
        echo
        echo "Release binary size (stripped, default release profile; the LinkWAN crate): a program"
        echo "with a Tokio runtime (none), that builds a client (client), that calls ListNodeGroups"
        echo "(one), GetNodeGroup too (two), and five more LinkWAN operations (seven), all awaited in"
        echo "one async main. Each line adds to the one above."
        printf '%s' "$SIZE_ROWS"
    fi
    if [ -n "${BLOAT_ROWS:-}" ]; then
        echo
        echo "Where the five further operations' text goes (cargo bloat, functions grouped with the"
        echo "operation's own names replaced by OP; bytes of .text per operation, largest first):"
        printf '%s\n' "$BLOAT_ROWS"
    fi
    echo
    echo "Budget: generated code cheap to build; see BENCHMARKS.md for the analysis and proposals."
} >"$OUT"
note "wrote $OUT"
cat "$OUT"
