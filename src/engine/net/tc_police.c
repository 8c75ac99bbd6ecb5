/* tc_police.c - the police action: a token bucket of `burst` bytes filled
 * at `rate`, read at the packet's time (struct packet's t, the scenario's
 * `at:`).  A packet that finds as many tokens as its length conforms and
 * takes them; one that does not exceeds and leaves the bucket as it was
 * (net/sched/act_police.c, tcf_police_act: toks += elapsed, capped at
 * the burst; conform when toks - len >= 0).  The bucket starts full.
 *
 * Words as tc reads them (tc-police(8)): `police rate RATE burst BYTES
 * [mtu BYTES] [conform-exceed EXCEED[/CONFORM] | EXCEED]`, where an action
 * is drop (shot), pass (ok), continue or reclassify; without one, what
 * exceeds is reclassified (iproute2's tc/m_police.c default) and what
 * conforms passes.  Units
 * are tc(8)'s: a bare rate is bits per second, kbit/mbit/gbit are powers
 * of 1000 bits, bps/kbps/mbps bytes; a bare size is bytes, k/kb and m/mb
 * are 1024 and 1024*1024 bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/tc.h"

static bool scaled(const char *s, const char *const *units, const double *mult, size_t nunits,
		   double *out)
{
	char *end;
	if (!*s || *s == '-' || *s == '+')
		return false;
	double v = strtod(s, &end);
	if (end == s || !(v > 0) || v > 1e15)
		return false;
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(end, units[i]) == 0) {
			*out = v * mult[i];
			return *out >= 1;
		}
	return false;
}

/* Bytes per second. */
static bool parse_rate(const char *s, double *out)
{
	static const char *const u[] = {"", "bit", "kbit", "mbit", "gbit", "bps", "kbps", "mbps"};
	static const double m[] = {1 / 8.0, 1 / 8.0, 1e3 / 8, 1e6 / 8, 1e9 / 8, 1, 1e3, 1e6};
	return scaled(s, u, m, ARRAY_SIZE(u), out);
}

/* Bytes. */
static bool parse_size(const char *s, double *out)
{
	static const char *const u[] = {"", "b", "k", "kb", "m", "mb", "kbit", "mbit"};
	static const double m[] = {1, 1, 1024, 1024, 1048576, 1048576, 128, 131072};
	return scaled(s, u, m, ARRAY_SIZE(u), out);
}

static const struct {
	const char *word;
	enum tc_act act;
} acts[] = {
	{"drop", TC_ACT_DROP},	   {"shot", TC_ACT_DROP},	   {"pass", TC_ACT_OK},
	{"ok", TC_ACT_OK},	   {"continue", TC_ACT_CONTINUE}, {"reclassify", TC_ACT_RECLASSIFY},
};

static int act_of(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(acts); i++)
		if (strcmp(acts[i].word, w) == 0)
			return (int)acts[i].act;
	return -1;
}

const char *tc_act_name(enum tc_act a)
{
	switch (a) {
	case TC_ACT_OK:
		return "pass";
	case TC_ACT_DROP:
		return "drop";
	case TC_ACT_CONTINUE:
		return "continue";
	case TC_ACT_RECLASSIFY:
		return "reclassify";
	}
	return "?";
}

void tc_police_free(struct tc_police *pol)
{
	if (!pol)
		return;
	free(pol->text);
	free(pol);
}

int tc_police_parse(const char *const *w, const int *cols, size_t n, int end_col, size_t *used,
		    struct tc_police **out, struct nf_error *err)
{
	struct tc_police pol = {.conform = TC_ACT_OK, .exceed = TC_ACT_RECLASSIFY};
	bool has_rate = false, has_burst = false, has_act = false;
	size_t i = 1; /* w[0] is "police" */
	while (i < n) {
		const char *k = w[i];
		bool takes = strcmp(k, "rate") == 0 || strcmp(k, "burst") == 0 ||
			     strcmp(k, "buffer") == 0 || strcmp(k, "maxburst") == 0 ||
			     strcmp(k, "mtu") == 0 || strcmp(k, "minburst") == 0 ||
			     strcmp(k, "conform-exceed") == 0 || strcmp(k, "index") == 0;
		if (!takes) {
			int a = act_of(k);
			if (a < 0)
				break; /* the filter's next word */
			pol.exceed = (enum tc_act)a;
			has_act = true;
			i++;
			continue;
		}
		if (i + 1 >= n)
			return nf_err(err, end_col, "\"%s\" needs a value", k);
		const char *v = w[i + 1];
		int vcol = cols[i + 1];
		double d;
		if (strcmp(k, "rate") == 0) {
			if (!parse_rate(v, &d))
				return nf_err(err, vcol, "bad rate \"%s\" (like 1mbit or 500kbit)", v);
			pol.rate = d;
			has_rate = true;
		} else if (strcmp(k, "conform-exceed") == 0) {
			char buf[32];
			str_copy(buf, sizeof(buf), v);
			char *slash = strchr(buf, '/');
			if (slash)
				*slash++ = '\0';
			int e = act_of(buf), c = slash ? act_of(slash) : TC_ACT_OK;
			if (e < 0 || c < 0)
				return nf_err(err, vcol,
					      "bad conform-exceed \"%s\" (EXCEED[/CONFORM]: drop, pass, "
					      "continue, reclassify)",
					      v);
			pol.exceed = (enum tc_act)e;
			pol.conform = (enum tc_act)c;
			has_act = true;
		} else if (strcmp(k, "index") != 0) {
			if (!parse_size(v, &d))
				return nf_err(err, vcol, "bad size \"%s\" (like 10k)", v);
			if (strcmp(k, "burst") == 0 || strcmp(k, "buffer") == 0 ||
			    strcmp(k, "maxburst") == 0) {
				pol.burst = d;
				has_burst = true;
			}
		}
		i += 2;
	}
	if (!has_rate)
		return nf_err(err, cols[0], "police needs \"rate RATE\"");
	if (!has_burst)
		return nf_err(err, cols[0], "police needs \"burst BYTES\" (the bucket)");
	(void)has_act;
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < i; k++)
		sb_addf(&sb, "%s%s", k ? " " : "", w[k]);
	pol.text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	pol.tokens = pol.burst;
	*out = xmalloc(sizeof(**out));
	**out = pol;
	*used = i;
	return 0;
}

enum tc_act tc_police_apply(struct tc_police *pol, const struct packet *p, struct strbuf *why)
{
	double len = pkt_tot_len(p);
	if (pol->started && p->t > pol->last)
		pol->tokens += (p->t - pol->last) * pol->rate;
	if (pol->tokens > pol->burst)
		pol->tokens = pol->burst;
	if (!pol->started || p->t > pol->last)
		pol->last = p->t;
	pol->started = true;
	bool conform = pol->tokens >= len;
	double before = pol->tokens;
	if (conform)
		pol->tokens -= len;
	enum tc_act a = conform ? pol->conform : pol->exceed;
	sb_addf(why, "%s: at t=%.3fs bucket %.0f/%.0f bytes (+%.0f bytes/s), packet %.0f bytes: %s -> %s",
		pol->text, p->t, before, pol->burst, pol->rate, len,
		conform ? "conforms" : "exceeds", tc_act_name(a));
	return a;
}
