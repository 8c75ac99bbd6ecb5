#!/bin/sh
# snapshot.sh - `nfwalk --snapshot` inside a network namespace built here
# (two links, a default route, a policy route, an ip rule, rp_filter,
# iptables-nft rules with DNAT): the scenario it writes loads, says what
# the namespace holds, and with packets added walks as the kernel does
# (--verify-kernel).  Needs root and ip netns.
. "$top_srcdir/tests/lib.sh"
tmp=$(mktemp -d) || exit 1
ns=nfwalk-snap-$$
cleanup() {
	ip netns del "$ns" 2>/dev/null
	ip netns del "${ns}p" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
if [ "$(id -u)" -ne 0 ] || ! command -v iptables-nft >/dev/null || ! ip netns add "$ns" 2>/dev/null; then
	skip_all "needs root, ip netns and iptables-nft"
fi
ip netns add "${ns}p"
in_ns() { ip netns exec "$ns" "$@"; }
ip -n "$ns" link set lo up
ip link add snapw0 netns "$ns" type veth peer name p0 netns "${ns}p"
ip link add snapl1 netns "$ns" type veth peer name p1 netns "${ns}p"
ip -n "$ns" addr add 203.0.113.1/24 dev snapw0
ip -n "$ns" addr add 10.0.0.1/24 dev snapl1
ip -n "$ns" link set snapw0 up
ip -n "$ns" link set snapl1 up
ip -n "$ns" route add default via 203.0.113.254 dev snapw0
ip -n "$ns" route add table 100 default via 10.0.0.254 dev snapl1
ip -n "$ns" rule add priority 100 fwmark 0x1 lookup 100
in_ns sysctl -qw net.ipv4.ip_forward=1
in_ns sysctl -qw net.ipv4.conf.snapw0.rp_filter=1
in_ns iptables-nft -t nat -A PREROUTING -i snapw0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
in_ns iptables-nft -P FORWARD DROP
in_ns iptables-nft -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
in_ns iptables-nft -A FORWARD -i snapw0 -o snapl1 -p tcp --dport 80 -j ACCEPT
# a set and a rule naming it (ipset save is read before the rules)
if command -v ipset >/dev/null; then
	in_ns ipset create blocked hash:net
	in_ns ipset add blocked 198.51.100.96/28
	in_ns iptables-nft -I FORWARD -m set --match-set blocked src -j DROP
fi

in_ns "$NFWALK" --snapshot -o "$tmp/snap.yaml" 2>"$tmp/err"
ok $? "--snapshot -o FILE exits 0 in a namespace"
cat "$tmp/err" | diag
grep -q '^  snapw0: \[203.0.113.1/24\]$' "$tmp/snap.yaml" && grep -q '^  snapl1: \[10.0.0.1/24\]$' "$tmp/snap.yaml"
ok $? "the interfaces and their addresses"
grep -q '^  - default via 203.0.113.254 dev snapw0$' "$tmp/snap.yaml" &&
	grep -q '^  - table 100 default via 10.0.0.254 dev snapl1$' "$tmp/snap.yaml"
ok $? "the routes, the policy table's too, without the kernel's own"
grep -q '^  - priority 100 from all fwmark 0x1 lookup 100$' "$tmp/snap.yaml"
ok $? "the ip rule, without the three defaults"
grep -q '^  net.ipv4.conf.snapw0.rp_filter: 1$' "$tmp/snap.yaml" && grep -q 'ip_forward: 1' "$tmp/snap.yaml"
ok $? "ip_forward and rp_filter"
grep -q -- '-t nat -A PREROUTING -i snapw0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80' "$tmp/snap.yaml" &&
	grep -q -- '-t filter -P FORWARD DROP' "$tmp/snap.yaml"
ok $? "the iptables rules and policies"
if command -v ipset >/dev/null; then
	grep -q '^  add blocked 198.51.100.96/28$' "$tmp/snap.yaml" &&
		grep -q -- '-t filter -A FORWARD -m set --match-set blocked src -j DROP' "$tmp/snap.yaml"
	ok $? "the sets (ipset save) and the rule naming one"
fi
sed 's/^/  /' "$tmp/snap.yaml" | diag

"$NFWALK" -c "$tmp/snap.yaml" >"$tmp/out" 2>&1
ok $? "the snapshot loads as a scenario"
cat "$tmp/out" | diag

sed '/^packets: \[\]$/d' "$tmp/snap.yaml" >"$tmp/walk.yaml"
cat >>"$tmp/walk.yaml" <<'YAML'
packets:
  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on snapw0
    expect: {fate: forwarded, oif: snapl1, dst: "10.0.0.2:80"}
  - reply: 1
    expect: {fate: forwarded, oif: snapw0}
  - send: tcp 10.0.0.5:40000 -> 203.0.113.1:22 syn on snapw0
    expect: {fate: dropped}
YAML
command -v ipset >/dev/null && cat >>"$tmp/walk.yaml" <<'YAML'
  - send: tcp 198.51.100.99:40000 -> 203.0.113.1:8080 syn on snapw0
    expect: {fate: dropped, hits: [filter FORWARD 1]}
YAML
"$NFWALK" -c "$tmp/walk.yaml" >"$tmp/out" 2>&1
ok $? "with packets added, the snapshot walks as expected (DNAT, its reply, rp_filter)"
cat "$tmp/out" | diag
with_kernel_lock "$NFWALK" --verify-kernel "$tmp/walk.yaml" >"$tmp/out" 2>&1
ok $? "--verify-kernel: the snapshot's walk is the kernel's"
tail -n 3 "$tmp/out" | diag
done_testing
