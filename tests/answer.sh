#!/bin/sh
# answer.sh - one-line answers: `--rules FILE --packet '...'` with a
# HOST.yaml, with --iface/--route, or with the host assumed from the
# rules; the text answer, --summary, --format json (jq reads it) and
# --format dot (a structural check: every edge joins declared nodes).
. "$top_srcdir/tests/lib.sh"
data="$top_srcdir/tests/data/answer"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
R="$data/rules.v4"
H="$data/host.yaml"

same() { # same DESCRIPTION: compare $tmp/out with standard input
	cat >"$tmp/want"
	diff -u "$tmp/want" "$tmp/out" | diag
	cmp -s "$tmp/want" "$tmp/out"
	ok $? "$1"
}

"$NFWALK" --rules "$R" "$H" --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' \
	--packet 'reply 1' >"$tmp/out" 2>&1
same "DNAT port forward and its reply: fate, deciding rule, rewrites, output" <<'OUT'
packet 1: tcp 198.51.100.7:40000 -> 203.0.113.1:8080 [S] len 40 arrives on eth0
  fate     forwarded: forwarded out of eth1
  decided  filter FORWARD #2: -A FORWARD -i eth0 -o eth1 -d 10.0.0.2 -p tcp --dport 80 -j ACCEPT
  rewrite  dst 203.0.113.1 -> 10.0.0.2 by nat PREROUTING #1 DNAT
  rewrite  dport 8080 -> 80 by nat PREROUTING #1 DNAT
  out      eth1

packet 2: tcp 10.0.0.2:80 -> 198.51.100.7:40000 [S.] len 40 arrives on eth1
  fate     forwarded: forwarded out of eth0
  decided  filter FORWARD #1: -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  rewrite  src 10.0.0.2 -> 203.0.113.1 by reverse of DNAT (nat-postrouting)
  rewrite  sport 80 -> 8080 by reverse of DNAT (nat-postrouting)
  out      eth0
OUT

"$NFWALK" --rules "$R" "$H" --summary --packet 'udp 10.0.0.5:3333 -> 8.8.8.8:53 on eth1' \
	--packet 'tcp 10.0.0.5:3333 -> 10.0.0.1:23 on eth1' >"$tmp/out" 2>&1
same "--summary: one line per packet, a mark and MASQUERADE, a REJECT in a user chain and its RST" <<'OUT'
1: udp 10.0.0.5:3333 -> 8.8.8.8:53 len 28 arrives on eth1 => forwarded out eth0 by filter FORWARD #3: -A FORWARD -i eth1 -o eth0 -j ACCEPT; mark 0x0 -> 0x1; src 10.0.0.5 -> 203.0.113.1
2: tcp 10.0.0.5:3333 -> 10.0.0.1:23 [S] len 40 arrives on eth1 => rejected by filter LAN #2: -A LAN -p tcp --dport 23 -j REJECT --reject-with tcp-reset
2.1: tcp 10.0.0.1:23 -> 10.0.0.5:3333 [R.] len 40 (generated here) => sent out eth1 by filter OUTPUT policy ACCEPT
OUT

"$NFWALK" --rules "$R" --packet 'tcp 192.0.2.7:40000 -> 8.8.8.8:22 on eth1' >"$tmp/out" 2>&1
same "no host: interfaces from the rules' -i/-o, the uplink from MASQUERADE, all said" <<'OUT'
packet 1: tcp 192.0.2.7:40000 -> 8.8.8.8:22 [S] len 40 arrives on eth1
  fate     forwarded: forwarded out of eth0
  decided  filter FORWARD #3: -A FORWARD -i eth1 -o eth0 -j ACCEPT
  rewrite  src 192.0.2.7 -> 203.0.113.1 by nat POSTROUTING #1 MASQUERADE
  out      eth0

