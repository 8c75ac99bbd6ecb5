#!/bin/sh
# nft_print_kernel.sh - --print-rules of an nftables ruleset against the
# kernel's own listing: every nft scenario's ruleset and every OpenWrt
# (fw4) ruleset of ../shared/peer/rulesets/nft-openwrt loaded with nft -f
# into a namespace, `nft list ruleset` held against `nfwalk --rules F
# --print-rules`.  One test per file that loads; the ones listed in
# $known differ for a reason written there (TODO).  Elements of hash sets
# are compared as sets (the kernel lists them in its hash order).  Needs
# root, nft and ip; skips otherwise.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
if [ "$(id -u)" -ne 0 ] || ! command -v nft >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
	skip "listings against the kernel's" "needs root, nft and ip"
	done_testing
	exit $?
fi
tmp=$(mktemp -d) || exit 1
ns="nfwv-h2p-$$"
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add "$ns" || { skip "listings against the kernel's" "cannot make a namespace"; done_testing; exit $?; }

# Files whose listing cannot match, and why.
known() {
	case "$1" in
	05_ipsets_01_declaration.0.nft) echo "elements with timeouts list their time left (expires)" ;;
	esac
}

# A multi-line `elements = { ... }` as one line, its elements sorted.
flat() {
	awk '
	/elements = \{/ && !/\}$/ { buf = $0; on = 1; next }
	on { buf = buf " " $0; if ($0 ~ /\}$/) { on = 0; print norm(buf) }; next }
	/elements = \{/ { print norm($0); next }
	{ print }
	function norm(s,   head, body, n, a, i, j, t, out) {
		head = s; sub(/\{.*/, "", head)
		body = s; sub(/^[^{]*\{ */, "", body); sub(/ *\}$/, "", body)
		gsub(/[ \t]+/, " ", body)
		n = split(body, a, ", *")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		out = a[1]; for (i = 2; i <= n; i++) out = out ", " a[i]
		return head "{ " out " }"
	}'
}

match=0 total=0
check() { # check FILE NAME
	ip netns exec "$ns" nft flush ruleset
	ip netns exec "$ns" nft -f "$1" 2>"$tmp/err" || return 0 # needs what a bare namespace lacks
	total=$((total + 1))
	ip netns exec "$ns" nft list ruleset | flat >"$tmp/k"
	"$NFWALK" --rules "$1" --print-rules 2>"$tmp/err" | flat >"$tmp/n"
	why=$(known "$2")
	if diff -u "$tmp/k" "$tmp/n" >"$tmp/d"; then
		match=$((match + 1))
		if [ -n "$why" ]; then
			ok 0 "$2: as nft list ruleset # TODO $why"
		else
			ok 0 "$2: as nft list ruleset"
		fi
	elif [ -n "$why" ]; then
		tap_n=$((tap_n + 1)) # expected to differ: a TODO does not fail
		echo "not ok $tap_n - $2: as nft list ruleset # TODO $why"
	else
		ok 1 "$2: as nft list ruleset" || { diag <"$tmp/d"; diag <"$tmp/err"; }
	fi
}

for f in scenarios/nft-*.yaml; do
	awk '/^nftables: \|/ {on=1; next} on && /^[^ ]/ {on=0} on {sub(/^  /, ""); print}' "$f" >"$tmp/s.nft"
	check "$tmp/s.nft" "$(basename "$f")"
done
dir="$top_srcdir/../shared/peer/rulesets/nft-openwrt"
if [ -d "$dir" ]; then
	for f in "$dir"/*.nft; do
		check "$f" "$(basename "$f")"
	done
else
	skip "OpenWrt rulesets" "$dir not found"
fi
echo "listings as the kernel's: $match of $total that load" | diag
done_testing
