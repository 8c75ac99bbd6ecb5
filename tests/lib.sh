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

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
