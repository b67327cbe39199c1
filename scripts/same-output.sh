#!/usr/bin/env bash
# Refactoring guard: do two builds of samenleven give byte-identical outputs?
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [ANNEX ...]
#
# Compares, for the bundled sample and every ANNEX given: `summary` (text and json),
# `check` (text and json, with exit codes), `search` and the exported workbook read back
# (every sheet's XML; the creation time in docProps and on the Bron sheet is masked).
# Prints one line per comparison and exits 1 on the first difference set.
set -uo pipefail
old="$1"; new="$2"; shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0

run_both() { # name, args...
    local name="$1"; shift
    "$old" "$@" >"$work/old.out" 2>"$work/old.err"; echo "rc=$?" >>"$work/old.out"
    "$new" "$@" >"$work/new.out" 2>"$work/new.err"; echo "rc=$?" >>"$work/new.out"
    if cmp -s "$work/old.out" "$work/new.out" && cmp -s "$work/old.err" "$work/new.err"; then
        echo "gelijk    $name"
    else
        echo "VERSCHIL  $name"; diff "$work/old.out" "$work/new.out" | head -5; fail=1
    fi
}

# The workbook's parts, with the moment of writing masked.
workbook_text() {
    python3 - "$1" 2>/dev/null <<'EOF'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in sorted(z.namelist()):
        text = z.read(name).decode("utf-8", "replace")
        text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<tijd>", text)
        text = re.sub(r"\d{1,2}[-/ ]\w+[-/ ]\d{4},? (om )?\d\d:\d\d(:\d\d)?( \(UTC[+-]\d\d:\d\d\)| [+-]\d\d:\d\d)?", "<tijd>", text)
        text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?( \(?UTC[+-]\d\d:\d\d\)?| [+-]\d\d:\d\d)?", "<tijd>", text)
        print("==", name); print(text)
EOF
}

for annex in "" "$@"; do
    label="${annex:-voorbeeld}"
    set -- ; [ -n "$annex" ] && set -- --annex "$annex"
    run_both "summary      $label" "$@" summary
    run_both "summary json $label" "$@" summary --format json
    run_both "check        $label" "$@" check
    run_both "check json   $label" "$@" check --format json
    run_both "search gent  $label" "$@" search gent
    run_both "search typo  $label" "$@" search kortrijck --format json
    run_both "search tekst $label" "$@" search "oefen nederl" --limit 50
    "$old" "$@" export --out "$work/old.xlsx" --force >/dev/null 2>&1
    "$new" "$@" export --out "$work/new.xlsx" --force >/dev/null 2>&1
    if [ -s "$work/old.xlsx" ] && cmp -s <(workbook_text "$work/old.xlsx") <(workbook_text "$work/new.xlsx"); then
        echo "gelijk    export       $label"
    else
        echo "VERSCHIL  export       $label"; fail=1
        diff <(workbook_text "$work/old.xlsx") <(workbook_text "$work/new.xlsx") | head -5
    fi
    rm -f "$work/old.xlsx" "$work/new.xlsx"
done
exit "$fail"
