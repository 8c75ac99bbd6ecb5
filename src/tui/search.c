/* search.c - rules by text (see search.h). */
#include "search.h"

#include <string.h>

#include "app.h"
#include "listing.h"
#include "menu.h"

#define SEARCH_ROWS_MAX 512

struct hit {
	enum stage_id st;
	int nth; /* in the box's listing (app->sel_rule) */
	const struct chain *chain;
	int rule;
};

/* Every hit in box order, a user chain's rule once (under the first box
 * that lists its table). */
static size_t hits(const struct tui_app *app, struct hit *h, size_t max)
{
	const struct ruleset *rs = app->src->rules ? app->src->rules(app->src->ctx) : NULL;
	if (!rs || !app->search[0])
		return 0;
	enum stage_id items[ST_COUNT];
	size_t nitems = menu_items(&app->diagram, items, ST_COUNT), n = 0;
	for (size_t i = 0; i < nitems; i++) {
		struct listing_row rows[SEARCH_ROWS_MAX];
		size_t nr = chain_listing(rs, items[i], rows, SEARCH_ROWS_MAX);
		int k = 0;
		for (size_t r = 0; r < nr && n < max; r++) {
			if (rows[r].rule == 0)
				continue;
			k++;
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, "-A %s ", rows[r].chain->name);
			rule_format(rows[r].chain->rules[rows[r].rule - 1], &sb);
			bool seen = false;
			for (size_t j = 0; j < n && !seen; j++)
				seen = h[j].chain == rows[r].chain && h[j].rule == rows[r].rule;
			if (!seen && strstr(sb_str(&sb), app->search))
				h[n++] = (struct hit){items[i], k, rows[r].chain, rows[r].rule};
			sb_free(&sb);
		}
	}
	return n;
}

static void select_hit(struct tui_app *app, size_t i, size_t n, const struct hit *h)
{
	enum stage_id st = h->st;
	app->sel_stage = st;
	app->sel_rule = h->nth;
	app->search_hit = (int)i;
	const struct diag_box *b = diagram_box_of(&app->diagram, st);
	if (b)
		pan_show(&app->view, &b->r);
	app_set_message(app, false, "/%s: hit %zu of %zu, %s %s rule %d (n next, N previous, Esc ends)",
			app->search, i + 1, n, table_name(stage_info(st)->table), h->chain->name,
			h->rule);
}

void search_start(struct tui_app *app, const char *text)
{
	str_copy(app->search, sizeof(app->search), text);
	if (!text[0]) {
		app_set_message(app, false, "search ended");
		return;
	}
	static struct hit h[SEARCH_ROWS_MAX];
	size_t n = hits(app, h, SEARCH_ROWS_MAX);
	if (n == 0) {
		app_set_message(app, true, "/%s: no rule has it", text);
		app->search[0] = '\0';
		return;
	}
	select_hit(app, 0, n, &h[0]);
}

bool search_move(struct tui_app *app, int by)
{
	if (!app->search[0])
		return false;
	static struct hit h[SEARCH_ROWS_MAX];
	size_t n = hits(app, h, SEARCH_ROWS_MAX);
	if (n == 0)
		return false;
	int i = (app->search_hit + by) % (int)n;
	if (i < 0)
		i += (int)n;
	select_hit(app, (size_t)i, n, &h[i]);
	return true;
}
