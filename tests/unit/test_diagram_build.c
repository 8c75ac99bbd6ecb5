/* test_diagram_build.c - diagrams shaped for an nftables ruleset: the
 * engine lists a hook's base chains in the walk's order with iptables'
 * tables among them; the modern diagram draws one box per chain in that
 * order, named and with its priority, the rest of its art kept; the 2.4
 * diagram maps chains onto its tables and says which it cannot. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "scenario/scenario.h"
#include "scenario/session.h"
#include "tui/diagram.h"
#include "tui/diagram_build.h"
#include "tui/embedded.h"

/* iptables' filter INPUT and nat PREROUTING among nftables chains: at
 * equal priority the later registered (nft, loaded after) runs first. */
static const char mix_yaml[] =
	"name: mix\n"
	"interfaces:\n"
	"  eth0: 192.0.2.1/24\n"
	"iptables: |\n"
	"  -A INPUT -p tcp -j ACCEPT\n"
	"  -t nat -A PREROUTING -p tcp --dport 81 -j REDIRECT --to-ports 80\n"
	"nftables: |\n"
	"  table inet early {\n"
	"    chain minus10 { type filter hook input priority -10; }\n"
	"    chain zero { type filter hook input priority 0; }\n"
	"    chain pre { type filter hook prerouting priority raw; }\n"
	"    chain dnat { type nat hook prerouting priority -100; }\n"
	"    chain late { type nat hook prerouting priority 10; }\n"
	"  }\n"
	"  table ip late {\n"
	"    chain plus10 { type filter hook input priority 10; }\n"
	"    chain fwd { type filter hook forward priority security; }\n"
	"    chain rt { type route hook output priority mangle; }\n"
	"  }\n"
	"packets:\n"
	"  - send: tcp 192.0.2.7:40000 -> 192.0.2.1:22 syn on eth0\n";

static void sink(const struct event *ev, void *ctx)
{
	(void)ev;
	(void)ctx;
}

static int open_engine(struct engine *e, struct scenario *s, const char *yaml)
{
	struct nf_error err;
	if (scenario_load_string("t.yaml", yaml, strlen(yaml), s, &err) < 0 ||
	    session_open(e, s, sink, NULL, &err) < 0) {
		char buf[700];
		nf_error_format(&err, buf, sizeof(buf));
		printf("# %s\n", buf);
		return -1;
	}
	return 0;
}

static int load(const char *name, struct diagram *d)
{
	for (size_t i = 0; i < embedded_asset_count; i++) {
		const struct embedded_asset *a = &embedded_assets[i];
		struct nf_error err;
		if (strcmp(a->kind, "diagram") == 0 && strcmp(a->name, name) == 0)
			return diagram_parse(d, a->name, a->data, a->len, &err);
	}
	return -1;
}

/* "stage/chain" of each box in order, joined by commas. */
static void order_of(const struct hook_box *hb, size_t n, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(buf);
		snprintf(buf + k, len - k, "%s%s%s%s", i ? "," : "", stage_name(hb[i].stage),
			 hb[i].chain ? "/" : "", hb[i].chain ? hb[i].chain : "");
	}
}

static void test_order(struct engine *e)
{
	enum stage_id input[] = {ST_CONFIRM_INPUT, ST_SECURITY_INPUT, ST_NAT_INPUT, ST_FILTER_INPUT,
				 ST_MANGLE_INPUT};
	struct hook_box hb[32];
	char got[1024];
	size_t n = engine_hook_boxes(e, HOOK_INPUT, input, 5, hb, 32);
	order_of(hb, n, got, sizeof(got));
	/* the nat table loaded registers all its chains, INPUT's too */
	const char *input_want = "nft-input/inet early minus10,nft-input/inet early zero,"
				 "filter-input,nft-input/ip late plus10,nat-input,confirm-input";
	ok(!strcmp(got, input_want),
	   "INPUT: by priority, nft's 0 before iptables' filter 0, unloaded tables left out");
	if (strcmp(got, input_want))
		printf("# got %s\n", got);
	enum stage_id pre[] = {ST_RAW_PREROUTING, ST_CT_PREROUTING, ST_MANGLE_PREROUTING,
			       ST_NAT_PREROUTING};
	n = engine_hook_boxes(e, HOOK_PREROUTING, pre, 4, hb, 32);
	order_of(hb, n, got, sizeof(got));
	const char *want = "nft-prerouting/inet early pre,conntrack-prerouting,"
			   "nat-prerouting/inet early dnat,nat-prerouting,nat-prerouting/inet early late";
	ok(!strcmp(got, want), "PREROUTING: nat chains in the nat box, iptables' nat among them");
	if (strcmp(got, want))
		printf("# got %s\n", got);
	ok(hb[0].prio == -300 && hb[2].prio == -100 && !strcmp(hb[2].type, "nat"),
	   "with their priorities and types");
	ok(engine_has_nft_chains(e, HOOK_INPUT) && !engine_has_nft_chains(e, HOOK_POSTROUTING),
	   "which hooks have base chains");
}

