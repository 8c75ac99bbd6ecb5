#!/bin/sh
# color.sh - the mono theme emits no color sequences at all, nor does
# NO_COLOR with any theme (attributes stay); the default theme does use
# color; an 8-color terminal gets only the eight colors (bright ones as
# bold).  Read from `tmux capture-pane -e`.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

# Every SGR parameter list on screen, one per line.
sgr_params() { screen_attrs | grep -o "$(printf '\033')\[[0-9;]*m" | tr -d '\033[m' | sort -u; }
# Colors: 30-37 40-47 90-97 100-107 and the 38/48 extended forms.
colors() { sgr_params | tr ';' '\n' | grep -Ex '3[0-8]|4[0-8]|9[0-7]|10[0-7]'; }
bright_or_extended() { sgr_params | tr ';' '\n' | grep -Ex '38|48|9[0-7]|10[0-7]'; }

walk_a_little() { keys n n n n n n c; }

start_tui 80 24 --theme mono "$SCENARIO"
walk_a_little
[ -z "$(colors)" ]; ok $? "--theme mono: no color sequence on screen"
sgr_params | grep -qx '7'; ok $? "mono still marks the box with reverse video"

TUI_ENV="NO_COLOR=1"
start_tui 80 24 "$SCENARIO"
walk_a_little
[ -z "$(colors)" ]; ok $? "NO_COLOR=1: no color sequence"
start_tui 80 24 --theme high-contrast "$SCENARIO"
walk_a_little
[ -z "$(colors)" ]; ok $? "NO_COLOR=1 --theme high-contrast: still none"
sgr_params | tr ';' '\n' | grep -qx 1; ok $? "the theme's attributes (bold) remain"
TUI_ENV=

start_tui 80 24 "$SCENARIO"
walk_a_little
[ -n "$(colors)" ]; ok $? "the default theme does use color"

TUI_ENV="TERM=xterm"
start_tui 80 24 --theme high-contrast "$SCENARIO"
walk_a_little
[ -n "$(colors)" ]; ok $? "an 8-color terminal (TERM=xterm) gets color"
[ -z "$(bright_or_extended)" ]; ok $? "but only the eight classic colors"
TUI_ENV="TERM=vt100"
start_tui 80 24 "$SCENARIO"
walk_a_little
[ -z "$(colors)" ]; ok $? "a terminal without color (vt100) gets none"
attr_text 7 | grep -q . ; ok $? "and still a visible highlight"
TUI_ENV=

done_testing
