#!/bin/sh
# expect.sh - the conntrack panel lists a helper's expectation under its
# master (as `conntrack -L expect` prints it) from the step the ftp
# helper reads the PORT command, and drops it when the data connection
# uses it up: that entry, RELATED, says master=1.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"
SCENARIO="$top_srcdir/scenarios/ftp-helper.yaml"

start_tui 200 60 "$SCENARIO"

# the step of the first expectation event (rewrites join the step before)
n=$("$NFWALK" --batch --format jsonl "$SCENARIO" 2>/dev/null |
	awk '/"event":"rewrite"/ { next } { n++ } /"expectation":true/ { print n - 1; exit }')
keys_n "$n" n
screen | grep -q 'Conntrack: 1 entry, 1 expectation'; ok $? "the heading counts the expectation"
screen | grep -q '> expect proto=6 src=198.51.100.7 dst=10.0.0.5'
ok $? "the expectation under entry 1"
screen | grep -q ' sport=0 dport=40004 mask-src='; ok $? "any source port, to port 40004"

m=$(steps_to conntrack conntrack-prerouting 7)
keys_n $((m - n)) n
screen | grep -q 'Conntrack: 2 entries *$'; ok $? "used up by the data connection"
! screen | grep -q '> expect'; ok $? "no expectation row left"
screen | grep -q ' master=1 id=2'; ok $? "entry 2 names its master"

done_testing
