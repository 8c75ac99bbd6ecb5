#!/bin/sh
# backend.sh - `backend: nft | legacy`: iptables-nft puts the security
# table at priority 150, after nat INPUT (100); iptables-legacy at 50,
# before it.  nfwalk's walk follows the scenario's backend; as root, the
# kernel is asked both ways (counters of a security rule behind a nat
# INPUT SNAT), and the order of every table at every hook is compared
# with the priorities `nft list ruleset` shows after iptables-nft loads
# each built-in chain.
. "$top_srcdir/tests/lib.sh"
data="$top_srcdir/tests/data/backend"
probe="$top_srcdir/tests/kernel/probes/security-after-nat-input.yaml"
tmp=$(mktemp -d) || exit 1
ns=nfwalk-backend-$$
cleanup() {
	for n in a b; do ip netns del "$ns$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

"$NFWALK" -c -q "$probe" "$data/legacy.yaml" >"$tmp/out" 2>&1
ok $? "nft: security sees nat INPUT's SNAT and drops; legacy: it sees the original source"
cat "$tmp/out" | grep -v '^[0-9]* scenarios' | diag

order() { # order FILE: the INPUT tables of packet 1, in walk order
	"$NFWALK" -b -f jsonl "$1" | jq -r 'select(.pkt == 1 and .sub == 0 and .event == "enter" and .hook == "INPUT" and .table) | .table' | tr '\n' ' '
}
[ "$(order "$probe")" = "nat security " ]
ok $? "backend nft: nat INPUT, then security INPUT"
[ "$(order "$data/legacy.yaml")" = "security nat " ]
ok $? "backend legacy: security INPUT, then nat INPUT"
sed 's/^backend: legacy/backend: xtables/' "$data/legacy.yaml" >"$tmp/bad.yaml"
"$NFWALK" -c "$tmp/bad.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "bad backend \`xtables\` (expected nft or legacy)" "$tmp/out"
ok $? "an unknown backend is refused with what is expected"

# The walk's order of tables at every hook, "HOOK: t1 t2 ...".
"$NFWALK" -b -f jsonl "$data/all-tables.yaml" |
	jq -r 'select(.event == "enter" and .table) | "\(.pkt).\(.sub) \(.hook) \(.table)"' |
	awk '{ k = $1 " " $2; if (!(k in seq)) keys[++n] = k; seq[k] = seq[k] " " $3 }
	     END { for (i = 1; i <= n; i++) { split(keys[i], a, " "); print a[2] ":" seq[keys[i]] } }' |
	sort -u >"$tmp/walk"
[ "$(wc -l <"$tmp/walk")" -eq 5 ]
ok $? "every hook is walked once in one order (5 hooks)"
cat "$tmp/walk" | diag

if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || ! command -v nft >/dev/null ||
	! command -v iptables-nft >/dev/null || ! ip netns add "${ns}a" 2>/dev/null; then
	skip "the kernel's priorities" "needs root, ip netns, nft and iptables-nft"
	skip "the kernel: legacy security before nat INPUT" "needs root and ip netns"
	done_testing
	exit $?
fi
ip netns del "${ns}a"

# 1. Priorities: load every built-in chain with iptables-nft, read them back.
ip netns add "${ns}a"
ip netns exec "${ns}a" sh -c '
	for c in PREROUTING OUTPUT; do iptables-nft -t raw -P $c ACCEPT; done
	for c in PREROUTING INPUT FORWARD OUTPUT POSTROUTING; do iptables-nft -t mangle -P $c ACCEPT; done
	for c in PREROUTING INPUT OUTPUT POSTROUTING; do iptables-nft -t nat -A $c -j ACCEPT; done
	for t in filter security; do for c in INPUT FORWARD OUTPUT; do iptables-nft -t $t -P $c ACCEPT; done; done
	nft list ruleset' >"$tmp/nft" 2>&1
ip netns del "${ns}a"
# "table ip T {" ... "type X hook H priority P;" -> "H P T"; priorities may be names
awk '/^table ip / { t = $3 } /hook .* priority/ {
		for (i = 1; i <= NF; i++) { if ($i == "hook") h = $(i + 1); if ($i == "priority") p = $(i + 1) }
		sub(";", "", p)
		if (p == "raw") p = -300; else if (p == "mangle") p = -150; else if (p == "dstnat") p = -100
		else if (p == "filter") p = 0; else if (p == "security") p = 50; else if (p == "srcnat") p = 100
		print toupper(h), p, t }' "$tmp/nft" | sort -k1,1 -k2,2n |
	awk '{ if ($1 != h) { if (h != "") print line; h = $1; line = h ":" } line = line " " $3 } END { print line }' |
	sort >"$tmp/kernel"
diff -u "$tmp/kernel" "$tmp/walk" | diag
cmp -s "$tmp/kernel" "$tmp/walk"
ok $? "every hook's tables in the kernel's priority order (iptables-nft)"
grep -q 'hook input priority 150' "$tmp/nft"
ok $? "the kernel: iptables-nft's security INPUT at priority 150"

# 2. Legacy: count which source the security rule sees behind nat INPUT.
if ! command -v iptables-legacy >/dev/null; then
	skip "the kernel: legacy security before nat INPUT" "no iptables-legacy"
	done_testing
	exit $?
fi
seen() { # seen IPTABLES: packets the security rules counted, "SNATed original"
	ip netns add "${ns}a"; ip netns add "${ns}b"
	ip link add nfwbk0 type veth peer name nfwbk1
	ip link set nfwbk0 netns "${ns}a"; ip link set nfwbk1 netns "${ns}b"
	ip -n "${ns}a" addr add 10.77.0.2/24 dev nfwbk0; ip -n "${ns}a" link set nfwbk0 up
	ip -n "${ns}b" addr add 10.77.0.1/24 dev nfwbk1; ip -n "${ns}b" link set nfwbk1 up
	ip netns exec "${ns}b" "$1" -t nat -A INPUT -p tcp --dport 5555 -j SNAT --to-source 10.9.9.9
	ip netns exec "${ns}b" "$1" -t security -A INPUT -p tcp --dport 5555 -s 10.9.9.9
	ip netns exec "${ns}b" "$1" -t security -A INPUT -p tcp --dport 5555 -s 10.77.0.2
	ip netns exec "${ns}a" timeout 1 sh -c 'exec 3<>/dev/tcp/10.77.0.1/5555' 2>/dev/null ||
		ip netns exec "${ns}a" timeout 1 bash -c 'echo >/dev/tcp/10.77.0.1/5555' 2>/dev/null
	ip netns exec "${ns}b" "$1" -t security -L INPUT -v -n -x | awk 'NR > 2 { printf "%s ", ($1 > 0) }'
	ip netns del "${ns}a"; ip netns del "${ns}b"
}
[ "$(seen iptables-legacy)" = "0 1 " ]
ok $? "the kernel: legacy security INPUT sees the source before nat INPUT's SNAT"
[ "$(seen iptables-nft)" = "1 0 " ]
ok $? "the kernel: iptables-nft security INPUT sees the SNATed source"
with_kernel_lock "$NFWALK" --verify-kernel "$data/legacy.yaml" >"$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q 'kernel check skipped: backend legacy' "$tmp/out"
ok $? "--verify-kernel says it cannot check a legacy scenario"
done_testing
