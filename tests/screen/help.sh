#!/bin/sh
# help.sh - ? shows the help, listing every key the bindings table has
# (scrolling shows the rest), and how diagrams and eras work; any other
# key closes it; the g list and the d switch do what the help says.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 "$SCENARIO"
keys '?'
screen | grep -q 'nfwalk keys'; ok $? "? opens the help"
for what in 'space Right *one step forward' 'b Left backspace *one step back' 'r *run / pause' \
	'N *next packet' 'g *go to a box' 'B *breakpoint' 't *trail' 'c *packet counters'; do
	screen | grep -q "$what"; ok $? "the help lists: $what"
done
keys_n 10 j
for what in 'd *next diagram' 'T *next theme' 'Tab *next panel'; do
	screen | grep -q "$what"; ok $? "scrolled, the help lists: $what"
done
keys_n 10 j
for what in 'Esc *close help' 'q ^C *quit' '/ *search the rules' 'm *the selected box'; do
	screen | grep -q "$what"; ok $? "scrolled further, the help lists: $what"
done
keys_n 40 j
for what in 'tc ingress' 'nftables: modern draws each base chain' 'Themes here: .*mono'; do
	screen | grep -q "$what"; ok $? "at its end, the help says: $what"
done
screen | grep -q 'in the modern era it runs first'; ok $? "the help says how the era changes the order"
keys_n 6 k
screen | grep -q 'Mouse: click a box'; ok $? "a little above, the help says: Mouse: click a box"
keys x
! screen | grep -q 'nfwalk keys'; ok $? "another key closes it"

keys g
screen | grep -q 'Go to a box'; ok $? "g opens the box list"
keys_n 6 j
keys Enter
screen | grep -q 'Selected: '; ok $? "Enter selects a box from it"
keys Escape

n=$(steps_to enter qos-ingress)
keys_n "$n" n
screen | grep -q 'Now: QoS ingress *$'; ok $? "kptd era: QoS ingress comes after PREROUTING (step $((n + 1)))"
keys '<' d
screen | grep -q '| modern nft |'; ok $? "d switches to the modern diagram, labelled with the backend"
screen | grep -q 'walk was run again'; ok $? "and says the walk was run again"
keys n n
screen | grep -q 'Now: QoS ingress (tc, modern position)'; ok $? "modern era: tc ingress right after the network"
screen | grep -q 'tc ingress: before netfilter'; ok $? "as the modern drawing shows"

start_tui 80 24 --diagram modern "$SCENARIO"
screen | grep -q '| modern nft |'; ok $? "--diagram modern starts with it"

done_testing
