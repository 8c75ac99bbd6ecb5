/* replay.c - the scenario walked by the engine, as a tui_source. */
#include "replay.h"

#include "scenario/runner.h"
#include "scenario/session.h"

static int replay_record(void *ctx, enum era era, struct recording *rec, struct nf_error *err)
{
	struct replay *r = ctx;
	recording_clear(rec);
	/* the engine lives until the next walk, which clears the recording */
	rec->rules_outlive = true;
	replay_free(r);
	r->have_engine = true;
	if (session_open(&r->eng, r->scn, recording_sink, rec, err) < 0)
		return -1;
	/* The diagram decides the order where the eras differ (tc ingress). */
	r->eng.era = era;
	return runner_run(r->scn, &r->eng, NULL, err);
}

static const struct ruleset *replay_rules(void *ctx)
{
	struct replay *r = ctx;
	return r->have_engine ? &r->eng.rules : NULL;
}

static struct engine *replay_engine(void *ctx)
{
	struct replay *r = ctx;
	return r->have_engine ? &r->eng : NULL;
}

static const struct ipchains *replay_ipchains(void *ctx)
{
	struct replay *r = ctx;
	return r->have_engine ? &r->eng.ipc : NULL;
}

static const char *replay_note(void *ctx, int pkt)
{
	struct replay *r = ctx;
	if (pkt < 1 || (size_t)pkt > r->scn->npackets)
		return NULL;
	const char *note = r->scn->packets[pkt - 1].note;
	return note && note[0] ? note : NULL;
}

void replay_source(struct replay *r, const struct scenario *scn, struct tui_source *src)
{
	*r = (struct replay){.scn = scn};
	*src = (struct tui_source){
		.name = scn->name && scn->name[0] ? scn->name : (scn->path ? scn->path : "scenario"),
		.era = scn->era,
		.era_set = scn->era_set,
		.backend = scn->backend,
		.ipchains = scn->model == FW_IPCHAINS,
		.record = replay_record,
		.rules = replay_rules,
		.engine = replay_engine,
		.ipchains_rules = replay_ipchains,
		.note = replay_note,
		.ctx = r,
	};
}

void replay_free(struct replay *r)
{
	if (r->have_engine)
		engine_free(&r->eng);
	r->have_engine = false;
}

struct replay *replay_of(const struct tui_source *src)
{
	return src && src->record == replay_record ? src->ctx : NULL;
}
