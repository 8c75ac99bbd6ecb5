/* live.c - capturing on a real interface: pcap_create + pcap_activate
 * (promiscuous, immediate delivery, inbound frames only, non-blocking so a
 * front end can poll capture_fd()), with an optional BPF filter.  Every
 * failure names the interface; missing rights name the capability. */
#define _DEFAULT_SOURCE /* u_int and friends in pcap.h */

#include <pcap/pcap.h>
#include <string.h>

#include "capture/capture.h"

enum { LIVE_SNAPLEN = 65535, LIVE_TIMEOUT_MS = 100 };

static int activate_error(pcap_t *pc, int rc, const char *dev, struct nf_error *err)
{
	const char *why = pcap_geterr(pc);
	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		return nf_err(err, -1,
			      "cannot capture on %s: permission denied (%s); capturing needs "
			      "CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode): run as root "
			      "or grant them with `setcap cap_net_raw,cap_net_admin=eip nfwalk`",
			      dev, why);
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return nf_err(err, -1, "cannot capture on %s: no such interface", dev);
	case PCAP_ERROR_IFACE_NOT_UP:
		return nf_err(err, -1, "cannot capture on %s: the interface is down", dev);
	default:
		return nf_err(err, -1, "cannot capture on %s: %s", dev,
			      why[0] ? why : pcap_statustostr(rc));
	}
}

static int set_filter(pcap_t *pc, const char *dev, const char *filter, struct nf_error *err)
{
	struct bpf_program prog;
	if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
		return nf_err(err, -1, "--filter \"%s\": %s", filter, pcap_geterr(pc));
	int rc = pcap_setfilter(pc, &prog);
	pcap_freecode(&prog);
	if (rc < 0)
		return nf_err(err, -1, "cannot set the filter on %s: %s", dev, pcap_geterr(pc));
	return 0;
}

static int configure(pcap_t *pc, const char *dev, const char *filter, struct nf_error *err)
{
	pcap_set_snaplen(pc, LIVE_SNAPLEN);
	pcap_set_promisc(pc, 1);
	pcap_set_timeout(pc, LIVE_TIMEOUT_MS);
	pcap_set_immediate_mode(pc, 1);
	int rc = pcap_activate(pc);
	if (rc < 0)
		return activate_error(pc, rc, dev, err);
	/* The simulated host receives what arrives; what the real host sends
	 * out of this interface is not traffic towards it. */
	if (pcap_setdirection(pc, PCAP_D_IN) < 0)
		return nf_err(err, -1, "cannot capture on %s: %s", dev, pcap_geterr(pc));
	if (filter && *filter && set_filter(pc, dev, filter, err) < 0)
		return -1;
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	if (pcap_setnonblock(pc, 1, errbuf) < 0)
		return nf_err(err, -1, "cannot capture on %s: %s", dev, errbuf);
	return 0;
}

int capture_open_live(struct capture *c, const char *dev, const char *filter, const char *iface,
		      struct nf_error *err)
{
	memset(c, 0, sizeof(*c));
	c->file_size = -1;
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc = pcap_create(dev, errbuf);
	if (!pc)
		return nf_err(err, -1, "cannot capture on %s: %s", dev, errbuf);
	if (configure(pc, dev, filter, err) < 0) {
		pcap_close(pc);
		return -1;
	}
	c->pc = pc;
	c->live = true;
	c->dlt = pcap_datalink(pc);
	str_copy(c->source, sizeof(c->source), dev);
	str_copy(c->iface, sizeof(c->iface), iface);
	return 0;
}
