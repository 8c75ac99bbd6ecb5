#!/bin/sh
# ipset.sh - sets from `ipset save` (--ipsets) and from a scenario's
# `ipsets:`: the rules naming them load and print back as iptables-save
# prints them, a rule naming a missing set is refused as iptables refuses
# it, and bad set lines are reported at file:line:col.
. "$top_srcdir/tests/lib.sh"
data="$top_srcdir/tests/data/ipset"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" --ipsets "$data/host.ipsets" --print-rules --rules "$data/host.rules" >"$tmp/out" 2>&1
ok $? "--ipsets FILE --print-rules --rules FILE exits 0"
diff -u "$data/host.rules" "$tmp/out" | diag
cmp -s "$data/host.rules" "$tmp/out"
ok $? "-m set and -j SET print back as iptables-nft-save printed them"

"$NFWALK" --print-rules --rules "$data/host.rules" >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "without the sets the rules are refused (exit 2)"
grep -q "Set allow doesn't exist\." "$tmp/out"
ok $? "with iptables' message: Set allow doesn't exist."
diag <"$tmp/out"

sed 's/^add svc 203.0.113.1,tcp:22/add svc 203.0.113.1,tcp:99999/' "$data/host.ipsets" >"$tmp/bad.ipsets"
"$NFWALK" --ipsets "$tmp/bad.ipsets" --print-rules --rules "$data/host.rules" >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "a bad element in --ipsets exits 2"
grep -q "bad.ipsets:5:9: .*tcp:99999" "$tmp/out"
ok $? "and names file:line:col of the element"
diag <"$tmp/out"

cat >"$tmp/host.yaml" <<'YAML'
interfaces:
  eth0: 203.0.113.1/24
ipsets:
  - ipset create allow hash:net
  - ipset add allow 198.51.100.0/24
  - ipset add allow 198.51.100.0/30 nomatch
  - ipset create pairs hash:ip,port
  - ipset add pairs 203.0.113.1,udp:53
iptables: |
  -P INPUT DROP
  -A INPUT -m set --match-set allow src -j ACCEPT
  -A INPUT -m set --match-set allow src --return-nomatch -j LOG
  -A INPUT -m set --match-set pairs dst -j ACCEPT
packets:
  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0
    expect: {fate: local, hits: [filter INPUT 1]}
  - send: tcp 198.51.100.2:40000 -> 203.0.113.1:22 syn on eth0
    expect: {fate: dropped, misses: [filter INPUT 1], hits: [filter INPUT 2]}
  - send: udp 198.51.100.2:40000 -> 203.0.113.1:53 on eth0
    expect: {fate: dropped, misses: [filter INPUT 3]}
YAML
"$NFWALK" --check "$tmp/host.yaml" >"$tmp/out" 2>&1
ok $? "nomatch holes, --return-nomatch, and a rule with fewer flags than dimensions"
diag <"$tmp/out"
"$NFWALK" -b "$tmp/host.yaml" >"$tmp/out" 2>&1
grep -q "hash:ip,port pairs: no lookup: fewer src/dst flags than the set has dimensions" "$tmp/out"
ok $? "the trace says why a one-flag rule on hash:ip,port never matches"

sed 's/^  - ipset add pairs 203.0.113.1,udp:53$/  - ipset add pairs 203.0.113.1,udp:53 timeout 5/' "$tmp/host.yaml" >"$tmp/bad.yaml"
"$NFWALK" --check "$tmp/bad.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "a timeout on a set without timeouts is refused"
grep -q "bad.yaml:8:40: Timeout cannot be used" "$tmp/out"
ok $? "at the scenario's file:line:col, with ipset's message"
diag <"$tmp/out"

"$NFWALK" --ipsets "$data/host.ipsets" --rules "$data/host.rules" \
	--iface eth0=203.0.113.1/24 --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0' >"$tmp/out" 2>&1
ok $? "the one-line answer takes --ipsets"
grep -q "INPUT.*rule 1\|INPUT #1\|INPUT 1" "$tmp/out"
ok $? "and the packet is accepted by the set rule"
diag <"$tmp/out"
done_testing
