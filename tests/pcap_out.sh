#!/bin/sh
# pcap_out.sh - --write-pcap: the packet as it was where it changed,
# read back with tcpdump -r.  The DNAT scenario's first packet is written
# as it arrived, after DNAT (nat PREROUTING) and after SNAT (nat
# POSTROUTING); its reply as it arrived and de-NATed.
. "$top_srcdir/tests/lib.sh"
command -v tcpdump >/dev/null 2>&1 || skip_all "tcpdump is not installed"
data="$top_srcdir/tests/data/capture"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" --batch --write-pcap "$tmp/out.pcap" "$data/dnat.yaml" >"$tmp/trace" 2>"$tmp/err"
ok $? "--write-pcap with a scenario's packets exits 0"
diag <"$tmp/err"
tcpdump -n -r "$tmp/out.pcap" >"$tmp/read" 2>"$tmp/tcpdump.err"
ok $? "tcpdump -r reads the file"
grep -q "link-type RAW" "$tmp/tcpdump.err"
ok $? "as raw IPv4 (LINKTYPE_RAW)"
diag <"$tmp/read"
record() { # record N PATTERN DESCRIPTION
	sed -n "$1p" "$tmp/read" | grep -q "$2"
	ok $? "record $1: $3"
}
record 1 "IP 198.51.100.7.40000 > 203.0.113.1.80: Flags \[S\]" "the SYN as it arrived"
record 2 "IP 198.51.100.7.40000 > 10.0.0.2.8080: Flags \[S\]" "after DNAT, to 10.0.0.2:8080"
record 3 "IP 198.51.100.7.40000 > 10.0.0.2.8080: Flags \[S\]" "forwarded: the TTL went down"
record 4 "IP 10.0.0.1.40000 > 10.0.0.2.8080: Flags \[S\]" "after SNAT, from 10.0.0.1, as it left"
record 5 "IP 10.0.0.2.8080 > 10.0.0.1.40000: Flags \[S\.\]" "the reply as it arrived"
record 6 "IP 10.0.0.2.8080 > 198.51.100.7.40000: Flags \[S\.\]" "the reply de-SNATed in PREROUTING"
record 7 "IP 10.0.0.2.8080 > 198.51.100.7.40000: Flags \[S\.\]" "forwarded: the TTL went down"
record 8 "IP 203.0.113.1.80 > 198.51.100.7.40000: Flags \[S\.\]" "de-DNATed in POSTROUTING, as it left"
[ "$(wc -l <"$tmp/read")" -eq 8 ]
ok $? "8 records: one per change"
tcpdump -n -v -r "$tmp/out.pcap" 2>/dev/null >"$tmp/verbose"
grep -c "ttl 64," "$tmp/verbose" | grep -qx 4 && grep -c "ttl 63," "$tmp/verbose" | grep -qx 4
ok $? "the TTL: 64 until forwarded, 63 after"
grep -q "incorrect" "$tmp/verbose"
[ $? -ne 0 ]
ok $? "every checksum is right after the rewrites (tcpdump -v finds none incorrect)"

"$NFWALK" --batch --write-pcap "$tmp/all.pcap" --write-pcap-all "$data/dnat.yaml" \
	>/dev/null 2>&1
ok $? "--write-pcap-all exits 0"
all=$(tcpdump -n -r "$tmp/all.pcap" 2>/dev/null | wc -l)
boxes=$("$NFWALK" --batch -f jsonl "$data/dnat.yaml" | grep -c '"event":"enter"')
[ "$all" -eq $((boxes + 2)) ]
ok $? "--write-pcap-all: each packet as it arrived, then at every box ($all records, $boxes boxes)"

# a capture in, a capture out: the rewritten packets of a pcap
printf 'interfaces:\n  eth0: 203.0.113.1/24\n  eth1: 10.0.0.1/24\ncapture: {iface: eth0}\nsysctl: {ip_forward: 1}\nroutes: [default via 203.0.113.254 dev eth0]\niptables: |\n  -t nat -A PREROUTING -p udp -j DNAT --to-destination 10.0.0.9\n' >"$tmp/gw.yaml"
pcaps="${SHARED_DIR:-$top_srcdir/../shared}/peer/pcaps"
if [ -e "$pcaps/LINKTYPE_RAW_ipv4.pcap" ]; then
	"$NFWALK" -q --pcap "$pcaps/LINKTYPE_RAW_ipv4.pcap" --write-pcap "$tmp/cap.pcap" \
		"$tmp/gw.yaml" >"$tmp/out" 2>&1
	ok $? "--pcap with --write-pcap"
	tcpdump -n -r "$tmp/cap.pcap" 2>/dev/null >"$tmp/read"
	diag <"$tmp/read"
	[ "$(wc -l <"$tmp/read")" -eq 3 ] && sed -n 2p "$tmp/read" | grep -q "> 10.0.0.9\."
	ok $? "the captured datagram, DNATed to 10.0.0.9, then forwarded (TTL - 1)"
	orig=$(tcpdump -tt -n -r "$pcaps/LINKTYPE_RAW_ipv4.pcap" 2>/dev/null | cut -d. -f1)
	new=$(tcpdump -tt -n -r "$tmp/cap.pcap" 2>/dev/null | head -1 | cut -d. -f1)
	[ "$orig" = "$new" ]
	ok $? "records keep the captured packet's time ($orig)"
	grep -q "Wrote 3 packet records" "$tmp/out"
	ok $? "the summary says how many records were written"
else
	skip "--pcap with --write-pcap" "../shared is absent"
fi

"$NFWALK" --batch --write-pcap /nonexistent/dir/x.pcap "$data/dnat.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "/nonexistent/dir/x.pcap" "$tmp/out"
ok $? "an unwritable --write-pcap file: exit 2, named"

"$NFWALK" --batch --write-pcap-all "$data/dnat.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "--write-pcap-all alone is a usage error"

done_testing
