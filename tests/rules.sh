#!/bin/sh
# rules.sh - --rules and --print-rules: an iptables-save file replaces the
# scenario's tables of the same name, every front end sees it, the rules
# print back in iptables-save's form, and a file nfwalk cannot load is
# reported line by line with the extensions it lacks.
. "$top_srcdir/tests/lib.sh"
data="$top_srcdir/tests/data/capture"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$NFWALK" --print-rules --rules "$data/gateway.rules" >"$tmp/out" 2>&1
ok $? "--print-rules --rules FILE exits 0"
grep -v '^#' "$data/gateway.rules" >"$tmp/want"
diff -u "$tmp/want" "$tmp/out" | diag
cmp -s "$tmp/want" "$tmp/out"
ok $? "an iptables-save file prints back as it was (comments aside)"

"$NFWALK" --print-rules --rules "$tmp/out" >"$tmp/again" 2>&1
cmp -s "$tmp/out" "$tmp/again"
ok $? "the printed rules load and print the same"

# with a scenario: the file's tables replace the scenario's, others stay
cat >"$tmp/host.yaml" <<'YAML'
interfaces:
  eth0: 203.0.113.1/24
iptables: |
  -t raw -A PREROUTING -p udp --dport 53 -j NOTRACK
  -A INPUT -p tcp --dport 23 -j DROP
packets:
  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0
    expect: {fate: local, hits: [filter INPUT 3, filter tcp_in 1]}
YAML
"$NFWALK" --print-rules --rules "$data/gateway.rules" "$tmp/host.yaml" >"$tmp/out" 2>&1
ok $? "--print-rules with a scenario and --rules"
grep -q -- "-A PREROUTING -p udp -m udp --dport 53 -j NOTRACK" "$tmp/out"
ok $? "the scenario's raw table stays (the file has none)"
grep -q -- "--dport 23" "$tmp/out"
[ $? -ne 0 ]
ok $? "the scenario's filter table is replaced by the file's"
grep -q -- "^\*raw" "$tmp/out" && grep -q -- "^\*nat" "$tmp/out"
ok $? "both the scenario's and the file's tables are printed"

"$NFWALK" --check --rules "$data/gateway.rules" "$tmp/host.yaml" >"$tmp/out" 2>&1
ok $? "--check sees the --rules file's chains (expect hits tcp_in 1)"
diag <"$tmp/out"

"$NFWALK" --batch --rules "$data/gateway.rules" "$tmp/host.yaml" >"$tmp/out" 2>&1
grep -q "tcp_in" "$tmp/out"
ok $? "the batch trace walks the --rules file's chains"

"$NFWALK" --print-rules "$tmp/host.yaml" >"$tmp/out" 2>&1
grep -q -- "-A INPUT -p tcp -m tcp --dport 23 -j DROP" "$tmp/out"
ok $? "--print-rules prints a scenario's own rules in iptables-save form"

"$NFWALK" --print-rules >"$tmp/out" 2>&1
grep -q -- "^\*nat" "$tmp/out"
ok $? "--print-rules without a scenario prints the tour's rules"

# a file nfwalk cannot load: every line, then a summary; exit 2 (no
# iptables has the extensions frob, twiddle and ZAP)
cat >"$tmp/bad.v4" <<'V4'
*filter
:INPUT DROP [0:0]
-A INPUT -m frob --frob 3/min -j ACCEPT
-A INPUT -p tcp -m twiddle --set -j ZAP
-A INPUT -p tcp --dprot 22 -j ACCEPT
COMMIT
V4
"$NFWALK" --print-rules --rules "$tmp/bad.v4" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ]
ok $? "a file with unsupported extensions: exit 2"
diag <"$tmp/err"
grep -q "bad.v4:3:13: match \"frob\" is not supported by nfwalk" "$tmp/err"
ok $? "each problem with file:line:col, naming the extension"
grep -q "bad.v4:4:37: target \"ZAP\" is not supported" "$tmp/err"
ok $? "every extension of a line, not only the first"
grep -q "bad.v4:5:17: unknown option \"--dprot\"" "$tmp/err"
ok $? "other errors keep the parser's message"

"$NFWALK" --batch --rules "$tmp/bad.v4" "$tmp/host.yaml" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "4 lines could not be loaded; extensions nfwalk lacks: -j ZAP, -m frob, -m twiddle" "$tmp/err"
ok $? "--rules with a scenario: the same list, and a summary of the extensions"

