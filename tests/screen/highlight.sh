#!/bin/sh
# highlight.sh - after N steps the highlight is on the expected box; the
# boxes passed keep a trail, skipped ones are dimmed, the branch taken at
# input routing is lit; a click selects a box.  N comes from the walk's
# own JSON Lines, so the test follows the engine's events.  The test theme
# (attrs.theme) gives each state one attribute: highlight reverse (7),
# trail underline (4), dimmed dim (2), branch italic (3).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

# not_in ATTR TEXT: no text drawn with ATTR contains TEXT.
not_in() { ! attr_text "$1" | grep -q "$2"; }

start_tui 80 24 --theme "$TEST_THEME" "$SCENARIO"
attr_text 7 | grep -q 'Network'; ok $? "the first step lights the Network box"

n=$(steps_to enter mangle-prerouting)
keys_n "$n" n
attr_text 7 | grep -q 'mangle'; ok $? "after $n steps the highlight is on mangle PREROUTING"
not_in 7 conntrack; ok $? "and not on the box before it"
attr_text 4 | grep -q 'conntrack'; ok $? "conntrack, passed, keeps a trail"
attr_text 2 | grep -q 'IPCHAINS'; ok $? "the ipchains column is dimmed"
attr_text 2 | grep -q 'IMQ'; ok $? "IMQ, never used by this scenario, is dimmed"

n2=$(steps_to enter filter-forward)
keys_n $((n2 - n)) n
attr_text 7 | grep -q 'filter'; ok $? "after $n2 steps the highlight is on filter FORWARD"
screen | grep -q 'Now: filter FORWARD'; ok $? "the rule panel follows to filter FORWARD"
keys n
screen | grep -q -- '--dport 443: no, dport 80'; ok $? "a failing match says why"
screen | grep -q 'no match: on to the next rule'; ok $? "and that the walk goes on"

keys t
not_in 4 conntrack; ok $? "t turns the trail off"
keys t

# The box whose text is on screen row `row`, clicked in its middle.
row=$(screen | grep -n '│ │  mangle   │ │' | cut -d: -f1)
line=$(screen | sed -n "${row}p")
prefix=${line%%mangle*}
col=$(printf '%s' "$prefix" | wc -m)
click $((col + 2)) $((row - 1))
screen | grep -q 'Selected: mangle FORWARD'; ok $? "a click selects the box under it"
keys Escape
! screen | grep -q 'Selected:'; ok $? "Esc follows the packet again"

# Tall enough for the whole drawing: the lit branch is in view.
start_tui 200 100 --theme "$TEST_THEME" "$SCENARIO"
keys_n "$n2" n
attr_text 3 | grep -q 'another address'; ok $? "the forward branch is lit"
not_in 3 'this machine'; ok $? "the local branch is not"
attr_text 2 | grep -q 'Process'; ok $? "the local process, skipped, is dimmed"

done_testing
