#!/bin/sh
# narration.sh - the narration strip: the scenario's description at the
# start, a note keyed by box when the packet enters it, kept until the
# next one, the built-in explanation where the scenario says nothing, and
# x turning the strip off and on.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

cat > "$TMPD/narrated.yaml" <<'EOS'
name: SNAT after routing
description: Why does SNAT wait for routing?
interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}
routes: [default via 203.0.113.254 dev eth0]
sysctl: {ip_forward: 1}
iptables: |
  -A FORWARD -j ACCEPT
  -t nat -A POSTROUTING -o eth0 -j MASQUERADE
notes: {nat-postrouting: "Only now is the output interface known."}
packets:
  - send: tcp 10.0.0.5:50000 -> 93.184.216.34:443 syn on eth1
  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0
EOS

start_tui 80 24 "$TMPD/narrated.yaml"
screen | grep -q 'SNAT after routing: Why does SNAT wait for routing?'
ok $? "the description shows at the start"
n=$("$NFWALK" --batch --format jsonl "$TMPD/narrated.yaml" | grep -v '"event":"rewrite"' |
	grep -n '"event":"enter".*"stage":"nat-postrouting"' | head -n 1 | cut -d: -f1)
keys_n $((n - 1)) ' '
screen | grep -q 'nat POSTROUTING: Only now is the output interface known.'
ok $? "entering nat POSTROUTING: the scenario's note on it"
keys ' ' ' '
screen | grep -q 'Only now is the output interface known.'; ok $? "kept at the next steps"
keys N ' '
screen | grep -q 'Network (in) (nfwalk(7)): The packet arrives'
ok $? "the next packet, where nothing is said: the built-in explanation"
keys x
! screen | grep -q 'nfwalk(7)'; ok $? "x hides the narration"
keys x
screen | grep -q 'nfwalk(7)'; ok $? "x shows it again"
keys q
done_testing
