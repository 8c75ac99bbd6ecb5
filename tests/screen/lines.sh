#!/bin/sh
# lines.sh - line drawing follows the locale: Unicode box drawing under a
# UTF-8 locale, the terminal's own line set otherwise (tmux shows it as
# the VT100 letters inside shift-out/shift-in), and --ascii draws the art's
# own + - |.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 "$SCENARIO"
keys x # narration off: the note's row is in view
screen | grep -q '┌───────┴───────┐'; ok $? "UTF-8: box-drawing characters"
screen | grep -q '<- MARK WRITE'; ok $? "a note keeps its hyphen"

start_tui 80 24 --ascii "$SCENARIO"
screen | grep -q '+-------+-------+'; ok $? "--ascii: the art as written"
! screen | grep -q '[│─┌]'; ok $? "--ascii: no line-drawing characters"

TUI_ENV="LC_ALL=C"
start_tui 80 24 "$SCENARIO"
screen | grep -q 'lqqqqqqqvqqqqqqqk'; ok $? "C locale: the terminal's line set (VT100 letters)"
screen_attrs | grep -q "$(printf '\016')"; ok $? "switched in with shift-out"
TUI_ENV=

done_testing
