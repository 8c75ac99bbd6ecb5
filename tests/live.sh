#!/bin/sh
# live.sh - --live on a veth pair between two network namespaces the test
# makes: datagrams sent from one end are walked as they arrive at the
# other; --filter narrows them; without capture rights, a clear error.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip_all "not root: cannot make namespaces"
command -v ip >/dev/null 2>&1 || skip_all "no ip command"
command -v bash >/dev/null 2>&1 || skip_all "no bash (it sends the datagrams)"
tmp=$(mktemp -d) || exit 1
a=nfwalk-live-a-$$
b=nfwalk-live-b-$$
cleanup() {
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$a" && ip netns add "$b" || skip_all "cannot add network namespaces"
# no IPv6 on the veths: their router solicitations and MLD reports would
# be walked (and counted) too, now that captures walk IPv6
for ns in "$a" "$b"; do
	ip netns exec "$ns" sh -c 'for f in all default; do
		echo 1 >/proc/sys/net/ipv6/conf/$f/disable_ipv6; done' 2>/dev/null
done
ip link add veth0 netns "$a" type veth peer name veth1 netns "$b" ||
	skip_all "cannot make a veth pair"
ip -n "$a" addr add 10.9.0.1/24 dev veth0
ip -n "$b" addr add 10.9.0.2/24 dev veth1
ip -n "$a" link set veth0 up
ip -n "$b" link set veth1 up
ip -n "$a" link set lo up

cat >"$tmp/host.yaml" <<'YAML'
interfaces:
  veth0: 10.9.0.1/24
sockets: [udp 53]
iptables: |
  -A INPUT -p udp --dport 53 -j ACCEPT
  -A INPUT -p udp -j DROP
YAML

send() { # send PORT...: one UDP datagram to 10.9.0.1 per port, from b
	for port in "$@"; do
		ip netns exec "$b" bash -c "echo hello >/dev/udp/10.9.0.1/$port" 2>/dev/null
	done
}

# start nfwalk, wait until it captures, send, wait for it to stop
live() { # live COUNT PORTS OPTIONS...
	count=$1 ports=$2
	shift 2
	ip netns exec "$a" timeout 20 "$NFWALK" -q --live veth0 --count "$count" "$@" \
		"$tmp/host.yaml" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep 1
	# retry while nfwalk runs: the first datagrams may go before it listens
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 10 ]; do
		send $ports
		sleep 0.5
		i=$((i + 1))
	done
	wait "$pid"
}

live 3 "53 53 9999"
ok $? "--live walks packets as they arrive, and stops after --count"
diag <"$tmp/err"
grep -q "veth0: .* 3 IPv4 packets walked" "$tmp/out"
ok $? "3 packets walked"
sed -n '/^Packets walked/,/^Boxes/p' "$tmp/out" | diag
grep -Eq "^ +[0-9]+  local$" "$tmp/out"
ok $? "datagrams to udp 53 reach the local process"
grep -Eq "Chain INPUT \(policy ACCEPT" "$tmp/out" &&
	grep -Eq "^ +[1-9][0-9]* +[0-9]+  -A INPUT -p udp -m udp --dport 53 -j ACCEPT" "$tmp/out"
ok $? "the rule counters rose (iptables -L -v)"

live 2 "9999" --filter "udp dst port 9999"
ok $? "--live with a BPF --filter"
grep -q "2 IPv4 packets walked" "$tmp/out" && grep -Eq "^ +2  dropped$" "$tmp/out"
ok $? "only the filtered datagrams, dropped by INPUT"

ip netns exec "$a" "$NFWALK" -q --live veth0 --filter "udp dst port nonsense" \
	"$tmp/host.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--filter \"udp dst port nonsense\":" "$tmp/out"
ok $? "a bad filter: exit 2, with libpcap's reason"

ip netns exec "$a" "$NFWALK" -q --live nosuch0 "$tmp/host.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "nosuch0" "$tmp/out"
ok $? "a missing interface: exit 2, named"
diag <"$tmp/out"

if command -v setpriv >/dev/null 2>&1; then
	cp "$tmp/host.yaml" "$tmp/pub.yaml" && chmod 755 "$tmp" && chmod 644 "$tmp/pub.yaml"
	ip netns exec "$a" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all \
		"$NFWALK" -q --live veth0 "$tmp/pub.yaml" >"$tmp/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q "cannot capture on veth0: permission denied" "$tmp/out" &&
		grep -q "CAP_NET_RAW" "$tmp/out"
	ok $? "without capture rights: exit 2, naming the interface and CAP_NET_RAW"
	diag <"$tmp/out"
else
	skip "without capture rights" "no setpriv"
fi

done_testing
