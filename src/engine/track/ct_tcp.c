/* ct_tcp.c - TCP connection tracking as nf_conntrack_proto_tcp: the
 * kernel's state transition table, indexed by direction, the segment's
 * flag class and the current state, plus the few rules that need history
 * (reopening a closed connection, ignored segments, ASSURED, a RST before
 * any reply).  Sequence windows are not checked (tcp_in_window): nfwalk's
 * segments are always taken as in window. */
#include "engine/track/ct_proto.h"
#include "engine/track/packet.h"

/* get_conntrack_index(): the flag class of a segment. */
enum tcp_index { T_SYN, T_SYNACK, T_FIN, T_ACK, T_RST, T_NONE, T_INDEX_COUNT };

static const char *const index_names[T_INDEX_COUNT] = {
	"SYN", "SYN/ACK", "FIN", "ACK", "RST", "segment without SYN, FIN, ACK or RST",
};

static enum tcp_index flag_class(uint8_t flags)
{
	if (flags & TCPF_RST)
		return T_RST;
	if (flags & TCPF_SYN)
		return flags & TCPF_ACK ? T_SYNACK : T_SYN;
	if (flags & TCPF_FIN)
		return T_FIN;
	return flags & TCPF_ACK ? T_ACK : T_NONE;
}

/* The kernel's abbreviations, so the table below reads like tcp_conntracks. */
enum {
	sNO = CT_TCP_NONE,
	sSS = CT_TCP_SYN_SENT,
	sSR = CT_TCP_SYN_RECV,
	sES = CT_TCP_ESTABLISHED,
	sFW = CT_TCP_FIN_WAIT,
	sCW = CT_TCP_CLOSE_WAIT,
	sLA = CT_TCP_LAST_ACK,
	sTW = CT_TCP_TIME_WAIT,
	sCL = CT_TCP_CLOSE,
	sS2 = CT_TCP_SYN_SENT2,
	TCP_STATE_COUNT,
	sIV = TCP_STATE_COUNT, /* invalid */
	sIG,                   /* ignored: the entry may be out of sync */
};

/* tcp_conntracks[dir][index][state] from nf_conntrack_proto_tcp.c. */
static const uint8_t transitions[2][T_INDEX_COUNT][TCP_STATE_COUNT] = {
	{
		/* ORIGINAL  sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2 */
		/* syn    */ {sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2},
		/* synack */ {sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR},
		/* fin    */ {sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV},
		/* ack    */ {sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV},
		/* rst    */ {sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL},
		/* none   */ {sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV},
	},
	{
		/* REPLY     sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2 */
		/* syn    */ {sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2},
		/* synack */ {sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR},
		/* fin    */ {sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV},
		/* ack    */ {sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG},
		/* rst    */ {sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL},
		/* none   */ {sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV},
	},
};

static const struct piece state_names[TCP_STATE_COUNT] = {
	PIECE("NONE"),       PIECE("SYN_SENT"), PIECE("SYN_RECV"),  PIECE("ESTABLISHED"),
	PIECE("FIN_WAIT"),   PIECE("CLOSE_WAIT"), PIECE("LAST_ACK"), PIECE("TIME_WAIT"),
	PIECE("CLOSE"),      PIECE("SYN_SENT2"),
};

struct piece ct_tcp_state_piece(enum ct_tcp_state s)
{
	return (unsigned)s < TCP_STATE_COUNT ? state_names[s] : LIT("?");
}

const char *ct_tcp_state_name(enum ct_tcp_state s)
{
	return ct_tcp_state_piece(s).s;
}

static const char *dir_name(enum ct_dir dir)
{
	return dir == CT_DIR_REPLY ? "reply" : "original";
}

/* tcp_valid_flags: the combinations a tracked segment may carry once PSH,
 * ECE and CWR are set aside. */
