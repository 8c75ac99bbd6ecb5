#!/bin/sh
# golden.sh - every scenario's text trace (and, for the ones listed with
# jsonl, its JSON Lines trace) is compared with the golden copy in
# tests/golden/.  The list of cases is tests/golden/LIST, one per line:
#   NAME FORMAT        (scenarios/NAME.yaml, FORMAT text or jsonl)
# Regenerate after a deliberate change with: NFWALK_REGOLD=1 make check
# and read the diff before committing it.
. "$top_srcdir/tests/lib.sh"

list="$top_srcdir/tests/golden/LIST"
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

while read -r name format; do
	case "$name" in ''|'#'*) continue ;; esac
	scn="$top_srcdir/scenarios/$name.yaml"
	golden="$top_srcdir/tests/golden/$name.$format"
	got="$out/$name.$format"
	mkdir -p "$(dirname "$got")" # lessons/NAME
	# Paths in traces are relative to the source tree, so goldens do not
	# depend on where the tree is.
	(cd "$top_srcdir" && "$NFWALK" --batch --format "$format" "scenarios/$name.yaml") >"$got" 2>"$out/err"
	rc=$?
	if [ -n "$NFWALK_REGOLD" ] && [ $rc -eq 0 ]; then
		cp "$got" "$golden"
	fi
	if [ $rc -ne 0 ]; then
		ok 1 "$name ($format): nfwalk exited $rc"
		diag <"$out/err"
	elif [ ! -f "$golden" ]; then
		ok 1 "$name ($format): no golden file $golden"
	elif diff -u "$golden" "$got" >"$out/diff"; then
		ok 0 "$name ($format) matches its golden trace"
	else
		ok 1 "$name ($format) differs from its golden trace"
		head -n 40 "$out/diff" | diag
	fi
	[ -f "$scn" ] || ok 1 "$name: no scenario $scn"
done <"$list"
done_testing