/* The text of the box, rows joined by spaces. */
static void box_text(const struct diagram *d, const struct diag_box *b, char *buf, size_t n)
{
	size_t k = 0;
	for (int r = b->r.row + 1; r < b->r.row + b->r.height - 1; r++) {
		for (int c = b->r.col + 1; c < b->r.col + b->r.width - 1 && k + 2 < n; c++)
			if (diagram_char(d, r, c) != ' ' || (k && buf[k - 1] != ' '))
				buf[k++] = diagram_char(d, r, c);
		if (k && buf[k - 1] != ' ')
			buf[k++] = ' ';
	}
	while (k && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
}

static bool corners(const struct diagram *d, const struct diag_rect *r)
{
	return diagram_char(d, r->row, r->col) == '+' &&
	       diagram_char(d, r->row, r->col + r->width - 1) == '+' &&
	       diagram_char(d, r->row + r->height - 1, r->col) == '+' &&
	       diagram_char(d, r->row + r->height - 1, r->col + r->width - 1) == '+';
}

static void test_modern(struct engine *e)
{
	struct diagram d;
	if (!ok(load("modern", &d) == 0, "modern.diagram loads"))
		return;
	const struct diag_box *local0 = diagram_box_of(&d, ST_LOCAL);
	int local_row = local0->r.row;
	diagram_build(&d, e);
	/* the INPUT column, top to bottom */
	const char *want[] = {"inet early minus10 -10", "inet early zero 0", "filter 0",
			      "ip late plus10 10", "nat 100", "conntrack confirm"};
	int row = -1, good = 0, framed = 0;
	for (size_t w = 0; w < 6; w++)
		for (size_t i = 0; i < d.nboxes; i++) {
			char t[256];
			const struct diag_box *b = &d.boxes[i];
			if (stage_info(b->stage)->hook != HOOK_INPUT || b->r.col > 10)
				continue;
			box_text(&d, b, t, sizeof(t));
			if (strcmp(t, want[w]) != 0)
				continue;
			good += b->r.row > row;
			framed += corners(&d, &b->r);
			row = b->r.row;
		}
	ok(good == 6, "INPUT's boxes in the walk's order, named with priorities (%d of 6)", good);
	ok(framed == 6, "each one a box with corners");
	const struct diag_box *b = diagram_box_lit(&d, ST_NFT_INPUT, "ip late plus10");
	char t[256] = "";
	if (b)
		box_text(&d, b, t, sizeof(t));
	ok(b && !strcmp(b->chain, "ip late plus10") && !strcmp(t, "ip late plus10 10"),
	   "an event inside ip late plus10 lights its box");
	b = diagram_box_lit(&d, ST_NAT_PREROUTING, "inet early dnat");
	ok(b && !strcmp(b->chain, "inet early dnat"), "a nat chain's box is lit by its events");
	ok(diagram_box_lit(&d, ST_NAT_PREROUTING, NULL) &&
		   !diagram_box_lit(&d, ST_NAT_PREROUTING, NULL)->chain[0],
	   "iptables' nat events light iptables' nat box");
	ok(!diagram_box_of(&d, ST_MANGLE_INPUT) && diagram_box_of(&d, ST_MANGLE_POSTROUTING),
	   "a table not loaded has no box at a redrawn hook; hooks without chains keep theirs");
	const struct diag_box *local = diagram_box_of(&d, ST_LOCAL);
	box_text(&d, local, t, sizeof(t));
	ok(!strcmp(t, "Local Process") && corners(&d, &local->r) && local->r.row != local_row,
	   "the rest of the art moved with the rows the columns took (%d -> %d)", local_row,
	   local->r.row);
	int bad = 0;
	for (size_t i = 0; i < d.nboxes; i++)
		if (d.boxes[i].r.height >= 3 && !corners(&d, &d.boxes[i].r))
			bad++;
	ok(bad == 0, "every box keeps its corners (%d without)", bad);
	char where[200];
	diagram_where(&d, ST_NFT_INPUT, "inet early zero", where, sizeof(where));
	ok(where[0] == '\0', "nothing to say on the status line where the chain has a box");
	diagram_free(&d);
}

static void test_kptd(struct engine *e)
{
	struct diagram d;
	if (!ok(load("kptd", &d) == 0, "kptd.diagram loads"))
		return;
	size_t boxes = d.nboxes;
	diagram_build(&d, e);
	ok(d.nboxes == boxes, "the 2.4 diagram keeps its boxes");
	const struct diag_box *filter = diagram_box_of(&d, ST_FILTER_INPUT);
	ok(diagram_box_lit(&d, ST_NFT_INPUT, "inet early minus10") == filter &&
		   diagram_box_lit(&d, ST_NFT_INPUT, "ip late plus10") == filter,
	   "type filter chains at input near priority 0 light filter INPUT");
	ok(diagram_box_lit(&d, ST_NFT_OUTPUT, "ip late rt") == diagram_box_of(&d, ST_MANGLE_OUTPUT),
	   "type route at output lights mangle OUTPUT");
	ok(diagram_box_lit(&d, ST_NAT_PREROUTING, "inet early dnat") ==
		   diagram_box_of(&d, ST_NAT_PREROUTING),
	   "type nat at prerouting lights nat PREROUTING");
	ok(diagram_box_lit(&d, ST_NFT_PREROUTING, "inet early pre") == NULL,
	   "a chain at raw's priority has no box");
	char where[200];
	diagram_where(&d, ST_NFT_PREROUTING, "inet early pre", where, sizeof(where));
	ok(strstr(where, "inet early pre") && strstr(where, "no raw table"),
	   "and the status line says why: %s", where);
	diagram_where(&d, ST_NFT_FORWARD, "ip late fwd", where, sizeof(where));
	ok(strstr(where, "no security table"), "security's priority neither: %s", where);
	diagram_where(&d, ST_NFT_INPUT, "inet early zero", where, sizeof(where));
	ok(strstr(where, "as filter INPUT") != NULL, "a mapped chain says where it is drawn: %s",
	   where);
	char first[200];
	ok(diagram_unplaced(&d, first, sizeof(first)) == 2, "two chains not drawn: %s", first);
	diagram_free(&d);
}

/* The format: a box may name its base chain, a hook line its column. */
static void test_format(void)
{
	static const char text[] = "name t\nart\n+--------+\n| inet f |\n+--------+\nend\n"
				   "box nft-input 0 0 3 10 inet filter input\n"
				   "box nft-input 0 0 3 10 ip filter input\n"
				   "hook INPUT 0 0 3 10\n";
	struct diagram d;
	struct nf_error err;
	int rc = diagram_parse(&d, "t.diagram", text, sizeof(text) - 1, &err);
	ok(rc == 0 && d.nboxes == 2 && !strcmp(d.boxes[0].chain, "inet filter input") &&
		   d.nhooks == 1 && d.hooks[0].hook == HOOK_INPUT,
	   "box lines take a chain, one box per chain of a stage; hook lines parse");
	if (rc == 0)
		diagram_free(&d);
	static const char dup[] = "name t\nart\n+--------+\n| inet f |\n+--------+\nend\n"
				  "box nft-input 0 0 3 10 inet filter input\n"
				  "box nft-input 0 0 3 10 inet filter input\n";
	ok(diagram_parse(&d, "t.diagram", dup, sizeof(dup) - 1, &err) < 0 && err.line == 8,
	   "the same chain twice is an error at its line: %s", err.msg);
	static const char badhook[] = "name t\nart\n+--------+\nend\nbox nft-input 0 0 1 10\n"
				      "hook INPT 0 0 1 10\n";
	ok(diagram_parse(&d, "t.diagram", badhook, sizeof(badhook) - 1, &err) < 0 && err.line == 6,
	   "an unknown hook is an error: %s", err.msg);
}

int main(void)
{
	test_format();
	struct engine e;
	struct scenario s;
	if (open_engine(&e, &s, mix_yaml) < 0) {
		ok(false, "the test scenario loads");
		return tap_done();
	}
	test_order(&e);
	test_modern(&e);
	test_kptd(&e);
	engine_free(&e);
	scenario_free(&s);
	return tap_done();
}
