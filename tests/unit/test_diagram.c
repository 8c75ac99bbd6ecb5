/* test_diagram.c - diagram files: the two shipped diagrams map the boxes
 * the engine needs onto real boxes of their art; line drawing picks the
 * right corners; bad files get errors naming line and column. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tui/diagram.h"
#include "tui/embedded.h"

static int load(const char *name, struct diagram *d)
{
	for (size_t i = 0; i < embedded_asset_count; i++) {
		const struct embedded_asset *a = &embedded_assets[i];
		struct nf_error err;
		if (strcmp(a->kind, "diagram") == 0 && strcmp(a->name, name) == 0) {
			int rc = diagram_parse(d, a->name, a->data, a->len, &err);
			if (rc < 0) {
				char buf[700];
				nf_error_format(&err, buf, sizeof(buf));
				printf("# %s\n", buf);
			}
			return rc;
		}
	}
	return -1;
}

/* The words inside a box, for checking it is the box it claims. */
static void box_text(const struct diagram *d, const struct diag_box *b, char *buf, size_t n)
{
	size_t k = 0;
	for (int r = b->r.row; r < b->r.row + b->r.height; r++)
		for (int c = b->r.col; c < b->r.col + b->r.width && k + 1 < n; c++)
			buf[k++] = diagram_char(d, r, c);
	buf[k] = '\0';
}

/* Each chain box shows its table's name, each other kind its word. */
static const char *expected_word(enum stage_id st)
{
	static const char *const kind_words[] = {
		[SK_NETWORK] = "Network", [SK_CONNTRACK] = "conntrack", [SK_CONFIRM] = "confirm",
		[SK_IMQ] = "IMQ",	  [SK_QOS] = "QOS",		  [SK_ROUTE] = "ROUT",
		[SK_LOCAL] = "Process",	  [SK_IPCHAINS] = "IPCHAINS",
	};
	const struct stage_info *si = stage_info(st);
	return si->kind == SK_CHAIN ? table_name(si->table) : kind_words[si->kind];
}

static void check_boxes_name_their_stage(const struct diagram *d)
{
	int good = 0;
	for (size_t i = 0; i < d->nboxes; i++) {
		char text[2048];
		box_text(d, &d->boxes[i], text, sizeof(text));
		if (strstr(text, expected_word(d->boxes[i].stage)))
			good++;
		else
			printf("# %s box %s does not say '%s'\n", d->name,
			       stage_name(d->boxes[i].stage), expected_word(d->boxes[i].stage));
	}
	is_int(good, (int)d->nboxes, "every box's text names its stage");
}

static void check_has(const struct diagram *d, const char *const *names, const char *what)
{
	bool all = true;
	for (int i = 0; names[i]; i++)
		if (!diagram_box_of(d, (enum stage_id)stage_by_name(names[i]))) {
			printf("# no box for %s\n", names[i]);
			all = false;
		}
	ok(all, "%s: %s", d->name, what);
}

static void test_kptd(void)
{
	struct diagram d;
	if (!ok(load("kptd", &d) == 0, "kptd parses"))
		return;
	is_int(d.era, ERA_KPTD, "kptd is the 2.4 era");
	is_int(d.rows, 87, "87 rows as the page");
	is_int(d.cols, 94, "94 columns as the page");
	is_int((int)d.nboxes, 25, "25 boxes");
	check_boxes_name_their_stage(&d);
	static const char *const seed[] = {"network-in", "conntrack-prerouting", "mangle-prerouting",
		"imq-prerouting", "nat-prerouting", "qos-ingress", "route-input", "mangle-input",
		"filter-input", "local-process", "route-output", "conntrack-output", "mangle-output",
		"nat-output", "filter-output", "mangle-forward", "filter-forward", "mangle-postrouting",
		"nat-postrouting", "imq-postrouting", "qos-egress", "network-out", "ipchains-input",
		"ipchains-forward", "ipchains-output", NULL};
	check_has(&d, seed, "every box of the page, the ipchains column included");
	ok(diagram_char(&d, 70, 26) == '+', "the IPCHAINS OUTPUT corner is mended");
	is_int(diagram_glyph(&d, 4, 10), GL_ULCORNER, "box corner becomes a corner");
	is_int(diagram_glyph(&d, 1, 31), GL_TTEE, "the network line's + is a tee");
	is_int(diagram_glyph(&d, 1, 25), GL_HLINE, "a dash run is a line");
	is_int(diagram_glyph(&d, 9, 37), GL_LTEE, "stacked boxes share tees");
	is_int(diagram_glyph(&d, 10, 58), GL_TEXT, "the - of '<- MARK WRITE' stays text");
	ok(diagram_char(&d, 15, 83) == '-' && diagram_glyph(&d, 15, 83) == GL_TEXT,
	   "the hyphen of DE-MASQUERADE stays text");
	is_int(diagram_glyph(&d, 27, 28), GL_TEXT, "the + of '+ PDBB' stays text");
	const struct diag_box *b = diagram_box_at(&d, 10, 45);
	ok(b && b->stage == ST_MANGLE_PREROUTING, "a click inside mangle finds mangle");
	b = diagram_box_at(&d, 9, 45);
	ok(b && (b->stage == ST_MANGLE_PREROUTING || b->stage == ST_CT_PREROUTING),
	   "a shared border belongs to one of its boxes");
	ok(diagram_box_at(&d, 2, 5) == NULL, "empty space is no box");
	int local = diagram_decision(&d, "local"), fwd = diagram_decision(&d, "forward");
	ok(local >= 0 && fwd >= 0, "both branches of input routing are decided");
	ok(d.decisions[local].to[ST_FILTER_INPUT] && d.decisions[fwd].to[ST_FILTER_FORWARD] &&
		   !d.decisions[local].to[ST_FILTER_FORWARD],
	   "local leads to INPUT, forward to FORWARD");
	diagram_free(&d);
}

