#!/bin/sh
# nft_kernel.sh - the order of base chains at one hook, nfwalk against the
# kernel: scenarios/nft-iptables-mix.yaml's iptables rules (iptables-nft,
# loaded first) and nftables ruleset (nft -f, after) in a namespace, one
# SYN to port 22 and one to port 80 sent from a peer namespace, the
# kernel's `nft monitor trace` read: the chains each packet passed, in
# order, and its last verdict, must be what `nfwalk --trace-format nft`
# prints; then the lines themselves, and for every nft scenario the rule
# handles nfwalk's trace gives against `nft -a list ruleset` of the same
# ruleset.  Needs root, nft, iptables-nft and ip; skips otherwise.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
if [ "$(id -u)" -ne 0 ] || ! command -v nft >/dev/null 2>&1 ||
	! command -v iptables-nft >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
	skip "base chain order against the kernel" "needs root, nft, iptables-nft and ip"
	
# The lines themselves, as nft -a monitor trace words them.  What differs
# by nature is taken out: the trace id, the link layer (not modelled),
# what the kernel's socket chose (source port, ip id, window, SYN
# options and so the length), the counters, the interface name; the
# iptables tables' rule lines are iptables-save text in nfwalk.
norm() {
	sed -e 's/^trace id [0-9a-f]* /trace /' -e 's/ether saddr [^ ]* ether daddr [^ ]* //' \
		-e 's/ip id [0-9]* //' -e 's/tcp sport [0-9]* /tcp sport X /' \
		-e 's/tcp window [0-9]* //' -e 's/ip length [0-9]* //' \
		-e 's/counter packets [0-9]* bytes [0-9]*/counter/' -e 's/iif "[^"]*"/iif I/' |
		grep -v 'nfwalktrace' | grep -Ev '^trace ip6? (filter|nat|mangle|raw|security) [A-Z]+ rule '
}
id=$(grep "packet:.*tcp dport 22 " "$tmp/trace" | grep -v nfwalktrace | head -1 | awk '{print $3}')
grep "^trace id $id " "$tmp/trace" | norm >"$tmp/kl"
"$NFWALK" -b --trace-format nft "$scn" | grep "^trace id 5c1e0010 " | norm >"$tmp/nl"
[ -s "$tmp/kl" ] && diff "$tmp/kl" "$tmp/nl" >"$tmp/dl"
ok $? "port 22: every line as nft -a monitor trace prints it (ids, link layer, socket's choices aside)" ||
	{ diag <"$tmp/dl"; }

# Handles: every rule nfwalk's trace names, with its handle, is the
# kernel's line of that handle in `nft -a list ruleset` of the same
# ruleset (sets, chains and rules counted as nft -f's batch adds them).
for f in scenarios/nft-*.yaml; do
	ip netns exec "$a" nft flush ruleset
	awk '/^nftables: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$f" >"$tmp/r.nft"
	if ! ip netns exec "$a" nft -f "$tmp/r.nft" 2>"$tmp/err"; then
		ok 1 "$f: nft -f loads it" || diag <"$tmp/err"
		continue
	fi
	ip netns exec "$a" nft -a list ruleset | sed 's/^[[:space:]]*//' | grep '# handle' |
		sed 's/counter packets [0-9]* bytes [0-9]*/counter/' >"$tmp/listed"
	"$NFWALK" -b --trace-format nft "$f" 2>/dev/null | grep ' rule .* # handle [0-9]* (verdict' |
		grep -Ev '^trace id [0-9a-f]* ip6? (filter|nat|mangle|raw|security) [A-Z]+ rule ' |
		sed -e 's/^.* rule //' -e 's/ (verdict .*//' -e 's/counter packets [0-9]* bytes [0-9]*/counter/' |
		sort -u >"$tmp/traced"
	: >"$tmp/missing"
	while IFS= read -r line; do
		grep -qxF -- "$line" "$tmp/listed" || echo "$line" >>"$tmp/missing"
	done <"$tmp/traced"
	[ -s "$tmp/traced" ] && [ ! -s "$tmp/missing" ]
	ok $? "$f: the $(wc -l <"$tmp/traced") rules nfwalk traced have the kernel's text and handle" ||
		{ diag <"$tmp/missing"; diag <"$tmp/listed"; }
