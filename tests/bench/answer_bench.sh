#!/bin/sh
# answer_bench.sh - how long one one-line answer takes on the largest real
# ruleset (medium-sized-company, 598 rules), load included: the wall time
# of whole `nfwalk --rules FILE --packet ...` runs, best and mean of N,
# and the CPU time (user + system) of the best, which a busy machine
# does not inflate.  A measurement only; skipped when ../shared is absent.
: "${top_srcdir:=.}"
: "${NFWALK:=./nfwalk}"
n=${1:-20}
mc="$top_srcdir/../shared/peer/rulesets/net-network/configs_medium-sized-company__iptables-save.iptables_mainfw_31.01.2016"
if [ ! -f "$mc" ]; then
	echo "bench-answer: skipped (no $mc)"
	exit 0
fi
best=
cpu_best=
total=0
i=0
while [ "$i" -lt "$n" ]; do
	t0=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "${TMPDIR:-/tmp}/answer_bench.$$" "$NFWALK" --rules "$mc" \
			--packet 'tcp 1.2.3.4:5555 -> 192.0.2.1:4081 on ppp0' >/dev/null || exit 1
	else
		"$NFWALK" --rules "$mc" --packet 'tcp 1.2.3.4:5555 -> 192.0.2.1:4081 on ppp0' >/dev/null || exit 1
	fi
	t1=$(date +%s%N)
	if [ -f "${TMPDIR:-/tmp}/answer_bench.$$" ]; then
		cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "${TMPDIR:-/tmp}/answer_bench.$$")
		if [ -z "$cpu_best" ] || [ "$cpu" -lt "$cpu_best" ]; then cpu_best=$cpu; fi
	fi
	us=$(((t1 - t0) / 1000))
	total=$((total + us))
	if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
	i=$((i + 1))
done
rm -f "${TMPDIR:-/tmp}/answer_bench.$$"
[ -n "$cpu_best" ] && echo "bench-answer: CPU (user + system) of one answer: best $cpu_best ms (10 ms resolution)"
printf 'bench-answer: one-line answer on medium-sized-company (598 rules), load included: best %d.%03d ms, mean %d.%03d ms of %d runs (aim: under 50 ms)\n' \
	$((best / 1000)) $((best % 1000)) $((total / n / 1000)) $((total / n % 1000)) "$n"
