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
    local session="ts-$how" out="$WORK/$how.stty"
    tmux -S "$SOCKET" new-session -d -s "$session" -x 110 -y 35 "bash --norc --noprofile"
    local pane="$session:0.0"
    # The shell runs the explorer, then reports its exit code and the terminal settings.
    tmux -S "$SOCKET" send-keys -t "$pane" \
        "export PS1='$ '; stty sane; '$BIN'; echo \"KLAAR rc=\$?\"; stty -a > '$out'; echo GEMETEN" Enter
    # The explorer is up once the shell's command line is gone from the screen (alternate
    # screen) and something is drawn.
    sleep 0.5
    local pid=""
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
    sleep 1.5
    local raw_during
    raw_during=$(stty -a -F "$(tmux -S "$SOCKET" display -p -t "$pane" '#{pane_tty}')" | tr '\n' ' ')
    case "$how" in
        q) tmux -S "$SOCKET" send-keys -t "$pane" q ;;
        *) kill -s "$how" "$pid" ;;
    esac
    if ! wait_for "$pane" GEMETEN 100; then
        # SIGKILL or a hang: end it and measure from outside.
        kill -s KILL "$pid" 2>/dev/null
        wait_for "$pane" GEMETEN 50
    fi
    local rc settings screen
    rc=$(tmux -S "$SOCKET" capture-pane -p -t "$pane" | grep -o 'KLAAR rc=[0-9]*' | tail -n 1)
    settings=$(tr '\n' ' ' < "$out" 2>/dev/null)
    screen=$(tmux -S "$SOCKET" display -p -t "$pane" '#{alternate_on} #{mouse_any_flag}')
    local sane=yes
    [[ " $settings " == *" icanon "* ]] || sane=no
    [[ " $settings " == *" echo "* ]] || sane=no
    [[ " $settings " == *" -icanon "* || " $settings " == *" -echo "* ]] && sane=no
    [ "$screen" = "0 0" ] || sane=no
    local during="raw"
    [[ " $raw_during " == *" -icanon "* ]] || during="niet raw (?)"
    if [ "$sane" = yes ]; then
        echo "OK    $how: $rc; tijdens: $during; daarna: icanon echo, geen alternatief scherm of muis"
    elif [ "$catchable" = yes ]; then
        echo "FOUT  $how: $rc; terminal niet hersteld: [$screen] $settings"
        failures=$((failures + 1))
    else
        echo "INFO  $how: $rc; niet op te vangen, terminal niet hersteld (verwacht; 'reset' of 'stty sane' helpt)"
    fi
    tmux -S "$SOCKET" kill-session -t "$session" 2>/dev/null
}

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
