/* check.c - expectations against the recorded events of a run.
 *
 * Each expectation key (EXPECT_KEYS, scn_expect.h) has one checker,
 * check_KEY, in a table generated from that list; a checker looks at the
 * events of one walk (pkt, sub) and, when it fails, names the event where
 * the walk diverged so the message can say "at step N (box): ...". */
#include "scenario/check.h"

#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "sinks/record.h"
#include "scenario/scn_expect.h"
#include "scenario/session.h"

/* The events of one walk, as a slice of the recording. */
struct walk_events {
	const struct rec_event *v;
	size_t n;
};

struct verdict_msg {
	char msg[400];
	const struct event *where; /* the diverging event, or NULL */
};

typedef bool (*check_fn)(const struct walk_events *w, const char *value, struct verdict_msg *out);

static const struct event *fate_event(const struct walk_events *w)
{
	for (size_t i = w->n; i-- > 0;)
		if (w->v[i].ev.kind == EV_FATE)
			return &w->v[i].ev;
	return NULL;
}

/* The last event that decided something before the fate: a verdict,
 * route, target or qos drop — where a walk "went another way". */
static const struct event *deciding_event(const struct walk_events *w)
{
	const struct event *fate = fate_event(w);
	for (size_t i = w->n; i-- > 0;) {
		const struct event *e = &w->v[i].ev;
		if (e->kind == EV_VERDICT || e->kind == EV_ROUTE || e->kind == EV_TARGET)
			return e;
	}
	return fate;
}

static const struct event *route_event(const struct walk_events *w, enum stage_id st)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].ev.kind == EV_ROUTE && w->v[i].ev.stage == st)
			return &w->v[i].ev;
	return NULL;
}

static bool delivered(enum fate f)
{
	return f == FATE_LOCAL || f == FATE_FORWARDED || f == FATE_SENT;
}

static bool check_fate(const struct walk_events *w, const char *value, struct verdict_msg *out)
{
	const struct event *f = fate_event(w);
	const char *got = f ? fate_name(f->fate) : "none";
	if (strcmp(got, value) == 0)
		return true;
	snprintf(out->msg, sizeof(out->msg), "expected fate %s, got %s%s%s", value, got,
		 f ? ": " : "", f ? f->text : "");
	/* local against forwarded: input routing took the other branch */
	int want = fate_by_name(value);
	if (f && want >= 0 && delivered(f->fate) && delivered((enum fate)want))
		out->where = route_event(w, ST_ROUTE_INPUT);
	if (!out->where)
		out->where = deciding_event(w);
	return false;
}

static const struct pkt_view *final_view(const struct walk_events *w)
{
	const struct event *f = fate_event(w);
	if (f)
		return f->view;
	return w->n ? w->v[w->n - 1].ev.view : NULL;
}

/* The first event after which field f had its final value: where it was
 * last changed. */
static const struct event *last_change(const struct walk_events *w, enum pkt_field f)
{
	for (size_t i = w->n; i-- > 0;)
		if (w->v[i].ev.kind == EV_REWRITE && w->v[i].ev.field == f)
			return &w->v[i].ev;
	return NULL;
}

static bool compare_field(const struct walk_events *w, enum pkt_field f, const char *value,
			  struct verdict_msg *out)
{
	const struct pkt_view *v = final_view(w);
	char got[64] = "-";
	if (v)
		pkt_view_field(v, f, got, sizeof(got));
	if (strcmp(got, value) == 0)
		return true;
	snprintf(out->msg, sizeof(out->msg), "expected %s %s, got %s", pkt_field_name(f), value,
		 got);
	out->where = last_change(w, f);
	if (!out->where)
		out->where = deciding_event(w);
	return false;
}

/* "ADDR" or "ADDR:PORT" against src/dst (and sport/dport). */
static bool check_endpoint_of(const struct walk_events *w, const char *value, enum pkt_field af,
			      enum pkt_field pf, struct verdict_msg *out)
{
	/* read_endpoint stored "ADDR", "ADDR:PORT", "IPV6" or "[IPV6]:PORT" */
	char addr[64];
	str_copy(addr, sizeof(addr), value[0] == '[' ? value + 1 : value);
	char *port = NULL;
	if (value[0] == '[') {
		char *close = strchr(addr, ']');
		if (close) {
			*close = '\0';
			port = close[1] == ':' ? close + 2 : NULL;
		}
	} else if ((port = strchr(addr, ':')) && !strchr(port + 1, ':')) {
		*port++ = '\0';
	} else {
		port = NULL;
	}
	if (!compare_field(w, af, addr, out))
		return false;
	return !port || compare_field(w, pf, port, out);
}

static bool check_endpoint(const struct walk_events *w, const char *value, bool src,
			   struct verdict_msg *out)
{
	return check_endpoint_of(w, value, src ? PF_SRC : PF_DST, src ? PF_SPORT : PF_DPORT, out);
}