# --lenient: the same file loads; the rules nfwalk cannot evaluate keep
# their place, and a packet reaching one stops there
cat >"$tmp/lenient.yaml" <<'YAML'
interfaces:
  eth0: 203.0.113.1/24
sockets: [tcp 22]
packets:
  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0
    expect: {fate: cannot-evaluate}
YAML
cat >"$tmp/lenient.v4" <<'V4'
*filter
:INPUT DROP [0:0]
-A INPUT -p udp -j ACCEPT
-A INPUT -m frob --frob 3/min -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
V4
"$NFWALK" --batch --lenient --rules "$tmp/lenient.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>"$tmp/err"
ok $? "--lenient: a file with an unsupported extension loads"
diag <"$tmp/err"
grep -q "lenient.v4:4:13: match \"frob\" is not supported by nfwalk" "$tmp/err" &&
	grep -q -- "--lenient: 1 rule kept as stand-ins" "$tmp/err"
ok $? "--lenient: the problem is still reported, and the rule kept"
grep -q "=> cannot-evaluate.*cannot evaluate -m frob (rule 2 of INPUT)" "$tmp/out"
ok $? "--lenient: the packet stops at the rule: cannot evaluate -m frob (rule 2 of INPUT)"
diag <"$tmp/out"
"$NFWALK" --check --lenient --rules "$tmp/lenient.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>&1
ok $? "--lenient: expect fate: cannot-evaluate holds"
"$NFWALK" --print-rules --lenient --rules "$tmp/lenient.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>/dev/null
grep -q -- "^-A INPUT -m frob --frob 3/min -j ACCEPT$" "$tmp/out"
ok $? "--lenient: the kept rule prints as it was written"
"$NFWALK" --batch --rules "$tmp/lenient.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ]
ok $? "without --lenient the file is still refused (strict is the default)"

# -m bpf is refused with the reason (nfwalk runs no BPF), strictly and
# under --lenient, where the rule stays in place and stops the packet
cat >"$tmp/bpf.v4" <<'V4'
*filter
:INPUT DROP [0:0]
-A INPUT -m bpf --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0" -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
V4
"$NFWALK" --batch --rules "$tmp/bpf.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "bpf.v4:3:13: nfwalk does not run BPF programs" "$tmp/out"
ok $? "-m bpf: refused with file:line:column and the reason"
diag <"$tmp/out"
"$NFWALK" --check --lenient --rules "$tmp/bpf.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>&1
ok $? "-m bpf under --lenient: the packet stops at it (cannot-evaluate)"
"$NFWALK" --print-rules --lenient --rules "$tmp/bpf.v4" "$tmp/lenient.yaml" >"$tmp/out" 2>/dev/null
grep -q -- '^-A INPUT -m bpf --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0" -j ACCEPT$' "$tmp/out"
ok $? "-m bpf under --lenient: the kept rule prints as written"

"$NFWALK" --print-rules --rules /nonexistent.v4 >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "/nonexistent.v4: cannot read the rules" "$tmp/out"
ok $? "a missing --rules file: exit 2, named"

# SYNPROXY: parsed and checked as the kernel does, then refused with the
# reason (its state machine is not modelled); --lenient keeps the rule.
cat >"$tmp/synproxy.v4" <<'V4'
*filter
:INPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -m state --state INVALID,UNTRACKED -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460
-A INPUT -j SYNPROXY --mss 1460
COMMIT
V4
"$NFWALK" --print-rules --rules "$tmp/synproxy.v4" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "synproxy.v4:3:[0-9]*: SYNPROXY is not modelled: nfwalk does not play the SYN proxy" "$tmp/out" &&
	grep -q "synproxy.v4:4:[0-9]*: SYNPROXY needs -p tcp" "$tmp/out"
ok $? "SYNPROXY: refused at load, saying why (and the kernel's -p tcp demand first)" || diag <"$tmp/out"
"$NFWALK" --lenient --rules "$tmp/synproxy.v4" --iface eth0=203.0.113.1/24 --packet 'tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0' >"$tmp/out" 2>/dev/null
grep -q "cannot-evaluate: .*SYNPROXY is not modelled.*(rule 1 of INPUT)" "$tmp/out"
ok $? "SYNPROXY --lenient: the SYN stops at the rule, not passed as if proxied" || diag <"$tmp/out"

done_testing
