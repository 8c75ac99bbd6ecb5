#!/bin/sh
# resize.sh - SIGWINCH redraws correctly: after a resize the screen is the
# one a fresh start at the new size shows (same step, view on the packet);
# a too-small terminal gets a clear message, not garbage, and growing back
# restores the screen as it was.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

n=$(steps_to enter route-input)

start_tui 120 40 "$SCENARIO"
keys_n "$n" n
keys .
screen > "$TMPD/fresh"

start_tui 80 24 "$SCENARIO"
keys_n "$n" n
keys .
screen > "$TMPD/small"
tm resize-window -x 120 -y 40
settle
keys .
screen > "$TMPD/resized"
diff "$TMPD/fresh" "$TMPD/resized" | diag
cmp -s "$TMPD/fresh" "$TMPD/resized"; ok $? "80x24 resized to 120x40 shows what a 120x40 start shows"

tm resize-window -x 80 -y 24
settle
keys .
diff "$TMPD/small" "$(screen > "$TMPD/back"; echo "$TMPD/back")" | diag
cmp -s "$TMPD/small" "$TMPD/back"; ok $? "and back to 80x24, what it showed before"

tm resize-window -x 40 -y 12
settle
screen | grep -q 'nfwalk needs at least 60x18'; ok $? "40x12 says what size is needed"
screen | grep -q 'this terminal is 40x12'; ok $? "and what it has"
[ "$(screen | grep -c '[│─┌]')" -eq 0 ]; ok $? "no pieces of the diagram are left on screen"
keys n
tm resize-window -x 80 -y 24
settle
screen > "$TMPD/regrown"
cmp -s "$TMPD/back" "$TMPD/regrown"; ok $? "keys wait while it is too small; growing back restores the screen"
tm resize-window -x 40 -y 12
settle
keys q
wait_for '^EXIT=0'; ok $? "q quits even from the too-small screen"

done_testing
