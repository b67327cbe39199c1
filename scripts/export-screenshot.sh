#!/usr/bin/env bash
# Renders the sample export with LibreOffice headless as it prints (A4, see print-check.sh) and
# saves the first page of "Overzicht" as screenshots/export-overzicht.png and the first page of
# the matrix "Per actie" as screenshots/export-per-actie.png.
# Installs LibreOffice Calc (no GUI), poppler-utils and the Carlito font (metric-compatible
# with Calibri, the workbook's font) with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v libreoffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
    || ! fc-list 2>/dev/null | grep -i carlito >/dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo run --quiet -- export --out "$work/samenleven-export.xlsx" >/dev/null
# A private profile: no interference with a running LibreOffice, no first-start dialogs.
# Rendered in the Belgian Dutch locale of the users (€ 25.000, not € 25,000).
LC_ALL=nl_BE.UTF-8 LANG=nl_BE.UTF-8 libreoffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/samenleven-export.xlsx" >/dev/null 2>&1
pdf="$work/samenleven-export.pdf"

# The first page whose footer names the sheet.
first_page() {
    local pages p
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    for ((p = 1; p <= pages; p++)); do
        if pdftotext -f "$p" -l "$p" -layout "$pdf" - | grep -E "^ *$1 +pagina [0-9]+ van" >/dev/null; then
            echo "$p"
            return
        fi
    done
    echo "blad '$1' niet gevonden in de PDF" >&2
    exit 1
}

mkdir -p screenshots
for sheet in "Overzicht:export-overzicht" "Per actie:export-per-actie"; do
    p=$(first_page "${sheet%%:*}")
    pdftoppm -png -r 110 -f "$p" -l "$p" -singlefile "$pdf" "$work/page"
    cp "$work/page.png" "screenshots/${sheet##*:}.png"
    echo "screenshots/${sheet##*:}.png"
done
