#!/usr/bin/env bash
# Whole-process benchmarks, side by side in one run: samenleven against the floor programs.
#
#   scripts/bench.sh                 # sizes 10000 100000 1000000
#   SIZES="10000 100000" scripts/bench.sh
#   CALLGRIND=0 scripts/bench.sh     # keep the instruction counts of an earlier run
#   BEFORE=target/before/samenleven scripts/bench.sh   # also time an older binary, in the same run
#   LOAD_ONLY=1 scripts/bench.sh     # loads and peak RSS only (no exports, explorer, search)
#
# Writes target/bench/results.md (the table for BENCHMARKS.md) and the raw hyperfine JSON.
# Scale files are generated once into target/scale/ (deterministic, never committed).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-10000 100000 1000000}"
OUT=target/bench
SCALE=target/scale
mkdir -p "$OUT" "$SCALE"

if ! command -v hyperfine >/dev/null; then
    echo "hyperfine ontbreekt: installeren met apt-get" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y hyperfine >/dev/null; else sudo apt-get install -y hyperfine >/dev/null; fi
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time ontbreekt (apt-get install time)" >&2; exit 1; }

cargo build --release --bin samenleven --example gen_scale --example floor_load --example floor_export \
    --example frame_time --example search_latency --example state_time
BIN=target/release/samenleven
FLOOR_LOAD=target/release/examples/floor_load
FLOOR_EXPORT=target/release/examples/floor_export

for n in $SIZES; do
    if [ ! -s "$SCALE/scale_$n.xlsx" ] || [ ! -s "$SCALE/scale_$n.csv" ]; then
        target/release/examples/gen_scale "$SCALE" --sizes "$n"
    fi
done

runs_for() { if [ "$1" -ge 1000000 ]; then echo 3; elif [ "$1" -ge 100000 ]; then echo 5; else echo 10; fi; }
# Exports take long at a million rows: fewer runs there.
export_runs_for() { if [ "$1" -ge 1000000 ]; then echo 2; elif [ "$1" -ge 100000 ]; then echo 3; else echo 5; fi; }

# Median peak RSS in KiB over three runs (one at a million rows).
peak_rss() {
    local n=$1; shift
    local k=3; [ "$n" -ge 1000000 ] && k=1
    local v=()
    for _ in $(seq "$k"); do
        v+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')")
    done
    printf '%s\n' "${v[@]}" | sort -n | sed -n "$(( (k + 1) / 2 ))p"
}

has_export=0
if "$BIN" export --help >/dev/null 2>&1; then has_export=1; fi

: > "$OUT/rss.tsv"
rm -f "$OUT"/export_*.err "$OUT"/export_*.json "$OUT"/frame_*.tsv "$OUT"/state_*.tsv "$OUT/search.txt"
for n in $SIZES; do
    runs=$(runs_for "$n")
    for fmt in xlsx csv; do
        f="$SCALE/scale_$n.$fmt"
        # Both must read the same total (sanity check, not timed).
        "$BIN" summary --annex "$f" --format json > "$OUT/summary_${n}_$fmt.json"
        "$FLOOR_LOAD" "$f" > "$OUT/floor_${n}_$fmt.txt"
        # The streaming floor reads an xlsx sheet cell by cell and keeps nothing; for CSV the
        # floor streams already.
        extra=()
        [ "$fmt" = xlsx ] && extra+=(-n stream "$FLOOR_LOAD stream $f")
        [ -n "${BEFORE:-}" ] && extra+=(-n before "$BEFORE summary --annex $f")
        hyperfine --style basic -N --warmup 1 --runs "$runs" \
            --export-json "$OUT/load_${n}_$fmt.json" \
            -n samenleven "$BIN summary --annex $f" \
            -n floor "$FLOOR_LOAD $f" "${extra[@]}"
        stream_rss=$(if [ "$fmt" = xlsx ]; then peak_rss "$n" "$FLOOR_LOAD" stream "$f"; else echo 0; fi)
        before_rss=$(if [ -n "${BEFORE:-}" ]; then peak_rss "$n" "$BEFORE" summary --annex "$f"; else echo 0; fi)
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$fmt" \
            "$(peak_rss "$n" "$BIN" summary --annex "$f")" "$(peak_rss "$n" "$FLOOR_LOAD" "$f")" \
            "$stream_rss" "$before_rss" >> "$OUT/rss.tsv"
    done
    if [ "$has_export" = 1 ] && [ -z "${LOAD_ONLY:-}" ]; then
        f="$SCALE/scale_$n.xlsx"
        # The first export gives the floor its shape and warms the caches for both.
        if ! "$BIN" export --annex "$f" --out "$OUT/export_$n.xlsx" --force >/dev/null 2>"$OUT/export_$n.err"; then
            echo "export $n mislukt: $(cat "$OUT/export_$n.err")" >&2
            rm -f "$OUT/export_$n.json"
            continue
        fi
        "$FLOOR_EXPORT" shape "$OUT/export_$n.xlsx" > "$OUT/export_$n.shape"
        "$FLOOR_EXPORT" write "$OUT/export_$n.shape" "$OUT/floor_export_$n.xlsx"
        hyperfine --style basic -N --runs "$(export_runs_for "$n")" \
            --export-json "$OUT/export_$n.json" \
            -n samenleven "$BIN export --annex $f --out $OUT/export_$n.xlsx --force" \
            -n floor "$FLOOR_EXPORT write $OUT/export_$n.shape $OUT/floor_export_$n.xlsx"
    fi
done

# Instructions (callgrind): free of the noise of a shared machine; 100 000 rows at most (slow).
# CALLGRIND=0 keeps the counts of an earlier run (they do not depend on the machine's load).
if [ "${CALLGRIND:-1}" = 1 ] && [ -z "${LOAD_ONLY:-}" ] && command -v valgrind >/dev/null; then
    : > "$OUT/instructions.tsv"
    for n in $SIZES; do
        [ "$n" -le 100000 ] || continue
        for fmt in xlsx csv; do
            f="$SCALE/scale_$n.$fmt"
            count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
            printf '%s\t%s\t%s\t%s\n' "$n" "$fmt" "$(count "$BIN" summary --annex "$f")" "$(count "$FLOOR_LOAD" "$f")" >> "$OUT/instructions.tsv"
        done
    done
fi

if [ -z "${LOAD_ONLY:-}" ]; then
    # Explorer frames at 160x48 (TestBackend): the sample, then every size (xlsx).
    target/release/examples/frame_time > "$OUT/frame_sample.tsv"
    for n in $SIZES; do
        target/release/examples/frame_time "$SCALE/scale_$n.xlsx" > "$OUT/frame_$n.tsv"
        # State and index apart, wall and processor time (3 builds, one load).
        target/release/examples/state_time "$SCALE/scale_$n.xlsx" 3 > "$OUT/state_$n.tsv"
    done

    # Search latency per keystroke (the search module's own harness, 100 000 lines).
    target/release/examples/search_latency 100000 > "$OUT/search.txt"
fi

python3 scripts/bench_table.py "$OUT" $SIZES | tee "$OUT/results.md"
