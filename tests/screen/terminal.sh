#!/bin/sh
# terminal.sh - a terminal that cannot show the live diagram: TERM=dumb
# (no cursor addressing) gets the text trace, as a pipe does, with a
# one-line note on stderr; no TERM at all is an error that blames the
# terminal, not the theme or diagram read before it; a theme file that
# is not there is named as such; control bytes of a rule are escaped.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

TUI_ENV="TERM=dumb"
launch_tui 80 24 "$SCENARIO"
wait_for '^EXIT=0$'; ok $? "TERM=dumb: nfwalk runs and exits 0"
tm capture-pane -p -J -S -200 > "$TMPD/out"
grep -q '^nfwalk: TERM=dumb cannot show the live diagram (no cursor addressing): printing the text trace$' "$TMPD/out"
ok $? "with a one-line note"
grep -q '=> forwarded' "$TMPD/out"; ok $? "and the text trace"
tty_restored; ok $? "the terminal was never taken"

TUI_ENV="-u TERM"
launch_tui 80 24 "$SCENARIO"
wait_for '^EXIT=2$'; ok $? "no TERM: exit status 2"
tm capture-pane -p -J > "$TMPD/out"
grep -q '^nfwalk: cannot use the terminal (TERM=unset)$' "$TMPD/out"
ok $? "the error is about the terminal" || diag < "$TMPD/out"
! grep -q 'theme\|diagram' "$TMPD/out"; ok $? "not about the theme or diagram read before"
TUI_ENV=

launch_tui 80 24 -t /nonexistent.theme "$SCENARIO"
wait_for '^EXIT=2$'; ok $? "-t /nonexistent.theme: exit status 2"
tm capture-pane -p -J > "$TMPD/out"
grep -q '^nfwalk: cannot read /nonexistent.theme: No such file or directory$' "$TMPD/out"
ok $? "names the theme file and why" || diag < "$TMPD/out"
! grep -q 'kptd' "$TMPD/out"; ok $? "not the diagram"

# Control bytes of a rule comment are drawn escaped, as wide as they are
# drawn: the rule's text is not cut short, nothing changes the title.
start_tui 100 30 "$top_srcdir/tests/data/errors/escapes.yaml"
keys_n 7 n
screen | grep -q -- '✓ -m comment --comment "x^\[\]2;pwned^GyM-BM-^\[z é": yes, a$'
ok $? "a comment's control bytes are shown escaped, the rule whole" || screen | diag
[ "$(tm display -p '#{pane_title}')" != pwned ]; ok $? "the window title is left alone"

done_testing
