#!/bin/sh
# packaging.sh - what a distribution relies on: the bug address in
# --version and --help, `-` as standard input for a scenario and for
# --rules (errors naming <stdin>), and names looked up in the user's XDG
# directories before $(pkgdatadir): scenarios, and themes (through the
# live diagram in a pty, where a theme is loaded).
. "$top_srcdir/tests/lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# Only the directories this test makes: never the user's own files.
HOME="$tmp/home"
export HOME
unset XDG_CONFIG_HOME XDG_DATA_HOME
mkdir -p "$HOME"
bugs="nfwalk-devel@lists.example.org"

# --- the bug address ---
"$NFWALK" --version >"$tmp/out" 2>&1
grep -qx "Report bugs to: $bugs" "$tmp/out"; ok $? "--version gives the bug address"
grep -q "GPL-2.0-or-later" "$tmp/out"; ok $? "--version names the licence"
"$NFWALK" --help >"$tmp/out" 2>&1
grep -qx "Report bugs to: $bugs" "$tmp/out"; ok $? "--help gives the bug address"

# --- a scenario from standard input ---
"$NFWALK" --dump-tour | "$NFWALK" --check - >"$tmp/out" 2>&1
ok $? "--check - checks the tour from standard input"
grep -q "^<stdin>: ok" "$tmp/out"; ok $? "... and calls it <stdin>"
diag <"$tmp/out"

"$NFWALK" --dump-tour | "$NFWALK" --batch - >"$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "^packet 1:" "$tmp/out"; ok $? "--batch - traces a scenario from standard input"

printf 'name: x\ninterfaces:\n  eth0: 10.0.0.300/24\npackets: []\n' |
	"$NFWALK" --batch - >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a bad scenario on standard input exits 2"
grep -q "^nfwalk: <stdin>:3:[0-9]*: .*10.0.0.300" "$tmp/out"
ok $? "its error is <stdin>:line:col"
diag <"$tmp/out"

# --- --rules - ---
cat >"$tmp/rules.v4" <<'EOR'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
EOR
"$NFWALK" --print-rules --rules - <"$tmp/rules.v4" >"$tmp/out" 2>&1
ok $? "--print-rules --rules - reads the rules from standard input"
grep -q "^-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT" "$tmp/out"; ok $? "... and prints them"
diag <"$tmp/out"

"$NFWALK" --batch --rules - "$top_srcdir/scenarios/tour.yaml" <"$tmp/rules.v4" >"$tmp/out" 2>&1
[ $? -eq 0 ] && grep -q "INPUT: end of chain, policy DROP" "$tmp/out"
ok $? "--rules - replaces a scenario's rules"

printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dprot 22 -j ACCEPT\nCOMMIT\n' |
	"$NFWALK" --print-rules --rules - >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a bad rules file on standard input exits 2"
grep -q '^nfwalk: <stdin>:3:17: unknown option "--dprot"' "$tmp/out"
ok $? "its error is <stdin>:line:col"
diag <"$tmp/out"

"$NFWALK" --batch --rules - - </dev/null >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "not both" "$tmp/out"; ok $? "--rules - with scenario - is refused"

# --- scenarios by name ---
cd "$tmp" || exit 1
mkdir -p data/nfwalk/scenarios config/nfwalk/scenarios "$HOME/.local/share/nfwalk/scenarios"
sed 's/^name: .*/name: from XDG_DATA_HOME/' "$top_srcdir/scenarios/redirect.yaml" \
	>data/nfwalk/scenarios/web.yaml
XDG_DATA_HOME="$tmp/data" "$NFWALK" --batch web >out 2>&1
[ $? -eq 0 ] && grep -q "from XDG_DATA_HOME" out; ok $? "a scenario name is found in \$XDG_DATA_HOME/nfwalk/scenarios"
head -n 1 out | diag
XDG_DATA_HOME="$tmp/data" "$NFWALK" --check web.yaml >out 2>&1
[ $? -eq 0 ] && grep -q "data/nfwalk/scenarios/web.yaml: ok" out; ok $? "NAME.yaml is found too"
sed 's/^name: .*/name: from XDG_CONFIG_HOME/' "$top_srcdir/scenarios/redirect.yaml" \
	>config/nfwalk/scenarios/web
XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" "$NFWALK" --batch web >out 2>&1
[ $? -eq 0 ] && grep -q "from XDG_CONFIG_HOME" out; ok $? "\$XDG_CONFIG_HOME/nfwalk comes before \$XDG_DATA_HOME/nfwalk"
sed 's/^name: .*/name: from HOME/' "$top_srcdir/scenarios/redirect.yaml" \
	>"$HOME/.local/share/nfwalk/scenarios/web.yaml"
"$NFWALK" --batch web >out 2>&1
[ $? -eq 0 ] && grep -q "from HOME" out; ok $? "without XDG variables ~/.local/share/nfwalk is searched"
printf 'not: [a scenario\n' >web
"$NFWALK" --batch web >out 2>&1
[ $? -eq 2 ] && grep -q "^nfwalk: web:" out; ok $? "a file of that name in the current directory wins"
rm -f web
"$NFWALK" --batch no-such-scenario >out 2>&1
[ $? -eq 2 ] && grep -q "no-such-scenario: cannot open" out; ok $? "a name found nowhere is an error naming it"

# --- themes by name (loaded only by the live diagram: run it in a pty) ---
if command -v script >/dev/null 2>&1; then
	mkdir -p config/nfwalk/themes data/nfwalk/themes
	printf 'this is no theme\n' >config/nfwalk/themes/mine.theme
	cp "$top_srcdir/themes/mono.theme" data/nfwalk/themes/mine.theme
	cp "$top_srcdir/themes/mono.theme" data/nfwalk/themes/other.theme
	# The live diagram on the tour with theme $1, in a pty; its output in out.
	tui_theme() {
		XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" TERM=xterm \
			script -qec "'$NFWALK' -t $1 '$top_srcdir/scenarios/tour.yaml'" /dev/null \
			</dev/null >out 2>&1
	}
	tui_theme mine
	grep -q "config/nfwalk/themes/mine.theme:1" out
	ok $? "-t NAME loads \$XDG_CONFIG_HOME/nfwalk/themes/NAME.theme first"
	diag <out
	tui_theme nope
	grep -q "unknown theme 'nope' (known: default.*mine.*other" out
	ok $? "an unknown theme lists the user's themes too"
	diag <out
else
	skip "-t NAME loads \$XDG_CONFIG_HOME/nfwalk/themes/NAME.theme first" "script(1) is not installed"
	skip "an unknown theme lists the user's themes too" "script(1) is not installed"
fi

done_testing
