#!/bin/sh
# manpage.sh - key m opens the selected box's section of nfwalk(7): man
# with less searching for the stage name when man is on $PATH, else (or
# when man fails) the built-in explanation in an overlay.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

mkdir -p "$TMPD/bin"
cat > "$TMPD/bin/man" <<EOS
#!/bin/sh
echo "\$*" > "$TMPD/man.args"
exit \${FAKE_MAN_STATUS:-0}
EOS
chmod +x "$TMPD/bin/man"

# man_asked GREP-OPTIONS PATTERN: the fake man was run with those
# arguments; it runs after the key is handled, so wait for it.
man_asked() {
	wait_until grep -q "$@" "$TMPD/man.args" 2>/dev/null
}

TUI_ENV="PATH=$TMPD/bin:/usr/bin:/bin"
start_tui 80 24 "$SCENARIO"
keys m
man_asked -x -- '-P less +/network-in 7 nfwalk'
ok $? "m runs man -P 'less +/network-in' 7 nfwalk for the packet's box"
wait_for 'nfwalk\(7\) at network-in'; ok $? "and the diagram comes back"
keys g
item=$(screen | grep -n 'nat POSTROUTING  *nat-postrouting' | cut -d: -f1)
first=$(screen | grep -n 'Network (in)  *network-in' | cut -d: -f1)
keys_n $((item - first)) j
keys Enter m
man_asked -- 'less +/nat-postrouting'; ok $? "for a selected box, its section"
keys q

TUI_ENV="PATH=/nonexistent"
start_tui 80 24 "$SCENARIO"
keys m
screen | grep -q 'Network (in) (network-in), from nfwalk(7)'; ok $? "without man: the built-in text"
screen | grep -q 'The packet arrives on its input interface'; ok $? "the box's paragraph"
keys x
! screen | grep -q 'from nfwalk(7)'; ok $? "any key closes it"
keys q

TUI_ENV="PATH=$TMPD/bin:/usr/bin:/bin FAKE_MAN_STATUS=16"
start_tui 80 24 "$SCENARIO"
keys m
wait_for 'Network \(in\) \(network-in\), from nfwalk\(7\)'; ok $? "man failing (no page): the built-in text"
keys q
TUI_ENV=
done_testing
