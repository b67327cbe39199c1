#!/usr/bin/env bash
# Terminal safety of the explorer: start it in a tmux pane, end it in each way a user or the
# system can (q, SIGTERM, SIGINT, SIGHUP, SIGQUIT, and SIGKILL, which no program can catch),
# then check in the same pane that the terminal is sane again (`stty -a` shows icanon and echo,
# not -icanon / -echo) and that the alternate screen and mouse capture are gone.
#
# Usage: scripts/terminal-safety.sh [path/to/samenleven]   (default: target/debug/samenleven)
# Exit code 0 when every catchable way leaves a sane terminal. Needs tmux.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/debug/samenleven}")
command -v tmux >/dev/null || { echo "tmux ontbreekt" >&2; exit 2; }
[ -x "$BIN" ] || { echo "geen programma: $BIN" >&2; exit 2; }

WORK=$(mktemp -d)
SOCKET="$WORK/tmux.sock"
trap 'tmux -S "$SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
failures=0
# One session lives for the whole run, so the server does not exit between cases.
tmux -S "$SOCKET" new-session -d -s ts-keep "sleep 3600"

# Waits until the pane shows $2 (max $3 tenths of a second).
wait_for() {
    local pane=$1 text=$2 tenths=${3:-100}
    for _ in $(seq "$tenths"); do
        if tmux -S "$SOCKET" capture-pane -p -t "$pane" | grep -q -- "$text"; then return 0; fi
        sleep 0.1
    done
    return 1
}

run_case() {
    local how=$1 catchable=$2
    local session="ts-$how"
    # A plain `sh -c` runs the explorer, reports its exit code and then waits: no interactive
    # shell touches the terminal afterwards, so what is measured is what the explorer left.
    tmux -S "$SOCKET" new-session -d -s "$session" -x 110 -y 35 \
        "stty sane; '$BIN'; echo \"KLAAR rc=\$?\"; sleep 600"
    local pane="$session:0.0" tty pid=""
    tty=$(tmux -S "$SOCKET" display -p -t "$pane" '#{pane_tty}')
    for _ in $(seq 100); do
        pid=$(pgrep -f -x "$BIN" | head -n 1)
        [ -n "$pid" ] && break
        sleep 0.1
    done
    if [ -z "$pid" ]; then
        echo "FOUT  $how: de verkenner start niet"
        tmux -S "$SOCKET" capture-pane -p -t "$pane" | sed 's/^/      /'
        failures=$((failures + 1))
        return
    fi
    sleep 2
    local during
    during=$(stty -a -F "$tty" | tr '\n' ' ')
    case "$how" in
        q) tmux -S "$SOCKET" send-keys -t "$pane" q ;;
        *) kill -s "$how" "$pid" ;;
    esac
    if ! wait_for "$pane" "KLAAR rc=" 100; then
        echo "FOUT  $how: de verkenner stopt niet binnen 10 s"
        kill -s KILL "$pid" 2>/dev/null
        failures=$((failures + 1))
        wait_for "$pane" "KLAAR rc=" 50
    fi
    local rc settings screen
    rc=$(tmux -S "$SOCKET" capture-pane -p -t "$pane" | grep -o 'KLAAR rc=[0-9]*' | tail -n 1)
    settings=$(stty -a -F "$tty" | tr '\n' ' ')
    screen=$(tmux -S "$SOCKET" display -p -t "$pane" '#{alternate_on} #{mouse_any_flag}')
    local sane=yes
    [[ " $settings " == *" icanon "* && " $settings " == *" echo "* ]] || sane=no
    [[ " $settings " == *" -icanon "* || " $settings " == *" -echo "* ]] && sane=no
    [ "$screen" = "0 0" ] || sane=no
    local mode="raw"
    [[ " $during " == *" -icanon "* ]] || mode="NIET raw"
    local left="icanon=$([[ " $settings " == *" -icanon "* ]] && echo uit || echo aan)"
    left="$left echo=$([[ " $settings " == *" -echo "* ]] && echo uit || echo aan)"
    left="$left alternatief-scherm=${screen% *} muis=${screen#* }"
    if [ "$sane" = yes ]; then
        echo "OK    $how: $rc; tijdens: $mode; daarna: $left"
    elif [ "$catchable" = yes ]; then
        echo "FOUT  $how: $rc; tijdens: $mode; daarna: $left"
        failures=$((failures + 1))
    else
        echo "INFO  $how: $rc; niet op te vangen; daarna: $left ('reset' herstelt)"
    fi
    tmux -S "$SOCKET" kill-session -t "$session" 2>/dev/null
}

# An unreadable annex: the message on the screen, exit code 2, the terminal untouched.
bad_file_case() {
    local session="ts-bad" bad="$WORK/kapot.xlsx"
    printf 'PK\003\004 afgebroken' > "$bad"
    tmux -S "$SOCKET" new-session -d -s "$session" -x 160 -y 35 \
        "stty sane; '$BIN' --annex '$bad'; echo \"KLAAR rc=\$?\"; sleep 600"
    local pane="$session:0.0" tty
    tty=$(tmux -S "$SOCKET" display -p -t "$pane" '#{pane_tty}')
    wait_for "$pane" "KLAAR rc=" 100
    local text settings screen
    text=$(tmux -S "$SOCKET" capture-pane -p -t "$pane" | tr -s '\n' ' ')
    settings=$(stty -a -F "$tty" | tr '\n' ' ')
    screen=$(tmux -S "$SOCKET" display -p -t "$pane" '#{alternate_on} #{mouse_any_flag}')
    if [[ "$text" == *"Fout in '$bad'"*"KLAAR rc=2"* && " $settings " != *" -icanon "* \
        && " $settings " != *" -echo "* && "$screen" == "0 0" ]]; then
        echo "OK    onleesbaar bestand: melding getoond, KLAAR rc=2, terminal ongemoeid"
    else
        echo "FOUT  onleesbaar bestand: [$screen] $text"
        failures=$((failures + 1))
    fi
    tmux -S "$SOCKET" kill-session -t "$session" 2>/dev/null
}

bad_file_case
run_case q yes
run_case TERM yes
run_case INT yes
run_case HUP yes
run_case QUIT yes
run_case KILL no

if [ "$failures" -gt 0 ]; then
    echo "$failures manier(en) laten de terminal kapot achter"
    exit 1
fi
echo "terminal hersteld na elke op te vangen manier van stoppen"
