#!/bin/sh
# check.sh - every shipped scenario's expect: blocks hold (nfwalk --check),
# and the checker really fails (exit 1, with the diverging step) when an
# expectation is wrong.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1

for scn in scenarios/*.yaml scenarios/lessons/*.yaml; do
	outp=$("$NFWALK" --check "$scn" 2>&1)
	rc=$?
	ok $rc "--check $scn"
	[ $rc -eq 0 ] || printf '%s\n' "$outp" | diag
done

# A scenario whose expectations are wrong on purpose.
bad=tests/data/check/wrong-expectations.yaml
outp=$("$NFWALK" --check "$bad" 2>&1)
rc=$?
[ $rc -eq 1 ]; ok $? "--check exits 1 when an expectation fails (got $rc)"
printf '%s\n' "$outp" | grep -q "wrong-expectations.yaml:[0-9]*:[0-9]*: packet 1: expected fate local, got forwarded"
ok $? "the failed fate names file:line:col, the packet, wanted and got"
printf '%s\n' "$outp" | grep -q "diverged at step [0-9]* \[route-input\]"
ok $? "the failure names the step where the walk diverged"
printf '%s\n' "$outp" | grep -q "expected filter FORWARD 2 to match; it was never evaluated"
ok $? "a rule that did not match is explained"
printf '%s\n' "$outp" | grep -q "^1 scenario, 1 packet, 4 expectations, 3 failed$"
ok $? "the summary counts expectations and failures"
done_testing
