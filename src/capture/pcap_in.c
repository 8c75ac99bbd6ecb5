/* pcap_in.c - reading frames through libpcap, from a pcap or pcapng file
 * (pcap_open_offline reads both) or from a live handle (live.c opens it),
 * and turning each into a packet (frame.c).  A damaged file ends the
 * capture early with libpcap's reason kept for the summary. */
#define _DEFAULT_SOURCE /* fileno, struct stat */

#include <errno.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture/capture.h"

static const char *const skip_texts[] = {
#define X(id, text) text,
	CAP_SKIP_LIST(X)
#undef X
};

const char *cap_skip_text(enum cap_skip s)
{
	return (unsigned)s < ARRAY_SIZE(skip_texts) ? skip_texts[s] : "?";
}

static void capture_reset(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->file_size = -1;
}

/* A file is read through a stdio buffer of its own: libpcap freads each
 * record's header and bytes, and stdio's default of one block (4 KiB)
 * turned a 200 MB capture into 48,000 read calls.  glibc's setvbuf keeps
 * its default size unless given the buffer, so c owns one (freed after
 * pcap_close).  "-" is standard input, as for tcpdump. */
static pcap_t *open_offline(struct capture *c, const char *path, char *errbuf)
{
	enum { READ_BUFFER = 1 << 20 };
	if (strcmp(path, "-") == 0)
		return pcap_open_offline(path, errbuf);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s: %s", path, strerror(errno));
		return NULL;
	}
	c->read_buf = xmalloc(READ_BUFFER);
	setvbuf(f, c->read_buf, _IOFBF, READ_BUFFER);
	pcap_t *pc = pcap_fopen_offline(f, errbuf);
	if (!pc) {
		fclose(f);
		free(c->read_buf);
		c->read_buf = NULL;
	}
	return pc;
}

int capture_open_file(struct capture *c, const char *path, const char *iface,
		      struct nf_error *err)
{
	capture_reset(c);
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc = open_offline(c, path, errbuf);
	if (!pc) {
		str_copy(err->file, sizeof(err->file), path);
		err->line = 0;
		return nf_err(err, -1, "cannot read the capture: %s", errbuf);
	}
	c->pc = pc;
	c->dlt = pcap_datalink(pc);
	str_copy(c->source, sizeof(c->source), path);
	str_copy(c->iface, sizeof(c->iface), iface);
	struct stat sb;
	FILE *f = pcap_file(pc);
	if (f && fstat(fileno(f), &sb) == 0)
		c->file_size = (long long)sb.st_size;
	return 0;
}

void capture_set_host(struct capture *c, const uint8_t *mac, const uint32_t *addrs, size_t n)
{
	c->has_iface_mac = mac != NULL;
	if (mac)
		memcpy(c->iface_mac, mac, 6);
	c->local_addrs = addrs;
	c->nlocal = n;
}

void capture_learn_host(struct capture *c, const struct netconf *net)
{
	size_t total = 0, n = 0;
	for (size_t i = 0; i < net->nifaces; i++)
		total += (size_t)net->ifaces[i].naddr;
	free(c->owned_addrs);
	c->owned_addrs = xcalloc(total ? total : 1, sizeof(*c->owned_addrs));
	for (size_t i = 0; i < net->nifaces; i++)
		for (int k = 0; k < net->ifaces[i].naddr; k++)
			c->owned_addrs[n++] = net->ifaces[i].addr[k];
	const struct iface *ifc = netconf_iface(net, c->iface);
	capture_set_host(c, ifc && ifc->has_mac ? ifc->mac : NULL, c->owned_addrs, n);
}

enum cap_status capture_next(struct capture *c, struct packet **out)
{
	*out = NULL;
	if (!c->pc)
		return CAP_END;
	for (;;) {
		struct pcap_pkthdr *h;
		const u_char *bytes;
		int rc = pcap_next_ex(c->pc, &h, &bytes);
		if (rc == 0)
			return CAP_AGAIN;
		if (rc == PCAP_ERROR_BREAK)
			return CAP_END;
		if (rc < 0) {
			str_copy(c->error, sizeof(c->error), pcap_geterr(c->pc));
			return CAP_END;
		}
		c->st.frames++;
		c->st.bytes += h->caplen;
		enum cap_skip s = frame_to_packet(c, bytes, h->caplen, h->len, out);
		if (s != CAP_TAKEN) {
			c->st.skipped[s]++;
			continue;
		}
		c->st.packets++;
		if (pkt_family(*out) == FAMILY_IPV6)
			c->st.ipv6++;
		if ((*out)->local_out)
			c->st.local++;
		c->ts_sec = (int64_t)h->ts.tv_sec;
		c->ts_usec = (int32_t)h->ts.tv_usec;
		(*out)->t = (double)c->ts_sec + (double)c->ts_usec / 1e6;
		return CAP_PACKET;
	}
}

int capture_fd(const struct capture *c)
{
	return c->live && c->pc ? pcap_get_selectable_fd(c->pc) : -1;
}

long long capture_offset(const struct capture *c)
{
	FILE *f = c->pc && !c->live ? pcap_file(c->pc) : NULL;
	return f ? (long long)ftell(f) : -1;
}

void capture_close(struct capture *c)
{
	if (c->pc)
		pcap_close(c->pc);
	c->pc = NULL;
	free(c->read_buf); /* after pcap_close: its FILE read into it */
	c->read_buf = NULL;
	free(c->owned_addrs);
	c->owned_addrs = NULL;
	c->local_addrs = NULL;
	c->nlocal = 0;
}

void capture_summary(const struct capture *c, FILE *f)
{
	const char *lt = frame_linktype_name(c->dlt);
	fprintf(f, "%s: %" PRIu64 " frame%s (link type %s", c->source, c->st.frames,
		c->st.frames == 1 ? "" : "s", lt ? lt : "unsupported");
	if (!lt)
		fprintf(f, " %d", c->dlt);
	uint64_t v4 = c->st.packets - c->st.ipv6;
	fprintf(f, "): %" PRIu64 " IPv4 packet%s", v4, v4 == 1 ? "" : "s");
	if (c->st.ipv6)
		fprintf(f, " and %" PRIu64 " IPv6 packet%s", c->st.ipv6,
			c->st.ipv6 == 1 ? "" : "s");
	fputs(" walked", f);
	if (c->st.local)
		fprintf(f, " (%" PRIu64 " sent by the host itself)", c->st.local);
	fputs("\n", f);
	for (int s = 0; s < CAP_SKIP_COUNT; s++)
		if (c->st.skipped[s])
			fprintf(f, "  skipped %8" PRIu64 "  %s\n", c->st.skipped[s],
				cap_skip_text((enum cap_skip)s));
	if (c->error[0])
		fprintf(f, "  the capture ended early: %s\n", c->error);
}
