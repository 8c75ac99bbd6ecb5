#!/bin/sh
# sigkill.sh - SIGKILL cannot be caught: a --verify-kernel run killed by
# it leaves its nfwv-PID-* namespaces behind (the next run removes them),
# and nfwalk --cleanup removes them on demand, naming each, while the
# namespaces of a run still alive stay.  Needs root; skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"

PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export PATH

[ "$(id -u)" = 0 ] || skip_all "not root: the kernel check needs network namespaces"
for tool in ip iptables-nft iptables-nft-restore nft conntrack; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool not found"
done
probe="nfwalk-probe-$$"
ip netns add "$probe" 2>/dev/null || skip_all "cannot create network namespaces here"
ip netns del "$probe"

ours() { # ours PID: how many namespaces that run has
	ip netns list 2>/dev/null | grep -c "^nfwv-$1-" || true
}

"$NFWALK" --verify-kernel "$top_srcdir"/scenarios/*.yaml >/dev/null 2>&1 &
pid=$!
tries=0
while [ "$(ours $pid)" -eq 0 ] && [ $tries -lt 500 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.01
	tries=$((tries + 1))
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
left=$(ours $pid)
[ "$left" -gt 0 ]; ok $? "SIGKILL leaves the run's namespaces ($left), as nfwalk(1) says"

# A namespace named for a run still alive (this shell) must stay.
alive="nfwv-$$-0-r"
ip netns add "$alive"
out=$(mktemp) || exit 1
trap 'rm -f "$out"; ip netns del "$alive" 2>/dev/null' EXIT
"$NFWALK" --cleanup >"$out" 2>&1
ok $? "--cleanup exits 0"
[ "$(ours $pid)" -eq 0 ]; ok $? "--cleanup removed the killed run's namespaces"
grep -q "^removed network namespace nfwv-$pid-" "$out"; ok $? "naming each" || diag <"$out"
grep -Eq '^[0-9]+ stale network namespaces? removed$' "$out"; ok $? "and counting them"
ip netns list | grep -q "^$alive"; ok $? "a live run's namespace stays"
ip netns del "$alive"

done_testing
