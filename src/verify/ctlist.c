/* ctlist.c - reading `conntrack -L`.
 *
 *   tcp 6 119 SYN_SENT src=A dst=B sport=P dport=Q [UNREPLIED] src=B dst=A
 *       sport=Q dport=P mark=0 use=1
 *   icmp 1 29 src=A dst=B type=8 code=0 id=9 src=B dst=A type=0 code=0 id=9 ...
 *
 * The first src= starts the original tuple, the second the reply. */
#include "ctlist.h"

#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/words.h"

static bool key_value(const char *word, const char *key, const char **value)
{
	size_t len = strlen(key);
	if (strncmp(word, key, len) != 0 || word[len] != '=')
		return false;
	*value = word + len + 1;
	return true;
}

static bool number(const char *s, uint64_t max, uint64_t *out)
{
	return parse_uint(s, max, out);
}

/* A numeric key=value: key matched and the number fits. */
static bool numeric(const char *w, const char *key, uint64_t max, uint64_t *n)
{
	const char *v;
	return key_value(w, key, &v) && number(v, max, n);
}

/* One key=value into the tuple being filled. */
static bool tuple_word(const char *w, struct ct_tuple *t, uint8_t *icmp_type, uint8_t *icmp_code)
{
	const char *v;
	uint64_t n;
	int family = t->family;
	if (key_value(w, "src", &v) && inet_parse(v, &family, &t->src)) {
		t->family = (uint8_t)family;
		return true;
	}
	if (key_value(w, "dst", &v) && inet_parse(v, &family, &t->dst)) {
		t->family = (uint8_t)family;
		return true;
	}
	if (key_value(w, "src", &v) || key_value(w, "dst", &v))
		return false;
	if (numeric(w, "sport", 65535, &n) || numeric(w, "id", 65535, &n)) {
		t->sport = (uint16_t)n;
		return true;
	}
	if (numeric(w, "dport", 65535, &n)) {
		t->dport = (uint16_t)n;
		return true;
	}
	if (numeric(w, "type", 255, &n)) {
		*icmp_type = (uint8_t)n;
		return true;
	}
	if (numeric(w, "code", 255, &n)) {
		*icmp_code = (uint8_t)n;
		return true;
	}
	return false;
}

bool ctlist_parse_line(const char *line, struct kct *e)
{
	memset(e, 0, sizeof(*e));
	struct word_list w;
	if (word_split_line(&w, line, WORD_QUOTES) != WORD_OK)
		return false;
	uint64_t proto;
	bool ok = w.n >= 4 && number(w.v[1].s, 255, &proto);
	int dir = -1;
	uint8_t type[2] = {0}, code[2] = {0};
	for (size_t i = 3; ok && i < w.n; i++) {
		const char *t = w.v[i].s;
		uint64_t n;
		if (str_starts(t, "src=") && dir < 1)
			dir++;
		if (dir >= 0 && tuple_word(t, &e->tuple[dir], &type[dir], &code[dir]))
			continue;
		if (strcmp(t, "[UNREPLIED]") == 0)
			e->unreplied = true;
		else if (strcmp(t, "[ASSURED]") == 0)
			e->assured = true;
		else if (numeric(t, "mark", UINT32_MAX, &n))
			e->mark = (uint32_t)n;
		else if (dir < 0 && !strchr(t, '='))
			str_copy(e->state, sizeof(e->state), t);
	}
	ok = ok && dir == 1;
	for (int d = 0; ok && d < 2; d++) {
		e->tuple[d].proto = (uint8_t)proto;
		if (proto == PROTO_ICMP || proto == PROTO_ICMPV6)
			e->tuple[d].dport = (uint16_t)(type[d] << 8 | code[d]);
	}
	word_list_free(&w);
	if (ok)
		e->line = xstrdup(line);
	return ok;
}

int ctlist_read(const struct netns *ns, struct kctlist *l, struct nf_error *err)
{
	*l = (struct kctlist){0};
	const char *argv[] = {"conntrack", "-L", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, argv, NULL, &r, err);
	const char *p = sb_str(&r.out);
	while (rc == 0 && *p) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);
		p += len + (p[len] == '\n');
		struct kct e;
		if (ctlist_parse_line(line, &e)) {
			l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
			l->v[l->n++] = e;
		}
		free(line);
	}
	cmd_result_free(&r);
	return rc;
}

void ctlist_free(struct kctlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].line);
	free(l->v);
	*l = (struct kctlist){0};
}

bool ctlist_tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
	if (a->proto != b->proto || a->family != b->family || !inet_eq(&a->src, &b->src) ||
	    !inet_eq(&a->dst, &b->dst))
		return false;
	if (a->proto == PROTO_ICMP || a->proto == PROTO_ICMPV6)
		return a->sport == b->sport;
	return a->sport == b->sport && a->dport == b->dport;
}

const struct kct *ctlist_find(const struct kctlist *l, const struct ct_tuple *t, enum ct_dir *dir)
{
	for (size_t i = 0; i < l->n; i++) {
		for (int d = 0; d < 2; d++) {
			if (ctlist_tuple_eq(&l->v[i].tuple[d], t)) {
				if (dir)
					*dir = (enum ct_dir)d;
				return &l->v[i];
			}
		}
	}
	return NULL;
}