assumed  sysctl net.ipv4.ip_forward = 1 (a router)
assumed  interface eth1 198.51.100.1/24
assumed  interface eth0 203.0.113.1/24
assumed  route default via 203.0.113.254 dev eth0 (the uplink: the -o of a MASQUERADE rule)
OUT

"$NFWALK" --rules "$R" --iface eth0=203.0.113.1/24 --route 'default via 203.0.113.254' \
	--packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:22 on eth0' >"$tmp/out" 2>&1
same "--iface and --route: the policy that dropped it" <<'OUT'
packet 1: tcp 198.51.100.7:40000 -> 203.0.113.1:22 [S] len 40 arrives on eth0
  fate     dropped: dropped at filter INPUT
  decided  filter INPUT policy DROP
  out      -

assumed  sysctl net.ipv4.ip_forward = 1 (a router)
OUT

# JSON: one object jq reads
"$NFWALK" --rules "$R" "$H" --format json --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' \
	--packet 'reply 1' >"$tmp/out" 2>&1
ok $? "--format json exits 0"
if command -v jq >/dev/null 2>&1; then
	got=$(jq -c '[.packets[] | [.fate, .decided.chain, .decided.rule, .oif, (.rewrites | map(.field + "=" + .new) | join(" "))]]' "$tmp/out")
	[ "$got" = '[["forwarded","FORWARD",2,"eth1","dst=10.0.0.2 dport=80"],["forwarded","FORWARD",1,"eth0","src=203.0.113.1 sport=8080"]]' ]
	ok $? "--format json: jq reads fate, rule, output and rewrites" 
	[ "$got" ] || cat "$tmp/out" | diag
else
	skip "--format json: jq reads it" "no jq"
fi
[ "$(grep -c '' "$tmp/out")" -ge 1 ] && head -c1 "$tmp/out" | grep -q '{'
ok $? "--format json: one object"

# DOT: every node an edge names is declared; one cluster per packet
"$NFWALK" --rules "$R" "$H" --format dot --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' \
	--packet 'tcp 10.0.0.5:3333 -> 10.0.0.1:23 on eth1' >"$tmp/dot" 2>&1
ok $? "--format dot exits 0"
head -1 "$tmp/dot" | grep -q '^digraph nfwalk {$' && tail -1 "$tmp/dot" | grep -q '^}$'
ok $? "--format dot: one digraph"
opens=$(grep -c '{$' "$tmp/dot"); closes=$(grep -c '^ *}$' "$tmp/dot")
[ "$opens" -eq "$closes" ]
ok $? "--format dot: braces balance ($opens)"
[ "$(grep -c 'subgraph cluster_' "$tmp/dot")" -eq 3 ]
ok $? "--format dot: a cluster per packet, the RST included"
sed -n 's/^ *\([a-z0-9_]*\) \[.*/\1/p' "$tmp/dot" | grep -v '^node$' | sort >"$tmp/nodes"
sed -n 's/^ *\([a-z0-9_]*\) -> \([a-z0-9_]*\).*/\1\n\2/p' "$tmp/dot" | sort -u >"$tmp/ends"
[ -s "$tmp/ends" ] && [ -z "$(comm -13 "$tmp/nodes" "$tmp/ends")" ]
ok $? "--format dot: every edge joins declared nodes"
"$NFWALK" --rules "$R" "$H" --format jsonl -b --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' |
	grep -c '"event":"enter"' >"$tmp/n"
[ "$(grep -c '^ *p1_0_[0-9]* \[' "$tmp/dot")" -eq "$(cat "$tmp/n")" ]
ok $? "--format dot: a node per box the packet entered (as the trace says)"
grep -q 'p1_0_[0-9]*_note .*DNAT --to-destination 10.0.0.2:80' "$tmp/dot" &&
	grep -q 'color=red' "$tmp/dot"
ok $? "--format dot: the deciding rules beside their boxes, the drop in red"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$tmp/dot" >/dev/null
	ok $? "dot(1) reads the graph"
fi

