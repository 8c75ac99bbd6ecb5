/* record.c - deep-copying event sink, its copies in an arena. */
#include "sinks/record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A block of copies.  Chunks are filled in event order, so forgetting the
 * oldest events frees whole chunks from the head: `last` is the newest
 * event holding a pointer into the chunk (a name stored once moves it on
 * each time an event reuses it). */
struct rec_chunk {
	struct rec_chunk *next;
	size_t last, used, cap;
	_Alignas(max_align_t) char data[];
};

#define CHUNK_MIN (64 * 1024)

static void *arena_alloc(struct recording *r, size_t n)
{
	n = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	struct rec_chunk *c = r->tail;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
		c = xmalloc(sizeof(*c) + cap);
		*c = (struct rec_chunk){.cap = cap};
		if (r->tail)
			r->tail->next = c;
		else
			r->head = c;
		r->tail = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	c->last = r->n - 1; /* the event being recorded */
	return p;
}

static char *arena_strdup(struct recording *r, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	return memcpy(arena_alloc(r, n), s, n);
}

/* Strings stored once: chain and target names by their text, a rule's
 * iptables-save form by the rule (rules do not change while a recording
 * lives: a changed ruleset is walked again into a cleared recording). */
struct rec_intern_slot {
	const void *key;    /* the rule; for names, the stored text */
	char *text;         /* in the arena */
	struct rec_chunk *chunk;
	uint32_t hash;
};
struct rec_intern {
	struct rec_intern_slot *slot;
	size_t n, cap; /* cap a power of two */
};

static uint32_t hash_bytes(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static uint32_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(x >> 32);
}

static void intern_grow(struct rec_intern *t)
{
	size_t cap = t->cap ? 2 * t->cap : 64;
	struct rec_intern_slot *s = calloc(cap, sizeof(*s));
	if (!s)
		abort();
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slot[i].text)
			continue;
		size_t j = t->slot[i].hash & (cap - 1);
		while (s[j].text)
			j = (j + 1) & (cap - 1);
		s[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = s;
	t->cap = cap;
}

/* The slot for key (a rule) or name (a string), empty when absent. */
static struct rec_intern_slot *intern_find(struct rec_intern **tp, const void *key, const char *name,
					   uint32_t hash)
{
	if (!*tp)
		*tp = calloc(1, sizeof(**tp));
	struct rec_intern *t = *tp;
	if (!t)
		abort();
	if (2 * (t->n + 1) > t->cap)
		intern_grow(t);
	size_t j = hash & (t->cap - 1);
	for (;; j = (j + 1) & (t->cap - 1)) {
		struct rec_intern_slot *s = &t->slot[j];
		if (!s->text)
			return s;
		if (s->hash == hash && (name ? strcmp(s->text, name) == 0 : s->key == key))
			return s;
	}
}

static char *stored(struct recording *r, struct rec_intern_slot *s)
{
	s->chunk->last = r->n - 1;
	return s->text;
}

static void keep(struct recording *r, struct rec_intern **tp, struct rec_intern_slot *s,
		 const void *key, char *text, uint32_t hash)
{
	*s = (struct rec_intern_slot){.key = key, .text = text, .chunk = r->tail, .hash = hash};
	(*tp)->n++;
}

static const char *name_copy(struct recording *r, const char *name)
{
	if (!name)
		return NULL;
	uint32_t h = hash_bytes(name);
	struct rec_intern_slot *s = intern_find(&r->names, NULL, name, h);
	if (s->text)
		return stored(r, s);
	char *text = arena_strdup(r, name);
	keep(r, &r->names, s, NULL, text, h);
	return text;
}

static char *rule_text_of(struct recording *r, const struct event *ev)
{
	uint32_t h = hash_ptr(ev->rule_ptr) ^ hash_bytes(ev->chain);
	struct rec_intern_slot *s = intern_find(&r->rules, ev->rule_ptr, NULL, h);
	if (s->text)
		return stored(r, s);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "-A %s ", ev->chain);
	rule_format(ev->rule_ptr, &sb);
	char *text = arena_strdup(r, sb_str(&sb));
	sb_free(&sb);
	keep(r, &r->rules, s, ev->rule_ptr, text, h);
	return text;
}

static void intern_free(struct rec_intern **tp)
{
	if (*tp)
		free((*tp)->slot);
	free(*tp);
	*tp = NULL;
}

void recording_init(struct recording *r)
{
	*r = (struct recording){0};
}

static void chunks_free(struct recording *r)
{
	for (struct rec_chunk *c = r->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	r->head = r->tail = NULL;
}

void recording_clear(struct recording *r)
{
	chunks_free(r);
	intern_free(&r->names);
	intern_free(&r->rules);
	r->n = 0;
}

void recording_drop_front(struct recording *r, size_t n)
{
	if (n > r->n)
		n = r->n;
	if (n == 0)
		return;
	/* The copies point into the chunks, not into the array: records can
	 * move.  A chunk goes when no kept event points into it. */
	memmove(r->v, r->v + n, (r->n - n) * sizeof(*r->v));
	r->n -= n;
	while (r->head && r->head->last < n) {
		struct rec_chunk *c = r->head;
		r->head = c->next;
		free(c);
	}
	if (!r->head)
		r->tail = NULL;
	for (struct rec_chunk *c = r->head; c; c = c->next)
		c->last -= n;
	/* Stored-once strings may be in freed chunks: store them again. */
	intern_free(&r->names);
	intern_free(&r->rules);
}

void recording_free(struct recording *r)
{
	recording_clear(r);
	free(r->v);
	*r = (struct recording){0};
}

void recording_sink(const struct event *ev, void *ctx)
{
	struct recording *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	struct rec_event *re = &r->v[r->n++];
	re->ev = *ev;
	re->ev.packet = NULL;
	re->ev.text = arena_strdup(r, ev->text);
	re->ev.chain = name_copy(r, ev->chain);
	re->ev.base = name_copy(r, ev->base);
	re->ev.jump = name_copy(r, ev->jump); /* the engine may be gone when it is read */
	re->ev.detail = arena_strdup(r, ev->detail);
	re->ev.results = NULL;
	if (ev->nresults > 0 && ev->results) {
		size_t size = (size_t)ev->nresults * sizeof(*ev->results);
		re->ev.results = memcpy(arena_alloc(r, size), ev->results, size);
	}
	re->rule_text = NULL;
	re->rule = NULL;
	if (ev->rule_ptr && ev->chain && r->rules_outlive) {
		re->rule = ev->rule_ptr;
	} else if (ev->rule_ptr && ev->chain) {
		re->rule_text = rule_text_of(r, ev);
	} else if (ev->kind == EV_RULE && ev->detail && ev->chain) {
		/* an ipchains rule: the engine formatted it */
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "ipchains -A %s %s", ev->chain, ev->detail);
		re->rule_text = arena_strdup(r, sb_str(&sb));
		sb_free(&sb);
	}
	re->ev.rule_ptr = NULL;
}

const char *rec_rule_text(const struct rec_event *re)
{
	static struct strbuf sb = STRBUF_INIT;
	if (re->rule_text || !re->rule || !re->ev.chain)
		return re->rule_text;
	sb_reset(&sb);
	sb_addf(&sb, "-A %s ", re->ev.chain);
	rule_format(re->rule, &sb);
	return sb_str(&sb);
}
