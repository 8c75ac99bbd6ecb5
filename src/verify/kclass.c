/* kclass.c - tc class counters.
 *
 *   class htb 1:10 root prio 0 rate 8Mbit ceil 8Mbit burst 1600b cburst 1600b
 *    Sent 74 bytes 1 pkt (dropped 0, overlimits 0 requeues 0)
 */
#include "kclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/words.h"

size_t kclass_devices(const struct scenario *s, char devs[][16], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->ntc; i++) {
		struct word_list w;
		if (word_split_line(&w, s->tc[i].text, WORD_QUOTES) != WORD_OK)
			continue;
		for (size_t k = 0; k + 1 < w.n; k++) {
			if (strcmp(w.v[k].s, "dev") != 0)
				continue;
			bool known = false;
			for (size_t d = 0; d < n; d++)
				known = known || strcmp(devs[d], w.v[k + 1].s) == 0;
			if (!known && n < max)
				str_copy(devs[n++], 16, w.v[k + 1].s);
		}
		word_list_free(&w);
	}
	return n;
}

void kclass_parse(const char *dev, const char *text, struct kclass *k)
{
	const char *p = text;
	struct kclass_count *cur = NULL;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		char kind[32], id[16];
		unsigned long long bytes, pkts;
		if (sscanf(line, "class %31s %15s", kind, id) == 2) {
			k->v = xrealloc(k->v, (k->n + 1) * sizeof(*k->v));
			cur = &k->v[k->n++];
			memset(cur, 0, sizeof(*cur));
			str_copy(cur->dev, sizeof(cur->dev), dev);
			str_copy(cur->classid, sizeof(cur->classid), id);
		} else if (cur && sscanf(line, " Sent %llu bytes %llu pkt", &bytes, &pkts) == 2) {
			cur->pkts = pkts;
			cur = NULL;
		}
	}
}

int kclass_read(const struct netns *ns, char devs[][16], size_t ndev, struct kclass *k,
		struct nf_error *err)
{
	*k = (struct kclass){0};
	for (size_t i = 0; i < ndev; i++) {
		const char *argv[] = {"tc", "-s", "class", "show", "dev", devs[i], NULL};
		struct cmd_result r;
		int rc = ns_run(ns, argv, NULL, &r, err);
		if (rc == 0)
			kclass_parse(devs[i], sb_str(&r.out), k);
		cmd_result_free(&r);
		if (rc)
			return -1;
	}
	return 0;
}

static uint64_t count_of(const struct kclass *k, const char *dev, const char *classid)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i].dev, dev) == 0 && strcmp(k->v[i].classid, classid) == 0)
			return k->v[i].pkts;
	return 0;
}

bool kclass_delta(const struct kclass *before, const struct kclass *after, const char *dev,
		  char *classid, size_t n)
{
	int grown = 0;
	for (size_t i = 0; i < after->n; i++) {
		const struct kclass_count *c = &after->v[i];
		if (strcmp(c->dev, dev) != 0)
			continue;
		uint64_t was = count_of(before, dev, c->classid);
		if (c->pkts == was)
			continue;
		if (c->pkts != was + 1)
			return false;
		grown++;
		str_copy(classid, n, c->classid);
	}
	return grown == 1;
}

void kclass_free(struct kclass *k)
{
	free(k->v);
	*k = (struct kclass){0};
}
