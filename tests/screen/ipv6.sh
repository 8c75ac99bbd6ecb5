#!/bin/sh
# ipv6.sh - IPv6 in the packet panel at 80x24: endpoints as [addr]:port,
# the hop limit and traffic class by IPv6's names, and NETMAP's prefix
# rewrite, too long for the panel's line, wrapped below it in full.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

SCENARIO="$top_srcdir/scenarios/nat66.yaml"
start_tui 80 24 --theme "$TEST_THEME" "$SCENARIO"

keys n
screen | grep -q 'src  *\[fd00:1::42\]:50000'; ok $? "the source as [addr]:port"
screen | grep -q 'dst  *\[2001:db8:9::1\]:443'; ok $? "the destination too"
screen | grep -q 'tcp \[S\]  len 60  hl 64  tc 0x00'; ok $? "hop limit and traffic class by their IPv6 names"

n=$(steps_to verdict nat-postrouting)
keys_n "$((n - 1))" n
screen | grep -q '^ src   \[fd00:1::42\]:50000 -> '; ok $? "NETMAP: the old source, then the arrow"
screen | grep -q '^       \[2001:db8:100::42\]:50000 '; ok $? "the new one whole on the line below, under the value"
attr_text 1 | grep -q '2001:db8:100::42'; ok $? "drawn in the rewrite attribute"
screen | grep -q 'hl 63'; ok $? "forwarding took one off the hop limit"

done_testing
