/* test_walk.c - engine-wide invariants over every shipped scenario:
 * checksums are right after every event (so every rewrite kept them),
 * steps count up from 1 within each walk, every walk ends with exactly one
 * fate event, and rule events name a table, a chain and a position. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

struct inv {
	int pkt, sub, last_step;
	int bad_checksum, bad_step, fates, events, bad_rule, after_fate;
	int walks;
};

static void sink(const struct event *ev, void *ctx)
{
	struct inv *v = ctx;
	v->events++;
	if (ev->pkt != v->pkt || ev->sub != v->sub) {
		v->pkt = ev->pkt;
		v->sub = ev->sub;
		v->last_step = 0;
		v->walks++;
		if (ev->kind != EV_PACKET)
			v->bad_step++;
	}
	if (ev->step != v->last_step + 1)
		v->bad_step++;
	v->last_step = ev->step;
	if (ev->packet && !packet_checksums_ok(ev->packet))
		v->bad_checksum++;
	if (ev->kind == EV_FATE)
		v->fates++;
	/* ipchains (Linux 2.2) has chains but no tables; an nftables
	 * chain's name says its family and table */
	bool ipchains = stage_info(ev->stage)->kind == SK_IPCHAINS ||
			stage_info(ev->stage)->kind == SK_NFT;
	if (ev->kind == EV_RULE &&
	    (!ev->chain || ev->rule < 1 || (ev->table == TABLE_NONE && !ipchains)))
		v->bad_rule++;
}

/* A sink that reads the view of fate events only (as the text trace
 * reads only conntrack's and fate's) gets it there and nowhere else. */
struct views {
	int fate_without, other_with;
};

static void view_sink(const struct event *ev, void *ctx)
{
	struct views *v = ctx;
	bool has = ev->view->family != 0; /* pkt_view_of always sets it */
	if (ev->kind == EV_FATE)
		v->fate_without += !has;
	else
		v->other_with += has;
}

static void check_view_kinds(const struct scenario *s)
{
	struct engine e;
	struct nf_error err = {0};
	engine_init(&e);
	struct views v = {0};
	if (scenario_build_engine(s, &e, &err) == 0) {
		engine_set_sink(&e, view_sink, &v);
		engine_sink_wants_of(&e, (struct sink_wants){EV_ALL, EVW_ALL, EV_BIT(EV_FATE), 0});
		runner_run(s, &e, NULL, &err);
	}
	ok(v.fate_without == 0 && v.other_with == 0,
	   "a view only for the kinds that want one (%d fates without, %d others with)",
	   v.fate_without, v.other_with);
	engine_free(&e);
}

/* A sink that reads no rule's sentence (as the text trace prints a rule
 * from the rule) gets rule events without one, but with the same match
 * results, and every other sentence. */
struct sentences {
	int rules, results, rule_texts, enter_without;
};

static void sentence_sink(const struct event *ev, void *ctx)
{
	struct sentences *t = ctx;
	if (ev->kind == EV_RULE) {
		t->rules++;
		t->results += ev->nresults;
		t->rule_texts += ev->text && ev->text[0];
	} else if (ev->kind == EV_ENTER) {
		t->enter_without += !ev->text || !ev->text[0]; /* the box's title */
	}
}

static struct sentences run_sentences(const struct scenario *s, unsigned textless)
{
	struct engine e;
	struct nf_error err = {0};
	engine_init(&e);
	struct sentences t = {0};
	if (scenario_build_engine(s, &e, &err) == 0) {
		engine_set_sink(&e, sentence_sink, &t);
		engine_sink_wants_of(&e, (struct sink_wants){EV_ALL, EVW_ALL, EV_ALL, textless});
		runner_run(s, &e, NULL, &err);
	}
	engine_free(&e);
	return t;
}

static void check_textless_kinds(const struct scenario *s)
{
	struct sentences all = run_sentences(s, 0), some = run_sentences(s, EV_BIT(EV_RULE));
	ok(some.rule_texts == 0 && some.enter_without == 0 && some.rules == all.rules &&
		   some.results == all.results && all.rule_texts == all.rules,
	   "no rule sentence where none is read, the same %d rule events and %d results",
	   some.rules, some.results);
}

static void run_one(const char *dir, const char *name)
{
	char path[2048];
	snprintf(path, sizeof(path), "%.1000s/%.1000s", dir, name);
	struct scenario s;
	struct nf_error err = {0};
	if (!ok(scenario_load(path, &s, &err) == 0, "%s loads", name)) {
		char msg[1024];
		nf_error_format(&err, msg, sizeof(msg));
		printf("#   %s\n", msg);
		return;
	}
	struct engine e;
	engine_init(&e);
	struct inv v = {0};
	ok(scenario_build_engine(&s, &e, &err) == 0, "%s builds an engine", name);
	engine_set_sink(&e, sink, &v);
	ok(runner_run(&s, &e, NULL, &err) == 0, "%s runs", name);
	ok(v.events > 0, "%s: events emitted (%d)", name, v.events);
	is_int(v.bad_checksum, 0, "checksums are right after every event");
	is_int(v.bad_step, 0, "steps count 1, 2, ... from a packet event in every walk");
	is_int(v.fates, v.walks, "one fate event per walk");
	is_int(v.bad_rule, 0, "rule events name table, chain and position");
	engine_free(&e);
	check_view_kinds(&s);
	check_textless_kinds(&s);
	scenario_free(&s);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%.1000s/scenarios", top ? top : ".");
	DIR *d = opendir(dir);
	if (!ok(d != NULL, "scenarios directory %s opens", dir))
		return tap_done();
	char *names[256];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	ok(n >= 12, "at least 12 scenarios ship (%d)", n);
	for (int i = 0; i < n; i++) {
		run_one(dir, names[i]);
		free(names[i]);
	}
	return tap_done();
}
