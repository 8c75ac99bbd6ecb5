#!/bin/sh
# sysctls.sh - the `sysctls:` map: rp_filter (max of all and the
# interface, the drop in input routing after PREROUTING), accept_local and
# send_redirects (all OR the interface); names nfwalk does not model are
# refused.  The probe is run in the kernel by tests/kernel/verify.sh.
. "$top_srcdir/tests/lib.sh"
probe="$top_srcdir/tests/kernel/probes/sysctls.yaml"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" -c "$probe" >"$tmp/out" 2>&1
ok $? "the probe's expectations hold"
cat "$tmp/out" | diag

"$NFWALK" -b "$probe" >"$tmp/trace" 2>&1
grep -q 'route: martian source: rp_filter 1 (strict) on eth0: the way back to 10.0.0.5 is via eth1' "$tmp/trace"
ok $? "strict rp_filter: the trace says which way back it found"
grep -q 'rp_filter 2 (loose) on eth1' "$tmp/trace"
ok $? "all 1, eth1 2: the larger (loose) applies"
grep -q 'rp_filter 2 (loose) on eth2: no route back to 198.18.0.7' "$tmp/trace"
ok $? "loose rp_filter still needs a route back"
"$NFWALK" -b -f jsonl "$probe" | jq -r 'select(.pkt == 1 and .sub == 0 and .event == "fate") | .stage' >"$tmp/stage"
[ "$(cat "$tmp/stage")" = route-input ]
ok $? "the rp_filter drop is in input routing, after PREROUTING"
n=$("$NFWALK" -b -f jsonl "$probe" | jq -r 'select(.sub > 0 and .event == "packet" and (.text | test("redirect"))) | .pkt' | tr '\n' ' ')
[ "$n" = "6 " ]
ok $? "a redirect on eth1 (all 0 OR eth1's default 1), none on eth2 (both 0)"

bad() { # bad NAME VALUE MESSAGE
	printf 'interfaces: {eth0: 10.0.0.1/24}\nsysctls:\n  %s: %s\n' "$1" "$2" >"$tmp/bad.yaml"
	"$NFWALK" -c "$tmp/bad.yaml" >"$tmp/out" 2>&1
	[ $? -eq 2 ] && grep -q -- "$3" "$tmp/out"
	ok $? "refused: $1: $2"
	grep -q -- "$3" "$tmp/out" || cat "$tmp/out" | diag
}
bad net.ipv4.conf.eth0.rp_filter 3 'bad value `3` for `net.ipv4.conf.eth0.rp_filter` (expected 0..2)'
bad net.ipv4.conf.eth9.rp_filter 1 'no interface `eth9`'
bad net.ipv4.conf.default.rp_filter 1 '`default` only applies to interfaces made later'
bad net.ipv4.tcp_syncookies 1 'is not one nfwalk reads'
# One table, two spellings: `sysctl:` (the older key) and `sysctls:` take
# the same names, short or the kernel's; the engine sees the same values.
for key in sysctl sysctls; do
	for name in ip_forward net.ipv4.ip_forward; do
		printf '%s: {%s: 1}\ninterfaces: {eth0: 10.0.0.1/24, eth1: 10.0.1.1/24}\npackets:\n  - send: udp 10.0.0.2:1 -> 10.0.1.2:53 on eth0\n    expect: {fate: forwarded}\n' \
			"$key" "$name" >"$tmp/fwd.yaml"
		"$NFWALK" -c "$tmp/fwd.yaml" >"$tmp/out" 2>&1
		ok $? "$key: {$name: 1} forwards (the default is 0)" || diag <"$tmp/out"
	done
done
printf 'sysctls: {tcp_be_liberal: 1, net.netfilter.nf_conntrack_tcp_be_liberal: on}\ninterfaces: {eth0: 10.0.0.1/24}\npackets: []\n' >"$tmp/lib.yaml"
"$NFWALK" -c "$tmp/lib.yaml" >"$tmp/out" 2>&1
ok $? "nf_conntrack_tcp_be_liberal is accepted by both names (nfwalk tracks no TCP windows)" || diag <"$tmp/out"

# ip_nonlocal_bind: bind() refuses an address the host does not have
printf 'interfaces: {eth0: 10.0.0.1/24}\nsockets: [tcp 10.9.9.9:80]\npackets: []\n' >"$tmp/nlb.yaml"
"$NFWALK" -c "$tmp/nlb.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q 'nlb.yaml:2:11: bind tcp 10.9.9.9:80: Cannot assign requested address' "$tmp/out"
ok $? "a socket on an address not of this host is refused" || diag <"$tmp/out"
printf 'sysctls: {net.ipv4.ip_nonlocal_bind: 1}\ninterfaces: {eth0: 10.0.0.1/24}\nsockets: [tcp 10.9.9.9:80]\npackets: []\n' >"$tmp/nlb.yaml"
"$NFWALK" -c "$tmp/nlb.yaml" >"$tmp/out" 2>&1
ok $? "... unless net.ipv4.ip_nonlocal_bind is 1" || diag <"$tmp/out"

# accept_redirects: on a host either all or the interface; on a router both
redirect() { # redirect IP_FORWARD ALL ETH0 WORD
	printf 'sysctls: {ip_forward: %s, net.ipv4.conf.all.accept_redirects: %s, net.ipv4.conf.eth0.accept_redirects: %s}\ninterfaces: {eth0: 10.0.0.1/24}\npackets: [icmp 10.0.0.254 -> 10.0.0.1 type 5 code 1 on eth0]\n' \
		"$1" "$2" "$3" >"$tmp/rd.yaml"
	"$NFWALK" -b "$tmp/rd.yaml" >"$tmp/out" 2>&1
	case $4 in
	accepted) grep -q "note: ICMP redirect: accept_redirects is on for eth0" "$tmp/out" ;;
	*) grep -q "note: ICMP redirect ignored: accept_redirects is off for eth0" "$tmp/out" ;;
	esac
	ok $? "accept_redirects: ip_forward $1, all $2, eth0 $3: $4" || diag <"$tmp/out"
}
redirect 0 0 1 accepted
redirect 0 0 0 ignored
redirect 0 1 0 accepted
redirect 1 1 0 ignored
redirect 1 1 1 accepted
grep -q "nfwalk keeps no route exceptions" "$tmp/out"
ok $? "... and the trace says nfwalk keeps no route exceptions"
done_testing
