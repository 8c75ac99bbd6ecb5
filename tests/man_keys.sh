#!/bin/sh
# man_keys.sh - nfwalk(1)'s KEYS section is the key table: the section
# between its KEYS markers equals what keys_mdoc prints from keys.c (after
# a change of keys: make man-keys), and the page stays lint-clean.
. "$top_srcdir/tests/lib.sh"
page="$top_srcdir/man/nfwalk.1"
"$top_builddir/keys_mdoc" > "$top_builddir/keys.mdoc.tmp"
sed -n '/^\.\\" KEYS begin/,/^\.\\" KEYS end/p' "$page" > "$top_builddir/keys.man.tmp"
if diff -u "$top_builddir/keys.man.tmp" "$top_builddir/keys.mdoc.tmp" > "$top_builddir/keys.diff"; then
	ok 0 "nfwalk(1) KEYS matches the key table"
else
	diag < "$top_builddir/keys.diff"
	ok 1 "nfwalk(1) KEYS matches the key table (run make man-keys)"
fi
grep -q '^\.It Cm space , Cm Right$' "$page"; ok $? "space and Right step"
grep -q '^\.It Cm m$' "$page"; ok $? "m is there"
if command -v mandoc >/dev/null 2>&1; then
	mandoc -Tlint -W warning "$page" > "$top_builddir/keys.lint" 2>&1
	ok $? "mandoc -Tlint -W warning is clean"
	[ -s "$top_builddir/keys.lint" ] && diag < "$top_builddir/keys.lint"
fi
# Key m searches nfwalk(7) for the box's stage name: every one is there.
missing=
for st in $(sed -n '/^\.Ss Stages/,/^\.Ed/p' "$top_srcdir/man/nfwalk-scenario.5" |
	sed -n '/^\.Bd/,/^\.Ed/p' | grep -v '^\.'); do
	grep -q "$st" "$top_srcdir/man/nfwalk.7" || missing="$missing $st"
done
[ -z "$missing" ]; ok $? "nfwalk(7) names every stage (missing:$missing)"
rm -f "$top_builddir/keys.mdoc.tmp" "$top_builddir/keys.man.tmp" "$top_builddir/keys.diff" \
	"$top_builddir/keys.lint"
done_testing
