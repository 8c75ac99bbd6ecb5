/* ctview.c - the conntrack table from the recorded events. */
#include "ctview.h"

static struct ct_row *find_row(struct ct_row *rows, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return &rows[i];
	return NULL;
}

/* Insert keeping the order by id (the table is small). */
static size_t insert_row(struct ct_row *rows, size_t n, size_t max, const struct ct_row *row)
{
	if (n == max)
		return n;
	size_t at = n;
	while (at > 0 && rows[at - 1].id > row->id) {
		rows[at] = rows[at - 1];
		at--;
	}
	rows[at] = *row;
	return n + 1;
}

size_t ctview_compute(const struct recording *rec, size_t upto, struct ct_row *rows, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rec->n && i <= upto; i++) {
		const struct event *ev = &rec->v[i].ev;
		if (ev->kind != EV_CONNTRACK || !ev->detail || ev->view.ct_id == 0)
			continue;
		struct ct_row *r = find_row(rows, n, ev->view.ct_id);
		if (r) {
			r->line = ev->detail;
			r->changed_at = i;
		} else {
			n = insert_row(rows, n, max,
				       &(struct ct_row){ev->view.ct_id, ev->detail, i});
		}
	}
	return n;
}
