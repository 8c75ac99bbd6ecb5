#!/bin/sh
# layers.sh - the folders are layers, and no arrow runs back up.
#
# Two checks per layer:
#   - its sources include headers only from its own layer or below
#     (a struct from above is a dependency even when no symbol is);
#   - its library (nm -u) needs symbols only from libraries at its layer
#     or below.
# The order, bottom first.  tui and verify are peers: neither uses the other.
. "${top_srcdir:-.}/tests/lib.sh"

LAYERS="
lib             libnfutil.a     0
engine/core     libnfcore.a     1
engine/track    libnftrack.a    2
engine/net      libnfnet.a      3
engine/xt       libnfxt.a       4
engine/nft      libnfnft.a      4
engine/walk     libnfwalk.a     5
sinks           libnfsinks.a    6
scenario        libnfscenario.a 7
ruleset         libnfruleset.a  8
capture         libnfcapture.a  9
tui             libnftui.a      10
verify          libnfverify.a   10
"

rank_of_dir() { # rank_of_dir DIR -> rank, empty when DIR is no layer
	echo "$LAYERS" | awk -v d="$1" '$1 == d { print $3 }'
}

# The layer a path under src/ belongs to: the longest layer folder prefix.
layer_of() {
	case "$1" in
	engine/*) echo "$1" | cut -d/ -f1-2 ;;
	*) echo "$1" | cut -d/ -f1 ;;
	esac
}

# 1. Includes.
echo "$LAYERS" | while read -r dir lib rank; do
	[ -n "$dir" ] || continue
	bad=$(cd "$top_srcdir/src" && grep -Hn '^#include "' $(find "$dir" -name '*.[ch]' | sort) |
		while IFS=: read -r file line text; do
			inc=$(echo "$text" | sed 's/^#include "\([^"]*\)".*/\1/')
			case "$inc" in */*) ;; *) continue ;; esac
			to=$(layer_of "$inc")
			r=$(rank_of_dir "$to")
			[ -n "$r" ] || continue
			if [ "$r" -gt "$rank" ] || { [ "$r" -eq "$rank" ] && [ "$to" != "$dir" ]; }; then
				echo "$file:$line: includes $inc (layer $to is above $dir)"
			fi
		done)
	[ -z "$bad" ]
	ok $? "src/$dir includes nothing from a layer above it"
	[ -z "$bad" ] || echo "$bad" | diag
done > "${TMPDIR:-/tmp}/layers.$$" 
cat "${TMPDIR:-/tmp}/layers.$$"
n1=$(grep -c '^ok\|^not ok' "${TMPDIR:-/tmp}/layers.$$")
f1=$(grep -c '^not ok' "${TMPDIR:-/tmp}/layers.$$")
rm -f "${TMPDIR:-/tmp}/layers.$$"
tap_n=$((tap_n + n1))
tap_failed=$((tap_failed + f1))

# 2. Symbols.
if ! command -v nm >/dev/null 2>&1; then
	skip "libraries need symbols only from below" "no nm"
	done_testing
	exit $?
fi
defs=$(mktemp) && undefs=$(mktemp) || exit 1
trap 'rm -f "$defs" "$undefs"' EXIT
echo "$LAYERS" | while read -r dir lib rank; do
	[ -n "$dir" ] || continue
	a="$top_builddir/$lib"
	[ -f "$a" ] || continue
	nm --defined-only -g "$a" 2>/dev/null |
		awk -v l="$lib" -v r="$rank" 'NF == 3 && $2 ~ /[TDBRC]/ { print $3, l, r }'
done > "$defs"
echo "$LAYERS" | while read -r dir lib rank; do
	[ -n "$dir" ] || continue
	a="$top_builddir/$lib"
	if [ ! -f "$a" ]; then
		echo "MISSING $lib"
		continue
	fi
	nm -u "$a" 2>/dev/null | awk -v l="$lib" -v r="$rank" 'NF >= 2 { print $NF, l, r }'
done > "$undefs"
for lib in $(echo "$LAYERS" | awk 'NF { print $2 }'); do
	if grep -q "^MISSING $lib\$" "$undefs"; then
		ok 1 "$lib is built"
		continue
	fi
	bad=$(awk -v me="$lib" 'NR == FNR { dl[$1] = $2; dr[$1] = $3; next }
		$2 == me && ($1 in dl) && dl[$1] != me && (dr[$1] + 0 > $3 + 0 || (dr[$1] + 0 == $3 + 0)) {
			print me " needs " $1 " from " dl[$1] }' "$defs" "$undefs" | sort -u)
	[ -z "$bad" ]
	ok $? "$lib needs symbols only from libraries below it"
	[ -z "$bad" ] || echo "$bad" | diag
done
done_testing
