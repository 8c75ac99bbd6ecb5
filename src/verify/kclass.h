/* kclass.h - which tc class a packet went through, read from the class
 * counters (`tc -s class show dev X`) before and after it: the kernel
 * does not trace skb->priority or the classifier's choice. */
#ifndef NFWALK_KCLASS_H
#define NFWALK_KCLASS_H

#include <stdint.h>

#include "scenario/scenario.h"
#include "nsexec.h"

struct kclass_count {
	char dev[16];
	char classid[16]; /* "1:10" */
	uint64_t pkts;
};

struct kclass {
	struct kclass_count *v;
	size_t n;
};

/* Devices the scenario gave a qdisc ("dev X" in its tc lines). */
size_t kclass_devices(const struct scenario *s, char devs[][16], size_t max);
int kclass_read(const struct netns *ns, char devs[][16], size_t ndev, struct kclass *k,
		struct nf_error *err);
/* Parse one device's `tc -s class show` output (for the unit test). */
void kclass_parse(const char *dev, const char *text, struct kclass *k);
/* The one class of dev whose count grew by exactly one between before
 * and after; false when none or several did. */
bool kclass_delta(const struct kclass *before, const struct kclass *after, const char *dev,
		  char *classid, size_t n);
void kclass_free(struct kclass *k);

#endif
