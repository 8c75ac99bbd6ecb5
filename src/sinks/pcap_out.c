/* pcap_out.c - the pcap writer sink (see pcap_out.h).  libpcap writes the
 * file (pcap_open_dead + pcap_dump_open), so any reader of classic pcap
 * opens it. */
#define _DEFAULT_SOURCE /* u_int and friends in pcap.h */

#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "sinks/pcap_out.h"

enum { OUT_SNAPLEN = 65535, STEPS_PER_SUB = 1000 };

struct pcap_writer {
	pcap_t *dead;
	pcap_dumper_t *dump;
	int write_errno; /* the first write that failed, 0 while none has */
	bool every_box;
	uint64_t count;
	/* the walk being written and the bytes last written for it */
	int pkt, sub;
	uint8_t *last;
	size_t last_len, last_cap;
	/* base time of walk base_pkt */
	int base_pkt;
	int64_t base_sec;
	int32_t base_usec;
};

struct pcap_writer *pcap_writer_open(const char *path, bool every_box, struct nf_error *err)
{
	pcap_t *dead = pcap_open_dead(DLT_RAW, OUT_SNAPLEN);
	if (!dead) {
		nf_err(err, -1, "%s: cannot start a pcap file", path);
		return NULL;
	}
	pcap_dumper_t *dump = pcap_dump_open(dead, path);
	if (!dump) {
		nf_err(err, -1, "cannot write the pcap file %s", pcap_geterr(dead)); /* "PATH: why" */
		pcap_close(dead);
		return NULL;
	}
	struct pcap_writer *w = xcalloc(1, sizeof(*w));
	w->dead = dead;
	w->dump = dump;
	w->every_box = every_box;
	w->pkt = -1;
	w->base_pkt = -1;
	return w;
}

void pcap_writer_set_time(struct pcap_writer *w, int pkt, int64_t sec, int32_t usec)
{
	w->base_pkt = pkt;
	w->base_sec = sec;
	w->base_usec = usec;
}

/* Base time plus sub * 1000 + step microseconds. */
static struct timeval record_time(const struct pcap_writer *w, const struct event *ev)
{
	int64_t sec = ev->pkt == w->base_pkt ? w->base_sec : ev->pkt;
	int64_t usec = ev->pkt == w->base_pkt ? w->base_usec : 0;
	usec += (int64_t)ev->sub * STEPS_PER_SUB + ev->step;
	sec += usec / 1000000;
	usec %= 1000000;
	return (struct timeval){.tv_sec = (time_t)sec, .tv_usec = (suseconds_t)usec};
}

static void remember(struct pcap_writer *w, const struct packet *p)
{
	if (p->len > w->last_cap) {
		w->last_cap = p->len;
		w->last = xrealloc(w->last, w->last_cap);
	}
	memcpy(w->last, p->data, p->len);
	w->last_len = p->len;
}

static bool changed(const struct pcap_writer *w, const struct packet *p)
{
	return p->len != w->last_len || memcmp(p->data, w->last, p->len) != 0;
}

static void write_packet(struct pcap_writer *w, const struct event *ev)
{
	const struct packet *p = ev->packet;
	size_t len = p->len < OUT_SNAPLEN ? p->len : OUT_SNAPLEN;
	struct pcap_pkthdr h = {.ts = record_time(w, ev), .caplen = (bpf_u_int32)len,
				.len = (bpf_u_int32)p->len};
	errno = 0;
	pcap_dump((u_char *)w->dump, &h, p->data);
	if (!w->write_errno && ferror(pcap_dump_file(w->dump)))
		w->write_errno = errno ? errno : EIO;
	w->count++;
	remember(w, p);
}

void pcap_writer_sink(const struct event *ev, void *ctx)
{
	struct pcap_writer *w = ctx;
	if (!ev->packet || !ev->packet->data)
		return;
	bool new_walk = ev->pkt != w->pkt || ev->sub != w->sub;
	if (new_walk || ev->kind == EV_PACKET) {
		w->pkt = ev->pkt;
		w->sub = ev->sub;
		write_packet(w, ev);
		return;
	}
	bool at_box = ev->kind == EV_ENTER;
	bool at_end = ev->kind == EV_FATE;
	if ((at_box && w->every_box) || ((at_box || at_end) && changed(w, ev->packet)))
		write_packet(w, ev);
}

uint64_t pcap_writer_count(const struct pcap_writer *w)
{
	return w->count;
}

int pcap_writer_close(struct pcap_writer *w, struct nf_error *err)
{
	if (!w)
		return 0;
	int rc = 0;
	errno = 0;
	if (pcap_dump_flush(w->dump) < 0 && !w->write_errno)
		w->write_errno = errno ? errno : EIO;
	if (w->write_errno)
		rc = nf_err(err, -1, "cannot write the pcap file: %s", strerror(w->write_errno));
	pcap_dump_close(w->dump);
	pcap_close(w->dead);
	free(w->last);
	free(w);
	return rc;
}
