#!/bin/sh
# icmp_errors.sh - a reply's `icmp:`: the far end's ICMP error about a
# DNATed and a masqueraded flow is RELATED, and NAT rewrites the quoted
# header as well as the outer one (nf_nat_icmp_reply_translation).  As
# root the crafted errors are sent into a kernel from the far namespace
# (--verify-kernel): it agrees on fate, addresses and the RELATED_REPLY
# state.
. "$top_srcdir/tests/lib.sh"
scn="$top_srcdir/scenarios/icmp-errors-nat.yaml"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" -c -q "$scn" >"$tmp/out" 2>&1
ok $? "the errors are RELATED and their quoted headers are rewritten back"
diag <"$tmp/out"

"$NFWALK" -b "$scn" >"$tmp/trace" 2>&1
grep -q 'rewrite reverse of DNAT: quoted-dst 10.0.0.53 -> 203.0.113.1' "$tmp/trace" &&
	grep -q 'rewrite reverse of DNAT: quoted-dport 53 -> 5353' "$tmp/trace"
ok $? "DNAT: the server's port unreachable quotes the public address and port again"
grep -q 'rewrite DE-MASQUERADE (reverse of SNAT): quoted-src 203.0.113.1 -> 10.0.0.5' "$tmp/trace"
ok $? "MASQUERADE: the router's time exceeded quotes the LAN host's address again"

# An error cannot answer a packet that never left.
cat >"$tmp/local.yaml" <<'YAML'
interfaces: {eth0: 10.0.0.1/24}
iptables: "-t nat -A POSTROUTING -o eth0 -j MASQUERADE"
packets:
  - send: udp 10.0.0.2:1 -> 10.0.0.1:53 on eth0
  - reply: 1
    icmp: port-unreachable
YAML
"$NFWALK" -c "$tmp/local.yaml" >"$tmp/out" 2>&1
grep -q 'packet 1 was local: only a packet that left has a far end' "$tmp/out"
ok $? "an ICMP error about a packet delivered here is refused with why"

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || ! command -v nft >/dev/null; then
	skip "the kernel: the injected errors are RELATED and NATed alike" "needs root, ip netns and nft"
else
	with_kernel_lock "$NFWALK" --verify-kernel "$scn" >"$tmp/out" 2>&1
	[ $? -eq 0 ] && grep -q 'no difference (6 packets' "$tmp/out" &&
		[ "$(grep -c 'ctstate   RELATED_REPLY *RELATED_REPLY' "$tmp/out")" -eq 3 ]
	ok $? "the kernel: the injected errors are RELATED and NATed alike"
fi
done_testing