static bool flags_valid(uint8_t flags)
{
	static const uint8_t valid[] = {
		TCPF_SYN,           TCPF_SYN | TCPF_URG,           TCPF_SYN | TCPF_ACK,
		TCPF_RST,           TCPF_RST | TCPF_ACK,           TCPF_FIN | TCPF_ACK,
		TCPF_FIN | TCPF_ACK | TCPF_URG, TCPF_ACK,          TCPF_ACK | TCPF_URG,
	};
	uint8_t f = flags & (uint8_t) ~(TCPF_ECE | TCPF_CWR | TCPF_PSH);
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++)
		if (valid[i] == f)
			return true;
	return false;
}

const char *ct_tcp_error(const struct packet *p)
{
	uint8_t hdr = pkt_tcp_hdr_len(p);
	if (!pkt_l4(p, 20) || hdr < 20 || hdr > pkt_l4_avail(p))
		return "truncated tcp header";
	if (!flags_valid(pkt_tcp_flags(p)))
		return "invalid tcp flag combination";
	return NULL;
}

bool ct_tcp_new(const struct packet *p, bool loose, enum ct_tcp_state *state,
		struct strbuf *why)
{
	enum tcp_index index = flag_class(pkt_tcp_flags(p));
	uint8_t first = transitions[CT_DIR_ORIGINAL][index][sNO];
	if (first == sIV) {
		sb_addf(why, "a %s cannot open a tcp connection", index_names[index]);
		return false;
	}
	if (first != sSS && !loose) {
		sb_adds(why, "nf_conntrack_tcp_loose=0: a connection is not picked up mid-stream");
		return false;
	}
	*state = (enum ct_tcp_state)first;
	return true;
}

/* seq + length, counting SYN and FIN (segment_seq_plus_len). */
static uint32_t segment_end(const struct packet *p)
{
	uint8_t f = pkt_tcp_flags(p);
	return pkt_tcp_seq(p) + (uint32_t)pkt_payload_len(p) + !!(f & TCPF_SYN) + !!(f & TCPF_FIN);
}

static enum ct_dir last_dir(const struct ct_entry *e)
{
	return (e->tcp.flags & CT_TCPF_LAST_REPLY) ? CT_DIR_REPLY : CT_DIR_ORIGINAL;
}

static void set_last_dir(struct ct_entry *e, enum ct_dir dir)
{
	e->tcp.flags = (uint8_t)((e->tcp.flags & ~CT_TCPF_LAST_REPLY) | (dir == CT_DIR_REPLY ? CT_TCPF_LAST_REPLY : 0));
}

/* What tcp_in_window keeps of the data in flight, for the timeout only
 * (nfwalk does not check windows): a segment ending past what was sent
 * that way before leaves data unacknowledged; a segment acknowledging
 * all the other way sent (or carrying no ACK, which the kernel takes
 * as acknowledging it) clears that way's.  The first segment each way
 * only says where its data starts. */
static void track_data(struct ct_entry *e, const struct packet *p, enum ct_dir dir, uint8_t flags)
{
	enum ct_dir other = dir == CT_DIR_ORIGINAL ? CT_DIR_REPLY : CT_DIR_ORIGINAL;
	uint32_t end = segment_end(p);
	if (!(e->tcp.flags & CT_TCPF_TD_SET(dir))) {
		e->tcp.td_end[dir] = end;
		e->tcp.flags |= CT_TCPF_TD_SET(dir);
	} else if ((int32_t)(end - e->tcp.td_end[dir]) > 0) {
		e->tcp.td_end[dir] = end;
		e->tcp.flags |= CT_TCPF_UNACK(dir);
	}
	if (!(flags & TCPF_ACK) || pkt_tcp_ack(p) == e->tcp.td_end[other])
		e->tcp.flags &= (uint8_t)~CT_TCPF_UNACK(other);
}

/* The TCP_CONNTRACK_IGNORE case: the segment passes, the state stays, and
 * it is remembered in case the other end's answer proves it right. */
static enum ct_tcp_verdict ignore(struct ct_entry *e, const struct packet *p, enum ct_dir dir,
				  enum tcp_index index, struct strbuf *why)
{
	e->tcp.last_index = (uint8_t)index;
	set_last_dir(e, dir);
	e->tcp.last_end = segment_end(p);
	sb_addf(why, "tcp %s in state %s ignored (conntrack may be out of sync); state stays %s",
		index_names[index], state_names[e->tcp_state].s, state_names[e->tcp_state].s);
	return CT_TCP_ACCEPT;
}

