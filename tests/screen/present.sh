#!/bin/sh
# present.sh - presenter mode: the walk advances by itself at --pace, any
# key pauses it, the status line is three rows tall with the step in
# bold, the panels are hidden (z shows them) so the current box's whole
# hook is in view at 80x24, --break and the scenario's breakpoints: stop
# a run, and the file is reloaded and walked again when it changes.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

LESSONS="$top_srcdir/scenarios/lessons"
start_tui 80 24 --present --pace 0.2 "$LESSONS/07-dnat-before-routing.yaml"
wait_for '\| step [3-9]/'; ok $? "the walk advances by itself"
screen | sed -n 1p | grep -q 'running 5/s'; ok $? "at the pace asked (0.2s a step)"
keys a
screen | sed -n 1p | grep -q '| paused |'; ok $? "any key pauses"
screen | tail -n 3 | grep -q 'paused: r runs on'; ok $? "and the large status line says how to go on"
keys '<'
n=$("$NFWALK" --batch --format jsonl "$LESSONS/07-dnat-before-routing.yaml" | grep -v '"event":"rewrite"' |
	grep -n '"event":"enter".*"stage":"nat-prerouting"' | head -n 1 | cut -d: -f1)
keys_n $((n - 1)) ' '
screen | grep -q 'PREROUTING' && screen | grep -q 'conntrack' && screen | grep -q '│      nat      │'
ok $? "at nat PREROUTING its whole hook is in view at 80x24"
! screen | grep -q 'Packet 1, step'; ok $? "with the panels hidden"
screen | tail -n 2 | head -n 1 | grep -q '> nat PREROUTING'; ok $? "the step on the status line's own row"
keys z
screen | grep -q 'Packet 1, step'; ok $? "z shows the panels"
keys q

start_tui 80 24 --present --pace 0.05 --break filter-forward "$LESSONS/07-dnat-before-routing.yaml"
wait_for 'breakpoint: filter FORWARD'; ok $? "--break stops the run at the box"
screen | sed -n 1p | grep -q '| paused |'; ok $? "paused there"
keys q

start_tui 80 24 "$LESSONS/16-debugging-a-ruleset.yaml"
keys r
wait_for 'breakpoint: filter FORWARD'; ok $? "a scenario's breakpoints: stop a run too"
keys q

cp "$top_srcdir/scenarios/lessons/01-for-this-host.yaml" "$TMPD/live.yaml"
start_tui 80 24 --present --pace 30 "$TMPD/live.yaml"
sleep 1.1 # a new modification time, whatever the file system's granularity
sed 's/^name: .*/name: "Edited while presenting"/' "$TMPD/live.yaml" > "$TMPD/live.new"
mv "$TMPD/live.new" "$TMPD/live.yaml"
wait_for '[|] Edited while presen'; ok $? "an edited file is reloaded (its new name in the title)"
screen | grep -q 'changed: reloaded and walked again'; ok $? "and says so"
printf 'packets: [\n' >> "$TMPD/live.yaml"
wait_for 'not reloaded: '; ok $? "a broken edit keeps the old walk and says why"
keys q
done_testing
