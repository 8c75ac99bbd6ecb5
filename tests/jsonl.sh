#!/bin/sh
# jsonl.sh - the JSON Lines trace is valid JSON, one object per line, with
# the documented fields, and every packet walk ends with a fate event.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip_all "jq is not installed"
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for scn in scenarios/*.yaml; do
	"$NFWALK" --batch --format jsonl "$scn" >"$tmp/t.jsonl"
	ok $? "$scn: jsonl trace written"
	jq -e -s 'length > 0' "$tmp/t.jsonl" >/dev/null 2>&1
	ok $? "$scn: every line parses as JSON"
	bad=$(jq -c 'select((.pkt|type) != "number" or (.step|type) != "number" or (.event|type) != "string" or (.src|type) != "string" or (.dst|type) != "string" or (.mark|test("^0x[0-9a-f]+$")|not) or (.ctstate|type) != "string")' "$tmp/t.jsonl" | head -n 3)
	[ -z "$bad" ]; ok $? "$scn: pkt, step, event, src, dst, mark, ctstate on every line"
	[ -z "$bad" ] || echo "$bad" | diag
	# The last event of each (pkt, sub) walk is its fate, with fate and oif.
	bad=$(jq -s -c 'group_by([.pkt,.sub])[] | last | select(.event != "fate" or (.fate|type) != "string" or (.oif|type) != "string")' "$tmp/t.jsonl" | head -n 3)
	[ -z "$bad" ]; ok $? "$scn: every walk ends with a fate event"
	bad=$(jq -c 'select(.event == "rule" and ((.rule|type) != "number" or (.chain|type) != "string" or (.table|type) != "string"))' "$tmp/t.jsonl" | head -n 3)
	[ -z "$bad" ]; ok $? "$scn: rule events carry table, chain and rule"
done
# The DNAT rewrite is visible old -> new.
"$NFWALK" --batch --format jsonl scenarios/dnat-port-forward.yaml >"$tmp/t.jsonl"
n=$(jq -c 'select(.pkt == 1 and .sub == 0 and .event == "rewrite" and .field == "dst" and .old == "203.0.113.1" and .new == "10.0.0.2")' "$tmp/t.jsonl" | wc -l)
[ "$n" -eq 1 ]; ok $? "the DNAT rewrite is one rewrite event dst 203.0.113.1 -> 10.0.0.2"
# CT --notrack: the events after it in the same chain already say UNTRACKED.
"$NFWALK" --batch --format jsonl scenarios/notrack.yaml >"$tmp/t.jsonl"
n=$(jq -r 'select(.pkt == 1 and .stage == "raw-prerouting" and .step > 5) | .ctstate' "$tmp/t.jsonl" | sort -u)
[ "$n" = UNTRACKED ]; ok $? "after CT --notrack the same chain's events say UNTRACKED"
done_testing
