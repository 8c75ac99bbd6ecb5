#!/bin/sh
# errors.sh - failures outside the input files are reported with their
# reason and their own name: writing a pcap file to a full disk.  Bytes
# of the input that would drive the terminal are shown escaped (cat -v).
# Every front end fails on a write error (exit 2, the reason said) and
# ends quietly on a closed pipe (by SIGPIPE; 141 when SIGPIPE is ignored).
# A capture cut short is walked as far as it goes, then exits 2.
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

# --check quotes the scenario's file name in its failures: escaped too
# (the values it quotes were checked when the file loaded).
evil="$tmp/x$(printf '\033')]2;pwned$(printf '\007').yaml"
printf 'name: evil name\ninterfaces: {eth0: 192.0.2.1/24}\npackets:\n  - send: icmp 192.0.2.9 -> 192.0.2.1 echo-request on eth0\n    expect: {fate: dropped}\n' >"$evil"
"$NFWALK" --check "$evil" >"$tmp/out" 2>&1
! grep -q "$esc" "$tmp/out"; ok $? "--check's failure holds no Esc byte" || diag <"$tmp/out"
grep -q 'x^\[\]2;pwned^G.yaml:5:.*expected fate dropped' "$tmp/out"; ok $? "it shows ^[ and ^G instead" || diag <"$tmp/out"

"$NFWALK" --batch tests/data/errors/escapes.yaml >"$tmp/out" 2>&1
ok $? "a comment with control bytes loads"
! grep -q "$esc" "$tmp/out"; ok $? "the text trace holds no Esc byte"
grep -q -- '--comment "x^\[\]2;pwned^GyM-BM-^\[z é" -j ACCEPT' "$tmp/out"
ok $? "C0 and C1 controls escaped, UTF-8 kept" || diag <"$tmp/out"

# --- write errors and closed pipes ---
"$NFWALK" -q --write-pcap "$tmp/tour.pcap" scenarios/tour.yaml >/dev/null 2>&1
cap="--pcap $tmp/tour.pcap -q tests/data/capture/gateway.yaml"
if [ -w /dev/full ]; then
	for args in "--batch scenarios/tour.yaml" "--batch -f jsonl scenarios/tour.yaml" \
		"--check scenarios/tour.yaml" "--print-rules scenarios/tour.yaml" "--dump-tour" \
		"$cap"; do
		# shellcheck disable=SC2086 # the words are options
		"$NFWALK" $args >/dev/full 2>"$tmp/err"
		st=$?
		[ "$st" -eq 2 ] && grep -q '^nfwalk: cannot write the output: No space left on device$' "$tmp/err"
		ok $? "$args >/dev/full: exit 2 ($st) and why" || diag <"$tmp/err"
	done
else
	skip "write errors" "no /dev/full"
fi

# Enough output that the pipe fills before head is gone.
set -- $(i=0; while [ $i -lt 100 ]; do echo scenarios/tour.yaml; i=$((i + 1)); done)
{ "$NFWALK" --batch "$@" 2>"$tmp/err"; echo $? >"$tmp/st"; } | head -1 >/dev/null
[ "$(cat "$tmp/st")" -eq 141 ] && [ ! -s "$tmp/err" ]
ok $? "--batch | head: killed by SIGPIPE ($(cat "$tmp/st")), nothing on stderr"
(
	trap '' PIPE
	{ "$NFWALK" --batch -f jsonl "$@" 2>"$tmp/err"; echo $? >"$tmp/st"; } | head -1 >/dev/null
)
[ "$(cat "$tmp/st")" -eq 141 ] && [ ! -s "$tmp/err" ]
ok $? "SIGPIPE ignored: exit 141 ($(cat "$tmp/st")), nothing on stderr" || diag <"$tmp/err"

# --- a capture cut short: walked up to there, summed up, but exit 2 ---
size=$(wc -c <"$tmp/tour.pcap")
head -c $((size - 10)) "$tmp/tour.pcap" >"$tmp/cut.pcap"
# shellcheck disable=SC2086
"$NFWALK" --pcap "$tmp/cut.pcap" -q tests/data/capture/gateway.yaml >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ]; ok $? "a truncated capture exits 2, as tcpdump -r fails on it"
grep -q 'the capture ended early: truncated dump file' "$tmp/out" && grep -q '^Packets walked' "$tmp/out"
ok $? "after the summary of what it held"
grep -q "^nfwalk: $tmp/cut.pcap: the capture ended early: truncated dump file" "$tmp/err"
ok $? "and a message on stderr" || diag <"$tmp/err"

done_testing