# -b with --packet: the full trace of the same packets
"$NFWALK" -b --rules "$R" "$H" --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' >"$tmp/out" 2>&1
grep -q '=> forwarded (oif eth1)' "$tmp/out"
ok $? "-b --packet prints the trace"

# --verify-kernel with --packet: the question's walk beside the kernel's
if [ "$(id -u)" -eq 0 ] && command -v iptables-nft >/dev/null; then
	with_kernel_lock "$NFWALK" --verify-kernel --rules "$R" "$H" --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' \
		--packet 'reply 1' >"$tmp/out" 2>&1
	ok $? "--verify-kernel --packet: no difference from the kernel"
	tail -n 1 "$tmp/out" | diag
else
	skip "--verify-kernel --packet" "needs root and iptables-nft"
fi

# errors
"$NFWALK" --rules "$R" "$H" --packet 'tcp 1.2.3.4:1 -> 5.6.7.8:2 on eth9' >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "unknown interface \`eth9\`" "$tmp/out"
ok $? "a --packet on an interface the host lacks is refused"
"$NFWALK" --rules "$R" --packet 'tcp 1.2.3.4 -> 5.6.7.8:2 on eth0' >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--packet" "$tmp/out"
ok $? "a bad --packet names itself"
"$NFWALK" --rules "$R" --packet 'reply 1' >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "reply to nothing is refused"
"$NFWALK" --iface eth0=1.2.3.4/24 "$H" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q 'go with --packet' "$tmp/out"
ok $? "--iface without --packet is refused"

# --iface NAME=ADDR,group=N: the interface group -m devgroup reads
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m devgroup --src-group 2 -j ACCEPT\nCOMMIT\n' >"$tmp/devgroup.v4"
"$NFWALK" --rules "$tmp/devgroup.v4" --summary --iface eth0=192.0.2.1/24 --iface eth1=10.0.0.1/24,group=2 \
	--route 'default via 192.0.2.254' --packet 'tcp 10.0.0.5:5555 -> 198.51.100.1:80 on eth1' \
	--packet 'tcp 192.0.2.7:5555 -> 10.0.0.5:80 on eth0' >"$tmp/out" 2>&1
same "--iface group=2: -m devgroup lets eth1's packet through, not eth0's (group 0)" <<'OUT'
1: tcp 10.0.0.5:5555 -> 198.51.100.1:80 [S] len 40 arrives on eth1 => forwarded out eth0 by filter FORWARD #1: -A FORWARD -m devgroup --src-group 2 -j ACCEPT
2: tcp 192.0.2.7:5555 -> 10.0.0.5:80 [S] len 40 arrives on eth0 => dropped out eth1 by filter FORWARD policy DROP
assumed: sysctl net.ipv4.ip_forward = 1 (a router)
OUT
"$NFWALK" --rules "$tmp/devgroup.v4" --iface eth1=10.0.0.1/24,group=x \
	--packet 'tcp 10.0.0.5:5555 -> 198.51.100.1:80 on eth1' >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q -- "--iface: bad group in" "$tmp/out"
ok $? "--iface group=x: refused, exit 2"

# IPv6 questions: --rules6 (or --rules with an ip6tables-save file), the
# host assumed in 2001:db8::/32 with IPv6 forwarding and a default route
# via fe80::1, or given by --iface with IPv6 addresses
R6="$data/rules.v6"
"$NFWALK" --rules6 "$R6" --summary --packet 'tcp [2001:db8:2::15]:40000 -> [2001:db8:77::1]:443 on eth1' \
	--packet 'tcp [2001:db8:2::99]:40000 -> [2001:db8:77::1]:443 on eth1' >"$tmp/out" 2>&1
