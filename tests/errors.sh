#!/bin/sh
# errors.sh - failures outside the input files are reported with their
# reason and their own name: writing a pcap file to a full disk.  Bytes
# of the input that would drive the terminal are shown escaped (cat -v).
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

esc=$(printf '\033')
printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j NOPE\033]2;pwned\007\nCOMMIT\n' >"$tmp/evil.rules"
"$NFWALK" --rules "$tmp/evil.rules" --print-rules >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ]; ok $? "a rules file with control bytes in a target name: refused"
! grep -q "$esc" "$tmp/err"; ok $? "the error holds no Esc byte"
grep -q 'target "NOPE^\[\]2;pwned^G" is not supported' "$tmp/err"; ok $? "it shows ^[ and ^G instead" ||
	diag <"$tmp/err"

"$NFWALK" --batch tests/data/errors/escapes.yaml >"$tmp/out" 2>&1
ok $? "a comment with control bytes loads"
! grep -q "$esc" "$tmp/out"; ok $? "the text trace holds no Esc byte"
grep -q -- '--comment "x^\[\]2;pwned^GyM-BM-^\[z é" -j ACCEPT' "$tmp/out"
ok $? "C0 and C1 controls escaped, UTF-8 kept" || diag <"$tmp/out"

done_testing
