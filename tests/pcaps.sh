#!/bin/sh
# pcaps.sh - every capture of ../shared/peer/pcaps walked through a gateway
# (tests/data/capture/gateway.yaml with gateway.rules): no crash, no
# sanitizer report, exit 0 and a summary for each, whatever the file holds
# (IPv6, ARP, truncated frames, bad IPv4 headers, odd link types, empty
# files).  A few files are checked for exact counts.
. "$top_srcdir/tests/lib.sh"
pcaps="${SHARED_DIR:-$top_srcdir/../shared}/peer/pcaps"
[ -d "$pcaps" ] || skip_all "no captures: $pcaps is absent"
data="$top_srcdir/tests/data/capture"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

walk() { # walk FILE [OPTIONS...]: the summary of FILE, in $tmp/out
	f=$1
	shift
	"$NFWALK" --rules "$data/gateway.rules" --pcap "$f" "$@" "$data/gateway.yaml" \
		>"$tmp/out" 2>"$tmp/err"
}

n=0
for f in "$pcaps"/*.pcap "$pcaps"/*.pcapng; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f")
	walk "$f" -q
	rc=$?
	[ $rc -eq 0 ] && grep -q "^== summary ==" "$tmp/out" && ! [ -s "$tmp/err" ]
	ok $? "$name: walked, with a summary (exit $rc)"
	if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then
		diag <"$tmp/err"
	fi
	grep -A12 "^== summary ==" "$tmp/out" | sed -n '2,/^Packets walked/p' | diag
	# the trace front ends on the same packets
	"$NFWALK" --rules "$data/gateway.rules" --pcap "$f" -f jsonl "$data/gateway.yaml" \
		>"$tmp/jsonl" 2>"$tmp/err2"
	rc=$?
	[ $rc -eq 0 ] && ! grep -v '^{' "$tmp/jsonl" | grep -q .
	ok $? "$name: the JSON Lines trace (exit $rc)"
done
[ $n -gt 100 ]
ok $? "$n captures found"

summary_has() { # summary_has FILE TEXT
	walk "$pcaps/$1" -q
	grep -qF -- "$2" "$tmp/out"
	ok $? "$1: $2"
}
summary_has LINKTYPE_IPV4.pcap "1 frame (link type IPV4): 1 IPv4 packet walked"
summary_has LINKTYPE_RAW_ipv6.pcap "1 frame (link type RAW): 0 IPv4 packets and 1 IPv6 packet walked"
summary_has LINKTYPE_IPV6.pcap "1 frame (link type IPV6): 0 IPv4 packets and 1 IPv6 packet walked"
summary_has ipv6_jumbogram_1.pcap "bad IPv6 payload length"
summary_has ipv6-bad-version.pcap "bad IPv6 header"
summary_has 802.1ad_QinQ.pcap "2  ARP"
summary_has empty.pcap "0 frames (link type EN10MB): 0 IPv4 packets walked"
summary_has empty.pcapng "0 frames"
summary_has bigtcp-ipv4.pcap "1  bad IPv4 total length"
summary_has tcp_header_heapoverflow.pcap "1  truncated by the capture (caplen < len)"
summary_has rpki-rtr-oobr.pcap "1  bad IPv4 header checksum"
summary_has unsupported-link-type-dbus.pcap "link type unsupported 231"
summary_has ssh.pcap "54 frames (link type EN10MB): 54 IPv4 packets walked"
summary_has ssh.pcap "Table filter (as iptables -t filter -L -v counts):"
summary_has ssh.pcap "Chain FORWARD (policy DROP"

# --count stops early; the text trace names the capture
walk "$pcaps/ssh.pcap" --count 5
grep -q "5 IPv4 packets walked" "$tmp/out"
ok $? "--count 5 walks 5 packets"
grep -q "packets from .*ssh.pcap, arriving on eth0" "$tmp/out"
ok $? "the text trace's header names the capture and the interface"

# --progress forces the progress line onto a non-terminal stderr
walk "$pcaps/ssh.pcap" -q --progress
ok $? "--progress runs"

# a capture that is not one
printf 'not a capture\n' >"$tmp/bad.pcap"
walk "$tmp/bad.pcap" -q
[ $? -eq 2 ] && grep -q "bad.pcap: cannot read the capture" "$tmp/err"
ok $? "a file that is not a capture: exit 2, named"

# a topology with two interfaces must say where the capture arrived
printf 'interfaces:\n  eth0: 10.0.0.1/24\n  eth1: 10.0.1.1/24\n' >"$tmp/two.yaml"
"$NFWALK" -q --pcap "$pcaps/ssh.pcap" "$tmp/two.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "capture: {iface: NAME}" "$tmp/out"
ok $? "two interfaces and no capture: iface: exit 2, says how to fix it"

printf 'interfaces:\n  eth0: 10.0.0.1/24\ncapture: {iface: eth9}\n' >"$tmp/bad.yaml"
"$NFWALK" -q --pcap "$pcaps/ssh.pcap" "$tmp/bad.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "bad.yaml:3:[0-9]*: capture iface .eth9. is not one of the .interfaces." "$tmp/out"
ok $? "capture: iface must be an interface (file:line:col)"

"$NFWALK" -q --pcap "$pcaps/ssh.pcap" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--pcap needs one scenario" "$tmp/out"
ok $? "--pcap without a topology: exit 2"

done_testing
