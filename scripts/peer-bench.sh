#!/usr/bin/env bash
# Ours against the peer crate (aliyun-openapi-core-rust-sdk 1.1.0): the same small program,
# one CreateLocalJoinPermission call, built with each (benchmarks/peer/ours, benchmarks/peer/theirs;
# none is a workspace member), and ours again over the system's TLS like the peer
# (benchmarks/peer/ours-native-tls, feature `native-tls`). Reports in one run: cold and incremental release build time,
# stripped binary size, crates in the dependency tree, the crates that dominate the cold build
# (cargo --timings), and sequential calls per second against the same signature-checking
# loopback server (alibabacloud-test-server, run by benchmarks/peer/server).
#
# Usage: scripts/peer-bench.sh [--calls N] [--seconds S] [--runs R] [--work DIR] [--top K]
#   --calls N   sequential calls per loopback run (default 10000)
#   --seconds S a run also stops after S seconds, for a slow client (default 10)
#   --runs R    loopback runs per program, alternating ours and theirs; the best counts (default 3)
#   --work DIR  target directories, logs and timings reports (default target/peer-bench)
#   --top K     crates listed from each cold build's timings (default 8)
# Relative paths are taken from the repository's top directory. Cold = an empty target directory
# (sources already downloaded, so no network time); incremental = touch src/main.rs, rebuild.
# Both builds use the default release profile plus strip = true. Takes 10-20 minutes on two cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CALLS=10000
SECONDS_CAP=10
RUNS=3
WORK="target/peer-bench"
TOP=8
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) CALLS="$2"; shift 2 ;;
        --seconds) SECONDS_CAP="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --top) TOP="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
PEER="$ROOT/benchmarks/peer"
LOG="$WORK/peer-bench.log"
: >"$LOG"
# The same compiler settings for both; nothing from the caller's environment.
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_INCREMENTAL CARGO_TARGET_DIR
export CARGO_PROFILE_RELEASE_STRIP=true

now() { date +%s.%N; }
note() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'; }

