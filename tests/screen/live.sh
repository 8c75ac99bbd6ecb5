#!/bin/sh
# live.sh - captures in the live diagram.  --pcap of a small capture runs
# in the TUI, the status line counting the packets and the counters (per
# box on the diagram, per rule in the listing) rising as they are walked;
# paused, the rest of the file is read and waits.  As root, --live on a
# veth pair between two namespaces the test makes: datagrams sent from
# one end appear as they arrive at the other.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

# The host, and its own packets as the capture: --write-pcap writes each
# as it arrived (none is changed on its way, so once).  Three datagrams
# to udp 53 are accepted by INPUT rule 1, two to 9999 dropped by rule 2.
cat >"$TMPD/host.yaml" <<'YAML'
name: Capture host
interfaces:
  eth0: 10.9.0.1/24
capture: {iface: eth0}
sockets: [udp 53]
iptables: |
  -A INPUT -p udp --dport 53 -j ACCEPT
  -A INPUT -p udp -j DROP
packets:
  - send: udp 10.9.0.2:40000 -> 10.9.0.1:53 on eth0
  - send: udp 10.9.0.2:40001 -> 10.9.0.1:53 on eth0
  - send: udp 10.9.0.2:40002 -> 10.9.0.1:9999 on eth0
  - send: udp 10.9.0.2:40003 -> 10.9.0.1:53 on eth0
  - send: udp 10.9.0.2:40004 -> 10.9.0.1:9999 on eth0
YAML
"$NFWALK" --batch --write-pcap "$TMPD/five.pcap" "$TMPD/host.yaml" >/dev/null 2>"$TMPD/err"
ok $? "a capture to walk: five datagrams written by --write-pcap"
diag <"$TMPD/err"

# rule_count COUNT RULE-NUMBER TEXT: a line of the chain listing.
rule_count() {
	screen | grep -Eq "^ .* +$1 +$2 $3"
}

# --- a file, run through at full speed (140x45: the panels beside the
# diagram, the boxes from Network to the local process in view) ---
start_tui 140 45 --speed 1000 --pcap "$TMPD/five.pcap" "$TMPD/host.yaml"
wait_for '^ five.pcap: 5 packets, end of the file [|] end of the capture'
ok $? "--pcap on a terminal opens the live diagram; the status line counts the packets"
screen | grep -q '^ nfwalk | packet 5/5 | '
ok $? "the run walked every packet of the file"
screen | grep -q 'Network (5)' && screen | grep -q '├──────────5┤'
ok $? "the counters are on: Network and filter INPUT have seen five packets"
screen | grep -q '┌───────┴──────3┐'
ok $? "the local process received three"
rule_count 3 1 '-p udp -m udp --dport 53 -j ACCEPT' && rule_count 2 2 '-p udp -j DROP'
ok $? "per rule: three accepted by rule 1, two dropped by rule 2"
keys c
screen | grep -q 'counters off' && ! screen | grep -q 'Network (5)'
ok $? "c turns the counters off"
keys q
wait_for '^EXIT=0$'
ok $? "q quits"

# --- a file, paused: the rest is read and waits ---
start_tui 140 45 --speed 1 --pcap "$TMPD/five.pcap" "$TMPD/host.yaml"
keys r
wait_for '^ five.pcap: 5 packets, end of the file, 4 waiting [|] paused'
ok $? "paused on the first packet, the file is read: four packets wait"
screen | grep -q '^ nfwalk | packet 1/5 | ' && screen | grep -q 'Network (1)'
ok $? "the view keeps its place, the counters too"
keys N
screen | grep -q '^ nfwalk | packet 2/5 | ' && screen | grep -q ', 3 waiting [|]'
ok $? "N steps to the next packet: three wait"
screen | grep -q 'Network (2)' && screen | grep -q '├──────────1┤'
ok $? "the counters count the packets walked so far"
keys '>'
screen | grep -q '^ nfwalk | packet 5/5 | ' && ! screen | grep -q 'waiting'
ok $? "> goes to the newest: nothing waits"
screen | grep -q 'Network (5)' && rule_count 3 1 '-p udp -m udp --dport 53 -j ACCEPT' &&
	rule_count 2 2 '-p udp -j DROP'
