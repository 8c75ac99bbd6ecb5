#!/bin/sh
# chains.sh - finding and stepping through rules: / searches the rules of
# every box (a one-line editor on the status line), n and N go through
# the hits selecting box and rule, Esc ends the search (n steps again);
# o steps over a jump into a user chain, f finishes the chain.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

L="$top_srcdir/scenarios/lessons/06-chains.yaml"
start_tui 80 24 "$L"
keys /
screen | tail -n 1 | grep -q 'search rules: /'; ok $? "/ opens a one-line editor"
keys R E T U R X BSpace N Enter
screen | tail -n 1 | grep -q '/RETURN: hit 1 of 1, filter web_in rule 1'; ok $? "typing, Backspace and Enter search"
screen | grep -q 'Selected: filter INPUT'; ok $? "the hit's box is selected"
keys Escape
keys Escape
keys /
keys - j Space D R O P Enter
screen | tail -n 1 | grep -q '/-j DROP: hit 1 of 2, filter INPUT rule 3'; ok $? "a search with two hits"
keys n
screen | tail -n 1 | grep -q 'hit 2 of 2'; ok $? "n goes to the next hit"
keys N
screen | tail -n 1 | grep -q 'hit 1 of 2'; ok $? "N to the previous one"
keys Escape
screen | tail -n 1 | grep -q 'search ended'; ok $? "Esc ends the search"
keys Escape
keys n
screen | sed -n 1p | grep -q '| step 2/'; ok $? "then n steps again"

# Packet 3 jumps from INPUT to web_in, which RETURNs.
keys '<'
for _ in 1 2 3 4 5; do
	screen | sed -n 1p | grep -q '| packet 3/4 |' && break
	keys N
done
n=$("$NFWALK" --batch --format jsonl "$L" | grep '"pkt":3,' | grep -v '"event":"rewrite"' |
	grep -n '"event":"target".*"chain":"INPUT"' | head -n 1 | cut -d: -f1)
keys_n $((n - 1)) ' '
screen | grep -q -- '-j web_in'; ok $? "at the jump into web_in"
keys o
screen | grep -q 'Rule: filter INPUT, rule 3'; ok $? "o steps over the user chain to INPUT rule 3"
screen | tail -n 1 | grep -q 'stepped over 3 steps in the called chain'; ok $? "saying how much it skipped"
keys f
screen | tail -n 1 | grep -q 'finished chain INPUT'; ok $? "f finishes the chain"
screen | grep -q 'Now: Network\|dropped'; ok $? "to the step after its verdict"
keys q
done_testing
