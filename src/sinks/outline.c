/* outline.c - the traces' pending output (outline.h). */
#include "sinks/outline.h"

#include <stdlib.h>

/* The outfiles to flush at exit (the text and JSON Lines traces). */
static struct outfile *at_exit[4];
static size_t n_at_exit;

static void flush_all(void)
{
	for (size_t i = 0; i < n_at_exit; i++)
		outfile_flush(at_exit[i]);
}

void outfile_flush(struct outfile *o)
{
	if (o->ol.n && o->seal)
		o->seal(&o->ol);
	if (o->ol.n && o->f)
		fwrite(o->ol.buf, 1, o->ol.n, o->f);
	o->ol.n = 0;
}

void outfile_switch(struct outfile *o, FILE *f)
{
	outfile_flush(o);
	o->f = f;
	size_t i = 0;
	while (i < n_at_exit && at_exit[i] != o)
		i++;
	if (i == n_at_exit && n_at_exit < sizeof(at_exit) / sizeof(at_exit[0]) &&
	    (n_at_exit || atexit(flush_all) == 0))
		at_exit[n_at_exit++] = o;
}