ok $? "and the counters rose with it"
keys q
wait_for '^EXIT=0$'
ok $? "q quits"

# --- errors are printed before the terminal is taken ---
launch_tui 80 24 --live nosuch0 "$TMPD/host.yaml"
wait_for '^EXIT=2$' && screen | grep -q '^nfwalk: cannot capture on nosuch0'
ok $? "--live on a missing interface: exit 2, naming it"

# --- live, on a veth pair in namespaces of the test's own ---
live_skip() {
	for what in "--live opens the live diagram" "packets appear as they arrive" \
		"per-rule counters rise" "paused, arriving packets wait" "q y quits (a packet waits: the walk is not at its end)"; do
		skip "$what" "$1"
	done
	done_testing
	exit
}
[ "$(id -u)" -eq 0 ] || live_skip "not root: cannot make namespaces"
command -v ip >/dev/null 2>&1 || live_skip "no ip command"
command -v bash >/dev/null 2>&1 || live_skip "no bash (it sends the datagrams)"
a=nfwalk-tui-a-$$
b=nfwalk-tui-b-$$
remove_namespaces() {
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
}
trap 'cleanup; remove_namespaces' EXIT
ip netns add "$a" && ip netns add "$b" || live_skip "cannot add network namespaces"
# no IPv6 on the veths: their router solicitations and MLD reports would
# be walked (and counted) too, now that captures walk IPv6
for ns in "$a" "$b"; do
	ip netns exec "$ns" sh -c 'for f in all default; do
		echo 1 >/proc/sys/net/ipv6/conf/$f/disable_ipv6; done' 2>/dev/null
done
ip link add veth0 netns "$a" type veth peer name veth1 netns "$b" ||
	live_skip "cannot make a veth pair"
ip -n "$a" addr add 10.9.0.1/24 dev veth0
ip -n "$b" addr add 10.9.0.2/24 dev veth1
ip -n "$a" link set veth0 up
ip -n "$b" link set veth1 up
cat >"$TMPD/veth.yaml" <<'YAML'
name: Live host
interfaces:
  veth0: 10.9.0.1/24
sockets: [udp 53]
iptables: |
  -A INPUT -p udp --dport 53 -j ACCEPT
  -A INPUT -p udp -j DROP
YAML
printf '#!/bin/sh\nexec ip netns exec %s "%s" "$@"\n' "$a" "$NFWALK" >"$TMPD/nfwalk-in-ns"
chmod +x "$TMPD/nfwalk-in-ns"
send() { # send PORT...: one UDP datagram to 10.9.0.1 per port, from b
	for port in "$@"; do
		ip netns exec "$b" bash -c "echo hello >/dev/udp/10.9.0.1/$port" 2>/dev/null
	done
}

real_nfwalk=$NFWALK
NFWALK="$TMPD/nfwalk-in-ns"
start_tui 140 45 --speed 1000 --live veth0 "$TMPD/veth.yaml"
NFWALK=$real_nfwalk
wait_for '^ live veth0: 0 packets'
ok $? "--live opens the live diagram, waiting for packets"
# The capture is open once the screen is drawn.
send 53 53 9999
wait_for '^ live veth0: 3 packets'
ok $? "packets appear as they arrive"
wait_for '[|] fate: dropped' && rule_count 2 1 '-p udp -m udp --dport 53 -j ACCEPT' &&
	rule_count 1 2 '-p udp -j DROP'
ok $? "per-rule counters rise: two accepted, one dropped" || screen | sed '/^$/d' | diag
keys r
send 53
wait_for '^ live veth0: 4 packets.*, 1 waiting [|]'
ok $? "paused, arriving packets wait"
keys q y
wait_for '^EXIT=0$'
ok $? "q y quits (a packet waits: the walk is not at its end)"

done_testing
