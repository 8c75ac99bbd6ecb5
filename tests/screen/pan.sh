#!/bin/sh
# pan.sh - the diagram (87x94) is larger than an 80x24 terminal: the view
# pans to keep the packet's box in sight, sideways too on a narrow one,
# and can be scrolled by hand; '.' brings the packet back.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 --theme "$TEST_THEME" "$SCENARIO"
keys x # narration off: the diagram's rows as counted below
screen | sed -n 2p | grep -q 'Network'; ok $? "the view starts at the top of the drawing"
! screen | grep -q 'EGRESS'; ok $? "QOS EGRESS is out of view"

n=$(steps_to enter nat-postrouting)
keys_n "$n" n
attr_text 7 | grep -q 'nat'; ok $? "after $n steps nat POSTROUTING is lit and in view"
screen | grep -q 'POSTROUTING'; ok $? "its frame is in view"
! screen | sed -n 2,14p | grep -q 'PREROUTING'; ok $? "the top of the drawing has scrolled away"

keys_n 12 k
! attr_text 7 | grep -q 'nat'; ok $? "scrolling up by hand leaves the box behind"
keys .
attr_text 7 | grep -q 'nat'; ok $? "'.' brings the packet's box back"

keys '<'
keys_n 5 j
screen | grep -q 'DNAT or'; ok $? "scrolling down shows the DNAT note"
! screen | grep -q 'DE-MASQUERADE'; ok $? "its end is past the right edge"
keys_n 4 l
screen | grep -q 'DE-MASQUERADE'; ok $? "scrolling right shows it"

# 60 columns: the FORWARD boxes (columns 60-76) need a sideways pan.
start_tui 60 20 --theme "$TEST_THEME" "$SCENARIO"
n=$(steps_to enter filter-forward)
keys_n "$n" n
attr_text 7 | grep -q 'filter'; ok $? "at 60x20 the view pans sideways to filter FORWARD"

done_testing
