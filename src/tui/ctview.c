/* ctview.c - the conntrack table from the recorded events. */
#include "ctview.h"

#include <stdio.h>
#include <string.h>

#include "engine/track/ct_expect.h"

static struct ct_row *find_kind(struct ct_row *rows, size_t n, unsigned id, bool expect)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id && rows[i].expect == expect)
			return &rows[i];
	return NULL;
}

static struct ct_row *find_row(struct ct_row *rows, size_t n, unsigned id)
{
	return find_kind(rows, n, id, false);
}

static bool row_after(const struct ct_row *a, const struct ct_row *b)
{
	return a->id > b->id || (a->id == b->id && a->expect && !b->expect);
}

/* Insert keeping the order by id (the table is small). */
static size_t insert_row(struct ct_row *rows, size_t n, size_t max, const struct ct_row *row)
{
	if (n == max)
		return n;
	size_t at = n;
	while (at > 0 && row_after(&rows[at - 1], row)) {
		rows[at] = rows[at - 1];
		at--;
	}
	rows[at] = *row;
	return n + 1;
}

/* The packet as it leaves the stage of event i (the nat hook applies a
 * binding after its chain): the view of the walk's last event there. */
static const struct pkt_view *view_leaving_stage(const struct recording *rec, size_t i)
{
	const struct event *ev = &rec->v[i].ev;
	size_t j = i;
	while (j + 1 < rec->n) {
		const struct event *nx = &rec->v[j + 1].ev;
		if (nx->pkt != ev->pkt || nx->sub != ev->sub || nx->stage != ev->stage)
			break;
		j++;
	}
	return rec->v[j].ev.view;
}

static bool same_tuple(const struct pkt_view *a, const struct pkt_view *b)
{
	return inet_eq(&a->src, &b->src) && inet_eq(&a->dst, &b->dst) && a->sport == b->sport &&
	       a->dport == b->dport;
}

/* Rewrite the reply half of a `conntrack -L` line (from its second
 * src=) as the inverse of the translated packet v. */
static void rewrite_reply(struct ct_row *r, const struct pkt_view *v)
{
	const char *first = strstr(r->line, "src=");
	const char *reply = first ? strstr(first + 4, "src=") : NULL;
	if (!reply)
		return;
	char src[48], dst[48], sport[48], dport[48];
	pkt_view_field(v, PF_DST, src, sizeof(src));
	pkt_view_field(v, PF_SRC, dst, sizeof(dst));
	pkt_view_field(v, PF_DPORT, sport, sizeof(sport));
	pkt_view_field(v, PF_SPORT, dport, sizeof(dport));
	char out[sizeof(r->own)];
	size_t used = (size_t)(reply - r->line);
	if (used >= sizeof(out))
		return;
	memcpy(out, r->line, used);
	out[used] = '\0';
	const char *p = reply;
	bool replacing = true;
	while (*p) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *val = NULL;
		if (replacing) {
			if (strncmp(p, "src=", 4) == 0)
				val = src;
			else if (strncmp(p, "dst=", 4) == 0)
				val = dst;
			else if (strncmp(p, "sport=", 6) == 0)
				val = sport;
			else if (strncmp(p, "dport=", 6) == 0)
				val = dport;
			else
				replacing = false;
		}
		int w = val ? snprintf(out + used, sizeof(out) - used, "%.*s%s",
				       (int)(strchr(p, '=') - p + 1), p, val)
			    : snprintf(out + used, sizeof(out) - used, "%.*s", (int)len, p);
		if (w < 0 || (size_t)w >= sizeof(out) - used)
			return;
		used += (size_t)w;
		if (!end)
			break;
		if (used + 1 < sizeof(out)) {
			out[used++] = ' ';
			out[used] = '\0';
		}
		p = end + 1;
	}
	str_copy(r->own, sizeof(r->own), out);
	r->line = r->own;
	r->owned = true;
}

/* An entry an expectation made (its line says master=N) used it up. */
static size_t forget_expectation(struct ct_row *rows, size_t n, const char *line)
{
	const char *m = strstr(line, " master=");
	unsigned master;
	if (!m || sscanf(m, " master=%u", &master) != 1)
		return n;
	struct ct_row *r = find_kind(rows, n, master, true);
	if (!r)
		return n;
	size_t at = (size_t)(r - rows);
	/* an owned row's line is fixed up after the moves (ctview_compute) */
	for (size_t i = at; i + 1 < n; i++)
		rows[i] = rows[i + 1];
	return n - 1;
}

size_t ctview_compute(const struct recording *rec, size_t upto, struct ct_row *rows, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rec->n && i <= upto; i++) {
		const struct event *ev = &rec->v[i].ev;
		if (ev->view->ct_id == 0)
			continue;
		/* A NAT target binds: the kernel alters the entry's reply
		 * tuple right then (nf_nat_setup_info), before confirm. */
		if (ev->kind == EV_TARGET && ev->table == TABLE_NAT) {
			struct ct_row *r = find_row(rows, n, ev->view->ct_id);
			const struct pkt_view *after = view_leaving_stage(rec, i);
			if (r && !same_tuple(ev->view, after)) {
				rewrite_reply(r, after);
				r->changed_at = i;
			}
			continue;
		}
		if (ev->kind != EV_CONNTRACK || !ev->detail)
			continue;
		bool expect = ct_expect_line(ev->detail);
		if (!expect)
			n = forget_expectation(rows, n, ev->detail);
		struct ct_row *r = find_kind(rows, n, ev->view->ct_id, expect);
		if (r) {
			r->line = ev->detail;
			r->owned = false;
			r->changed_at = i;
		} else {
			n = insert_row(rows, n, max,
				       &(struct ct_row){.id = ev->view->ct_id, .expect = expect,
							.line = ev->detail, .changed_at = i});
		}
	}
	/* Rows moved when others were inserted before them. */
	for (size_t i = 0; i < n; i++)
		if (rows[i].owned)
			rows[i].line = rows[i].own;
	return n;
}
