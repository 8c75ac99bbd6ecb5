#!/bin/sh
# export.sh - walks people can keep: --export svg draws the diagram once
# per packet walk with its boxes lit and numbered in order, the rules that
# decided and every rewrite; html adds every step; cast records the live
# diagram stepping as asciicast v2.
. "$top_srcdir/tests/lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/nfwalk-export.XXXXXX")
trap 'rm -rf "$T"' EXIT
L="$top_srcdir/scenarios/lessons/07-dnat-before-routing.yaml"

"$NFWALK" --export svg "$T/w.svg" "$L"; ok $? "--export svg exits 0"
head -n 1 "$T/w.svg" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg"'; ok $? "an SVG document"
grep -q 'class="seen"' "$T/w.svg"; ok $? "visited boxes are lit"
grep -q '<text [^>]*class="n">1</text>' "$T/w.svg"; ok $? "and numbered in order"
grep -q '> 5 nat PREROUTING<' "$T/w.svg" || grep -q '>  [0-9] nat PREROUTING<' "$T/w.svg"
ok $? "the boxes listed in order"
grep -q 'nat PREROUTING rule 1: ACCEPT' "$T/w.svg"; ok $? "the rules that decided"
grep -q -- '-j DNAT --to-destination 10.0.0.2:80' "$T/w.svg"; ok $? "with their text"
grep -q 'dst 203.0.113.1 -&gt; 10.0.0.2 (nat PREROUTING)' "$T/w.svg"; ok $? "every rewrite"
grep -q 'Fate: forwarded via eth1' "$T/w.svg"; ok $? "and the fate"
if command -v python3 >/dev/null 2>&1; then
	python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$T/w.svg"
	ok $? "well-formed XML"
fi

"$NFWALK" --export html "$T/w.html" "$top_srcdir/scenarios/tour.yaml"; ok $? "--export html exits 0"
grep -q '^<!DOCTYPE html>' "$T/w.html"; ok $? "an HTML page"
[ "$(grep -c '<h2>' "$T/w.html")" -eq 8 ]; ok $? "a section per walk of the tour (8)"
grep -q '<li>&gt; nat PREROUTING' "$T/w.html"; ok $? "every step listed"
grep -q '<i>dst 203.0.113.1 -&gt; 10.0.0.2</i>' "$T/w.html"; ok $? "rewrites in their step"

"$NFWALK" --export cast "$T/w.cast" "$L"; ok $? "--export cast exits 0"
head -n 1 "$T/w.cast" | grep -q '^{"version": 2, "width": 80, "height": 24, '; ok $? "an asciicast v2 header"
steps=$("$NFWALK" --batch --format jsonl "$L" | grep -vc '"event":"rewrite"')
frames=$(grep -c '^\[[0-9.]*, "o", ' "$T/w.cast")
[ "$frames" -eq $((steps + 1)) ]; ok $? "one output event per step, and the last ($frames for $steps steps)"
grep -q 'fate: forwarded out of eth1' "$T/w.cast"; ok $? "the TUI's own screens, to the fate"
if command -v python3 >/dev/null 2>&1; then
	python3 -c "import sys, json; [json.loads(l) for l in open(sys.argv[1])]" "$T/w.cast"
	ok $? "every line is JSON"
fi

"$NFWALK" --export pdf "$T/w.pdf" "$L" 2> "$T/err"
[ $? -eq 2 ]; ok $? "an unknown format is a usage error"
grep -q 'expected svg, html or cast' "$T/err"; ok $? "saying what is known"
"$NFWALK" --export svg "$T/no/such/dir.svg" "$L" 2> "$T/err"
[ $? -eq 2 ] && grep -q 'cannot write' "$T/err"; ok $? "an unwritable file says so"
done_testing
