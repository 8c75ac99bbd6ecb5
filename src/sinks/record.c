/* record.c - deep-copying event sink, its copies in an arena. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* MAP_ANONYMOUS, madvise, mremap */
#endif
#include "sinks/record.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* --- big blocks ---
 *
 * A walk through a 50,000-rule chain records 100,000 events: 38 MB of
 * records and 25 MB of copies, first touched while the walk runs.  In
 * 4 KiB pages that is 15,000 page faults, which cost more than the walk
 * (a third of the TUI's first frame, in system time).  Blocks of 2 MiB
 * and more are mapped on their own, 2 MiB-aligned, and asked to be huge
 * pages where the kernel offers them (transparent_hugepage "madvise");
 * smaller ones come from malloc, as before. */
#define BIG_BLOCK ((size_t)2 << 20)

static size_t big_round(size_t n)
{
	return (n + BIG_BLOCK - 1) & ~(BIG_BLOCK - 1);
}

/* n bytes (a multiple of BIG_BLOCK); NULL when the system has none. */
static void *big_map(size_t n)
{
#if defined(MAP_ANONYMOUS)
	size_t len = n + BIG_BLOCK;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)p + BIG_BLOCK - 1) & ~(uintptr_t)(BIG_BLOCK - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (a + n < p + len)
		munmap(a + n, (size_t)(p + len - (a + n)));
#ifdef MADV_HUGEPAGE
	madvise(a, n, MADV_HUGEPAGE);
#endif
	return a;
#else
	(void)n;
	return NULL;
#endif
}

/* A block of at least n bytes; *mapped: its mapped length (0: malloc'd). */
static void *block_alloc(size_t n, size_t *mapped)
{
	*mapped = 0;
	if (n >= BIG_BLOCK) {
		void *p = big_map(big_round(n));
		if (p) {
			*mapped = big_round(n);
			return p;
		}
	}
	return xmalloc(n);
}

static void block_free(void *p, size_t mapped)
{
#if defined(MAP_ANONYMOUS)
	if (mapped) {
		munmap(p, mapped);
		return;
	}
#endif
	free(p);
}

/* A block of copies.  Chunks are filled in event order, so forgetting the
 * oldest events frees whole chunks from the head: `last` is the newest
 * event holding a pointer into the chunk (a name stored once moves it on
 * each time an event reuses it). */
struct rec_chunk {
	struct rec_chunk *next;
	size_t last, used, cap;
	size_t mapped; /* block_alloc's */
	_Alignas(max_align_t) char data[];
};

#define CHUNK_MIN (64 * 1024)

