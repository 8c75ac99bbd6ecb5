#!/bin/sh
# ipchains.sh - a `model: ipchains` scenario walks the IPCHAINS column of
# the kptd diagram: the input box lights before routing, the panels speak
# ipchains (DENY, MASQ; no conntrack state), and the modern diagram, which
# has no ipchains column, says so instead of drawing a walk.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

SCENARIO="$top_srcdir/scenarios/ipchains-masq.yaml"

start_tui 80 24 --theme "$TEST_THEME" "$SCENARIO"
keys_n "$(steps_to enter ipchains-input)" n
attr_text 7 | grep -q 'IPCHAINS'; ok $? "the highlight is on the IPCHAINS input box"
screen | grep -q 'no conntrack in 2.2'; ok $? "the packet panel says there is no conntrack"

keys_n "$(($(steps_to verdict ipchains-forward) - $(steps_to enter ipchains-input)))" n
compare_screen ipchains-masq-80x24.txt; ok $? "the forward chain's MASQ verdict at 80x24"
screen | grep -q 'verdict MASQ'; ok $? "the verdict is ipchains' own word"

keys c
screen | grep -q 'Chain forward (policy DENY'; ok $? "c lists the ipchains chain with its policy"
keys c

keys d
wait_for 'has no place for it'; ok $? "the modern diagram explains it has no ipchains column"
screen | grep -q 'Press d for the Kernel Packet Traveling Diagram'
ok $? "and offers the kptd diagram"
keys d
wait_for 'IPCHAINS'; ok $? "d goes back to the kptd diagram"

done_testing
