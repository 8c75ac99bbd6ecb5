/* test_rule_graph.c - the jump graph checks at load time: loading grows
 * linearly with the number of chains and jumps (counted in nf_work, not
 * timed), and a rule nesting jumps deeper than nf_tables follows is
 * refused as the kernel refuses it.  The kernel's answer, from
 * iptables-nft-restore v1.8.9 on Linux 6.18 in a throwaway namespace:
 * INPUT -> C1 -> ... -> C15 loads; the rule "-A C15 -j C16" fails with
 * "RULE_APPEND failed (Too many links)" (EMLINK: NFT_JUMP_STACK_SIZE is
 * 16 levels, the built-in chain being level 0), gotos counting alike;
 * chains no built-in chain reaches are not checked. */
#include <stdlib.h>
#include <string.h>

#include "engine/xt/rule.h"
#include "ruleset/save.h"
#include "tests/tap.h"

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

/* n user chains C1..Cn, Ci jumping to Ci+1; INPUT jumps to C1 first
 * (reach 1), last (reach 2) or never (reach 0). */
static char *chain_file(size_t n, int reach, const char *verb)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
	for (size_t i = 1; i <= n; i++)
		sb_addf(&sb, ":C%zu - [0:0]\n", i);
	if (reach == 1)
		sb_adds(&sb, "-A INPUT -j C1\n");
	for (size_t i = 1; i < n; i++)
		sb_addf(&sb, "-A C%zu -p tcp %s C%zu\n", i, verb, i + 1);
	if (reach == 2)
		sb_adds(&sb, "-A INPUT -j C1\n");
	sb_adds(&sb, "COMMIT\n");
	return sb.s;
}

static int load(const char *text, struct nf_error *err)
{
	struct ruleset rs;
	ruleset_init(&rs);
	*err = (struct nf_error){.col = -1};
	int rc = save_load_text(&rs, "jumps.rules", text, NULL, err);
	ruleset_free(&rs);
	return rc;
}

/* The work of loading n chains in a row, per chain. */
static double work_per_chain(size_t n)
{
	char *text = chain_file(n, 0, "-j");
	struct nf_error err;
	nf_work = 0;
	int rc = load(text, &err);
	free(text);
	if (rc != 0)
		diag("%s", err.msg);
	return (double)nf_work / (double)n;
}

static void test_linear(void)
{
	double w1 = work_per_chain(1000), w2 = work_per_chain(2000), w10 = work_per_chain(10000);
	diag("work per chain: %.1f (1000 chains), %.1f (2000), %.1f (10000)", w1, w2, w10);
	ok(w1 < 64, "1000 chains jumping one into the next: bounded work per chain");
	ok(w10 < 64, "10000 chains: the same bound (linear, not cubic)");
	ok(w10 < 2 * w1 + 8, "the work per chain does not grow with the chain count");
}

static void deep(size_t n, int reach, const char *verb, int want_rc, int want_line,
		 const char *want_msg, const char *name)
{
	char *text = chain_file(n, reach, verb);
	struct nf_error err;
	int rc = load(text, &err);
	free(text);
	is_int(rc, want_rc, name);
	if (want_rc == 0)
		return;
	is_int(err.line, want_line, "  on the line of the rule the kernel refuses");
	ok(err.col >= 0, "  with a column (%d)", err.col);
	ok(strstr(err.msg, want_msg) != NULL, "  says %s: %s", want_msg, err.msg);
	ok(strstr(err.msg, "Too many links") != NULL, "  cites the kernel's reason");
}

static void test_depth(void)
{
	/* 4 header lines, n chain lines, then the rules. */
	deep(15, 1, "-j", 0, 0, NULL, "15 nested jumps load");
	deep(16, 1, "-j", -1, 4 + 16 + 1 + 15, "C15 to C16", "16 nested jumps are refused");
	deep(16, 1, "-g", -1, 4 + 16 + 1 + 15, "C15 to C16", "16 nested gotos too");
	deep(16, 2, "-j", -1, 4 + 16 + 15 + 1, "INPUT to C1", "or the jump that reaches them");
	deep(1000, 1, "-j", -1, 4 + 1000 + 1 + 15, "C15 to C16", "1000 nested jumps");
	deep(1000, 0, "-j", 0, 0, NULL, "1000 chains nothing reaches load");

	/* The same through iptables commands, one at a time. */
	struct ruleset rs;
	struct nf_error err = {.col = -1};
	char cmd[64];
	int rc = 0;
	ruleset_init(&rs);
	for (int i = 1; i <= 16; i++) {
		snprintf(cmd, sizeof(cmd), "-N C%d", i);
		rc |= ruleset_command(&rs, cmd, i, &err);
	}
	rc |= ruleset_command(&rs, "-A OUTPUT -j C1", 20, &err);
	for (int i = 1; i < 15; i++) {
		snprintf(cmd, sizeof(cmd), "-A C%d -g C%d", i, i + 1);
		rc |= ruleset_command(&rs, cmd, 20 + i, &err);
	}
	is_int(rc, 0, "commands: 15 deep");
	is_int(ruleset_command(&rs, "-A C15 -j C16", 40, &err), -1, "commands: the 16th refused");
	ok(strstr(err.msg, "Too many links") != NULL, "  %s", err.msg);
	is_int(err.col, 0, "  pointing at the command");
	is_int(ruleset_command(&rs, "-D OUTPUT 1", 41, &err), 0, "unhook the chain");
	is_int(ruleset_command(&rs, "-A C15 -j C16", 42, &err), 0, "then nothing checks it");
	is_int(ruleset_command(&rs, "-A FORWARD -j C2", 43, &err), 0, "15 deep from FORWARD");
	is_int(ruleset_command(&rs, "-A INPUT -j C1", 44, &err), -1, "16 deep from INPUT");
	is_int(ruleset_command(&rs, "-F C15", 45, &err), 0, "flush C15");
	is_int(ruleset_command(&rs, "-A INPUT -j C1", 46, &err), 0, "then INPUT may jump");
	is_int(ruleset_command(&rs, "-A C15 -j C1", 47, &err), -1, "a loop is still a loop");
	ok(strstr(err.msg, "loop") != NULL, "  %s", err.msg);
	is_int(ruleset_command(&rs, "-E C16 D16", 48, &err), 0, "rename C16");
	is_int(ruleset_command(&rs, "-A C14 -j D16", 49, &err), 0, "jump to it by its new name");
	is_int(ruleset_command(&rs, "-A D16 -j C3", 50, &err), -1, "and a loop through it");
	ruleset_free(&rs);
}

int main(void)
{
	test_linear();
	test_depth();
	return tap_done();
}
