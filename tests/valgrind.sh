#!/bin/sh
# valgrind.sh - the batch paths are valgrind clean: no invalid reads or
# writes, no uninitialised use, no leaks, for every scenario and format.
. "$top_srcdir/tests/lib.sh"
command -v valgrind >/dev/null 2>&1 || skip_all "valgrind is not installed"
# A sanitizer build cannot run under valgrind.
if nm "$NFWALK" 2>/dev/null | grep -q __asan_init; then skip_all "nfwalk is built with ASan"; fi
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for scn in scenarios/*.yaml; do
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$NFWALK" --batch "$scn" >/dev/null 2>"$tmp/vg"
	rc=$?
	[ $rc -eq 0 ]; ok $? "valgrind: --batch $scn"
	[ $rc -eq 0 ] || head -n 30 "$tmp/vg" | diag
done
valgrind -q --error-exitcode=99 --leak-check=full "$NFWALK" --check scenarios/*.yaml >/dev/null 2>"$tmp/vg"
ok $? "valgrind: --check over every scenario"
valgrind -q --error-exitcode=99 --leak-check=full "$NFWALK" --batch --format jsonl scenarios/tour.yaml >/dev/null 2>"$tmp/vg"
ok $? "valgrind: --format jsonl"
# The capture paths: a pcap written by nfwalk itself, read back through
# real rules (iptables-save), with the summary.
"$NFWALK" --batch --write-pcap "$tmp/dnat.pcap" --write-pcap-all scenarios/dnat-port-forward.yaml >/dev/null
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$NFWALK" --rules tests/data/capture/gateway.rules --pcap "$tmp/dnat.pcap" -q \
	tests/data/capture/gateway.yaml >/dev/null 2>"$tmp/vg"
rc=$?
[ $rc -eq 0 ]; ok $? "valgrind: --rules --pcap with the summary"
[ $rc -eq 0 ] || head -n 30 "$tmp/vg" | diag
valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$NFWALK" --print-rules --rules tests/data/capture/gateway.rules >/dev/null 2>"$tmp/vg"
ok $? "valgrind: --print-rules"
done_testing
