/* match_time.c - -m time (xt_time): the packet's arrival time against a
 * date range, a time of day (wrapping past midnight when --timestart is
 * later than --timestop), weekdays and days of the month, in UTC unless
 * --kerneltz (nfwalk's kernel time zone is UTC too).  A packet's time is
 * its scenario time (`at: SECONDS`, struct packet t) counted from the
 * scenario's start, which is 1970-01-01 00:00:00 UTC, a Thursday: a
 * scenario that wants Monday 09:00 says `at: 378000` (4 days and 9
 * hours).  Times are whole seconds, as time_mt reads them. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* gmtime_r, timegm, strtok_r */
#endif
#include "engine/xt/xt.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ALL_MONTHDAYS 0xfffffffeu /* bits 1-31 */
#define ALL_WEEKDAYS 0xfeu        /* bits 1 (Mon) - 7 (Sun) */
#define DAY_MAX (24 * 60 * 60 - 1)

static const char *const weekday_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

struct time_info {
	uint32_t daystart, daystop; /* seconds of the day */
	uint32_t monthdays;
	uint8_t weekdays;
	int64_t datestart, datestop;
	bool kerneltz, contiguous;
};

enum { O_DATESTART, O_DATESTOP, O_TIMESTART, O_TIMESTOP, O_MONTHDAYS, O_WEEKDAYS, O_LOCALTZ,
       O_UTC, O_KERNELTZ, O_CONTIGUOUS };

static const struct xt_option time_opts[] = {
	[O_DATESTART] = {"datestart", true, false, false},
	[O_DATESTOP] = {"datestop", true, false, false},
	[O_TIMESTART] = {"timestart", true, false, false},
	[O_TIMESTOP] = {"timestop", true, false, false},
	[O_MONTHDAYS] = {"monthdays", true, true, false},
	[O_WEEKDAYS] = {"weekdays", true, true, false},
	[O_LOCALTZ] = {"localtz", false, false, false},
	[O_UTC] = {"utc", false, false, false},
	[O_KERNELTZ] = {"kerneltz", false, false, false},
	[O_CONTIGUOUS] = {"contiguous", false, false, false},
	{NULL, false, false, false},
};

static void time_init(void *data)
{
	struct time_info *in = data;
	in->daystop = DAY_MAX;
	in->monthdays = ALL_MONTHDAYS;
	in->weekdays = ALL_WEEKDAYS;
	in->datestop = INT_MAX;
}

/* "hh:mm[:ss]" */
static bool parse_daytime(const char *s, uint32_t *out)
{
	unsigned h, m, sec = 0;
	char tail;
	int n = sscanf(s, "%u:%u:%u%c", &h, &m, &sec, &tail);
	if ((n != 2 && n != 3) || h > 23 || m > 59 || sec > 59)
		return false;
	*out = h * 3600 + m * 60 + sec;
	return true;
}

/* "YYYY[-MM[-DD[Thh[:mm[:ss]]]]]", UTC */
static bool parse_date(const char *s, int64_t *out)
{
	struct tm tm = {.tm_mday = 1};
	unsigned y, mo = 1, d = 1, h = 0, mi = 0, se = 0;
	char rest[2];
	int n = sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%1s", &y, &mo, &d, &h, &mi, &se, rest);
	if (n < 1 || n > 6 || y < 1970 || y > 2037 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 59)
		return false;
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)se;
	*out = (int64_t)timegm(&tm);
	return true;
}

/* "1,15,31" days of the month, or "Mon,Fri" / "1,5" weekdays (Monday 1):
 * bit d for day d. */
static bool day_list(const char *arg, bool weekdays, uint32_t *bits)
{
	char buf[128];
	*bits = 0;
	str_copy(buf, sizeof(buf), arg);
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint32_t d = 0;
		for (int i = 0; weekdays && i < 7; i++)
			if (strncasecmp(w, weekday_names[i], 3) == 0)
				d = (uint32_t)i + 1;
		if (!d && (!xt_parse_u32(w, weekdays ? 7 : 31, &d) || d == 0))
			return false;
		*bits |= 1u << d;
	}
	return *bits != 0;
}

