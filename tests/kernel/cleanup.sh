#!/bin/sh
# cleanup.sh - nfwalk --verify-kernel removes its network namespaces when it
# is interrupted (SIGINT, SIGTERM) in the middle of a run, not only when it
# ends normally; after SIGKILL, nfwalk --cleanup removes them.  Needs root and network namespaces; skipped otherwise.
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

ours() { # ours PID: how many namespaces that run still has
	ip netns list 2>/dev/null | grep -c "^nfwv-$1-" || true
}

# interrupt SIGNAL: start a long run, wait until its namespaces exist,
# send the signal, and check that they are gone once it has died.
interrupt() {
	set -- "$1" "$2" "$top_srcdir"/scenarios/*.yaml
	sig=$1
	status=$2
	shift 2
	# A shell starts background jobs with SIGINT ignored, and nfwalk
	# leaves an ignored signal alone: give it back its default first.
	env --default-signal="$sig" "$NFWALK" --verify-kernel "$@" >/dev/null 2>&1 &
	pid=$!
	tries=0
	while [ "$(ours $pid)" -eq 0 ] && [ $tries -lt 500 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.01
		tries=$((tries + 1))
	done
	had=$(ours $pid)
	kill -s "$sig" $pid 2>/dev/null
	wait $pid 2>/dev/null
	rc=$?
	left=$(ours $pid)
	ok $([ "$had" -gt 0 ] && [ "$left" -eq 0 ] && [ $rc -eq "$status" ] && echo 0 || echo 1) \
		"SIG$sig: $had namespace(s) during the run, $left after; died of it (status $rc)"
	[ "$left" -eq 0 ] || ip netns list | grep "^nfwv-$pid-" | diag
}

env --default-signal=INT true 2>/dev/null ||
	skip_all "env --default-signal is missing (coreutils 8.31 or later)"
interrupt INT 130
interrupt TERM 143

# A normal end leaves nothing either.
"$NFWALK" --verify-kernel "$top_srcdir/scenarios/mark-match.yaml" >/dev/null 2>&1 &
pid=$!
wait $pid
ok $([ "$(ours $pid)" -eq 0 ] && echo 0 || echo 1) "a normal end removes every namespace"

# SIGKILL cannot be caught: the namespaces stay (the next run removes
# them), and --cleanup removes them on demand; a live run's stay.
# The run makes and removes namespaces scenario by scenario, so a kill
# can fall between two scenarios on a busy machine: try a few runs.
# Until --cleanup has run, no other test's --verify-kernel run may start
# and take the killed run's namespaces: hold the kernel tests' lock.
exec 9>>"$KERNEL_LOCK"
kernel_lock -x
attempt=0
left=0
while [ "$left" -eq 0 ] && [ $attempt -lt 5 ]; do
	attempt=$((attempt + 1))
	# (without the lock's descriptor: what the killed run leaves running
	# must not hold the lock)
	"$NFWALK" --verify-kernel "$top_srcdir"/scenarios/*.yaml >/dev/null 2>&1 9>&- &
	pid=$!
	tries=0
	while [ "$(ours $pid)" -eq 0 ] && [ $tries -lt 1000 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.01
		tries=$((tries + 1))
	done
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	left=$(ours $pid)
done
[ "$left" -gt 0 ]; ok $? "SIGKILL leaves the run's namespaces ($left), as nfwalk(1) says"

# A namespace named for a run still alive (this shell) must stay.
alive="nfwv-$$-0-r"
ip netns add "$alive"
out=$(mktemp) || exit 1
trap 'rm -f "$out"; ip netns del "$alive" 2>/dev/null' EXIT
# Every --verify-kernel run removes dead runs' namespaces when it starts;
# the lock keeps the other tests' runs away, but without flock(1) one
# may get there first.
before=$(ours $pid)
"$NFWALK" --cleanup >"$out" 2>&1 9>&-
ok $? "--cleanup exits 0"
[ "$(ours $pid)" -eq 0 ]; ok $? "--cleanup removed the killed run's namespaces"
if [ "$before" -gt 0 ]; then
	grep -q "^removed network namespace nfwv-$pid-" "$out"; ok $? "naming each" || diag <"$out"
	grep -Eq '^[0-9]+ stale network namespaces? removed$' "$out"; ok $? "and counting them"
else
	skip "naming each" "a --verify-kernel run beside this test removed them first"
	skip "and counting them" "a --verify-kernel run beside this test removed them first"
fi
exec 9>&- # the lock
ip netns list | grep -q "^$alive"; ok $? "a live run's namespace stays"
ip netns del "$alive"

done_testing
