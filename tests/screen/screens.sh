#!/bin/sh
# screens.sh - whole screens compared with the expected ones in
# tests/screen/expected/ (the tig and tmux way: keys, then the captured
# screen).  After a deliberate change of the layout or of the engine's
# wording, refresh them with:
#   NFWALK_UPDATE_SCREENS=1 make check TESTS=tests/screen/screens.sh
# and review the diff before committing.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

start_tui 80 24 "$SCENARIO"
compare_screen start-80x24.txt; ok $? "the first step at 80x24"

keys_n "$(steps_to verdict nat-prerouting)" n
compare_screen dnat-80x24.txt; ok $? "the DNAT rewrite at 80x24"

keys_n "$(steps_to enter filter-forward)" '<'
keys '<'
keys_n "$(steps_to rule filter-forward)" n
keys c
compare_screen rule-counters-80x24.txt; ok $? "a failing rule with counters on at 80x24"

keys '<' d n n
compare_screen modern-80x24.txt; ok $? "the modern diagram at tc ingress"

keys '?'
compare_screen help-80x24.txt; ok $? "the help at 80x24"

start_tui 200 60 "$SCENARIO"
keys_n "$(steps_to verdict nat-prerouting)" n
compare_screen dnat-200x60.txt; ok $? "the DNAT rewrite at 200x60, panels beside the diagram"

done_testing