/* An ICMP error's quoted header, as the receiver will read it. */
static bool check_quoted_src(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_endpoint_of(w, v, PF_QSRC, PF_QSPORT, o);
}

static bool check_quoted_dst(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_endpoint_of(w, v, PF_QDST, PF_QDPORT, o);
}

static bool check_src(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_endpoint(w, v, true, o);
}

static bool check_dst(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_endpoint(w, v, false, o);
}

static bool check_sport(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return compare_field(w, PF_SPORT, v, o);
}

static bool check_dport(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return compare_field(w, PF_DPORT, v, o);
}

static bool check_oif(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return compare_field(w, PF_OIF, v, o);
}

static bool check_mark(const struct walk_events *w, const char *value, struct verdict_msg *o)
{
	uint64_t want;
	char norm[32];
	if (parse_uint(value, UINT32_MAX, &want)) {
		snprintf(norm, sizeof(norm), "0x%llx", (unsigned long long)want);
		value = norm;
	}
	return compare_field(w, PF_MARK, value, o);
}

static bool check_ctstate(const struct walk_events *w, const char *value, struct verdict_msg *out)
{
	const struct event *last = NULL;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].ev.kind == EV_CONNTRACK)
			last = &w->v[i].ev;
	/* ESTABLISHED holds for both directions; ESTABLISHED_REPLY only for replies */
	const char *got = last ? ctinfo_name(last->view->ctinfo) : "-";
	if (strcmp(got, value) == 0 ||
	    (last && strcmp(ctinfo_state_name(last->view->ctinfo), value) == 0))
		return true;
	snprintf(out->msg, sizeof(out->msg), "expected ctstate %s, got %s", value, got);
	out->where = last ? last : deciding_event(w);
	return false;
}

static bool check_class(const struct walk_events *w, const char *value, struct verdict_msg *out)
{
	const struct event *q = NULL;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].ev.kind == EV_QOS && w->v[i].ev.stage == ST_QOS_EGRESS)
			q = &w->v[i].ev;
	const char *got = q && q->new_val[0] ? q->new_val : "none";
	if (strcmp(got, value) == 0)
		return true;
	snprintf(out->msg, sizeof(out->msg), "expected class %s, got %s", value, got);
	out->where = q ? q : deciding_event(w);
	return false;
}

/* "TABLE CHAIN N", or an nftables chain's "FAMILY TABLE CHAIN N" (table
 * "nft" then, and chain the three words as the walk names it) */
struct rule_ref {
	char table[16], chain[100];
	int rule;
};

static bool parse_rule_ref(const char *s, struct rule_ref *r)
{
	char extra[2], fam[8], tab[32], ch[32];
	if (sscanf(s, "%7s %31s %31s %d %1s", fam, tab, ch, &r->rule, extra) == 4 &&
	    (!strcmp(fam, "ip") || !strcmp(fam, "ip6") || !strcmp(fam, "inet"))) {
		str_copy(r->table, sizeof(r->table), "nft");
		snprintf(r->chain, sizeof(r->chain), "%s %s %s", fam, tab, ch);
		return r->rule > 0;
	}
	return sscanf(s, "%15s %63s %d %1s", r->table, r->chain, &r->rule, extra) == 3 &&
	       r->rule > 0;
}

static const struct event *find_rule_event(const struct walk_events *w, const struct rule_ref *r,
					   bool *matched)
{
	const struct event *seen = NULL;
	for (size_t i = 0; i < w->n; i++) {
		const struct event *e = &w->v[i].ev;
		const char *table = stage_info(e->stage)->kind == SK_IPCHAINS ? "ipchains"
										: table_name(e->table);
		if (!strcmp(r->table, "nft"))
			table = "nft"; /* its chain's name says the table */
		if (e->kind != EV_RULE || e->rule != r->rule || strcmp(table, r->table) ||
		    strcmp(e->chain, r->chain))
			continue;
		seen = e;
		if (e->matched) {
			*matched = true;
			return e;
		}
	}
	*matched = false;
	return seen;
}

static bool check_hit(const struct walk_events *w, const char *value, bool want,
		      struct verdict_msg *out)
{
	struct rule_ref r;
	if (!parse_rule_ref(value, &r)) {
		snprintf(out->msg, sizeof(out->msg),
			 "bad rule reference `%s` (expected TABLE CHAIN N, e.g. `nat PREROUTING 1`)",
			 value);
		return false;
	}
	bool matched;
	const struct event *e = find_rule_event(w, &r, &matched);
	if (matched == want)
		return true;
	if (want && e)
		snprintf(out->msg, sizeof(out->msg), "expected %s to match; it did not: %s", value,
			 e->nresults ? e->results[e->nresults - 1].text : e->text);
	else if (want)
		snprintf(out->msg, sizeof(out->msg), "expected %s to match; it was never evaluated",
			 value);
	else
		snprintf(out->msg, sizeof(out->msg), "expected %s not to match; it matched", value);
	out->where = e ? e : deciding_event(w);
	return false;
}

