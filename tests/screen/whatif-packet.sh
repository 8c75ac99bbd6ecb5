#!/bin/sh
# whatif-packet.sh - what if the packet were different: p opens the
# one-line editor on the current packet's short form; Enter walks the
# whole scenario again and says what changed ("packet 1: fate dropped ->
# forwarded at filter FORWARD rule 4"); the boxes whose result changed
# are marked (the theme's `changed` style on the border and a mark on
# it, also without colors) until Esc; a line that does not load keeps
# the editor open with the loader's message and the cursor on the word.
# What-if works on the built-in tour and on a --rules --packet question
# (--tui), where w writes iptables-save.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

# The box's top border: the line above the one with its name, between
# the two columns of the box's frame (kptd draws the nat box at 40..56).
nat_border() { screen | awk '/│      nat      │/ { print prev; exit } { prev = $0 }'; }

cp "$top_srcdir/scenarios/lessons/16-debugging-a-ruleset.yaml" "$TMPD/office.yaml"
printf 'changed = blink\n' > "$TMPD/blink.theme"
start_tui 100 40 -t "$TMPD/blink.theme" "$TMPD/office.yaml"

# --- an error in the packet editor ---
keys p
screen | tail -n 1 | grep -q ' packet 1: tcp 198.51.100.7:40000 -> 203.0.113.1:80 syn on eth0'
ok $? "p opens the editor on packet 1 as the scenario wrote it"
keys C-u
tm send-keys -l -- 'tcp 198.51.100.7:40000 -> 203.0.113.1:443 syn on eth9'
keys Enter
screen | tail -n 2 | head -n 1 | grep -q 'packet 1, column 50: unknown interface `eth9` (declared: eth0, eth1)'
ok $? "an unknown interface is refused as the loader refuses it, with its column"
screen | tail -n 1 | grep -q ' packet 1: tcp 198.51.100.7:40000 -> 203.0.113.1:443 syn on eth9'
ok $? "the editor stays open on the line"
keys End BSpace 0
tm send-keys -l -- ' ttl 0'
keys Enter
screen | tail -n 2 | head -n 1 | grep -q 'packet 1, column 59: bad ttl `0` (expected 1..255)'
ok $? "a bad word is refused with its column"
keys BSpace BSpace BSpace BSpace BSpace BSpace

# --- p edit changing a fate ---
keys Enter
last_line_says 'what-if 1: edited packet 1: packet 1: fate dropped -> forwarded at filter FORWARD rule 4'
ok $? "the walk runs again: packet 1 to port 443 is forwarded by rule 4"
screen | head -n 1 | grep -q 'packet 1/3 | step 1/'
ok $? "at packet 1's first step, and the later packets still walk"
screen | grep -q 'dst   203.0.113.1:443'; ok $? "the packet panel shows the edited packet"

# --- the changed-box mark ---
nat_border | grep -q 'Δ'; ok $? "nat PREROUTING (DNAT by rule 2 now) is marked"
screen_attrs | grep '5m' | grep -q 'Δ'; ok $? "its mark is drawn in the theme's changed style"
! screen | awk '/IPCHAINS/ { print prev; exit } { prev = $0 }' | grep -q 'Δ'
ok $? "ipchains INPUT, not entered either way, is not"
keys space
nat_border | grep -q 'Δ'; ok $? "the marks stay while stepping"
keys Escape
! nat_border | grep -q 'Δ'; ok $? "Esc clears them"
screen | tail -n 1 | grep -q 'what-if marks cleared'; ok $? "and says so"
keys q y

# Without colors (NO_COLOR: the default theme's `changed` becomes
# reverse video) the mark and the reversed border still show.
TUI_ENV="NO_COLOR=1"
start_tui 100 40 "$TMPD/office.yaml"
TUI_ENV=
keys p C-u
tm send-keys -l -- 'tcp 198.51.100.7:40000 -> 203.0.113.1:443 syn on eth0'
keys Enter
nat_border | grep -q 'Δ'; ok $? "NO_COLOR: the changed box has its mark"
attr_text 7 | grep -q 'Δ'; ok $? "NO_COLOR: and its border is in reverse video"
keys q y

# --- what-if on the built-in tour ---
start_tui 100 40 --no-mouse
keys N N
keys p
screen | tail -n 1 | grep -q ' packet 3: tcp 10.0.0.5:50000 -> 93.184.216.34:443 syn on eth1'
ok $? "on the tour, p edits the current packet (3)"
keys C-u
tm send-keys -l -- 'tcp 10.0.0.5:50000 -> 93.184.216.34:80 syn on eth1'
keys Enter
last_line_says 'what-if 1: edited packet 3: packet 3: same fate, changed at mangle PREROUTING'
ok $? "the tour walks again: port 80 is not marked in mangle PREROUTING"
keys w
screen | tail -n 1 | grep -q 'write the scenario to: tour.yaml'; ok $? "w offers tour.yaml"
keys C-u
tm send-keys -l -- "$TMPD/tour.yaml"
keys Enter
screen | tail -n 1 | grep -q "wrote the scenario with the what-if changes to $TMPD/tour.yaml"
ok $? "and writes it"
grep -q '^  - send: tcp 10.0.0.5:50000 -> 93.184.216.34:80 syn on eth1$' "$TMPD/tour.yaml"
ok $? "the written tour has the edited packet"
keys q y

# --- a --rules --packet question in the live diagram ---
R="$top_srcdir/tests/data/answer/rules.v4" H="$top_srcdir/tests/data/answer/host.yaml"
cp "$R" "$TMPD/rules.v4"
start_tui 100 40 --tui --rules "$TMPD/rules.v4" "$H" \
	--packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0'
screen | head -n 1 | grep -q 'packet 1/1'; ok $? "--tui opens a --packet question in the live diagram"
keys p C-u
tm send-keys -l -- 'tcp 198.51.100.7:40000 -> 203.0.113.1:22 on eth0'
keys Enter
screen | tail -n 1 | grep -q 'packet 1: fate forwarded -> dropped at filter INPUT policy DROP'
ok $? "p on the question: ssh from outside is dropped by INPUT's policy"
keys w
screen | tail -n 1 | grep -q "write the ruleset (iptables-save) to: $TMPD/rules.v4"
ok $? "w offers the --rules file, as iptables-save"
keys C-u
tm send-keys -l -- "$TMPD/out.v4"
keys Enter
screen | tail -n 1 | grep -q "wrote the ruleset with the what-if changes to $TMPD/out.v4"
ok $? "and writes it"
"$NFWALK" --rules "$TMPD/out.v4" "$H" --summary \
	--packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:8080 on eth0' > "$TMPD/answer" 2>&1
grep -q 'forwarded out eth1 by filter FORWARD #2' "$TMPD/answer"
ok $? "the written rules load with --rules and answer as before"
keys q y
done_testing