# timed LOGFILE CMD...: runs CMD, output to LOGFILE (and the main log); prints wall seconds.
timed() {
    local out="$1" start end
    shift
    start=$(now)
    if ! "$@" >"$out" 2>&1; then
        cat "$out" >>"$LOG"
        note "failed: $* (see $out)"
        exit 1
    fi
    end=$(now)
    cat "$out" >>"$LOG"
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

# Our program resolves to the workspace's versions; the peer's lock is kept in its folder.
# The programs measured; ours first, the peer last.
PKGS="ours ours-native-tls theirs"
cp Cargo.lock "$PEER/ours/Cargo.lock"
cp Cargo.lock "$PEER/ours-native-tls/Cargo.lock"
cp Cargo.lock "$PEER/server/Cargo.lock"
note "fetching sources (not timed)"
for pkg in $PKGS server; do
    cargo fetch -q --manifest-path "$PEER/$pkg/Cargo.toml" >>"$LOG" 2>&1
done

note "building the loopback server (not timed)"
cargo build -q --release --offline --manifest-path "$PEER/server/Cargo.toml" \
    --target-dir "$WORK/target-server" >>"$LOG" 2>&1
SERVER_BIN="$WORK/target-server/release/peer-bench-server"

# The crates of a cold build's timings report that took longest, summed over their units
# (build script, library): "name seconds" lines.
top_crates() {
    python3 - "$1" "$TOP" <<'EOF'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
total = {}
for unit in units:
    total[unit["name"]] = total.get(unit["name"], 0.0) + unit["duration"]
for name, seconds in sorted(total.items(), key=lambda kv: -kv[1])[: int(sys.argv[2])]:
    print(f"{name} {seconds:.1f}")
EOF
}

# Libraries loaded at run time beyond the C runtime's own, with their sizes: a binary that
# links OpenSSL dynamically is smaller on disk by what the system provides.
extra_libs() {
    ldd "$1" 2>/dev/null | awk '$2 == "=>" { print $1, $3 }' |
        grep -Ev '^(libc|libm|libgcc_s|libpthread|libdl|librt)\.' |
        while read -r name path; do
            printf '%s (%d KiB) ' "$name" $(($(stat -L -c %s "$path") / 1024))
        done || true
}

declare -A COLD INCR SIZE TREE UNITS LIBS BIN
for pkg in $PKGS; do
    manifest="$PEER/$pkg/Cargo.toml"
    target="$WORK/target-$pkg"
    rm -rf "$target"
    note "$pkg: cold release build"
    COLD[$pkg]=$(timed "$WORK/$pkg-cold.log" cargo build --release --offline --timings \
        --manifest-path "$manifest" --target-dir "$target")
    # Units compiled from nothing: each "Compiling" line is one package.
    UNITS[$pkg]=$(grep -c '^ *Compiling ' "$WORK/$pkg-cold.log" || true)
    cp "$target/cargo-timings/cargo-timing.html" "$WORK/$pkg-timings.html"
    # The native-tls program builds ours's source file.
    touch "$PEER/${pkg%-native-tls}/src/main.rs"
    note "$pkg: incremental release build"
    INCR[$pkg]=$(timed "$WORK/$pkg-incremental.log" cargo build --release --offline \
        --manifest-path "$manifest" --target-dir "$target")
    BIN[$pkg]="$target/release/peer-bench-$pkg"
    SIZE[$pkg]=$(stat -c %s "${BIN[$pkg]}")
    # Distinct packages a normal build compiles for this machine (build dependencies and proc
    # macros included), the program itself excluded.
    TREE[$pkg]=$(cargo tree -q --offline --manifest-path "$manifest" -e normal,build \
        --prefix none --format '{p}' | sed -E 's/ \((\*|proc-macro)\)//g' | sort -u | grep -vc "^peer-bench-$pkg ")
    LIBS[$pkg]=$(extra_libs "${BIN[$pkg]}")
done

# The loopback server reads its stdin until it closes: fd 3 holds it open for the runs.
note "starting the loopback server"
fifo="$WORK/server.in"
rm -f "$fifo" "$WORK/server.out"
mkfifo "$fifo"
"$SERVER_BIN" <"$fifo" >"$WORK/server.out" 2>>"$LOG" &
server_pid=$!
exec 3>"$fifo"
trap 'exec 3>&- 2>/dev/null; kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -s "$WORK/server.out" ] && break
    sleep 0.1
done
ENDPOINT=$(head -n1 "$WORK/server.out")
[ -n "$ENDPOINT" ] || { note "the loopback server did not start"; exit 1; }
note "loopback server at $ENDPOINT"

declare -A BEST RATES
made=0
for pkg in $PKGS; do
    # The one-call program as built, first: it must pass the server's signature check.
    "${BIN[$pkg]}" --endpoint "$ENDPOINT" >>"$LOG" 2>&1 || { note "$pkg: one call failed"; exit 1; }
    made=$((made + 1))
    BEST[$pkg]=0
    RATES[$pkg]=""
done
for run in $(seq "$RUNS"); do
    for pkg in $PKGS; do
        note "$pkg: loopback run $run, $CALLS calls or $SECONDS_CAP s"
        line=$("${BIN[$pkg]}" --endpoint "$ENDPOINT" --calls "$CALLS" --seconds "$SECONDS_CAP" 2>>"$LOG") ||
            { note "$pkg: a call failed (see $LOG)"; exit 1; }
        echo "$pkg: $line" >>"$LOG"
        rate=$(sed -E 's/.*calls_per_second=([0-9.]+).*/\1/' <<<"$line")
        calls=$(sed -E 's/^calls=([0-9]+).*/\1/' <<<"$line")
        made=$((made + calls))
        RATES[$pkg]+="${RATES[$pkg]:+ }$rate ($calls calls)"
        BEST[$pkg]=$(awk -v a="${BEST[$pkg]}" -v b="$rate" 'BEGIN { print (b > a) ? b : a }')
    done
done
exec 3>&-
wait "$server_pid" || true
trap - EXIT
SERVER_SEEN=$(tail -n1 "$WORK/server.out")
if [ "$SERVER_SEEN" != "requests=$made verified=$made rpc_v1=$made other_schemes=0" ]; then
    note "the server's count differs from the programs' ($made calls, all V1): $SERVER_SEEN"
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
row() { printf '%-34s %12s %16s %12s %12s %16s\n' "$@"; }
# row LABEL ARRAY: the three programs' figures and ours/theirs, ours-native-tls/theirs.
figures() {
    local -n values="$2"
    row "$1" "${values[ours]}" "${values[ours-native-tls]}" "${values[theirs]}" \
        "$(ratio "${values[ours]}" "${values[theirs]}")" "$(ratio "${values[ours-native-tls]}" "${values[theirs]}")"
}
declare -A KIB
for pkg in $PKGS; do KIB[$pkg]=$((SIZE[$pkg] / 1024)); done
echo
echo "# Ours (alibabacloud, feature linkwan; rustls, and native-tls) vs aliyun-openapi-core-rust-sdk 1.1.0"
echo
echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:   nproc $(nproc), $cpu, $mem"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average at the end)"
echo "toolchain: $(rustc -V), $(cargo -V)"
echo "settings:  release profile + strip = true, jobs = nproc, cold = empty target directory"
echo "program:   one CreateLocalJoinPermission call (same parameters), V1 signature, Tokio"
echo "           current-thread runtime; loopback: $RUNS runs each, $CALLS sequential calls"
echo "           or $SECONDS_CAP s per run, whichever comes first"
echo
row "" ours ours-native-tls theirs ours/theirs native/theirs
figures "cold release build (s)" COLD
figures "incremental release build (s)" INCR
figures "stripped binary (bytes)" SIZE
figures "stripped binary (KiB)" KIB
figures "crates in the dependency tree" TREE
figures "packages compiled (cold build)" UNITS
figures "loopback calls/s (best run)" BEST
echo
echo "loopback calls/s of every run: ours ${RATES[ours]}; ours-native-tls ${RATES[ours-native-tls]}; theirs ${RATES[theirs]}"
echo "loopback server: $SERVER_SEEN (the programs made $made calls; all must be verified)"
for pkg in $PKGS; do
    echo "dynamic libraries beyond libc, $pkg: ${LIBS[$pkg]:-none}"
done
for pkg in $PKGS; do
    echo
    echo "cold build of $pkg, the $TOP slowest crates (seconds, units summed; from $WORK/$pkg-timings.html):"
    top_crates "$WORK/$pkg-timings.html" | awk '{ printf "  %-28s %7s\n", $1, $2 }'
done
