/* whatif_packet.c - the packet as a line to edit, and the line back into
 * the packet (see whatif_packet.h). */
#include "whatif_packet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/words.h"

/* Does the line have this word (a short-form keyword)? */
static bool has_word(const char *line, const char *word)
{
	struct word_list wl;
	bool found = false;
	if (word_split_line(&wl, line, WORD_QUOTES | WORD_ESCAPES) == WORD_OK)
		for (size_t i = 0; i < wl.n && !found; i++)
			found = strcmp(wl.v[i].s, word) == 0;
	word_list_free(&wl);
	return found;
}

/* The word after `on` (the arriving interface), as its column; -1. */
static int iface_col(const char *line)
{
	struct word_list wl;
	int col = -1;
	if (word_split_line(&wl, line, WORD_QUOTES | WORD_ESCAPES) == WORD_OK)
		for (size_t i = 0; i + 1 < wl.n && col < 0; i++)
			if (strcmp(wl.v[i].s, "on") == 0)
				col = wl.v[i + 1].col;
	word_list_free(&wl);
	return col;
}

static void append(char *buf, size_t n, const char *fmt, unsigned v)
{
	size_t used = strlen(buf);
	if (used < n)
		snprintf(buf + used, n - used, fmt, v);
}

/* The keys beside `send:` overrode what the line says: say them as words. */
static void key_words(const struct scn_packet *pk, char *buf, size_t n)
{
	struct scn_packet said = *pk;
	struct nf_error err = {.col = -1};
	if (pktspec_parse(pk->text, &said, &err) != 0)
		return;
	if (said.payload_data != pk->payload_data)
		free(said.payload_data);
	if (pk->mark != said.mark && !has_word(pk->text, "mark"))
		append(buf, n, " mark 0x%x", pk->mark);
	if (pk->spec.ttl != said.spec.ttl && !has_word(pk->text, "ttl"))
		append(buf, n, " ttl %u", pk->spec.ttl);
	if (pk->spec.tos != said.spec.tos && !has_word(pk->text, "tos"))
		append(buf, n, " tos %u", pk->spec.tos);
	if (pk->spec.payload != said.spec.payload && !has_word(pk->text, "len") &&
	    !has_word(pk->text, "payload"))
		append(buf, n, " len %u", pk->spec.payload);
	if (pk->has_mac && memcmp(pk->mac, said.mac, 6) != 0 && !has_word(pk->text, "mac")) {
		size_t used = strlen(buf);
		if (used < n)
			snprintf(buf + used, n - used, " mac %02x:%02x:%02x:%02x:%02x:%02x", pk->mac[0],
				 pk->mac[1], pk->mac[2], pk->mac[3], pk->mac[4], pk->mac[5]);
	}
}

void packet_line(const struct scn_packet *pk, char *buf, size_t n)
{
	if (pk->reply_to) {
		snprintf(buf, n, "reply %d", pk->reply_to);
		return;
	}
	snprintf(buf, n, "%s", pk->text ? pk->text : "");
	if (pk->text && pk->text[0])
		key_words(pk, buf, n);
}

static bool iface_declared(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, name) == 0)
			return true;
	return false;
}

/* `reply N`: the answer to an earlier packet; 1 when line is one, 0 when
 * it is not, -1 when N is wrong. */
static int as_reply(struct scenario *s, size_t index, const char *line, struct nf_error *err)
{
	unsigned long to;
	int used = 0;
	if (sscanf(line, " reply %lu %n", &to, &used) != 1 || line[used])
		return 0;
	if (to < 1 || to > index)
		return nf_err(err, (int)strspn(line, " ") + 6,
			      "bad reply `%lu`: expected the number of an earlier packet (this is packet %zu)",
			      to, index + 1);
	struct scn_packet *pk = &s->packets[index];
	pk->reply_to = (int)to;
	pk->spec.proto = s->packets[to - 1].spec.proto;
	pk->has_flags = pk->has_flags && pk->spec.proto == PROTO_TCP;
	free(pk->text);
	pk->text = xstrdup("");
	return 1;
}

/* The replies to packet index speak its protocol (as the loader has it). */
static void replies_follow(struct scenario *s, size_t index)
{
	for (size_t j = index + 1; j < s->npackets; j++) {
		struct scn_packet *r = &s->packets[j];
		if (r->reply_to == (int)index + 1) {
			r->spec.proto = s->packets[index].spec.proto;
			r->has_flags = r->has_flags && r->spec.proto == PROTO_TCP;
		}
	}
}

int packet_apply(struct scenario *s, size_t index, const char *line, struct nf_error *err)
{
	if (index >= s->npackets)
		return nf_err(err, -1, "the scenario has no packet %zu any more", index + 1);
	int r = as_reply(s, index, line, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		struct scn_packet *pk = &s->packets[index];
		struct scn_packet next = *pk; /* what the line does not say stays */
		if (pktspec_parse(line, &next, err) != 0) {
			if (next.payload_data != pk->payload_data)
				free(next.payload_data);
			return -1;
		}
		if (next.iif[0] && !iface_declared(s, next.iif)) {
			if (next.payload_data != pk->payload_data)
				free(next.payload_data);
			struct strbuf names = STRBUF_INIT;
			for (size_t i = 0; i < s->nifaces; i++)
				sb_addf(&names, "%s%s", i ? ", " : "", s->ifaces[i].ifc.name);
			nf_err(err, iface_col(line), "unknown interface `%s` (declared: %s)", next.iif,
			       s->nifaces ? sb_str(&names) : "none");
			sb_free(&names);
			return -1;
		}
		if (pk->payload_data != next.payload_data)
			free(pk->payload_data);
		free(pk->text);
		next.text = xstrdup(line);
		next.reply_to = 0;
		next.has_flags = false;
		*pk = next;
	}
	replies_follow(s, index);
	return 0;
}
