#!/bin/sh
# errors.sh - failures outside the input files are reported with their
# reason and their own name: writing a pcap file to a full disk.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

if [ -w /dev/full ]; then
	"$NFWALK" -q --write-pcap /dev/full scenarios/tour.yaml >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 2 ]; ok $? "--write-pcap /dev/full exits 2"
	grep -q '^nfwalk: /dev/full: cannot write the pcap file: No space left on device$' "$tmp/err"
	ok $? "saying why" || diag <"$tmp/err"
else
	skip "--write-pcap /dev/full exits 2" "no /dev/full"
	skip "saying why" "no /dev/full"
fi

done_testing
