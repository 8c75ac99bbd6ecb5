#!/bin/sh
# route6.sh - `ip -6 route get` in a namespace against nfwalk's IPv6
# look-up (tests/kernel/route6_get): the same interfaces, routes and
# rules, the same questions, the answers cut to "[local ]DST [via GW] dev
# IF src S" or "error TEXT".  Needs root and network namespaces; skipped
# otherwise.
. "${top_srcdir:-.}/tests/lib.sh"

PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export PATH
GET=${top_builddir:-.}/tests/kernel/route6_get

[ "$(id -u)" = 0 ] || skip_all "not root: the kernel check needs network namespaces"
command -v ip >/dev/null 2>&1 || skip_all "ip not found"
ns="nfwv-route6-$$"
ip netns add "$ns" 2>/dev/null || skip_all "cannot create network namespaces here"
trap 'ip netns del "$ns" 2>/dev/null' EXIT INT TERM

# The host: two veth pairs' near ends (the far ends stay down, without
# addresses), with fixed MACs so the link-local addresses are known.
setup='iface veth0 02:00:00:00:00:01 2001:db8:1::1/64
iface veth1 02:00:00:00:00:02 2001:db8:2::1/64
route 2001:db8:10::/48 via 2001:db8:1::fe
route 2001:db8:10:5::/64 via 2001:db8:2::fe
route 2001:db8:11::/48 via 2001:db8:1::fe metric 100
route 2001:db8:11::/48 via 2001:db8:2::fe metric 50
route 2001:db8:12::/64 via fe80::1 dev veth1
route 2001:db8:13::/64 dev veth0 src 2001:db8:2::1
route 2001:db8:2:8000::/65 dev veth0
route blackhole 2001:db8:20::/64
route unreachable 2001:db8:21::/64
route prohibit 2001:db8:22::/64
route table 100 default via 2001:db8:2::fe
rule fwmark 0x1 lookup 100
rule to 2001:db8:30::/64 prohibit'
questions='2001:db8:1::5
2001:db8:2::5
2001:db8:10::1
2001:db8:10:5::1
2001:db8:11::1
2001:db8:12::1
2001:db8:13::1
2001:db8:2:8000::1
2001:db8:20::1
2001:db8:21::1
2001:db8:22::1
2001:db8:30::1
2001:db8:99::1
2001:db8:99::1 mark 0x1
2001:db8:1::1
fe80::ff:fe00:2
fe80::5 oif veth0
fe80::5 oif veth1
::1'

i=0
for pair in 0 1; do
	ip -n "$ns" link add "veth$pair" address "02:00:00:00:00:0$((pair + 1))" type veth \
		peer name "peer$pair" || skip_all "cannot make veth pairs"
done
ip -n "$ns" link set lo up
echo "$setup" | while read -r kind args; do
	case $kind in
	iface) set -- $args
		ip -n "$ns" link set "$1" up
		ip -n "$ns" -6 addr add "$3" dev "$1" nodad ;;
	route) ip -n "$ns" -6 route add $args ;;
	rule) ip -n "$ns" -6 rule add $args ;;
	esac
done
# the peers stay down: routes out of veth0/veth1 need the carrier
for pair in 0 1; do ip -n "$ns" link set "peer$pair" up; done
# The link-local addresses come with the carrier and are tentative until
# duplicate address detection ends; a tentative address is not yet local,
# so the kernel would route to it.  Wait until neither is (a fixed sleep
# was too short: it takes about 1.8 s here), ten seconds at most.
tries=0
while [ $tries -lt 100 ]; do
	lls=$(ip -n "$ns" -6 addr show scope link 2>/dev/null)
	case $lls in *fe80::ff:fe00:1/64*) ;; *) lls=tentative ;; esac
	case $lls in *fe80::ff:fe00:2/64*) ;; *) lls=tentative ;; esac
	case $lls in *tentative*) ;; *) break ;; esac
	sleep 0.1
	tries=$((tries + 1))
done

# ip's answer, cut: type, destination, via, dev, src
kernel_get() {
	out=$(ip -n "$ns" -6 route get $1 2>&1)
	case $out in
	*RTNETLINK\ answers:*) echo "error ${out#*RTNETLINK answers: }" ;;
	*) echo "$out" | head -n 1 | awk '{
		t = ""; d = $1; if ($1 == "local" || $1 == "unreachable" || $1 == "prohibit" || $1 == "blackhole") { t = $1 " "; d = $2 }
		via = ""; dev = ""; src = ""
		for (i = 1; i <= NF; i++) {
			if ($i == "via") via = " via " $(i + 1)
			if ($i == "dev") dev = $(i + 1)
			if ($i == "src") src = $(i + 1)
		}
		print t d via " dev " dev " src " src }' ;;
	esac
}

ours=$( { echo "$setup"; echo "$questions" | sed 's/^/get /'; } | "$GET")
echo "$ours" | grep '^setup error' | diag
n=0
echo "$questions" > "${TMPDIR:-/tmp}/route6-q.$$"
while read -r q; do
	n=$((n + 1))
	want=$(kernel_get "$q")
	got=$(echo "$ours" | grep -v '^setup error' | sed -n "${n}p")
	[ "$got" = "$want" ]
	ok $? "ip -6 route get $q: $want"
	[ "$got" = "$want" ] || echo "nfwalk says: $got" | diag
done < "${TMPDIR:-/tmp}/route6-q.$$"
rm -f "${TMPDIR:-/tmp}/route6-q.$$"
done_testing
