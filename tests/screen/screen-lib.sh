# screen-lib.sh - screen tests in the style tig and tmux use: nfwalk runs
# in a detached tmux session of a fixed size, the test sends keys, then
# asserts on the captured screen (capture-pane -p, or -e where attributes
# matter).  Source after tests/lib.sh.
#
#   start_tui COLS ROWS [NFWALK ARGS...]   run nfwalk in a fresh session
#   launch_tui COLS ROWS [ARGS...]         the same without waiting for it
#                                          ($TUI_ENV: VAR=value words for nfwalk)
#   keys KEY...                            send-keys, then wait until nfwalk
#                                          has read them, is idle, and the
#                                          screen is still
#   tui_pid                                nfwalk's pid in the pane
#   screen / screen_attrs                  the screen as text / with SGR
#   wait_for REGEX                         until the screen matches
#   attr_text ATTR                         text drawn with an attribute
#   steps_to EVENT STAGE [NTH]             steps from the first to an event
#   compare_screen NAME                    against tests/screen/expected/NAME
#   tty_restored                           the tty modes after nfwalk as before
command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"

SCREEN_DIR="$top_srcdir/tests/screen"
SCENARIO="$SCREEN_DIR/screen.yaml"
TEST_THEME="$SCREEN_DIR/attrs.theme"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/nfwalk-screen.XXXXXX")
# One tmux server per session started (a server being killed cannot take
# a new session on the same socket), its socket in TMPD so nothing is
# left behind.
sessions=0
SOCK="$TMPD/tmux-0"

