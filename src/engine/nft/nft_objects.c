/* nft_objects.c - the token bucket limits share (nft_limit.c: packets or
 * bytes, over packet time) and the named stateful objects rules point at:
 * `limit name "x"`, `quota name "x"`, `counter name "x"` keep their state
 * in the object, one for every rule naming it (nft_objref.c); `ct helper
 * set "x"` attaches the helper a `ct helper x { type "ftp" protocol tcp }`
 * object names (nft_ct_helper_obj_eval). */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

const struct nft_object *nft_find_object(const struct nft_table *t, const char *kind, const char *name)
{
	for (size_t i = 0; t && i < t->nobjs; i++)
		if (!strcmp(t->objs[i].kind, kind) && !strcmp(t->objs[i].name, name))
			return &t->objs[i];
	return NULL;
}

/* ---- the token bucket ---- */

static const struct {
	const char *word;
	double secs;
} units[] = {{"second", 1}, {"minute", 60}, {"hour", 3600}, {"day", 86400}, {"week", 604800}};

static const struct {
	const char *word;
	double mult;
} byte_units[] = {{"bytes", 1}, {"kbytes", 1024}, {"mbytes", 1048576}, {"gbytes", 1073741824.0}};

struct rate {
	bool over, bytes;
	double count, unit; /* count packets (bytes) per unit seconds */
};

/* "[over ]N/unit" or "[over ]N bytes-unit/unit", spaces around '/'
 * allowed (an object's body keeps its tokens apart). */
static bool rate_parse(const char *text, struct rate *r)
{
	*r = (struct rate){0};
	r->over = !strncmp(text, "over ", 5);
	if (r->over)
		text += 5;
	char *end;
	r->count = strtod(text, &end);
	if (end == text)
		return false;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < ARRAY_SIZE(byte_units); i++) {
		size_t n = strlen(byte_units[i].word);
		if (!strncmp(end, byte_units[i].word, n) && (end[n] == '/' || end[n] == ' ')) {
			r->bytes = true;
			r->count *= byte_units[i].mult;
			end += n;
			break;
		}
	}
	while (*end == ' ')
		end++;
	if (*end++ != '/')
		return false;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(end, units[i].word)) {
			r->unit = units[i].secs;
			return r->count > 0;
		}
	return false;
}

/* "N packets" or "N bytes-unit": the burst in packets or bytes. */
static double burst_parse(const char *text)
{
	char *end;
	double n = strtod(text, &end);
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < ARRAY_SIZE(byte_units); i++)
		if (!strcmp(end, byte_units[i].word))
			return n * byte_units[i].mult;
	return n;
}

/* nft_limit_eval in seconds rather than nanoseconds: a packet costs
 * unit/count (packets) or len*unit/count (bytes); the bucket holds
 * burst packets' worth (5 when none is given) or one unit's bytes plus
 * the burst's (nft_limit_init), starts full, and refills with time. */
int nft_limit_take(struct nft_state *st, const char *rate_text, const char *burst_text,
		   const struct packet *p, bool *within)
{
	struct rate r;
	if (!rate_text || !rate_parse(rate_text, &r))
		return -1;
	double burst = burst_text ? burst_parse(burst_text) : 0;
	double max, cost;
	if (r.bytes) {
		max = r.unit * (r.count + burst) / r.count;
		cost = pkt_tot_len(p) * r.unit / r.count;
	} else {
		if (burst < 1)
			burst = 5;
		cost = r.unit / r.count;
		max = cost * burst;
	}
	if (st->tokens < 0) {
		st->tokens = max;
		st->last = p->t;
	}
	double tokens = st->tokens + (p->t - st->last);
	if (tokens > max)
		tokens = max;
	st->last = p->t;
	/* a little slack for the rounding of seconds as doubles */
	*within = tokens - cost >= -1e-12;
	st->tokens = *within ? tokens - cost : tokens;
	return *within != r.over;
}

/* ---- named objects ---- */

/* The value after word in an object's body ("rate 1 / minute"), to the
 * end of its line or the next of stops, in buf. */
static bool body_value(const char *body, const char *word, const char *const *stops, char *buf, size_t n)
{
	size_t wl = strlen(word);
	for (const char *l = body; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, word, wl) || l[wl] != ' ')
			continue;
		const char *v = l + wl + 1, *e = strchr(v, '\n');
		size_t len = e ? (size_t)(e - v) : strlen(v);
		for (size_t i = 0; stops && stops[i]; i++) {
			const char *s = strstr(v, stops[i]);
			if (s && (size_t)(s - v) < len)
				len = (size_t)(s - v);
		}
		while (len && v[len - 1] == ' ')
			len--;
		snprintf(buf, n, "%.*s", (int)len, v);
		return true;
	}
	return false;
}

static const char *unquote(const char *s, char *buf, size_t n)
{
	size_t l = strlen(s);
	if (l >= 2 && s[0] == '"' && s[l - 1] == '"')
		snprintf(buf, n, "%.*s", (int)(l - 2), s + 1);
	else
		snprintf(buf, n, "%s", s);
	return buf;
}

