#!/usr/bin/env bash
# Terminal safety of the explorer: start it in a tmux pane, end it in each way a user or the
# system can (q, SIGTERM, SIGINT, SIGHUP, SIGQUIT, and SIGKILL, which no program can catch),
# then check in the same pane that the terminal is sane again (`stty -a` shows icanon and echo,
# not -icanon / -echo) and that the alternate screen and mouse capture are gone.
#
# Usage: scripts/terminal-safety.sh [path/to/samenleven]   (default: target/debug/samenleven)
# Then the terminal itself goes away (issue 13): `tmux kill-server`, an xterm window closed (when
# xterm, Xvfb and xdotool are installed or can be: the script installs them as root), and
# `setsid` with stdin from /dev/null (no terminal to read keys from). Each time the explorer must
# be gone within 2 s, without spinning.
#
# Exit code 0 when every catchable way leaves a sane terminal and every lost terminal ends the
# explorer. Needs tmux. A case that cannot run here says OVERGESLAGEN and is counted.
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

# The explorer's process started by a command line containing $1, the newest one.
pid_of() {
    local pattern=$1
    for _ in $(seq 100); do
        local p
        p=$(pgrep -n -f -- "$pattern")
        [ -n "$p" ] && { echo "$p"; return 0; }
        sleep 0.1
    done
    return 1
}

# Whether process $1 ended within $2 tenths of a second (a zombie has ended: its parent, the
# terminal, is gone and nobody reaps it yet).
ended_within() {
    local pid=$1 tenths=$2
    for _ in $(seq "$tenths"); do
        local state
        state=$(ps -o stat= -p "$pid" 2>/dev/null)
        [ -z "$state" ] || [[ "$state" == Z* ]] && return 0
        sleep 0.1
    done
    return 1
}

# Processor time (s) used so far by process $1.
cpu_of() {
    local t
    t=$(ps -o times= -p "$1" 2>/dev/null | tr -d ' ')
    echo "${t:-0}"
}

# `tmux kill-server`: the pane's terminal disappears under the explorer.
kill_server_case() {
    local socket="$WORK/eigen.sock" pid
    tmux -S "$socket" new-session -d -s weg -x 110 -y 35 "exec '$BIN'"
    sleep 2
    pid=$(tmux -S "$socket" display -p -t weg '#{pane_pid}')
    if [ -z "$pid" ] || ! ps -p "$pid" >/dev/null; then
        echo "FOUT  tmux kill-server: de verkenner start niet"
        failures=$((failures + 1))
        return
    fi
    tmux -S "$socket" kill-server
    if ended_within "$pid" 20; then
        echo "OK    tmux kill-server: de verkenner is binnen 2 s weg"
    else
        echo "FOUT  tmux kill-server: de verkenner draait na 2 s nog ($(cpu_of "$pid") s processortijd)"
        kill -s KILL "$pid" 2>/dev/null
        failures=$((failures + 1))
    fi
}

# `setsid` with stdin from /dev/null: output is a terminal, but there is no terminal to read.
setsid_case() {
    local session="ts-setsid"
    tmux -S "$SOCKET" new-session -d -s "$session" -x 160 -y 35 \
        "stty sane; setsid '$BIN' < /dev/null; echo \"KLAAR rc=\$?\"; sleep 600"
    local pane="$session:0.0" text
    if wait_for "$pane" "KLAAR rc=" 20; then
        text=$(tmux -S "$SOCKET" capture-pane -p -t "$pane" | tr -s '\n' ' ')
        if [[ "$text" == *"geen terminal om toetsen van te lezen"*"KLAAR rc=2"* ]]; then
            echo "OK    setsid < /dev/null: melding en rc=2 binnen 2 s"
        else
            echo "FOUT  setsid < /dev/null: $text"
            failures=$((failures + 1))
        fi
    else
        echo "FOUT  setsid < /dev/null: na 2 s niet gestopt"
        failures=$((failures + 1))
        local pid
        pid=$(pgrep -n -f -x "$BIN") && kill -s KILL "$pid"
    fi
    tmux -S "$SOCKET" kill-session -t "$session" 2>/dev/null
}

# An xterm window closed under the explorer (needs xterm, Xvfb and xdotool).
xterm_case() {
    local need=()
    command -v xterm >/dev/null || need+=(xterm)
    command -v Xvfb >/dev/null || need+=(xvfb)
    command -v xdotool >/dev/null || need+=(xdotool)
    if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
            --no-install-recommends "${need[@]}" >/dev/null 2>&1 || true
    fi
    if ! command -v xterm >/dev/null || ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
        echo "OVERGESLAGEN  xterm gesloten: xterm, Xvfb of xdotool ontbreekt"
        skipped=$((skipped + 1))
        return
    fi
    local display=":$((70 + RANDOM % 9))" xvfb xterm_pid pid win
    Xvfb "$display" -screen 0 1200x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    sleep 1
    DISPLAY=$display xterm -geometry 120x40 -e "$BIN" >/dev/null 2>&1 &
    xterm_pid=$!
    pid=$(pid_of "^$BIN\$") || pid=""
    sleep 2
    win=$(DISPLAY=$display xdotool search --pid "$xterm_pid" 2>/dev/null | head -n 1)
    if [ -z "$pid" ] || [ -z "$win" ]; then
        echo "FOUT  xterm gesloten: de verkenner of het venster start niet"
        failures=$((failures + 1))
    else
        # What a window manager does when the window is closed: the client loses its window.
        DISPLAY=$display xdotool windowkill "$win" 2>/dev/null
        if ended_within "$pid" 20; then
            echo "OK    xterm gesloten: de verkenner is binnen 2 s weg"
        else
            echo "FOUT  xterm gesloten: de verkenner draait na 2 s nog ($(cpu_of "$pid") s processortijd)"
            kill -s KILL "$pid" 2>/dev/null
            failures=$((failures + 1))
        fi
    fi
    kill "$xterm_pid" "$xvfb" 2>/dev/null
    wait "$xvfb" 2>/dev/null
}

skipped=0
bad_file_case
run_case q yes
run_case TERM yes
run_case INT yes
run_case HUP yes
run_case QUIT yes
run_case KILL no
kill_server_case
setsid_case
xterm_case

if [ "$failures" -gt 0 ]; then
    echo "$failures manier(en) laten de terminal kapot achter"
    exit 1
fi
echo "terminal hersteld na elke op te vangen manier van stoppen; de verkenner stopt als de terminal verdwijnt ($skipped overgeslagen)"
