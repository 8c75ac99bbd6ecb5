#!/bin/sh
# whatif.sh - what if a rule were different: e edits the selected rule in
# the one-line editor, the walk runs again and the message says which
# packet's fate changed; a rule nfwalk cannot load is refused as at load
# time; i inserts after the selected rule, d deletes it (without a rule
# selected d still switches the diagram); w writes the changed ruleset
# as the scenario (its iptables: block, the rest as it was).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

cp "$top_srcdir/scenarios/lessons/16-debugging-a-ruleset.yaml" "$TMPD/office.yaml"
start_tui 100 30 "$TMPD/office.yaml"
select_forward_rule() { # select_forward_rule N
	keys g
	item=$(screen | grep -n 'filter FORWARD  *filter-forward' | cut -d: -f1)
	first=$(screen | grep -n 'Network (in)  *network-in' | cut -d: -f1)
	keys_n 40 k
	keys_n $((item - first)) j
	keys Enter
	keys_n "$1" ']'
}
select_forward_rule 3
screen | tail -n 1 | grep -q 'filter FORWARD rule 3 selected'; ok $? "rule 3 of filter FORWARD selected"
keys e
screen | tail -n 1 | grep -q 'edit filter: -A FORWARD -d 203.0.113.1/32 -i eth0 -p tcp -m tcp --dport 80 -j ACCEPT'
ok $? "e opens the editor on the rule as iptables-save prints it"
keys C-u
tm send-keys -l -- '-A FORWARD -d 10.0.0.2/32 -i eth0 -p tcp -m tcp --dport 80 -j ACCEPT'
keys Enter
last_line_says 'what-if 1: edited filter FORWARD: packet 1: fate dropped -> forwarded at filter FORWARD rule 3'
ok $? "the walk runs again and says packet 1 is now forwarded"

keys e C-u
tm send-keys -l -- '-A FORWARD -j NOSUCH'
keys Enter
screen | tail -n 1 | grep -Eq 'what-if not applied: .*:[0-9]+:[0-9]+: .*NOSUCH'
ok $? "a rule nfwalk cannot load is refused with its line and column"

keys i
screen | tail -n 1 | grep -q 'insert in filter: -A FORWARD'; ok $? "i opens the editor with the chain"
tm send-keys -l -- '-p udp -j DROP'
keys Enter
last_line_says 'what-if 2: inserted in filter FORWARD: packet 2: still forwarded, now at filter FORWARD rule 5'
ok $? "i inserts a rule and walks again: packet 2's rule moved down one"
select_forward_rule 4
keys d
last_line_says 'what-if 3: deleted from filter FORWARD'; ok $? "d deletes the selected rule"
keys w
screen | tail -n 1 | grep -q "write the scenario to: $TMPD/office.yaml"
ok $? "w offers to write the scenario it came from"
keys Enter
screen | tail -n 1 | grep -q 'wrote the scenario with the what-if changes to .*/office.yaml'
ok $? "w writes the scenario"
keys Escape
keys d
screen | grep -q '| modern nft |'; ok $? "without a rule selected, d still switches the diagram"
keys q
grep -q -- '^  -A FORWARD -d 10.0.0.2/32 -i eth0 -p tcp -m tcp --dport 80 -j ACCEPT$' "$TMPD/office.yaml"
ok $? "the written scenario holds the edited rule in its iptables: block"
! grep -q -- '-p udp -j DROP' "$TMPD/office.yaml"
ok $? "and not the deleted one"
grep -q 'http from outside, the broken one' "$TMPD/office.yaml"
ok $? "the rest of the scenario is as it was"
"$NFWALK" --check "$TMPD/office.yaml" > "$TMPD/check.out" 2>&1
grep -q 'packet 1: expected filter FORWARD 3 not to match; it matched' "$TMPD/check.out"
ok $? "the written scenario loads, and its packet 1 is forwarded now (its old expectation fails)"
done_testing
