#!/usr/bin/env bash
# Takes real screenshots of the explorer in xterm under Xvfb, driven by xdotool and captured
# with ImageMagick's `import`, into screenshots/*.png.
#
#   scripts/screenshots.sh            # installs its Debian packages if missing (needs root/sudo)
#
# Shots: the main screen, the views of tabs 2 to 6, the map (tab 7), the two calls of --vergelijk side by side, (a province open), an applicant that leads a collaboration with its
# partners, the help overlay, the search popup, the tree filtered on an action, the checks pane
# and the status line after an export. The data is the bundled sample (synthetic amounts, marked
# VOORBEELD on screen). The explorer runs in a temporary folder, where the export lands.
set -euo pipefail

cd "$(dirname "$0")/.."
out=screenshots
mkdir -p "$out"

# --- Debian packages -------------------------------------------------------------------------
need=()
command -v xterm >/dev/null || need+=(xterm)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
[ -x /usr/bin/import ] || need+=(imagemagick)
# A monospace font with box drawing, block elements, arrows and the euro sign.
fc-list 2>/dev/null | grep -q "DejaVuSansMono.ttf" || need+=(fonts-dejavu-core fontconfig)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"
fi
import=/usr/bin/import

# --- Build ------------------------------------------------------------------------------------
cargo build --release --quiet
bin="$PWD/target/release/samenleven"

# --- X server and terminal -----------------------------------------------------------------------
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
xterm_pid=""
workdir=$(mktemp -d /tmp/samenleven-shots.XXXXXX)
cleanup() {
    [ -n "$xterm_pid" ] && kill "$xterm_pid" 2>/dev/null || true
    kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
export DISPLAY="$display"
for _ in $(seq 50); do
    xdpyinfo >/dev/null 2>&1 && break
    # xdpyinfo may be missing; xdotool works as a probe too.
    xdotool getmouselocation >/dev/null 2>&1 && break
    sleep 0.1
done

# 120×34 cells: wider than the 80×24 minimum, small enough to read in a README.
# start [ARG...]: the explorer (with its arguments) in a fresh xterm, focused.
start() {
    xterm -title samenleven -geometry 120x34+0+0 \
        -fa "DejaVu Sans Mono" -fs 12 \
        -bg "#1d1f21" -fg "#e0e0e0" -cr "#e0e0e0" \
        +sb -bc -u8 -xrm "XTerm*allowTitleOps: false" \
        -e sh -c 'cd "$1" && shift && exec env TERM=xterm-256color "$@"' sh "$workdir" "$bin" "$@" &
    xterm_pid=$!

    win=""
    for _ in $(seq 100); do
        win=$(xdotool search --name '^samenleven$' 2>/dev/null | head -n1 || true)
        [ -n "$win" ] && break
        sleep 0.1
    done
    [ -n "$win" ] || { echo "xterm-venster niet gevonden" >&2; exit 1; }
    # The window may not be viewable yet right after it appears (BadMatch): retry for a few seconds.
    focused=""
    for _ in $(seq 30); do
        if xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus --sync "$win" 2>/dev/null; then
            focused=1
            break
        fi
        sleep 0.2
    done
    [ -n "$focused" ] || { echo "xterm-venster kreeg geen focus" >&2; exit 1; }
    sleep 1.5
}
# stop: q, then wait until the xterm is gone.
stop() {
    keys q 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$xterm_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$xterm_pid" 2>/dev/null || true
    xterm_pid=""
}

keys() {
    for k in "$@"; do
        xdotool key --window "$win" --clearmodifiers "$k"
        sleep 0.15
    done
    sleep 0.6
}
shot() {
    "$import" -window "$win" "$out/$1.png"
    echo "$out/$1.png"
}

start

# Main screen: Oost-Vlaanderen open and selected.
keys j j j j Return
shot main

# An applicant that leads a collaboration: West-Vlaanderen → Harelbeke, partners shown.
keys End l j j Return
shot samenwerking

# The help overlay.
keys question
shot hulp

keys Escape

# The search popup: matched letters highlighted, the kind of each hit.
type_text() {
    xdotool type --window "$win" --delay 80 "$1"
    sleep 0.6
}
keys slash
type_text "sint genesius"
shot zoeken
keys Escape

# Enter on an action hit filters the tree to the applicants with that action.
keys slash
type_text "oefen"
keys Return
shot filter
keys x

# The checks pane, the Boom finding chosen.
keys c Down
shot controles
keys Escape

# The views of question 492 (tabs 2 to 6), each with a row chosen; then back to Overzicht.
keys 2 Down Down
shot view-samenwerkingen
keys 3
shot view-weigeringen
keys 4 Down
shot view-mentorschap
keys 5 Down
shot view-impactobligaties
keys 6 Down Down
shot view-acties
keys slash
type_text "oefen"
keys Return Down Return
shot view-actie-5
keys Escape Escape 1

# The map (tab 7): Harelbeke chosen in the tree through the search, m shows it on the map with
# its partners outlined.
keys slash
type_text "harelbeke"
keys Return m
shot kaart
keys 1

# The whole workbook: e asks for name and folder (the default filled in), Enter writes, the
# status line says where it went.
keys e
sleep 0.6
keys Return
sleep 2
shot export

sleep 0.3
stop

# Two calls side by side (the sample with its synthetic second call): Antwerpen open, sorted on
# the difference, largest decrease first.
start --vergelijk
keys Down Return s s s
shot vergelijking
stop
