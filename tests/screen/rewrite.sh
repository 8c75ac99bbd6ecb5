#!/bin/sh
# rewrite.sh - a field changed at a step shows old -> new in the rewrite
# attribute (bold in attrs.theme): the MARK of mangle PREROUTING and the
# DNAT binding applied after nat PREROUTING; the box's note on the
# diagram (<- MARK WRITE, <- DEST REWRITE) lights up with it; one step
# later the packet panel shows only the new value.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 --theme "$TEST_THEME" "$SCENARIO"

n=$(steps_to target mangle-prerouting)
keys_n "$n" n
screen | grep -q 'mark  *0x0 -> 0x7'; ok $? "MARK: mark 0x0 -> 0x7 in the packet panel"
attr_text 1 | grep -q '0x0 -> 0x7'; ok $? "drawn in the rewrite attribute"
attr_text 1 | grep -q 'MARK WRITE'; ok $? "the diagram's <- MARK WRITE lights up"

n=$(steps_to verdict nat-prerouting)
keys_n "$n" '<'
keys_n "$n" n
screen | grep -q 'dst  *203.0.113.1:8080 -> 10.0.0.2:80'; ok $? "DNAT: dst 203.0.113.1:8080 -> 10.0.0.2:80"
attr_text 1 | grep -q '203.0.113.1:8080 -> 10.0.0.2:80'; ok $? "in the rewrite attribute"
screen | grep -q 'dst 203.0.113.1 -> 10.0.0.2'; ok $? "the step lists the address rewrite"
screen | grep -q 'dport 8080 -> 80'; ok $? "and the port rewrite"
attr_text 1 | grep -q 'DEST REWRITE'; ok $? "the diagram's <- DEST REWRITE lights up"

keys n
screen | grep -q 'dst  *10.0.0.2:80 *$'; ok $? "the next step shows the new destination alone"
! screen | grep -q -- '-> 10.0.0.2:80'; ok $? "without the arrow"

keys b
screen | grep -q 'dst  *203.0.113.1:8080 -> 10.0.0.2:80'; ok $? "b steps back to the rewrite"

done_testing
