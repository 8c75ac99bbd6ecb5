#!/bin/sh
# quiz.sh - quiz mode: before a decision nfwalk asks for a prediction,
# says right or wrong with the reason, keeps the score in the title, and
# --quiz-report writes who, the lesson, the score and each answer.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/screen/screen-lib.sh"

LESSON="$top_srcdir/scenarios/lessons/07-dnat-before-routing.yaml"
TUI_ENV="USER=learner"
start_tui 80 24 --quiz --quiz-report "$TMPD/report.json" "$LESSON"
screen | sed -n 1p | grep -q '| quiz 0/0 |'; ok $? "the title keeps the score"
keys_n 6 ' '
flat() { screen | tr '\n' ' ' | tr -s ' '; }
# Step until the flattened screen matches (at most 12 steps).
step_until() {
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
		flat | grep -q "$1" && return 0
		keys ' '
	done
	flat | grep -q "$1"
}
flat | grep -q 'nat PREROUTING rule 1: .* -- does it match?'; ok $? "before a rule: does it match?"
screen | tail -n 1 | grep -q 'y) yes  n) no'; ok $? "the answers on the status line"
keys ' '
screen | tail -n 1 | grep -q 'answer with yn'; ok $? "space does not step past a question"
keys y
screen | tail -n 1 | grep -q 'Right: yes (every test says yes). Score 1/1'
ok $? "a right answer, with the reason and the score"
screen | sed -n 1p | grep -q '| quiz 1/1 |'; ok $? "the title counts it"
step_until 'rewrites the destination address 203.0.113.1. Into what?'
ok $? "before a NAT rewrite: into what address?"
wrong=$(screen | tail -n 1 | grep -o '[123]) [0-9.]*' | grep -v '10.0.0.2$' | head -n 1 | cut -c1)
keys "$wrong"
screen | tail -n 1 | grep -q 'Wrong: 10.0.0.2 '; ok $? "a wrong answer says what was right"
step_until 'After input routing + policy DB, which box comes next?'
ok $? "after routing: which box next?"
keys q
screen | tail -n 1 | grep -q '(y/n)'; ok $? "q mid-walk asks once, even while a question waits"
keys y
wait_for '^EXIT=0$'; ok $? "and y quits"
[ -s "$TMPD/report.json" ]; ok $? "--quiz-report wrote the file"
grep -q '"who":"learner"' "$TMPD/report.json"; ok $? "naming who ($USER)"
grep -q '"lesson":"Lesson 7: DNAT happens before routing"' "$TMPD/report.json"; ok $? "the lesson"
grep -q '"score":1,"questions":2' "$TMPD/report.json"; ok $? "the score over the questions answered"
grep -q '"kind":"rule-match".*"right":true' "$TMPD/report.json"; ok $? "and each answer"
if command -v jq >/dev/null 2>&1; then
	jq -e '.answers | length == 2' "$TMPD/report.json" >/dev/null; ok $? "valid JSON"
fi

start_tui 80 24 --quiz-report "$TMPD/report.txt" "$LESSON"
keys_n 6 ' '
keys n
keys q
keys y
wait_for '^EXIT=0$'
grep -q '^score: 0/1$' "$TMPD/report.txt"; ok $? "a report not ending in .json is plain text"
grep -q 'answered no, wrong: yes' "$TMPD/report.txt"; ok $? "with each answer"
TUI_ENV=
done_testing