tm() { tmux -S "$SOCK" -f /dev/null "$@"; }
cleanup() {
	i=0
	while [ "$i" -le "$sessions" ]; do
		tmux -S "$TMPD/tmux-$i" kill-server >/dev/null 2>&1
		i=$((i + 1))
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM

# The session runs a shell that records the terminal settings around
# nfwalk, its exit status, and then waits, so the pane outlives nfwalk.
launch_tui() {
	cols=$1 rows=$2
	shift 2
	tm kill-server >/dev/null 2>&1
	sessions=$((sessions + 1))
	SOCK="$TMPD/tmux-$sessions"
	printf '%s\n' "$@" > "$TMPD/args"
	rm -f "$TMPD/stty.after"
	pane_tty_= pane_pid_=
	cat > "$TMPD/run.sh" <<EOS
trap '' INT
stty -g > "$TMPD/stty.before"
echo "shell before nfwalk"
while read -r a; do set -- "\$@" "\$a"; done < "$TMPD/args"
env ${TUI_ENV:-} "$NFWALK" "\$@"
echo "EXIT=\$?"
stty -g > "$TMPD/stty.after"
sleep 600
EOS
	tm new-session -d -x "$cols" -y "$rows" "env -u NO_COLOR -u NFWALK_THEME sh $TMPD/run.sh"
}

# Are the tty modes after nfwalk's run those before it?  The pane's shell
# prints EXIT= and only then writes stty -g's record, so a test that saw
# EXIT= waits for the record, five seconds at most.
tty_restored() {
	wait_until test -s "$TMPD/stty.after"
	cmp -s "$TMPD/stty.before" "$TMPD/stty.after"
}

start_tui() {
	launch_tui "$@"
	wait_for '^ nfwalk [|]' || { screen | sed '/^$/d' | diag; return 1; }
}

screen() { tm capture-pane -p 2>/dev/null; }

# Does the status line (the last) say PATTERN (grep -E), within five
# seconds?  For what comes after real work (a what-if walks every packet
# again): on a loaded machine settle may see nfwalk idle before the keys
# that start the work have reached it.
last_line_matches() { screen | tail -n 1 | grep -Eq -- "$1"; }
last_line_says() { wait_until last_line_matches "$1"; }
screen_attrs() { tm capture-pane -p -e 2>/dev/null; }

# How many bytes sent to the pane nfwalk has not read yet: FIONREAD on
# the pane's tty (nfwalk keeps it raw, so every byte counts; perl comes
# with every Debian system).  Nothing where that cannot be asked.
# (The pane's tty and shell are asked of tmux once a session.)
unread() {
	[ -n "$pane_tty_" ] || pane_tty_=$(tm display -p '#{pane_tty}' 2>/dev/null)
	perl -e 'open(my $t, "<", $ARGV[0]) or exit; my $n = pack("L", 0);
		ioctl($t, 0x541B, $n) and print unpack("L", $n)' "$pane_tty_" 2>/dev/null
}

# nfwalk's process in the pane, while it runs
tui_pid() {
	[ -n "$pane_pid_" ] || pane_pid_=$(tm list-panes -F '#{pane_pid}' 2>/dev/null)
	ps -o pid=,comm= --ppid "$pane_pid_" 2>/dev/null | awk '$2 == "nfwalk" { print $1; exit }'
}

# Has nfwalk taken in all that was sent and gone back to waiting?
# Nothing unread, and nfwalk not running nor waiting for a CPU.
tui_idle() {
	[ "$(unread)" -gt 0 ] 2>/dev/null && return 1
	tui_pid_=$(tui_pid)
	[ -z "$tui_pid_" ] || [ "$(awk '{ print $3 }' "/proc/$tui_pid_/stat" 2>/dev/null)" != R ]
}

# Wait until nfwalk is idle, then until the screen stops changing (what
# it drew has reached tmux).  A still screen alone is not enough: on a
# busy machine nfwalk may not run at all for longer than two looks
# take.  Five seconds at most for the first.
settle() {
	# send-keys returns once the server has queued the keys, not written
	# them to the pane: a command after it is answered only after the
	# server's loop has gone round, writing them (unread() asks the tty)
	tm display -p '' >/dev/null 2>&1
	wait_until tui_idle
	prev=
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		sleep 0.05
		cur=$(screen_attrs)
		[ -n "$prev" ] && [ "$cur" = "$prev" ] && return 0
		prev=$cur
	done
}

keys() {
	for k in "$@"; do
		tm send-keys "$k"
	done
	settle
}

# keys_n N KEY: press KEY N times.
keys_n() {
	i=0
	while [ "$i" -lt "$1" ]; do
		tm send-keys "$2"
		i=$((i + 1))
	done
	settle
}

wait_for() {
	for _ in $(seq 1 100); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

# A left click at screen column x, row y (0-based), as an xterm sends it.
click() {
	cb=$(printf '\\%03o' 32)
	cx=$(printf '\\%03o' $(($1 + 33)))
	cy=$(printf '\\%03o' $(($2 + 33)))
	rel=$(printf '\\%03o' 35)
	tm send-keys -l "$(printf "\033[M$cb$cx$cy")"
	tm send-keys -l "$(printf "\033[M$rel$cx$cy")"
	settle
}

# The text drawn with an SGR attribute (1 bold, 2 dim, 4 underline,
# 7 reverse), one line per screen row that has some, as "ROW: text".
attr_text() {
	screen_attrs | awk -v want="$1" '
	function sgr(codes,   n, c, i) {
		n = split(codes, c, ";")
		if (n == 0 || codes == "") { delete on; return }
		for (i = 1; i <= n; i++) {
			if (c[i] == "" || c[i] == 0) delete on
			else if (c[i] == 22) { delete on[1]; delete on[2] }
			else if (c[i] >= 23 && c[i] <= 27) delete on[c[i] - 20]
			else if (c[i] == 38 || c[i] == 48) i += (c[i + 1] == 5 ? 2 : 4)
			else if (c[i] < 10) on[c[i]] = 1
		}
	}
	{
		line = $0; out = ""
		while (length(line) > 0) {
			if (match(line, /^\033\[[0-9;]*m/)) {
				sgr(substr(line, 3, RLENGTH - 3))
				line = substr(line, RLENGTH + 1)
			} else {
				ch = substr(line, 1, 1)
				if (want in on) out = out ch
				else if (out != "" && substr(out, length(out)) != " ") out = out " "
				line = substr(line, 2)
			}
		}
		sub(/ +$/, "", out)
		if (out != "") print NR ": " out
	}'
}

# How many steps (key n) from the first step to the NTH event of a kind
# at a stage, counted from nfwalk's JSON Lines the way the TUI counts:
# rewrite events belong to the step before them.
steps_to() {
	"$NFWALK" --batch --format jsonl "$SCENARIO" 2>/dev/null | awk -v ev="$1" -v st="$2" -v nth="${3:-1}" '
	/"event":"rewrite"/ { next }
	{ n++ }
	index($0, "\"event\":\"" ev "\"") && index($0, "\"stage\":\"" st "\"") && ++seen == nth {
		print n - 1; found = 1; exit
	}
	END { if (!found) print -1 }'
}

# Compare the screen with tests/screen/expected/NAME; with
# NFWALK_UPDATE_SCREENS=1 the expected file is written instead.
compare_screen() {
	expected="$SCREEN_DIR/expected/$1"
	screen | sed 's/ *$//' > "$TMPD/$1"
	if [ -n "$NFWALK_UPDATE_SCREENS" ]; then
		cp "$TMPD/$1" "$expected"
	fi
	if diff -u "$expected" "$TMPD/$1" > "$TMPD/$1.diff"; then
		return 0
	fi
	diag < "$TMPD/$1.diff"
	return 1
}
