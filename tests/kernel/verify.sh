#!/bin/sh
# verify.sh - every shipped scenario, and the probes beside this script, run
# by nfwalk and by the running kernel (nfwalk --verify-kernel): one TAP test
# per scenario.  Needs root, network
# namespaces, iproute2, iptables-nft, nftables and conntrack; skipped
# cleanly otherwise.  A scenario that says `kernel: skip REASON` is listed
# as skipped with its reason.  A scenario named in known-differences is
# expected to differ (TODO) until the engine is fixed: see
# doc/KERNEL-DIFFERENCES.md.
. "${top_srcdir:-.}/tests/lib.sh"

PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export PATH

[ "$(id -u)" = 0 ] || skip_all "not root: the kernel check needs network namespaces and iptables"
for tool in ip tc iptables-nft iptables-nft-restore nft conntrack; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip_all "$tool not found (Debian: iproute2 iptables nftables conntrack)"
done
probe="nfwalk-probe-$$"
ip netns add "$probe" 2>/dev/null || skip_all "cannot create network namespaces here"
ip netns del "$probe"

known="$top_srcdir/tests/kernel/known-differences"
out="${TMPDIR:-/tmp}/nfwalk-verify-$$.out"
trap 'rm -f "$out"' EXIT
started=$(date +%s)

for f in "$top_srcdir"/scenarios/*.yaml "$top_srcdir"/tests/kernel/probes/*.yaml; do
	name=$(basename "$f" .yaml)
	# (the subshell execs nfwalk: $! is its pid, which names its namespaces)
	(
		kernel_lock -s
		exec "$NFWALK" --verify-kernel "$f"
	) 9>>"$KERNEL_LOCK" >"$out" 2>&1 &
	pid=$!
	wait $pid
	rc=$?
	reason=$(sed -n "s/^$name[[:space:]]\{1,\}//p" "$known" 2>/dev/null | head -n1)
	skipped=$(sed -n 's/^.*: kernel check skipped: //p' "$out")
	left=$(ip netns list 2>/dev/null | grep -c "^nfwv-$pid-" || true)
	tap_n=$((tap_n + 1))
	if [ $rc -eq 2 ] || [ $rc -gt 2 ] || [ "$left" -ne 0 ]; then
		echo "not ok $tap_n - $name (status $rc, $left namespace(s) left behind)"
		tap_failed=$((tap_failed + 1))
		diag <"$out"
	elif [ -n "$skipped" ]; then
		echo "ok $tap_n - $name # SKIP $skipped"
	elif [ -n "$reason" ]; then
		# Expected to differ until the engine is fixed.  When it agrees,
		# the TODO passes unexpectedly: remove its line then.
		if [ $rc -eq 1 ]; then
			echo "not ok $tap_n - $name # TODO $reason"
		else
			echo "ok $tap_n - $name # TODO $reason"
		fi
	elif [ $rc -eq 0 ]; then
		echo "ok $tap_n - $name: $(tail -n1 "$out" | sed 's/^== [^:]*: //')"
	else
		echo "not ok $tap_n - $name: $(tail -n1 "$out" | sed 's/^== [^:]*: //')"
		tap_failed=$((tap_failed + 1))
		diag <"$out"
	fi
done
echo "# every scenario against the kernel took $(($(date +%s) - started)) s"
done_testing
