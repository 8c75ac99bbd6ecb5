# lib.sh - TAP helpers for the shell tests.  Source it; call ok/not_ok,
# skip_all, and finish with done_testing.
tap_n=0
tap_failed=0
: "${NFWALK:=${top_builddir:-.}/nfwalk}"
: "${top_srcdir:=.}"

ok() { # ok COND-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

skip() { # skip DESCRIPTION REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

skip_all() { # skip_all REASON
	echo "1..0 # SKIP $1"
	exit 0
}

diag() { sed 's/^/# /'; }

# wait_until CMD...: run CMD until it succeeds, every tenth of a second,
# five seconds at most; its last status.  For what a test waits on
# rather than sleeping a fixed while.
wait_until() {
	for _ in $(seq 1 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# The kernel tests' lock.  Every --verify-kernel run removes the
# namespaces of dead runs when it starts, while tests/kernel/cleanup.sh
# needs a killed run's namespaces to stay until its own --cleanup: under
# make -j a run of another test started in between took them (CI failed
# "naming each" so).  cleanup.sh holds the lock exclusively around that;
# every other --verify-kernel run holds it shared: with_kernel_lock CMD,
# or ( kernel_lock -s; exec CMD ) 9>>"$KERNEL_LOCK" where the caller
# needs CMD's pid ($!).  Ten minutes at most; without flock(1), no lock.
KERNEL_LOCK=${top_builddir:-.}/kernel-tests.lock
kernel_lock() { # kernel_lock -s|-x: take it on fd 9 (open on $KERNEL_LOCK)
	if command -v flock >/dev/null 2>&1; then
		flock -w 600 "$1" 9
	fi
	return 0
}
with_kernel_lock() { # with_kernel_lock CMD...: CMD's status
	(
		kernel_lock -s
		exec "$@"
	) 9>>"$KERNEL_LOCK"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
