/* answer_run.c - the answer front end (answer_run.h). */
#include "scenario/answer_run.h"
#include "scenario/session.h"
#include "sinks/answer.h"

int answer_run(const struct scenario *s, enum answer_style style, const char *assumed, FILE *out,
	       struct nf_error *err)
{
	struct engine e;
	struct answer a = {0};
	int rc = session_run(&e, s, answer_sink, &a, NULL, err);
	if (rc == 0) {
		switch (style) {
		case ANSWER_TEXT:
			answer_print_text(&a, assumed, out);
			break;
		case ANSWER_SUMMARY:
			answer_print_summary(&a, assumed, out);
			break;
		case ANSWER_JSON:
			answer_print_json(&a, assumed, out);
			break;
		case ANSWER_DOT:
			answer_print_dot(&a, s->name, out);
			break;
		}
	}
	answer_free(&a);
	engine_free(&e);
	return rc;
}
