#!/bin/sh
# first-screen.sh - what a newcomer sees first: the status line names the
# keys to press next (space step, b back, r run, ? help) and they fit in
# 60 columns; Right and Enter step forward, Left steps back, and panning
# is on shift+arrows and h/j/k/l, as the help says.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 60 20 "$SCENARIO"
screen | tail -n 1 | grep -q 'space step  b back  r run  ? help *$'
ok $? "at 60 columns the status line ends with the keys to press"
keys Right
screen | grep -q '| step 2/'; ok $? "Right steps forward"
keys Enter
screen | grep -q '| step 3/'; ok $? "Enter steps forward"
keys Left
screen | grep -q '| step 2/'; ok $? "Left steps back"
keys r
screen | tail -n 1 | grep -q 'r pause'; ok $? "while running the hint says how to pause"
keys r '>'
screen | tail -n 1 | grep -q '< start'; ok $? "at the end it says how to go back to the start"
keys '?'
screen | grep -Eq 'space Right +one step forward'; ok $? "the help: Right steps forward"
screen | grep -Eq 'b Left backspace +one step back'; ok $? "the help: Left steps back"
keys_n 14 j
screen | grep -Eq 'S-Right l +scroll the diagram right'; ok $? "the help: S-Right and l pan"
keys q
done_testing
