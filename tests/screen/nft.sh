#!/bin/sh
# nft.sh - nftables base chains in both diagrams.  modern draws a hook's
# column again, one box per base chain and loaded iptables table in the
# walk's order, named with its priority, and lights the box of the chain
# the packet is in (also while it is in a chain it jumped to, and for a
# nat chain inside the nat box); it pans and resizes as before.  kptd
# lights the table box a chain stands for, and says on the status line
# which chain it has no box for.  The steps come from nfwalk's own JSON
# Lines, so the test follows the engine's events.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

# steps_at REGEX [NTH]: steps from the first to the NTH event line of
# $SCENARIO's JSON Lines in $ERA matching REGEX (rewrites join the step
# before).
steps_at() {
	"$NFWALK" --batch --format jsonl --era "$ERA" "$SCENARIO" 2>/dev/null | awk -v re="$1" -v nth="${2:-1}" '
	/"event":"rewrite"/ { next }
	{ n++ }
	$0 ~ re && ++seen == nth { print n - 1; found = 1; exit }
	END { if (!found) print -1 }'
}
lit() { attr_text 7 | tr -s ' ' ' '; }
# go N: from the first step to step N (Home, then n N times)
at=0
# and wait for the status line to say so: under the sanitizers a step
# can take longer than settle's quiet interval
go() { keys_n "$(($1 - at))" n; at=$1; wait_for "step $(($1 + 1))/" && settle; }

ERA=modern
SCENARIO="$top_srcdir/scenarios/nft-iptables-mix.yaml"
start_tui 80 24 --theme "$TEST_THEME" -d modern "$SCENARIO"
go "$(steps_at '"event":"enter","stage":"nft-input"')"
lit | grep -q 'inet early' && lit | grep -q 'minus10 -10'; ok $? "modern: entering inet early minus10 lights its box"
! lit | grep -q 'zero\|filter 0\|plus10'; ok $? "and no other box of INPUT"
compare_screen nft-mix-modern-80x24.txt; ok $? "INPUT drawn as the base chains in the walk's order (screen)"
go "$(steps_at '"event":"enter","stage":"nft-input"' 2)"
lit | grep -q 'zero 0'; ok $? "then inet early zero's box, priority 0, before iptables' filter 0"
attr_text 4 | grep -q 'minus10 -10'; ok $? "the chain passed keeps a trail"
go "$(steps_at '"event":"enter","stage":"filter-input"')"
lit | grep -q 'filter 0'; ok $? "iptables' filter INPUT lights its own box, filter 0"
go "$(steps_at '"event":"enter","stage":"nft-input"' 3)"
lit | grep -q 'plus10 10'; ok $? "then ip late plus10 at 10"
keys n
lit | grep -q 'plus10 10'; ok $? "its rules keep its box lit"
screen | grep -q 'ip late plus10 #1\|ip late plus10, rule 1\|meta mark 0x00000022'; ok $? "while the rule panel shows its rule"
tm resize-window -x 120 -y 50 >/dev/null 2>&1; settle
lit | grep -q 'plus10 10'; ok $? "resized to 120x50: the same box lit"
screen | grep -q 'ip late' && screen | grep -q 'Local'; ok $? "the chain's box and the art below it in view"
tm resize-window -x 80 -y 24 >/dev/null 2>&1; settle
lit | grep -q 'plus10 10'; ok $? "back at 80x24 it pans to the lit box"

SCENARIO="$top_srcdir/scenarios/nft-inet-firewall.yaml"
at=0
start_tui 80 24 --theme "$TEST_THEME" -d modern "$SCENARIO"
go "$(steps_at '"chain":"inet filter icmp_in"')"
lit | grep -q 'inet filter' && lit | grep -q 'input 0'; ok $? "in icmp_in, jumped to from input, input's box is lit"
screen | grep -q 'icmp_in'; ok $? "the panels name the chain it jumped to"

SCENARIO="$top_srcdir/scenarios/nft-nat-gateway.yaml"
at=0
start_tui 80 24 --theme "$TEST_THEME" -d modern "$SCENARIO"
go "$(steps_at '"event":"rule","stage":"nat-prerouting","hook":"PREROUTING","table":"nat","chain":"ip nat prerouting"')"
lit | grep -q 'ip nat' && lit | grep -q 'prerouting -100'; ok $? "a nat chain's rule lights its box in the nat place"
compare_screen nft-nat-modern-80x24.txt; ok $? "PREROUTING drawn with the nat chain (screen)"

ERA=kptd
SCENARIO="$top_srcdir/scenarios/nft-iptables-mix.yaml"
at=0
start_tui 80 24 --theme "$TEST_THEME" -d kptd "$SCENARIO"
go "$(steps_at '"event":"enter","stage":"nft-input"')"
lit | grep -q 'filter'; ok $? "kptd: a filter chain at input near priority 0 lights filter INPUT"
! lit | grep -q 'mangle'; ok $? "and not mangle"
screen | tail -n 1 | grep -q '\[inet early minus10 (filter -10) as filter I'; ok $? "the status line says so"
compare_screen nft-mix-kptd-80x24.txt; ok $? "kptd with the chain drawn as filter INPUT (screen)"

SCENARIO="$top_srcdir/scenarios/nft-dual-stack.yaml"
at=0
start_tui 80 24 --theme "$TEST_THEME" -d kptd "$SCENARIO"
screen | grep -q 'kptd: 1 nftables chain not drawn: inet filter pre'; ok $? "kptd says at start which chain it cannot draw"
go "$(steps_at '"event":"enter","stage":"nft-prerouting"')"
[ -z "$(lit)" ]; ok $? "in a chain at raw's priority no box is lit"
screen | tail -n 1 | grep -q '\[inet filter pre (filter -300): Linux 2.4'; ok $? "and the status line says why"
keys d Home
wait_for '[|] modern ' && wait_for ' step 1/' && settle
ERA=modern
at=0
go "$(steps_at '"event":"enter","stage":"nft-prerouting"')"
lit | grep -q 'inet filter' && lit | grep -q 'pre -300'; ok $? "d: modern has a box for it, lit"

keys q
done_testing
