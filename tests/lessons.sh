#!/bin/sh
# lessons.sh - every lesson teaches (goals:), narrates (notes:) and holds
# its expectations (--check); there are at least 15 of them, all listed in
# lessons.mk so make install ships them; nfwalk --list lists lessons and
# scenarios with their titles and nfwalk NAME opens one by name.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1

n=0
for l in scenarios/lessons/*.yaml; do
	outp=$("$NFWALK" --check -q "$l" 2>&1)
	rc=$?
	ok $rc "--check $l"
	[ $rc -eq 0 ] || printf '%s\n' "$outp" | diag
	grep -q "^	$l" scenarios/lessons/lessons.mk scenarios/scenarios.mk
	ok $? "$l is installed (lessons.mk or scenarios.mk)"
	# The numbered lessons, in teaching order, each teach, narrate and check.
	case "$(basename "$l")" in [0-9][0-9]-*) ;; *) continue ;; esac
	n=$((n + 1))
	grep -q '^goals:' "$l"; ok $? "$l has goals"
	grep -Eq '^ *notes:|^ *note:' "$l"; ok $? "$l narrates"
	grep -q "expect:" "$l"; ok $? "$l has expectations"
done
[ "$n" -ge 15 ]; ok $? "at least 15 lessons ($n)"

export NFWALK_PATH="$top_srcdir/scenarios/lessons:$top_srcdir/scenarios"
list=$(cd / && "$NFWALK" --list)
printf '%s\n' "$list" | grep -q '^Lessons'; ok $? "--list has a lessons section"
printf '%s\n' "$list" | grep -Eq '^  dnat-before-routing +Lesson 7: DNAT happens before routing$'
ok $? "--list: a lesson by name with its title"
printf '%s\n' "$list" | grep -Eq '^  snat-masquerade +SNAT, MASQUERADE'
ok $? "--list: a scenario by name with its title"
outp=$(cd / && "$NFWALK" --batch snat-masquerade 2>&1)
printf '%s\n' "$outp" | grep -q '^# nfwalk trace: SNAT, MASQUERADE'
ok $? "nfwalk NAME opens the scenario of that name"
outp=$(cd / && "$NFWALK" --check -q 08-snat-after-routing 2>&1)
ok $? "a lesson by its file name, order prefix and all"
outp=$(cd / && "$NFWALK" --batch nosuch-lesson 2>&1)
[ $? -eq 2 ]; ok $? "an unknown name is an error"
printf '%s\n' "$outp" | grep -q "nosuch-lesson: cannot open"; ok $? "naming it"
done_testing
