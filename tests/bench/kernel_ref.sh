#!/bin/sh
# kernel_ref.sh - make bench's kernel reference: the kernel's own CPU
# time a packet for the work nfwalk simulates, on the same capture
# through the same rules.  Root only; a measurement, never a test.
#
#   kernel_ref.sh KINJECT CAPTURE RULES|drop [RUNS]
#
# Builds two network namespaces joined by a veth: the router, as
# tests/bench/one_armed.yaml describes it (eth0 with 10.0.0.1/16 and
# 198.51.100.1/24, default via 198.51.100.254, ip_forward on, RULES
# loaded with iptables-nft-restore: iptables-save text), and a host that
# sends the capture into eth0 (kinject) and drops what the router sends
# back at its ingress hook, before any stack of its own sees it.  Every
# LAN client and the gateway have a permanent neighbour entry, so no ARP
# is waited for and the machine's neighbour limits are left alone.
# "drop" makes a router that drops every packet at its ingress hook: the
# cost of injecting, for the caller to subtract.
#
# Prints "PACKETS SECONDS", the least busy CPU time of RUNS runs (three
# unless given) of the whole machine while one run's packets went through;
# each run builds both namespaces afresh (an empty conntrack table, as
# nfwalk starts with).  Exits 77 where namespaces or the tools are
# missing, 1 when the router cannot be built or the sending fails.
set -u
kinject=$1 cap=$2 rules=$3 runs=${4:-3}
[ "$(id -u)" = 0 ] || { echo "kernel_ref: needs root" >&2; exit 77; }
for tool in ip nft iptables-nft-restore; do
	command -v $tool >/dev/null 2>&1 || { echo "kernel_ref: $tool is missing" >&2; exit 77; }
done
router=nfwb-router-$$ host=nfwb-host-$$
cleanup() { ip netns del "$router" 2>/dev/null; ip netns del "$host" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "$router" 2>/dev/null && ip netns add "$host" || { echo "kernel_ref: no network namespaces here" >&2; exit 77; }
cleanup

# build: both namespaces from nothing, so that every run starts with an
# empty conntrack table, as nfwalk does; sets routermac
build() {
	ip netns add "$router" && ip netns add "$host" &&
		ip link add veth0 netns "$host" type veth peer name eth0 netns "$router" &&
		ip -n "$host" link set veth0 up && ip -n "$router" link set lo up &&
		ip -n "$router" link set eth0 up &&
		ip -n "$router" addr add 10.0.0.1/16 dev eth0 &&
		ip -n "$router" addr add 198.51.100.1/24 dev eth0 &&
		ip -n "$router" route add default via 198.51.100.254 dev eth0 &&
		ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1 || return 1
	# the host drops all the router sends, at its first hook
	printf '%s\n' 'table netdev sink {' '	chain in {' \
		'		type filter hook ingress device veth0 priority 0; policy drop;' '	}' '}' |
		ip netns exec "$host" nft -f - || return 1
	hostmac=$(ip -n "$host" -o link show veth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	routermac=$(ip -n "$router" -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	# gen_capture's clients are 10.0.0.2 up to 65,000 addresses on
	awk -v mac="$hostmac" 'BEGIN {
		printf "neigh add 198.51.100.254 lladdr %s dev eth0 nud permanent\n", mac
		for (i = 0; i < 65000; i++) {
			a = 2 + i
			printf "neigh add 10.0.%d.%d lladdr %s dev eth0 nud permanent\n", int(a / 256), a % 256, mac
		} }' | ip -n "$router" -batch - || return 1
	if [ "$rules" = drop ]; then
		printf '%s\n' 'table netdev gate {' '	chain in {' \
			'		type filter hook ingress device eth0 priority 0; policy drop;' '	}' '}' |
			ip netns exec "$router" nft -f -
	else
		ip netns exec "$router" iptables-nft-restore <"$rules"
	fi
}

best=
i=0
while [ $i -lt "$runs" ]; do
	build || { echo "kernel_ref: could not build the router" >&2; exit 1; }
	r=$(ip netns exec "$host" "$kinject" veth0 "$routermac" "$cap") || exit 1
	cleanup
	best=$(printf '%s\n%s\n' "$best" "$r" | sed '/^$/d' | sort -n -k2 | head -n 1)
	i=$((i + 1))
done
echo "$best"
