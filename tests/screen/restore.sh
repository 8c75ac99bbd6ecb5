#!/bin/sh
# restore.sh - the terminal is given back on every way out: q, ^C,
# SIGTERM, SIGHUP, a terminal gone with SIGHUP blocked, and a crash
# (SIGSEGV): the tty modes are as before
# (stty -g), the shell's screen is back (the alternate screen is left) and
# the exit status tells how nfwalk ended.  A bad theme file stops nfwalk
# before it touches the terminal, with an error naming the line.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

restored() { # restored HOW STATUS
	wait_for "^EXIT=$2\$"; ok $? "$1: nfwalk exits with status $2"
	wait_for '^shell before nfwalk'; ok $? "$1: the shell's screen is back"
	tty_restored; ok $? "$1: the tty modes are as before"
	! screen | grep -q 'nfwalk |'; ok $? "$1: nothing of nfwalk is left on screen"
}

start_tui 80 24 "$SCENARIO"
keys n n n q y
restored 'q y' 0

start_tui 80 24 "$SCENARIO"
keys End q
restored 'q at the end' 0

start_tui 80 24 "$SCENARIO"
keys '?' C-c
restored '^C in the help' 130

for sig in TERM HUP; do
	start_tui 80 24 "$SCENARIO"
	keys n
	kill -"$sig" "$(tui_pid)"
	case $sig in TERM) st=143 ;; HUP) st=129 ;; esac
	restored "SIG$sig" "$st"
done

# The terminal goes away (window closed, ssh dropped) while SIGHUP is
# blocked, as a supervisor's inherited mask may leave it: no signal comes,
# and nfwalk must still end rather than spin on a dead terminal.
# LeakSanitizer is kept out of this one exit: its tracer stops nfwalk with
# ptrace's SIGSTOP, and the shell dying with the terminal orphans nfwalk's
# process group while it is stopped, so the kernel sends SIGCONT, which
# ends the stop before the tracer sees it; the tracer then waits for ever
# (seen: 1 hang in 6 under load).  The other exits here are leak-checked.
real_nfwalk=$NFWALK
cat > "$TMPD/hup-blocked" <<EOS
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0" exec perl -MPOSIX -e 'sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP)) or die "sigprocmask: \$!";
	exec { \$ARGV[0] } @ARGV or die "exec: \$!"' "$real_nfwalk" "\$@"
EOS
chmod +x "$TMPD/hup-blocked"
NFWALK=$TMPD/hup-blocked
start_tui 80 24 "$SCENARIO"
NFWALK=$real_nfwalk
pid=$(tui_pid)
grep -q '^SigBlk:.*[13579bdf]$' "/proc/$pid/status" 2>/dev/null
ok $? "nfwalk runs with SIGHUP blocked"
tm kill-server
# gone, or a zombie its new parent has not reaped yet
gone() { ! kill -0 "$pid" 2>/dev/null || [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" = Z ]; }
wait_until gone; ok $? "the terminal hung up: nfwalk ends, though no SIGHUP came"
gone || kill -9 "$pid" 2>/dev/null

if grep -q -- '-fsanitize=address' "${top_builddir:-.}/Makefile" 2>/dev/null; then
	skip "a crash restores the terminal" "the sanitizer owns SIGSEGV in this build"
else
	start_tui 80 24 "$SCENARIO"
	kill -SEGV "$(tui_pid)"
	restored SIGSEGV 139
fi

# The live diagram needs a terminal: start it in tmux, expecting no screen.
printf 'box = white\nhighlight = black on yelow\n' > "$TMPD/bad.theme"
launch_tui 80 24 --theme "$TMPD/bad.theme" "$SCENARIO"
wait_for '^EXIT=2$'; ok $? "a bad theme file: exit status 2"
tm capture-pane -p -J | grep -q 'bad.theme:2:22: unknown background color .yelow.'
ok $? "with an error naming its line and column"
tty_restored; ok $? "the terminal was never touched"

done_testing
