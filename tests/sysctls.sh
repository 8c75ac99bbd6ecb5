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
bad net.ipv4.conf.eth0.rp_filter 3 'bad value `3` for net.ipv4.conf.eth0.rp_filter (expected 0..2)'
bad net.ipv4.conf.eth9.rp_filter 1 'no interface `eth9`'
bad net.ipv4.conf.default.rp_filter 1 '`default` only applies to interfaces made later'
bad net.ipv4.tcp_syncookies 1 'is not one nfwalk models'
done_testing