static void test_modern(void)
{
	struct diagram d;
	if (!ok(load("modern", &d) == 0, "modern parses"))
		return;
	is_int(d.era, ERA_MODERN, "modern is the modern era");
	check_boxes_name_their_stage(&d);
	static const char *const added[] = {"qos-ingress-early", "raw-prerouting", "raw-output",
		"security-input", "security-forward", "security-output", "nat-input",
		"confirm-input", "confirm-postrouting", "reroute-output", NULL};
	check_has(&d, added, "raw, security, nat INPUT, confirm, tc ingress first, re-route");
	ok(!diagram_box_of(&d, ST_QOS_INGRESS) && !diagram_box_of(&d, ST_IPCHAINS_INPUT),
	   "no 2.4-only boxes");
	const struct diag_box *in = diagram_box_of(&d, ST_QOS_INGRESS_EARLY);
	const struct diag_box *raw = diagram_box_of(&d, ST_RAW_PREROUTING);
	ok(in && raw && in->r.row < raw->r.row, "tc ingress is drawn before PREROUTING");
	diagram_free(&d);
}

static void expect_error(const char *text, int line, const char *start, const char *what)
{
	struct diagram d;
	struct nf_error err;
	char buf[700];
	int rc = diagram_parse(&d, "bad.diagram", text, strlen(text), &err);
	nf_error_format(&err, buf, sizeof(buf));
	ok(rc == -1 && err.line == line && strstr(buf, start) == buf, "%s: %s", what, buf);
	ok(d.boxes == NULL && d.art == NULL, "%s leaves nothing behind", what);
}

#define ART "art\n+---+\n|abc|\n+---+\nend\n"

static void test_errors(void)
{
	struct diagram d;
	struct nf_error err;
	const char *fine = "name x\n" ART "box mangle-prerouting 0 0 3 5\n";
	ok(diagram_parse(&d, "fine.diagram", fine, strlen(fine), &err) == 0 && d.nboxes == 1,
	   "a minimal diagram parses");
	diagram_free(&d);
	expect_error("name x\n" ART "box mangel-prerouting 0 0 3 5\n", 7,
		     "bad.diagram:7:5: unknown stage 'mangel-prerouting'", "misspelt stage");
	expect_error("name x\n" ART "box network-in 0 0 3 9\n", 7,
		     "bad.diagram:7:16: region 0 0 3 9 lies outside the art", "region too wide");
	expect_error("name x\n" ART "box network-in 0 1 3 4\n", 7,
		     "bad.diagram:7:16: box 'network-in' has no '+' corner", "corner missing");
	expect_error("name x\n" ART "box network-in 0 0 3\n", 7,
		     "bad.diagram:7: 'box' takes ROW COL HEIGHT WIDTH", "a number missing");
	expect_error("name x\n" ART "box network-in 0 0 x 5\n", 7, "bad.diagram:7:20: bad height 'x'",
		     "not a number");
	expect_error("name x\n" ART "branch local 0 0 1 1\n", 7,
		     "bad.diagram:7:8: branch 'local' has no decision line", "branch first");
	expect_error("name x\nbox network-in 0 0 1 1\n" ART, 2,
		     "bad.diagram:2:1: 'box' before the 'art' block", "box before art");
	expect_error("name x\nart\nabc\n", 2, "bad.diagram:2: the 'art' block has no 'end'",
		     "unterminated art");
	expect_error("name x\nart\na\tb\nend\n", 3, "bad.diagram:3:2: the art is plain ASCII",
		     "tab in art");
	expect_error("name x\n" ART "boxes network-in 0 0 1 1\n", 7,
		     "bad.diagram:7:1: unknown keyword 'boxes'", "unknown keyword");
	expect_error("name x\n" ART "box network-in 0 0 3 5\nbox network-in 0 0 3 5\n", 8,
		     "bad.diagram:8:5: stage 'network-in' already has a box", "box twice");
	expect_error("name x\nera future\n", 2, "bad.diagram:2:5: 'era' is kptd or modern", "bad era");
	expect_error(ART "box network-in 0 0 3 5\n", 0, "bad.diagram: no 'name' line", "no name");
	expect_error("name x\n" ART, 0, "bad.diagram: no 'box' lines", "no boxes");
}

/* The example of nfwalk-theme(5), DIAGRAM FILES, works as printed. */
static void test_man_page_example(void)
{
	const char *text = "name tiny\nera modern\nart\n+--------+\n|  raw   |\n+--------+\n"
			   "|  nat   |\n+--------+\nend\nbox raw-prerouting 0 0 3 10\n"
			   "box nat-prerouting 2 0 3 10\n";
	struct diagram d;
	struct nf_error err;
	ok(diagram_parse(&d, "tiny.diagram", text, strlen(text), &err) == 0 && d.nboxes == 2 &&
		   d.era == ERA_MODERN,
	   "the man page's two-box diagram parses");
	is_int(diagram_glyph(&d, 2, 0), GL_LTEE, "its shared border joins as a tee");
	diagram_free(&d);
}

int main(void)
{
	test_man_page_example();
	test_kptd();
	test_modern();
	test_errors();
	return tap_done();
}
