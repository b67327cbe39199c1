#!/usr/bin/env bash
# Renders the first page of the "Overzicht" sheet of the sample export with LibreOffice
# headless and saves it as screenshots/export-overzicht.png.
# Installs LibreOffice Calc (no GUI) and poppler-utils with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v libreoffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libreoffice-calc-nogui poppler-utils
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo run --quiet -- export --out "$work/samenleven-export.xlsx"
# A private profile: no interference with a running LibreOffice, no first-start dialogs.
# Rendered in the Belgian Dutch locale of the users (€ 25.000, not € 25,000).
LC_ALL=nl_BE.UTF-8 LANG=nl_BE.UTF-8 libreoffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" "$work/samenleven-export.xlsx" >/dev/null
# Page 1 is the top of the first sheet (Overzicht), printed one page wide, landscape.
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$work/samenleven-export.pdf" "$work/overzicht"
mkdir -p screenshots
cp "$work/overzicht.png" screenshots/export-overzicht.png
echo "screenshots/export-overzicht.png"
