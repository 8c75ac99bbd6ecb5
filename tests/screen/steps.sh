#!/bin/sh
# steps.sh - the title line and the packet panel count the same steps:
# after 16 presses of space both say step 17 (rewrites join the step
# before them in both).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 "$SCENARIO"
keys_n 16 ' '
screen | grep -q '| step 17/'; ok $? "the title says step 17"
screen | grep -q 'Packet 1, step 17 '; ok $? "and so does the packet panel"
keys q
done_testing
