#!/bin/sh
# cli.sh - the command line: help, version, exit statuses, errors that
# name file:line:column, and the no-argument tour.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" --help >"$tmp/out" 2>&1
ok $? "--help exits 0"
grep -q -- "--check" "$tmp/out"; ok $? "--help lists --check"
grep -q -- "--format" "$tmp/out"; ok $? "--help lists --format"

"$NFWALK" --version >"$tmp/out" 2>&1
ok $? "--version exits 0"
grep -Eq '^nfwalk [0-9]+\.[0-9]+' "$tmp/out"; ok $? "--version prints the version"

"$NFWALK" --no-such-option >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "an unknown option exits 2"

"$NFWALK" --batch --format xml scenarios/tour.yaml >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a bad --format exits 2"
grep -q "expected text, jsonl, json or dot" "$tmp/out"; ok $? "a bad --format says what was expected"

"$NFWALK" --batch /nonexistent.yaml >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a missing scenario exits 2"
grep -q "/nonexistent.yaml" "$tmp/out"; ok $? "a missing scenario is named"

"$NFWALK" --check >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "--check without files exits 2"

# Bad input: an error with file:line:column, exit 2, never a crash.
printf 'name: x\ninterfaces:\n  eth0: 10.0.0.300/24\npackets: []\n' >"$tmp/badaddr.yaml"
"$NFWALK" --batch "$tmp/badaddr.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a bad address exits 2"
grep -q "badaddr.yaml:3:[0-9]*: .*10.0.0.300" "$tmp/out"; ok $? "a bad address is named with file:line:col"
diag <"$tmp/out"

printf 'name: x\niptables: |\n  -A INPUT -p tcp --dprot 22 -j ACCEPT\npackets: []\n' >"$tmp/badrule.yaml"
"$NFWALK" --batch "$tmp/badrule.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "a bad rule exits 2"
grep -q "badrule.yaml:3:[0-9]*: .*--dprot" "$tmp/out"; ok $? "a bad rule option is named with its line"
diag <"$tmp/out"

printf 'name: x\npackets:\n  - send: tcp 1.2.3.4:1 -> 5.6.7.8:2 syn on eth0\n  - [unclosed\n' >"$tmp/trunc.yaml"
"$NFWALK" --batch "$tmp/trunc.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "truncated YAML exits 2"
grep -q "trunc.yaml:[0-9]*:[0-9]*:" "$tmp/out"; ok $? "truncated YAML gets file:line:col"

# No argument and no terminal: the built-in tour's trace.
"$NFWALK" </dev/null >"$tmp/out" 2>&1
ok $? "no argument without a terminal runs the tour"
grep -q "A tour of the Kernel Packet Traveling Diagram" "$tmp/out"; ok $? "the tour is built in"
"$NFWALK" --dump-tour >"$tmp/tour.yaml" && cmp -s "$tmp/tour.yaml" scenarios/tour.yaml
ok $? "--dump-tour prints the embedded tour unchanged"

# --tui asks for the live diagram: without a terminal that is an error,
# not a diagram drawn into a pipe waiting for keys that never come.
"$NFWALK" --tui --packet 'tcp 1.2.3.4:5 -> 5.6.7.8:22 on eth0' </dev/null >"$tmp/out" 2>&1
[ $? -eq 2 ]; ok $? "--tui without a terminal exits 2"
grep -q -- '--tui needs a terminal' "$tmp/out"; ok $? "and says why"
done_testing