same "--rules6: IPv6 packets on an assumed IPv6 host, -m iprange on IPv6 and NAT66 MASQUERADE" <<'OUT'
1: tcp [2001:db8:2::15]:40000 -> [2001:db8:77::1]:443 [S] len 60 arrives on eth1 => forwarded out eth0 by filter FORWARD #2: -A FORWARD -i eth1 -o eth0 -m iprange --src-range 2001:db8:2::10-2001:db8:2::20 -j ACCEPT; src 2001:db8:2::15 -> 2001:db8:1::1
2: tcp [2001:db8:2::99]:40000 -> [2001:db8:77::1]:443 [S] len 60 arrives on eth1 => dropped out eth0 by filter FORWARD policy DROP
assumed: sysctl net.ipv4.ip_forward = 1 (a router)
assumed: interface eth0 2001:db8:1::1/64
assumed: interface eth1 2001:db8:3::1/64
assumed: sysctl net.ipv6.conf.all.forwarding = 1 (a router)
assumed: route -6 default via fe80::1 dev eth0 (the uplink: the -o of a MASQUERADE rule)
OUT
head -1 "$tmp/out" >"$tmp/out.1"
"$NFWALK" --rules "$R6" --summary --packet 'tcp [2001:db8:2::15]:40000 -> [2001:db8:77::1]:443 on eth1' \
	>"$tmp/out.rules" 2>&1
head -1 "$tmp/out.rules" | cmp -s - "$tmp/out.1" 
ok $? "--rules takes the ip6tables-save file too: the same answer"
"$NFWALK" --rules "$R6" --summary --iface eth0=2001:db8:1::1/64 --iface eth1=2001:db8:2::1/64 \
	--route 'default via fe80::1 dev eth0' --packet 'tcp [2001:db8:ff::7]:40000 -> [2001:db8:1::1]:22 on eth0' \
	--packet 'tcp [2001:db8:fe::7]:40000 -> [2001:db8:1::1]:22 on eth0' >"$tmp/out" 2>&1
same "--iface with IPv6 addresses: ssh from 2001:db8:ff::/48 is local, from elsewhere dropped" <<'OUT'
1: tcp [2001:db8:ff::7]:40000 -> [2001:db8:1::1]:22 [S] len 60 arrives on eth0 => local by filter INPUT #2: -A INPUT -s 2001:db8:ff::/48 -p tcp -m tcp --dport 22 -j ACCEPT
1.1: tcp [2001:db8:1::1]:22 -> [2001:db8:ff::7]:40000 [R.] len 60 (generated here) => sent out eth0 by filter OUTPUT policy ACCEPT
2: tcp [2001:db8:fe::7]:40000 -> [2001:db8:1::1]:22 [S] len 60 arrives on eth0 => dropped by filter INPUT policy DROP
assumed: sysctl net.ipv4.ip_forward = 1 (a router)
assumed: sysctl net.ipv6.conf.all.forwarding = 1 (a router)
OUT

# the real ruleset, when ../shared is there
mc="$top_srcdir/../shared/peer/rulesets/net-network/configs_medium-sized-company__iptables-save.iptables_mainfw_31.01.2016"
if [ -f "$mc" ]; then
	"$NFWALK" --rules "$mc" --summary --packet 'tcp 1.2.3.4:5555 -> 192.0.2.1:4081 on ppp0' >"$tmp/out" 2>&1
	same "medium-sized-company: the port forward of its nat table" <<'OUT'
1: tcp 1.2.3.4:5555 -> 192.0.2.1:4081 [S] len 40 arrives on ppp0 => forwarded out ppp0 by filter FW-OPEN #1: -A FW-OPEN -d 172.16.2.34/32 -p tcp -m tcp --dport 4081 -j ACCEPT; dst 192.0.2.1 -> 172.16.2.34
assumed: sysctl net.ipv4.ip_forward = 1 (a router)
assumed: interface ppp0 198.51.100.1/24
assumed: interface eth0 203.0.113.1/24
assumed: route default via 198.51.100.254 dev ppp0 (the uplink: the -o of a MASQUERADE rule)
OUT
else
	skip "medium-sized-company" "../shared absent"
fi
done_testing