bool nft_object_can(const struct nft_table *t, const char *kind, const char *quoted_name, const char **why)
{
	char name[128];
	const struct nft_object *o = nft_find_object(t, kind, unquote(quoted_name, name, sizeof(name)));
	if (!o) {
		*why = "no such named object in this table";
		return false;
	}
	if (!strcmp(kind, "limit")) {
		static const char *const stops[] = {" burst", NULL};
		char rate[96];
		struct rate r;
		if (!o->body || !body_value(o->body, "rate", stops, rate, sizeof(rate)) || !rate_parse(rate, &r)) {
			*why = "this limit object has no rate nfwalk reads";
			return false;
		}
	}
	return true;
}

/* limit name "x": the object's bucket, whichever rule takes from it. */
int nft_named_limit(struct nft_ctx *c, const char *quoted_name, struct tests *t)
{
	char name[128], rate[96], burst[64];
	static const char *const stops[] = {" burst", NULL};
	const struct nft_object *o = nft_find_object(c->table, "limit", unquote(quoted_name, name, sizeof(name)));
	if (!o || !body_value(o->body ? o->body : "", "rate", stops, rate, sizeof(rate)))
		return 0;
	bool has_burst = body_value(o->body, "rate", NULL, burst, sizeof(burst)) && strstr(burst, "burst ");
	if (has_burst)
		memmove(burst, strstr(burst, "burst ") + 6, strlen(strstr(burst, "burst ") + 6) + 1);
	bool within;
	int pass = nft_limit_take(nft_state_of(c, o), rate, has_burst ? burst : NULL, c->p, &within);
	if (pass < 0)
		return 0;
	nft_record(t, pass, "limit name \"%s\" (rate %s): %s", name, rate,
		   within ? "within the rate" : "over the rate");
	return pass ? 0 : -1;
}

/* counter name "x": the object counts, not the rule. */
int nft_named_counter(struct nft_ctx *c, const char *quoted_name, struct tests *t)
{
	char name[128];
	const struct nft_object *o = nft_find_object(c->table, "counter", unquote(quoted_name, name, sizeof(name)));
	struct nft_state *st = nft_state_of(c, o);
	st->pkts++;
	st->bytes += pkt_tot_len(c->p);
	nft_record(t, true, "counter name \"%s\": packets %llu bytes %llu", name, (unsigned long long)st->pkts,
		   (unsigned long long)st->bytes);
	return 0;
}

/* quota name "x": the object's bytes, used by every rule naming it. */
int nft_named_quota(struct nft_ctx *c, const char *quoted_name, double (*amount)(const char *, bool *),
		    struct tests *t)
{
	char name[128], what[96];
	const struct nft_object *o = nft_find_object(c->table, "quota", unquote(quoted_name, name, sizeof(name)));
	static const char *const stops[] = {" used", NULL};
	if (!o || !o->body)
		return 0;
	/* the body is "over 100 mbytes used 0 bytes" (or "100 mbytes") */
	snprintf(what, sizeof(what), "%s", o->body);
	for (char *s = what; *s; s++)
		if (*s == '\n')
			*s = '\0';
	(void)stops;
	char *used = strstr(what, " used");
	if (used)
		*used = '\0';
	bool over;
	double limit = amount(what, &over);
	struct nft_state *st = nft_state_of(c, o);
	st->bytes += pkt_tot_len(c->p);
	bool exceeded = (double)st->bytes > limit;
	bool pass = exceeded == over;
	nft_record(t, pass, "quota name \"%s\" (%s): %llu bytes used", name, what, (unsigned long long)st->bytes);
	return pass ? 0 : -1;
}

/* ct helper set "x": nft_ct_helper_obj_eval attaches the object's helper
 * to a connection not yet confirmed whose protocol is the object's; a
 * confirmed one (a later packet) keeps what it has. */
void nft_ct_helper_set(struct nft_ctx *c, const char *quoted_name, struct tests *t)
{
	char name[128], type[64], proto[16] = "";
	const struct nft_object *o = nft_find_object(c->table, "ct helper", unquote(quoted_name, name, sizeof(name)));
	static const char *const stops[] = {" protocol", ";", NULL};
	if (!o || !o->body || !body_value(o->body, "type", stops, type, sizeof(type))) {
		nft_record(t, false, "ct helper set \"%s\": no ct helper object of that name", name);
		return;
	}
	const char *p = strstr(o->body, "protocol ");
	if (p)
		sscanf(p + 9, "%15[a-z]", proto);
	char tname[64];
	unquote(type, tname, sizeof(tname));
	struct ct_entry *e = c->p->ct;
	unsigned l4 = pkt_proto(c->p);
	unsigned want = !strcmp(proto, "udp") ? 17 : !strcmp(proto, "tcp") ? 6 : l4;
	if (!e || (e->status & CTS_CONFIRMED)) {
		nft_record(t, true, "ct helper set \"%s\": %s, nothing attached", name,
			   e ? "the connection is confirmed already" : "no conntrack entry");
		return;
	}
	if (want != l4) {
		nft_record(t, true, "ct helper set \"%s\": the helper is for %s, not this packet's protocol", name,
			   proto);
		return;
	}
	struct ct_ext *x = ct_ext_get(e);
	if (!x->help)
		x->help = xcalloc(1, sizeof(*x->help));
	str_copy(x->help->name, sizeof(x->help->name), tname);
	nft_record(t, true, "ct helper set \"%s\": helper %s attached to entry %u%s", name, tname, e->id,
		   strcmp(tname, "ftp") ? " (nfwalk runs only ftp's helper)" : "");
}