done
done_testing
	exit $?
fi
tmp=$(mktemp -d) || exit 1
a="nfwv-h2a-$$" b="nfwv-h2b-$$" mon=""
cleanup() {
	[ -n "$mon" ] && kill "$mon" 2>/dev/null
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
scn=scenarios/nft-iptables-mix.yaml
# the scenario's blocks, unindented
awk '/^nftables: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$scn" >"$tmp/rules.nft"
awk '/^iptables: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$scn" >"$tmp/iptables"

ip netns add "$a" && ip netns add "$b" &&
	ip link add h2a0 netns "$a" type veth peer name h2b0 netns "$b" &&
	ip -n "$a" addr add 192.0.2.1/24 dev h2a0 && ip -n "$a" link set h2a0 up &&
	ip -n "$a" link set lo up &&
	ip -n "$b" addr add 192.0.2.7/24 dev h2b0 && ip -n "$b" link set h2b0 up
ok $? "two namespaces joined by a veth" || { done_testing; exit $?; }
# the interface is eth0 in the scenario: the rules name none, so no rename
while read -r line; do
	[ -n "$line" ] || continue
	# shellcheck disable=SC2086
	ip netns exec "$a" iptables-nft $line || echo "iptables-nft $line failed" >>"$tmp/err"
done <"$tmp/iptables"
printf 'table inet nfwalktrace {\n\tchain pre {\n\t\ttype filter hook prerouting priority -400; policy accept;\n\t\tmeta nftrace set 1\n\t}\n}\n' >>"$tmp/rules.nft"
ip netns exec "$a" nft -f "$tmp/rules.nft" 2>>"$tmp/err"
ok $? "the scenario's rules load (iptables-nft first, then nft -f)" || diag <"$tmp/err"

# traced PATTERN...: every pattern is in the monitor's output so far
traced() {
	for pat in "$@"; do
		grep -q "$pat" "$tmp/trace" || return 1
	done
}
ip netns exec "$a" nft -a monitor trace >"$tmp/trace" 2>&1 &
mon=$!
# The monitor listens once it prints a packet's trace: send a datagram
# to udp 9 until one shows (ten seconds at most; a fixed pause was a
# guess), then the two SYNs.
tries=0
until traced 'udp dport 9 ' || [ $tries -ge 50 ]; do
	ip netns exec "$b" bash -c "echo probe >/dev/udp/192.0.2.1/9" 2>/dev/null
	sleep 0.2
	tries=$((tries + 1))
done
for port in 22 80; do
	ip netns exec "$b" timeout 1 sh -c "exec 3<>/dev/tcp/192.0.2.1/$port" 2>/dev/null ||
		ip netns exec "$b" timeout 1 bash -c "exec 3<>/dev/tcp/192.0.2.1/$port" 2>/dev/null
done
# Both SYNs traced, and the output quiet for a quarter second: the
# last lines of a trace come with its first (ten seconds at most).
tries=0 last=-1
while [ $tries -lt 40 ]; do
	size=$(wc -c <"$tmp/trace")
	traced 'tcp dport 22 ' 'tcp dport 80 ' && [ "$size" = "$last" ] && break
	last=$size
	sleep 0.25
	tries=$((tries + 1))
done
kill "$mon" 2>/dev/null
mon=""

# The chains of the first trace of each destination port on the input hook
# (the trace table's own chain left out), and each one's verdict line.
kernel_walk() { # kernel_walk PORT
	id=$(grep "packet:.*tcp dport $1 " "$tmp/trace" | grep -v nfwalktrace | head -1 | awk '{print $3}')
	grep "^trace id $id " "$tmp/trace" | grep -v nfwalktrace |
		awk '/packet:/ {print $4, $5, $6} / policy / {print $4, $5, $6, "policy", $8} /\(verdict/ {v=$0; sub(/.*\(verdict /, "", v); sub(/\).*/, "", v); print $4, $5, $6, "verdict", v}' |
		grep -v "verdict continue"
}
nfwalk_walk() { # nfwalk_walk PKT
	"$NFWALK" -b --trace-format nft "$scn" | grep "^trace id 5c1e00${1}0 " |
		awk '/packet:/ {print $4, $5, $6} / policy / {print $4, $5, $6, "policy", $8} /\(verdict/ {v=$0; sub(/.*\(verdict /, "", v); sub(/\).*/, "", v); print $4, $5, $6, "verdict", v}' |
		grep -v "verdict continue"
}
for pair in "22 1" "80 2"; do
	set -- $pair
	kernel_walk "$1" >"$tmp/k$1"
	nfwalk_walk "$2" >"$tmp/n$1"
	[ -s "$tmp/k$1" ] && diff "$tmp/k$1" "$tmp/n$1" >"$tmp/d$1"
	ok $? "port $1: the kernel's base chains, order and verdicts as nfwalk's" ||
		{ diag <"$tmp/d$1"; diag <"$tmp/k$1"; diag <"$tmp/trace"; }
done

# The lines themselves, as nft -a monitor trace words them.  What differs
# by nature is taken out: the trace id, the link layer (not modelled),
# what the kernel's socket chose (source port, ip id, window, SYN
# options and so the length), the counters, the interface name; the
# iptables tables' rule lines are iptables-save text in nfwalk.
norm() {
	sed -e 's/^trace id [0-9a-f]* /trace /' -e 's/ether saddr [^ ]* ether daddr [^ ]* //' \
		-e 's/ip id [0-9]* //' -e 's/tcp sport [0-9]* /tcp sport X /' \
		-e 's/tcp window [0-9]* //' -e 's/ip length [0-9]* //' \
		-e 's/counter packets [0-9]* bytes [0-9]*/counter/' -e 's/iif "[^"]*"/iif I/' |
		grep -v 'nfwalktrace' | grep -Ev '^trace ip6? (filter|nat|mangle|raw|security) [A-Z]+ rule '
}
id=$(grep "packet:.*tcp dport 22 " "$tmp/trace" | grep -v nfwalktrace | head -1 | awk '{print $3}')
grep "^trace id $id " "$tmp/trace" | norm >"$tmp/kl"
"$NFWALK" -b --trace-format nft "$scn" | grep "^trace id 5c1e0010 " | norm >"$tmp/nl"
[ -s "$tmp/kl" ] && diff "$tmp/kl" "$tmp/nl" >"$tmp/dl"
ok $? "port 22: every line as nft -a monitor trace prints it (ids, link layer, socket's choices aside)" ||
	{ diag <"$tmp/dl"; }

# Handles: every rule nfwalk's trace names, with its handle, is the
# kernel's line of that handle in `nft -a list ruleset` of the same
# ruleset (sets, chains and rules counted as nft -f's batch adds them).
for f in scenarios/nft-*.yaml; do
	ip netns exec "$a" nft flush ruleset
	awk '/^nftables: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$f" >"$tmp/r.nft"
	if ! ip netns exec "$a" nft -f "$tmp/r.nft" 2>"$tmp/err"; then
		ok 1 "$f: nft -f loads it" || diag <"$tmp/err"
		continue
	fi
	ip netns exec "$a" nft -a list ruleset | sed 's/^[[:space:]]*//' | grep '# handle' |
		sed 's/counter packets [0-9]* bytes [0-9]*/counter/' >"$tmp/listed"
	"$NFWALK" -b --trace-format nft "$f" 2>/dev/null | grep ' rule .* # handle [0-9]* (verdict' |
		grep -Ev '^trace id [0-9a-f]* ip6? (filter|nat|mangle|raw|security) [A-Z]+ rule ' |
		sed -e 's/^.* rule //' -e 's/ (verdict .*//' -e 's/counter packets [0-9]* bytes [0-9]*/counter/' |
		sort -u >"$tmp/traced"
	: >"$tmp/missing"
	while IFS= read -r line; do
		grep -qxF -- "$line" "$tmp/listed" || echo "$line" >>"$tmp/missing"
	done <"$tmp/traced"
	[ -s "$tmp/traced" ] && [ ! -s "$tmp/missing" ]
	ok $? "$f: the $(wc -l <"$tmp/traced") rules nfwalk traced have the kernel's text and handle" ||
		{ diag <"$tmp/missing"; diag <"$tmp/listed"; }
done
done_testing
