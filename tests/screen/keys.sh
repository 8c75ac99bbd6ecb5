#!/bin/sh
# keys.sh - keys nfwalk does not know do nothing: Esc alone, Alt+key,
# and the sequences a terminal sends that its terminfo entry does not
# list (Ctrl-Left and Shift-Up under TERM=screen); End arrives as End
# whichever way the terminal writes it (xterm-256color inside tmux).
# Only q and ^C quit, and q in the middle of a walk asks first (y/n);
# from the help screen or at the end of the walk it asks nothing.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

alive() { ! screen | grep -q '^EXIT=' && screen | grep -q '^ nfwalk [|]'; }

start_tui 80 24 "$SCENARIO"
keys n n
keys Escape
alive; ok $? "Esc does not quit"
keys M-x M-q
alive; ok $? "Alt+x and Alt+q do nothing"
screen | grep -q 'no such key: ? lists them'; ok $? "a hint in the status line"
keys C-Left S-Up C-Right S-Down M-Left
alive; ok $? "Ctrl-Left, Shift-Up and friends (TERM=screen has none) do nothing"
keys q
alive && screen | grep -q 'quit in the middle of the walk? (y/n)'
ok $? "q in the middle of the walk asks"
keys n
alive && ! screen | grep -q '(y/n)'; ok $? "n: not quitting"
keys q y
wait_for '^EXIT=0$'; ok $? "q y quits"

start_tui 80 24 "$SCENARIO"
keys n q q
wait_for '^EXIT=0$'; ok $? "q q quits too"

start_tui 80 24 "$SCENARIO"
keys n '?' q
wait_for '^EXIT=0$'; ok $? "q from the help screen asks nothing"

TUI_ENV="TERM=xterm-256color"
start_tui 80 24 "$SCENARIO"
keys End
alive; ok $? "End under xterm-256color in tmux does not quit"
screen | grep -q '^ nfwalk | packet 2/2, .* step 84/84 '; ok $? "End goes to the last step"
keys Home
screen | grep -q '^ nfwalk | packet 1/2 .* step 1/84 '; ok $? "Home to the first"
keys End q
wait_for '^EXIT=0$'; ok $? "q at the end of the walk asks nothing"
TUI_ENV=

done_testing