/* A SYN/ACK answering a SYN we ignored: both ends agree, we resync. */
static bool resyncs(const struct ct_entry *e, const struct packet *p, enum ct_dir dir,
		    enum tcp_index index)
{
	return index == T_SYNACK && e->tcp.last_index == T_SYN && last_dir(e) != dir &&
	       pkt_tcp_ack(p) == e->tcp.last_end;
}

/* A SYN on a connection in TIME_WAIT or CLOSE that was closed by a FIN,
 * or reset from the same side, starts over (the kernel kills the entry
 * and looks again, -NF_REPEAT). */
static bool reopens(const struct ct_entry *e, enum ct_dir dir)
{
	return (e->tcp.flags & (CT_TCPF_CLOSE_INIT(0) | CT_TCPF_CLOSE_INIT(1))) ||
	       (last_dir(e) == dir && e->tcp.last_index == T_RST);
}

static void note_transition(enum ct_tcp_state old, enum ct_tcp_state next, struct strbuf *why)
{
	if (!why) /* a quiet walk: every tracked TCP packet comes here */
		return;
	if (old == next) {
		sb_adds(why, "tcp state stays ");
	} else {
		sb_adds(why, "tcp ");
		sb_addn(why, state_names[old].s, state_names[old].n);
		sb_adds(why, " -> ");
	}
	sb_addn(why, state_names[next].s, state_names[next].n);
}

enum ct_tcp_verdict ct_tcp_packet(struct ct_entry *e, const struct packet *p, enum ct_dir dir,
				  struct strbuf *why)
{
	uint8_t flags = pkt_tcp_flags(p);
	enum tcp_index index = flag_class(flags);
	enum ct_tcp_state old = e->tcp_state;
	uint8_t next = (unsigned)old < TCP_STATE_COUNT ? transitions[dir][index][old] : sIV;

	if (next == sSS && old >= CT_TCP_TIME_WAIT) {
		if (reopens(e, dir)) {
			sb_addf(why, "a SYN reopens the connection closed in state %s",
				state_names[old].s);
			return CT_TCP_REOPEN;
		}
		next = sIG;
	}
	if (next == sIG) {
		if (!resyncs(e, p, dir, index))
			return ignore(e, p, dir, index, why);
		old = CT_TCP_SYN_SENT;
		next = sSR;
	}
	if (next == sIV) {
		sb_addf(why, "tcp %s in the %s direction is invalid in state %s", index_names[index],
			dir_name(dir), state_names[old].s);
		return CT_TCP_INVALID;
	}
	if (next == sS2)
		e->tcp.flags |= CT_TCPF_SIMULTANEOUS;
	if (next == sSR && dir == CT_DIR_REPLY && index == T_ACK && (e->tcp.flags & CT_TCPF_SIMULTANEOUS))
		next = sES;

	e->tcp.last_index = (uint8_t)index;
	set_last_dir(e, dir);
	track_data(e, p, dir, flags);
	e->tcp_state = (enum ct_tcp_state)next;
	if (old != next && next == sFW)
		e->tcp.flags |= CT_TCPF_CLOSE_INIT(dir);
	note_transition(old, e->tcp_state, why);

	if (!(e->status & CTS_SEEN_REPLY)) {
		/* "If only reply is a RST, we can consider ourselves not to have
		 * an established connection" - the entry is deleted at once. */
		if (flags & TCPF_RST) {
			sb_adds(why, "; a RST before any reply: the entry is deleted");
			return CT_TCP_KILL;
		}
	} else if (!(e->status & CTS_ASSURED) && (old == CT_TCP_SYN_RECV || old == CT_TCP_ESTABLISHED) && next == sES) {
		e->status |= CTS_ASSURED;
		sb_adds(why, ", now ASSURED");
	}
	return CT_TCP_ACCEPT;
}
