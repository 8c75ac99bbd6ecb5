/* whatif_packet.h - key p: what if the packet were different.  The
 * packet is edited in the short form (nfwalk-scenario(5)): the line the
 * scenario's `send:` or the --packet option gave, with the words for the
 * keys written beside `send:` (mark, ttl, tos, payload as len, mac) that
 * changed what the line says; a reply is `reply N`.  The edited line is
 * parsed as the loader parses it, interface names checked against the
 * host's, and becomes the packet. */
#ifndef NFWALK_TUI_WHATIF_PACKET_H
#define NFWALK_TUI_WHATIF_PACKET_H

#include <stddef.h>

#include "scenario/scenario.h"

/* The line the editor opens with for pk. */
void packet_line(const struct scn_packet *pk, char *buf, size_t n);
/* Make packet index (0-based) of s what line says; the replies to it
 * speak its protocol.  Returns 0, or -1 with err->msg and err->col (the
 * offset in line of the word at fault, -1 for the whole line); s is then
 * unchanged. */
int packet_apply(struct scenario *s, size_t index, const char *line, struct nf_error *err);

#endif
