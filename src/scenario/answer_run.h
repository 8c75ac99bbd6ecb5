/* answer_run.h - the answer front end: a scenario's packets walked into
 * the answer sink (sinks/answer.h), then printed in one of its forms. */
#ifndef NFWALK_ANSWER_RUN_H
#define NFWALK_ANSWER_RUN_H

#include <stdio.h>

#include "scenario/scenario.h"

enum answer_style {
	ANSWER_TEXT,    /* a few lines per packet */
	ANSWER_SUMMARY, /* one line per packet */
	ANSWER_JSON,    /* one JSON object */
	ANSWER_DOT,     /* a Graphviz digraph of the paths */
};

/* Walk every packet of s and print the answer to out; assumed lists what
 * was taken for granted (one per line, may be NULL).  Returns 0, or -1
 * with err set when a packet could not be built. */
int answer_run(const struct scenario *s, enum answer_style style, const char *assumed, FILE *out,
	       struct nf_error *err);

#endif