static int time_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct time_info *in = m->data;
	int o = xt_option_index(time_opts, opt + 2);
	switch (o) {
	case O_DATESTART:
	case O_DATESTOP:
		if (!parse_date(arg, o == O_DATESTART ? &in->datestart : &in->datestop))
			return nf_err(err, -1, "bad %s \"%s\" (YYYY[-MM[-DD[Thh[:mm[:ss]]]]])", opt, arg);
		return 0;
	case O_TIMESTART:
	case O_TIMESTOP:
		if (!parse_daytime(arg, o == O_TIMESTART ? &in->daystart : &in->daystop))
			return nf_err(err, -1, "bad %s \"%s\" (hh:mm[:ss])", opt, arg);
		return 0;
	case O_MONTHDAYS: {
		uint32_t bits;
		if (!day_list(arg, false, &bits))
			return nf_err(err, -1, "bad --monthdays \"%s\" (1-31, comma-separated)", arg);
		in->monthdays = invert ? ~bits & ALL_MONTHDAYS : bits;
		return 0;
	}
	case O_WEEKDAYS: {
		uint32_t bits;
		if (!day_list(arg, true, &bits))
			return nf_err(err, -1, "bad --weekdays \"%s\" (Mon,Tue,... or 1-7)", arg);
		in->weekdays = (uint8_t)(invert ? ~bits & ALL_WEEKDAYS : bits);
		return 0;
	}
	case O_KERNELTZ:
	case O_LOCALTZ:
		in->kerneltz = true;
		return 0;
	case O_UTC:
		in->kerneltz = false;
		return 0;
	default:
		in->contiguous = true;
		return 0;
	}
}

static int time_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct time_info *in = m->data;
	if (in->datestart > in->datestop)
		return nf_err(err, -1, "--datestart is after --datestop");
	if (in->contiguous && in->daystart <= in->daystop)
		return nf_err(err, -1, "--contiguous only makes sense with --timestart after --timestop");
	return 0;
}

static void print_date(struct strbuf *sb, const char *opt, int64_t date)
{
	if (date == 0 || date == INT_MAX)
		return;
	time_t t = (time_t)date;
	struct tm tm;
	gmtime_r(&t, &tm);
	sb_addf(sb, " --%s %04d-%02d-%02dT%02d:%02d:%02d", opt, tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void time_print(const struct match *m, struct strbuf *sb)
{
	const struct time_info *in = m->data;
	if (in->daystart != 0 || in->daystop != DAY_MAX)
		sb_addf(sb, " --timestart %02u:%02u:%02u --timestop %02u:%02u:%02u",
			in->daystart / 3600, in->daystart / 60 % 60, in->daystart % 60,
			in->daystop / 3600, in->daystop / 60 % 60, in->daystop % 60);
	if (in->monthdays != ALL_MONTHDAYS) {
		sb_adds(sb, " --monthdays");
		for (unsigned d = 1, first = 1; d <= 31; d++)
			if (in->monthdays & (1u << d)) {
				sb_addf(sb, "%s%u", first ? " " : ",", d);
				first = 0;
			}
	}
	if (in->weekdays != ALL_WEEKDAYS) {
		sb_adds(sb, " --weekdays");
		for (unsigned d = 1, first = 1; d <= 7; d++)
			if (in->weekdays & (1u << d)) {
				sb_addf(sb, "%s%s", first ? " " : ",", weekday_names[d - 1]);
				first = 0;
			}
	}
	print_date(sb, "datestart", in->datestart);
	print_date(sb, "datestop", in->datestop);
	if (in->kerneltz)
		sb_adds(sb, " --kerneltz");
	if (in->contiguous)
		sb_adds(sb, " --contiguous");
}

static bool time_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct time_info *in = m->data;
	int64_t stamp = ctx->p->t > 0 ? (int64_t)ctx->p->t : 0;
	time_t t = (time_t)stamp;
	struct tm tm;
	gmtime_r(&t, &tm);
	char when[48];
	snprintf(when, sizeof(when), "%s %04d-%02d-%02d %02d:%02d:%02d UTC",
		 weekday_names[(tm.tm_wday + 6) % 7], tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
	const char *fail = NULL;
	uint32_t daytime = (uint32_t)(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	if (stamp < in->datestart || stamp > in->datestop)
		fail = "outside the dates";
	else if (in->daystart <= in->daystop ? daytime < in->daystart || daytime > in->daystop
					      : daytime < in->daystart && daytime > in->daystop)
		fail = "outside the hours";
	else if (!(in->weekdays & (1u << ((tm.tm_wday + 6) % 7 + 1))))
		fail = "not one of the weekdays";
	else if (!(in->monthdays & (1u << tm.tm_mday)))
		fail = "not one of the days of the month";
	snprintf(why, n, "%s (scenario time from 1970-01-01)%s%s", when, fail ? ": " : "",
		 fail ? fail : "");
	return fail == NULL;
}

const struct match_type match_time = {
	.name = "time",
	.options = time_opts,
	.data_size = sizeof(struct time_info),
	.init = time_init,
	.parse = time_parse,
	.final_check = time_check,
	.eval = time_eval,
	.print = time_print,
};
