/* test_inetpeer.c - the ICMP redirect rate limit of ip_rt_send_redirect
 * (net/ipv4/route.c), step by step in packet time. */
#include <stdio.h>

#include "engine/net/inetpeer.h"
#include "../tap.h"

static enum redirect_decision at(struct inetpeers *t, uint32_t who, double now, double *next)
{
	*next = -1;
	return inetpeer_redirect(t, who, now, next);
}

int main(void)
{
	struct inetpeers t;
	double next;
	inetpeers_init(&t);

	is_int(at(&t, 1, 0, &next), REDIRECT_SEND, "the first redirect goes");
	is_int(at(&t, 1, 0, &next), REDIRECT_TOO_SOON, "a second at the same moment does not");
	ok(next > 0.0399 && next < 0.0401, "the next after 2 x 20 ms (%.3f)", next);
	is_int(at(&t, 1, 0.04, &next), REDIRECT_TOO_SOON, "not at exactly 40 ms (time_after)");
	is_int(at(&t, 1, 0.041, &next), REDIRECT_SEND, "after it, the second goes");
	is_int(at(&t, 2, 0.042, &next), REDIRECT_SEND, "another sender has a limit of its own");

	/* the gaps double: 80 ms, 160 ms, ... until 9 were sent */
	double now = 0.041;
	unsigned sent = 2;
	for (unsigned n = 2; n < REDIRECT_NUMBER; n++) {
		now += REDIRECT_LOAD * (double)(1u << n) + 0.001;
		sent += at(&t, 1, now, &next) == REDIRECT_SEND;
	}
	is_int(sent, REDIRECT_NUMBER, "nine are sent, each after twice the gap before");
	double last = now + 10;
	is_int(at(&t, 1, last, &next), REDIRECT_SILENCED, "then none, 10 s later either");
	is_int(at(&t, 1, last + 20.0, &next), REDIRECT_SILENCED,
	       "a packet 20 s later is still silenced and restarts the silence");
	is_int(at(&t, 1, last + 40.0, &next), REDIRECT_SILENCED,
	       "so is one 20 s after that");
	is_int(at(&t, 1, last + 40.0 + 20.49, &next), REDIRECT_SEND,
	       "after 20.48 s with no packet the count starts again");
	is_int(at(&t, 1, last + 40.0 + 20.495, &next), REDIRECT_TOO_SOON, "and the gaps too");

	inetpeers_free(&t);
	return tap_done();
}
