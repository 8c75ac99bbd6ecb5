/* kinject.c - make bench's kernel reference: send every packet of a
 * LINKTYPE_RAW capture out of an interface, as fast as the kernel takes
 * them, and print what the whole machine's CPUs were busy for meanwhile
 * (/proc/stat: user, nice, system, irq, softirq), as "PACKETS SECONDS".
 *
 *   kinject IFACE DSTMAC FILE.pcap
 *
 * Run inside a network namespace whose IFACE is a veth into the router's
 * namespace (tests/bench/kernel_ref.sh builds both).  The packets are
 * read into memory first, so reading the file is not counted; a veth
 * hands each packet to the router's stack in the sender's own softirq,
 * so the busy time is the sending plus all the router does with it.
 * The caller subtracts a run whose router drops at its ingress.
 *
 * Exits 2 for a usage error or a capture it cannot use, 1 when sending
 * fails. */
#define _GNU_SOURCE /* sendmmsg */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* clock ticks the machine's CPUs were busy since boot, or 0 */
static unsigned long long busy_ticks(void)
{
	FILE *f = fopen("/proc/stat", "r");
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	int n = f ? fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle,
			   &iowait, &irq, &softirq)
		  : 0;
	if (f)
		fclose(f);
	return n == 7 ? user + nice + sys + irq + softirq : 0;
}

struct frames {
	struct iovec *v;
	size_t n, cap;
};

/* every packet of the capture, copied (it must carry IPv4 or IPv6 from
 * its first byte: LINKTYPE_RAW, as make bench writes) */
static int read_capture(const char *path, struct frames *f)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	if (!p) {
		fprintf(stderr, "kinject: %s\n", err);
		return -1;
	}
	if (pcap_datalink(p) != DLT_RAW && pcap_datalink(p) != 101 /* LINKTYPE_RAW */) {
		fprintf(stderr, "kinject: %s: link type %d, not RAW\n", path, pcap_datalink(p));
		pcap_close(p);
		return -1;
	}
	struct pcap_pkthdr *h;
	const u_char *d;
	while (pcap_next_ex(p, &h, &d) == 1) {
		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 4096;
			f->v = realloc(f->v, f->cap * sizeof(*f->v));
		}
		void *copy = malloc(h->caplen ? h->caplen : 1);
		if (!f->v || !copy) {
			fprintf(stderr, "kinject: out of memory\n");
			exit(1);
		}
		memcpy(copy, d, h->caplen);
		f->v[f->n++] = (struct iovec){.iov_base = copy, .iov_len = h->caplen};
	}
	pcap_close(p);
	return 0;
}

/* the Ethernet type of a raw packet: its IP version */
static unsigned short ethertype(const struct iovec *v)
{
	const unsigned char *b = v->iov_base;
	return v->iov_len && b[0] >> 4 == 6 ? ETH_P_IPV6 : ETH_P_IP;
}

enum { BATCH = 64 };

static int send_all(int s, struct sockaddr_ll *to, const struct frames *f)
{
	struct sockaddr_ll dst[BATCH];
	struct mmsghdr m[BATCH];
	for (size_t i = 0; i < f->n; i += BATCH) {
		unsigned k = f->n - i < BATCH ? (unsigned)(f->n - i) : BATCH;
		for (unsigned j = 0; j < k; j++) {
			dst[j] = *to;
			dst[j].sll_protocol = htons(ethertype(&f->v[i + j]));
			m[j] = (struct mmsghdr){.msg_hdr = {.msg_name = &dst[j],
							    .msg_namelen = sizeof(dst[j]),
							    .msg_iov = &f->v[i + j],
							    .msg_iovlen = 1}};
		}
		for (unsigned done = 0; done < k;) {
			int r = sendmmsg(s, m + done, k - done, 0);
			if (r < 0) {
				perror("kinject: sendmmsg");
				return -1;
			}
			done += (unsigned)r;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned mac[6];
	if (argc != 4 || sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2], &mac[3],
				&mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: kinject IFACE DSTMAC FILE.pcap\n");
		return 2;
	}
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
				 .sll_ifindex = (int)if_nametoindex(argv[1]),
				 .sll_halen = 6};
	if (!to.sll_ifindex) {
		fprintf(stderr, "kinject: %s: no such interface\n", argv[1]);
		return 2;
	}
	for (int i = 0; i < 6; i++)
		to.sll_addr[i] = (unsigned char)mac[i];
	struct frames f = {0};
	if (read_capture(argv[3], &f) != 0)
		return 2;
	int s = socket(AF_PACKET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("kinject: AF_PACKET socket");
		return 1;
	}
	unsigned long long before = busy_ticks();
	if (send_all(s, &to, &f) != 0)
		return 1;
	/* what ksoftirqd took over finishes within a moment; idle time is
	 * not busy time, so waiting costs the figure nothing */
	usleep(200000);
	unsigned long long after = busy_ticks();
	printf("%zu %.3f\n", f.n, (double)(after - before) / (double)sysconf(_SC_CLK_TCK));
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i].iov_base);
	free(f.v);
	close(s);
	return before && after ? 0 : 1;
}
