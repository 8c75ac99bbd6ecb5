/* test_words.c - the one word splitter (src/lib/words.c) in each of the
 * forms its users ask for. */
#include <string.h>

#include "lib/cmdwords.h"
#include "lib/words.h"
#include "../tap.h"

static void test_shell(void)
{
	struct word_list w;
	const char *line = "-j LOG --log-prefix \"a \\\"b\\\" \\x\" 'c\\d' e\\ f # rest";
	is_int(word_split_line(&w, line, WORD_QUOTES | WORD_ESCAPES | WORD_COMMENT), WORD_OK,
	       "shell words split");
	is_int(w.n, 6, "the comment is not a word");
	is_str(w.v[3].s, "a \"b\" \\x", "in \"...\" a backslash escapes only some bytes");
	is_str(w.v[4].s, "c\\d", "in '...' a backslash is itself");
	is_str(w.v[5].s, "e f", "outside quotes a backslash escapes a blank");
	is_int(w.v[5].col, 39, "a word's column");
	is_int(w.v[5].end, 43, "and its end");
	word_list_free(&w);
	is_int(word_split_line(&w, "a \"\" b\\", WORD_QUOTES | WORD_ESCAPES), WORD_OK, "edges split");
	is_int(w.n, 3, "an empty quoted word is a word");
	is_str(w.v[1].s, "", "and empty");
	is_str(w.v[2].s, "b\\", "a last backslash is itself");
	word_list_free(&w);
	is_int(word_split_line(&w, "x 'y", WORD_QUOTES), WORD_OPEN_QUOTE, "an open quote is refused");
	is_int(w.err_col, 2, "at the quote");
	is_int(word_split_line(&w, "a#b #c", WORD_COMMENT), WORD_OK, "# inside a word");
	is_str(w.n == 1 ? w.v[0].s : "", "a#b", "is part of the word");
	word_list_free(&w);
}

static void test_data_file(void)
{
	struct word_list w;
	const char *line = "rule=red on\tblue#x";
	word_split(&w, line, strlen(line),
		   &(struct word_opts){.flags = WORD_COMMENT_ANYWHERE, .blanks = " \t", .alone = "="});
	is_int(w.n, 5, "= alone, # anywhere");
	is_str(w.v[1].s, "=", "the = is a word");
	is_int(w.v[1].col, 4, "at its column");
	is_str(w.v[4].s, "blue", "the comment cuts a word");
	word_list_free(&w);
	word_split(&w, "a b c", 3, &(struct word_opts){0});
	is_int(w.n, 2, "len ends the text");
	word_list_free(&w);
}

static void test_cmdwords(void)
{
	struct cmdwords cw;
	int col = -1;
	is_int(cmdwords_split(&cw, "ip route  add x", &col), 0, "a command splits");
	is_int((int)cw.n, 4, "four words");
	is_int(cw.col[3], 14, "with columns");
	is_int(cw.end_col, 15, "and the end");
	cmdwords_free(&cw);
	char many[400] = "";
	for (int i = 0; i < CMDWORDS_MAX + 1; i++)
		strcat(many, "w ");
	is_int(cmdwords_split(&cw, many, &col), -1, "too many words are refused");
	is_int(col, 2 * CMDWORDS_MAX, "where the excess starts");
}

/* Into the caller's room: the same words whether they fit or spill to
 * the heap, and an open quote leaves the room alone. */
static void test_store(void)
{
	struct word_tok v[4];
	char buf[64];
	struct word_store st = {v, 4, buf, sizeof(buf)};
	struct word_list w, plain;
	const unsigned f = WORD_QUOTES | WORD_ESCAPES | WORD_COMMENT;
	const char *small = "-s 10.0.0.1 \"a b\"";
	is_int(word_split_into(&w, small, strlen(small), &(struct word_opts){.flags = f}, &st),
	       WORD_OK, "a short line splits into the room");
	ok(w.v == v && w.buf == buf, "without allocating");
	is_int(w.n, 3, "its words");
	is_str(w.v[2].s, "a b", "quotes removed");
	word_list_release(&w, &st);
	char big[600] = "";
	for (int i = 0; i < 100; i++)
		strcat(big, i % 7 ? "w " : "'q q' ");
	word_split_line(&plain, big, f);
	is_int(word_split_into(&w, big, strlen(big), &(struct word_opts){.flags = f}, &st), WORD_OK,
	       "a long line splits too");
	ok(w.v != v && w.buf != buf, "on the heap");
	bool same = w.n == plain.n;
	for (size_t i = 0; same && i < w.n; i++)
		same = strcmp(w.v[i].s, plain.v[i].s) == 0 && w.v[i].col == plain.v[i].col &&
		       w.v[i].end == plain.v[i].end;
	ok(same, "into the same %zu words as word_split", plain.n);
	word_list_release(&w, &st);
	word_list_free(&plain);
	is_int(word_split_into(&w, "a b c d e 'f", 12, &(struct word_opts){.flags = f}, &st),
	       WORD_OPEN_QUOTE, "an open quote past the room's words is refused");
	is_int(w.err_col, 10, "at the quote");
}

int main(void)
{
	test_shell();
	test_store();
	test_data_file();
	test_cmdwords();
	return tap_done();
}
