#!/usr/bin/env bash
# Prints the workbook as LibreOffice does (headless, PDF) and checks what a reader of the paper
# sees: A4 pages, on every page a footer with the sheet's name and "pagina X van Y" numbered
# through, the header row repeated on every page of the overview and the matrix, the column
# "Soort regel" not printed, and the overview within MAX_OVERZICHT_PAGES pages.
#
#   scripts/print-check.sh              # the bundled sample, exported now
#   scripts/print-check.sh FILE.xlsx    # any workbook written by `samenleven export`
#
# Prints the pages per sheet. Exit code 1 when a check fails. Installs LibreOffice Calc (no
# GUI), poppler-utils and the Carlito font (metric-compatible with Calibri, the workbook's font:
# without it LibreOffice draws wider columns than Excel) with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_OVERZICHT_PAGES="${MAX_OVERZICHT_PAGES:-10}"

if ! command -v libreoffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
    || ! fc-list 2>/dev/null | grep -i carlito >/dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
    cp "$1" "$work/werkmap.xlsx"
else
    cargo run --quiet -- export --out "$work/werkmap.xlsx" >/dev/null
fi
# A private profile: no interference with a running LibreOffice, no first-start dialogs.
# Rendered in the Belgian Dutch locale of the users (€ 25.000, not € 25,000).
LC_ALL=nl_BE.UTF-8 LANG=nl_BE.UTF-8 libreoffice -env:UserInstallation="file://$work/profile" \
    --headless --convert-to pdf --outdir "$work" "$work/werkmap.xlsx" >/dev/null 2>&1
pdf="$work/werkmap.pdf"

fail=0
problem() {
    echo "FOUT: $*" >&2
    fail=1
}

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
case "$size" in
    *"(A4)"*) ;;
    *) problem "papier is geen A4: $size" ;;
esac

# Per page: the sheet in its footer, the page number, and whether the header row is on it.
: >"$work/sheets"
for ((p = 1; p <= pages; p++)); do
    pdftotext -f "$p" -l "$p" -layout "$pdf" "$work/page.txt"
    footer=$({ grep -E 'pagina [0-9]+ van [0-9]+' "$work/page.txt" || true; } | tail -n 1 |
        sed -E 's/^ +//; s/ +/ /g')
    if [ -z "$footer" ]; then
        problem "pagina $p heeft geen voettekst met 'pagina X van Y'"
        continue
    fi
    sheet="${footer% pagina *}"
    numbers="${footer##* pagina }"
    if [ "$numbers" != "$p van $pages" ]; then
        problem "pagina $p zegt 'pagina $numbers'"
    fi
    echo "$sheet" >>"$work/sheets"
    case "$sheet" in
        Overzicht | "Per actie")
            if ! grep -qE '^ *Provincie +NIS-code +Lokaal bestuur' "$work/page.txt"; then
                problem "pagina $p ($sheet) heeft de kopregel niet bovenaan"
            fi
            ;;
    esac
    # The tags of "Soort regel" appear nowhere on paper.
    if grep -qE 'totaal lokaal bestuur|subtotaal doelstelling|algemeen totaal *$' "$work/page.txt"; then
        problem "pagina $p ($sheet) drukt de kolom 'Soort regel' af"
    fi
done

echo "Pagina's per blad ($pages in totaal, A4):"
uniq -c "$work/sheets" | sed -E 's/^ *([0-9]+) (.*)$/  \2: \1/'
overzicht=$(grep -cx 'Overzicht' "$work/sheets" || true)
if [ "$overzicht" -gt "$MAX_OVERZICHT_PAGES" ]; then
    problem "Overzicht telt $overzicht pagina's, meer dan $MAX_OVERZICHT_PAGES"
fi

if [ "$fail" -ne 0 ]; then
    exit 1
fi
echo "Afdruk in orde: voetteksten, kopregels herhaald, 'Soort regel' niet afgedrukt."