static bool check_hits(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_hit(w, v, true, o);
}

static bool check_misses(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_hit(w, v, false, o);
}

static bool visited(const struct walk_events *w, int stage)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].ev.kind == EV_ENTER && (int)w->v[i].ev.stage == stage)
			return true;
	return false;
}

static bool check_visit(const struct walk_events *w, const char *value, bool want,
			struct verdict_msg *out)
{
	int st = stage_by_name(value);
	if (st < 0) {
		snprintf(out->msg, sizeof(out->msg), "unknown stage `%s`", value);
		return false;
	}
	if (visited(w, st) == want)
		return true;
	snprintf(out->msg, sizeof(out->msg), "expected the walk %s %s", want ? "to visit" : "to skip",
		 value);
	out->where = deciding_event(w);
	return false;
}

static bool check_visits(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_visit(w, v, true, o);
}

static bool check_skips(const struct walk_events *w, const char *v, struct verdict_msg *o)
{
	return check_visit(w, v, false, o);
}

/* One checker per key of EXPECT_KEYS (scn_expect.h). */
static const struct {
	const char *key;
	check_fn fn;
} checkers[] = {
#define EXPECT_KEY_CHECKER(key, list, value) {#key, check_##key},
	EXPECT_KEYS(EXPECT_KEY_CHECKER)
#undef EXPECT_KEY_CHECKER
};

static check_fn checker_for(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(checkers); i++)
		if (strcmp(checkers[i].key, key) == 0)
			return checkers[i].fn;
	return NULL;
}

static struct walk_events events_of(const struct recording *rec, int pkt, int sub)
{
	struct walk_events w = {NULL, 0};
	for (size_t i = 0; i < rec->n; i++) {
		const struct event *e = &rec->v[i].ev;
		if (e->pkt != pkt || e->sub != sub)
			continue;
		if (!w.v)
			w.v = &rec->v[i];
		w.n = (size_t)(&rec->v[i] - w.v) + 1;
	}
	return w;
}

static void report(FILE *out, const struct scenario *s, const struct expect_item *it, int pkt,
		   int sub, const struct verdict_msg *m)
{
	char label[24];
	if (sub)
		snprintf(label, sizeof(label), "%d.%d", pkt, sub);
	else
		snprintf(label, sizeof(label), "%d", pkt);
	/* The message and the step quote the scenario's own bytes: escaped,
	 * so a crafted file cannot reach the terminal (sb_add_vis). */
	char *path = vis_str(s->path), *msg = vis_str(m->msg);
	fprintf(out, "%s:%d:%d: packet %s: %s\n", path, it->line, it->col + 1, label, msg);
	free(path);
	free(msg);
	if (m->where) {
		char *text = vis_str(m->where->text ? m->where->text : "");
		fprintf(out, "  diverged at step %d [%s]: %s\n", m->where->step,
			stage_name(m->where->stage), text);
		free(text);
	}
}

static void check_block(const struct scenario *s, const struct expect *ex,
			const struct recording *rec, int pkt, int sub, FILE *out,
			struct check_stats *st)
{
	struct walk_events w = events_of(rec, pkt, sub);
	for (size_t i = 0; i < ex->n; i++) {
		const struct expect_item *it = &ex->items[i];
		struct verdict_msg m = {"", NULL};
		check_fn fn = checker_for(it->key);
		st->expectations++;
		if (!w.n) {
			snprintf(m.msg, sizeof(m.msg), "no such packet was walked (expected %s %s)",
				 it->key, it->value);
		} else if (!fn) {
			snprintf(m.msg, sizeof(m.msg), "unknown expectation `%s`", it->key);
		} else if (fn(&w, it->value, &m)) {
			continue;
		}
		st->failed++;
		report(out, s, it, pkt, sub, &m);
	}
}

int check_scenario(const struct scenario *s, FILE *out, struct check_stats *st,
		   struct nf_error *err)
{
	struct engine e;
	struct recording rec;
	recording_init(&rec);
	struct walk_result *res = xcalloc(s->npackets, sizeof(*res));
	int rc = session_run(&e, s, recording_sink, &rec, res, err);
	free(res);
	if (rc != 0) {
		recording_free(&rec);
		engine_free(&e);
		return 2;
	}
	int before = st->failed;
	for (size_t i = 0; i < s->npackets; i++) {
		const struct scn_packet *pk = &s->packets[i];
		st->packets++;
		check_block(s, &pk->expect, &rec, (int)i + 1, 0, out, st);
		for (size_t a = 0; a < pk->nanswers; a++)
			check_block(s, &pk->answers[a], &rec, (int)i + 1, (int)a + 1, out, st);
	}
	recording_free(&rec);
	engine_free(&e);
	return st->failed > before ? 1 : 0;
}
