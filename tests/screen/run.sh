#!/bin/sh
# run.sh - r runs and pauses, + and - change the speed, a breakpoint set
# with B on a box chosen with g stops the run there, N jumps to the next
# packet, counters (c) count per box, and q quits from inside a list.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 --speed 64 "$SCENARIO"
keys g
item=$(screen | grep -n 'filter FORWARD  *filter-forward' | cut -d: -f1)
first=$(screen | grep -n 'Network (in)  *network-in' | cut -d: -f1)
keys_n $((item - first)) j
keys Enter B
screen | grep -q 'breakpoint set on filter FORWARD'; ok $? "B sets a breakpoint on the box chosen with g"
keys Escape # alone: Esc and a key at once are Alt+key
keys r
wait_for 'breakpoint: filter FORWARD'; ok $? "r runs until the breakpoint"
screen | grep -q '| paused |'; ok $? "and pauses there"
screen | grep -q 'Now: filter FORWARD'; ok $? "with the packet in filter FORWARD"

keys + +
screen | grep -q 'speed 250 steps/s'; ok $? "+ speeds the run up"
keys -
screen | grep -q 'speed 125 steps/s'; ok $? "- slows it down"

keys N
screen | grep -q 'packet 2/2 |'; ok $? "N goes to the next packet"
screen | grep -q 'Packet 2, step 1'; ok $? "at its first step"
keys N
screen | grep -q 'packet 2/2, answer 1'; ok $? "then to the answer it caused"

keys c
screen | grep -q '┌───────┴──────2┐'; ok $? "c: the local process has seen two packets so far"
keys P
screen | grep -q 'packet 2/2 |'; ok $? "P goes back a packet"

keys r
wait_for 'end of the walk'; ok $? "a run stops at the end of the walk"

# A rule breakpoint: select filter FORWARD, its second rule with ] ], B;
# then clear the box's own breakpoint ([ [ back to the box, B).
keys '<' g
keys_n $((item - first)) j
keys Enter ']' ']'
screen | grep -q 'filter FORWARD rule 2 selected'; ok $? "] ] selects the box's second rule"
keys B
screen | grep -q 'breakpoint set on filter FORWARD rule 2'; ok $? "B on a selected rule sets a rule breakpoint"
keys '[' '[' B
screen | grep -q 'breakpoint cleared on filter FORWARD$'; ok $? "back on the box, B clears the box's breakpoint"
keys Escape # alone: Esc and a key at once are Alt+key
keys r
wait_for 'breakpoint: filter FORWARD rule 2'; ok $? "a run stops at the rule"
screen | grep -q 'Rule: filter FORWARD, rule 2'; ok $? "showing it"

keys g q y
wait_for '^EXIT=0$'; ok $? "q quits from inside the box list"

done_testing
