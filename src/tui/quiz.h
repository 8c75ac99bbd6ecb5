/* quiz.h - quiz mode (--quiz, key Q): before a decision the learner
 * predicts it - the box after a routing decision (keys 1 2 3), whether a
 * rule matches (y n), the verdict of a chain's policy (a d), the address
 * a NAT rewrite writes (1 2 3) - and nfwalk says right or wrong, with the
 * reason, and keeps the score.  --quiz-report FILE writes the result as
 * JSON (FILE ending in .json) or plain text. */
#ifndef NFWALK_TUI_QUIZ_H
#define NFWALK_TUI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tui_app;

enum quiz_kind { QZ_NEXT_BOX, QZ_RULE, QZ_VERDICT, QZ_REWRITE };

#define QUIZ_MAX 128

struct quiz_question {
	enum quiz_kind kind;
	size_t step;          /* the step it is about (shown once answered) */
	char text[256];       /* the question */
	char keys[8];         /* the keys that answer, e.g. "yn", "123" */
	char choices[3][96];  /* what each key means */
	int nchoices;
	int answer;           /* index of the right choice */
	char reason[256];     /* why, said after the answer */
	int given;            /* index chosen; -1 while asked */
};

struct quiz {
	bool on;
	bool asking; /* q[n - 1] waits for an answer */
	struct quiz_question q[QUIZ_MAX];
	size_t n;
	int right;
	size_t asked_upto; /* steps before this one were considered */
};

/* Turn the quiz on or off (key Q). */
void quiz_toggle(struct tui_app *app);
/* Before moving to step next: when it holds a decision worth asking,
 * ask (the move waits for the answer) and return true. */
bool quiz_before_step(struct tui_app *app, size_t next);
/* A key while a question waits: answer it (or ignore a key that is no
 * answer); true when the quiz took the key. */
bool quiz_key(struct tui_app *app, int key);
/* The question waiting, NULL if none. */
const struct quiz_question *quiz_pending(const struct tui_app *app);
/* The answers as a line: "1) nat INPUT  2) filter FORWARD", "y yes  n no". */
void quiz_choices(const struct quiz_question *q, char *buf, size_t n);
/* Write the result: JSON when json, else text. */
void quiz_report(const struct tui_app *app, FILE *f, bool json);
/* Write to path (JSON when it ends in .json); 0, or -1 with errno. */
int quiz_report_file(const struct tui_app *app, const char *path);

#endif
