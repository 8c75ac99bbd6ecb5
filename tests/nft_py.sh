#!/bin/sh
# nft_py.sh - nftables' own rule vectors (tests/py/*/*.t of the nftables
# sources) through nfwalk's reader and printer: each `RULE;ok[;LISTING]`
# line is put in a chain of a table of the first family the file names
# that nfwalk reads (ip, ip6, inet), read with --rules and printed with
# --print-rules.  Counted: printed as nft lists it, refused with a clear
# error (exit 2, file:line:col), misprinted (read, listed otherwise: nft's
# evaluation rewrites many forms), and wrong: a crash or an error without
# its place.  Only wrong ones fail.  `RULE;fail` lines nfwalk reads are
# counted too (nft refuses them; the walk's checker may not).
#
# The vectors are not shipped: NFT_PY_DIR names a tests/py directory, or
# a fetched mirror of nftables under /work/.mirror (a bare git directory)
# is unpacked; without either the test skips.
. "$top_srcdir/tests/lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
dir=${NFT_PY_DIR:-}
if [ -z "$dir" ]; then
	for git in /work/.mirror/*nftables*/repo; do
		[ -d "$git" ] || continue
		git --git-dir="$git" archive HEAD tests/py 2>/dev/null | tar -x -C "$tmp" 2>/dev/null &&
			[ -d "$tmp/tests/py" ] && dir="$tmp/tests/py" && break
	done
fi
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
	skip "nftables' tests/py vectors" "no copy found (set NFT_PY_DIR)"
	done_testing
	exit $?
fi

same=0 refused=0 misprinted=0 wrong=0 fail_lines=0 fail_read=0
: >"$tmp/wrong"
: >"$tmp/misprinted"
norm() { tr -s ' ' | sed -e 's/ }/}/g' -e 's/counter packets 0 bytes 0/counter/g'; }

# write FAMILY RULES-FILE: the rules (one a line) in a chain; rule k is on
# line k + 3
write() {
	{
		printf 'table %s t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n' "$1"
		cut -f1 "$2" | sed 's/^/\t\t/'
		printf '\t}\n}\n'
	} >"$tmp/r.nft"
}

# One rule on its own: counted, never batched.
single() { # single FAMILY RULE WANT
	printf '%s\t%s\n' "$2" "$3" >"$tmp/one"
	write "$1" "$tmp/one"
	"$NFWALK" --rules "$tmp/r.nft" --print-rules >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 0 ]; then
		compare "$tmp/one"
	elif [ $rc -eq 2 ] && grep -q 'r\.nft:[0-9]*:[0-9]*' "$tmp/err"; then
		refused=$((refused + 1))
	else
		wrong=$((wrong + 1))
		echo "$t: $2 (status $rc: $(head -n1 "$tmp/err"))" >>"$tmp/wrong"
	fi
}

# The printed rules of $tmp/out against the wanted listings of file $1.
compare() {
	sed -n '/^\t\ttype /,/^\t}/p' "$tmp/out" | sed -e '1d' -e '$d' -e 's/^\t\t//' >"$tmp/got"
	paste "$1" "$tmp/got" | while IFS='	' read -r rule want got; do
		if [ "$(echo "$got" | norm)" = "$(echo "$want" | norm)" ]; then
			echo same
		else
			echo mis
			printf '%s\n  want %s\n  got  %s\n' "$rule" "$want" "$got" >>"$tmp/misprinted"
		fi
	done >"$tmp/verdicts"
	same=$((same + $(grep -c '^same' "$tmp/verdicts")))
	misprinted=$((misprinted + $(grep -c '^mis' "$tmp/verdicts")))
}

for t in "$dir"/*/*.t; do
	fam=$(sed -n 's/^\*\(ip\|ip6\|inet\);.*/\1/p' "$t" | head -n1)
	[ -n "$fam" ] || continue
	# RULE<TAB>STATUS<TAB>LISTING, sets and disabled lines left out
	awk -F';' '/^[^-#!?*:@%[:space:]]/ && NF >= 2 {
		printf "%s\t%s\t%s\n", $1, $2, (NF >= 3 ? $3 : $1) }' "$t" >"$tmp/lines"
	# `fail` lines one by one: does nfwalk read what nft refuses?
	grep "	fail	" "$tmp/lines" | cut -f1 >"$tmp/fails"
	while IFS= read -r rule; do
		fail_lines=$((fail_lines + 1))
		printf '%s\n' "$rule" >"$tmp/one"
		write "$fam" "$tmp/one"
		"$NFWALK" --rules "$tmp/r.nft" --print-rules >/dev/null 2>"$tmp/err"
		rc=$?
		[ $rc -eq 0 ] && fail_read=$((fail_read + 1))
		[ $rc -eq 0 ] || [ $rc -eq 2 ] || { wrong=$((wrong + 1)); echo "$t: $rule (status $rc)" >>"$tmp/wrong"; }
	done <"$tmp/fails"
	# `ok` lines in one chain; a refused one (its line in the error) is
	# counted and taken out, the rest read again
	grep "	ok	" "$tmp/lines" | cut -f1,3 >"$tmp/batch"
	while [ -s "$tmp/batch" ]; do
		write "$fam" "$tmp/batch"
		"$NFWALK" --rules "$tmp/r.nft" --print-rules >"$tmp/out" 2>"$tmp/err"
		rc=$?
		n=$(wc -l <"$tmp/batch")
		if [ $rc -eq 0 ] && [ "$(sed -n '/^\t\ttype /,/^\t}/p' "$tmp/out" | wc -l)" -eq $((n + 2)) ]; then
			compare "$tmp/batch"
			break
		fi
		line=$(sed -n 's/^[^:]*r\.nft:\([0-9]*\):[0-9]*.*/\1/p' "$tmp/err" | head -n1)
		k=$((${line:-0} - 3))
		if [ $rc -eq 2 ] && [ $k -ge 1 ] && [ $k -le "$n" ]; then
			refused=$((refused + 1))
			sed -i "${k}d" "$tmp/batch"
			continue
		fi
		# no place to take out: every rule alone
		while IFS='	' read -r rule want; do
			single "$fam" "$rule" "$want"
		done <"$tmp/batch"
		break
	done
done
total=$((same + refused + misprinted + wrong))
{
	echo "tests/py ok lines: $total; printed as nft lists them $same, refused with file:line:col $refused, misprinted $misprinted, wrong $wrong"
	echo "tests/py fail lines: $fail_lines; read anyway $fail_read (nft's evaluation refuses them)"
	echo "first misprints:"
	head -n 30 "$tmp/misprinted"
} | diag
[ "$total" -gt 0 ]
ok $? "nftables' tests/py vectors were found and read ($total ok lines)"
[ ! -s "$tmp/wrong" ]
ok $? "no vector crashes nfwalk or is refused without its place" || diag <"$tmp/wrong"
done_testing