static void *arena_alloc(struct recording *r, size_t n)
{
	n = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	struct rec_chunk *c = r->tail;
	if (!c || c->cap - c->used < n) {
		/* chunks grow with the recording: a long walk gets big blocks */
		size_t want = r->tail && r->tail->cap >= CHUNK_MIN ? 2 * r->tail->cap : CHUNK_MIN;
		if (want > BIG_BLOCK)
			want = BIG_BLOCK;
		size_t cap = n > want ? n : want, mapped;
		c = block_alloc(sizeof(*c) + cap, &mapped);
		if (mapped)
			cap = mapped - sizeof(*c);
		*c = (struct rec_chunk){.cap = cap, .mapped = mapped};
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

/* The stored copy of name: its slot in the table of names. */
static struct rec_intern_slot *name_slot(struct recording *r, const char *name)
{
	uint32_t h = hash_bytes(name);
	struct rec_intern_slot *s = intern_find(&r->names, NULL, name, h);
	if (s->text) {
		stored(r, s);
		return s;
	}
	char *text = arena_strdup(r, name);
	keep(r, &r->names, s, NULL, text, h);
	return s;
}

/* A rewrite's value: "" for none (a hand-made event may leave it NULL). */
static const char *val_copy(struct recording *r, const char *val)
{
	return val && val[0] ? arena_strdup(r, val) : "";
}

/* The view, stored once for a run of events that see the same packet:
 * a walk through a 50,000-rule chain views one packet 50,000 times, and a
 * view is larger than the rest of its record. */
static const struct pkt_view *view_copy(struct recording *r, const struct pkt_view *v)
{
	if (!v)
		return &pkt_view_none;
	if (v == &pkt_view_none || memcmp(v, &pkt_view_none, sizeof(*v)) == 0)
		return &pkt_view_none;
	if (r->view_last && memcmp(r->view_last, v, sizeof(*v)) == 0) {
		r->view_chunk->last = r->n - 1;
		return r->view_last;
	}
	struct pkt_view *copy = arena_alloc(r, sizeof(*copy));
	*copy = *v;
	r->view_last = copy;
	r->view_chunk = r->tail;
	return copy;
}

/* A rule's test results and their words in one block: the words' bytes
 * only (a test's few dozen), where the engine had a 128-byte buffer each. */
static const struct event_result *results_copy(struct recording *r, const struct event_result *res,
					       int n) /* n <= RULE_MAX_RESULTS */
{
	if (n <= 0 || !res)
		return NULL;
	size_t len[RULE_MAX_RESULTS], words = 0;
	for (int i = 0; i < n; i++) {
		len[i] = !res[i].text ? 0 : res[i].n ? res[i].n : strlen(res[i].text);
		words += len[i] + 1;
	}
	struct event_result *v = arena_alloc(r, (size_t)n * sizeof(*v) + words);
	char *t = (char *)(v + n);
	for (int i = 0; i < n; i++) {
		if (len[i])
			memcpy(t, res[i].text, len[i]);
		t[len[i]] = '\0';
		/* n 0 (measure) for words longer than n can say */
		unsigned char said = (unsigned char)(len[i] <= UCHAR_MAX ? len[i] : 0);
		v[i] = (struct event_result){res[i].ok, said, t};
		t += len[i] + 1;
	}
	return v;
}

static const char *name_copy(struct recording *r, const char *name)
{
	if (!name)
		return NULL;
	/* A chain's events come in runs (50,000 rules of FORWARD, each
	 * jumping to DROP): the copy made last from the same pointer is
	 * compared before the name is hashed and looked up. */
	struct rec_name_cache *nc = &r->name_cache[((uintptr_t)name >> 3) % REC_NAME_CACHE];
	if (nc->src == name && nc->text && strcmp(nc->text, name) == 0) {
		nc->chunk->last = r->n - 1;
		return nc->text;
	}
	struct rec_intern_slot *s = name_slot(r, name);
	*nc = (struct rec_name_cache){.src = name, .text = s->text, .chunk = s->chunk};
	return s->text;
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

/* Forget the names and the view stored last (their chunk may be gone). */
static void memo_clear(struct recording *r)
{
	memset(r->name_cache, 0, sizeof(r->name_cache));
	r->view_last = NULL;
	r->view_chunk = NULL;
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
		block_free(c, c->mapped);
	}
	r->head = r->tail = NULL;
}

void recording_clear(struct recording *r)
{
	chunks_free(r);
	intern_free(&r->names);
	intern_free(&r->rules);
	memo_clear(r);
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
		block_free(c, c->mapped);
	}
	if (!r->head)
		r->tail = NULL;
	for (struct rec_chunk *c = r->head; c; c = c->next)
		c->last -= n;
	/* Stored-once strings may be in freed chunks: store them again. */
	intern_free(&r->names);
	intern_free(&r->rules);
	memo_clear(r);
}

void recording_free(struct recording *r)
{
	recording_clear(r);
	block_free(r->v, r->v_mapped);
	*r = (struct recording){0};
}

/* Room for twice the records (big ones in big blocks, see above).  A
 * mapped array grows where the kernel can move its pages rather than
 * copy them: a copy faults in and zeroes a second array. */
static void grow(struct recording *r)
{
	size_t cap = r->cap ? r->cap * 2 : 256, mapped;
#ifdef MREMAP_MAYMOVE
	if (r->v_mapped) {
		size_t len = big_round(cap * sizeof(*r->v));
		void *v = mremap(r->v, r->v_mapped, len, MREMAP_MAYMOVE);
		if (v != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
			madvise(v, len, MADV_HUGEPAGE);
#endif
			r->v = v;
			r->v_mapped = len;
			r->cap = len / sizeof(*r->v);
			return;
		}
	}
#endif
	struct rec_event *v = block_alloc(cap * sizeof(*v), &mapped);
	if (mapped)
		cap = mapped / sizeof(*v);
	if (r->n)
		memcpy(v, r->v, r->n * sizeof(*v));
	block_free(r->v, r->v_mapped);
	r->v = v;
	r->v_mapped = mapped;
	r->cap = cap;
}

void recording_sink(const struct event *ev, void *ctx)
{
	struct recording *r = ctx;
	if (r->n == r->cap)
		grow(r);
	struct rec_event *re = &r->v[r->n++];
	re->ev = *ev;
	re->ev.packet = NULL;
	re->ev.text = arena_strdup(r, ev->text);
	re->ev.chain = name_copy(r, ev->chain);
	re->ev.base = name_copy(r, ev->base);
	re->ev.jump = name_copy(r, ev->jump); /* the engine may be gone when it is read */
	re->ev.detail = arena_strdup(r, ev->detail);
	re->ev.old_val = val_copy(r, ev->old_val);
	re->ev.new_val = val_copy(r, ev->new_val);
	re->ev.view = view_copy(r, ev->view);
	re->ev.nresults = !ev->results ? 0 : ev->nresults < RULE_MAX_RESULTS ? ev->nresults
									 : RULE_MAX_RESULTS;
	re->ev.results = results_copy(r, ev->results, re->ev.nresults);
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
