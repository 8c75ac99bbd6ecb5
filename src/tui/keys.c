/* keys.c - the key bindings table. */
#include "keys.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

static const char *const action_text[] = {
#define X(id, what) [id] = what,
	ACTION_LIST(X)
#undef X
};

const struct key_binding key_bindings[] = {
	{' ', "space", ACT_STEP},
	{'n', "n", ACT_SEARCH_NEXT},
	{KEY_RIGHT, "Right", ACT_STEP},
	{'b', "b", ACT_BACK},
	{KEY_LEFT, "Left", ACT_BACK},
	{KEY_BACKSPACE, "backspace", ACT_BACK},
	{'r', "r", ACT_RUN},
	{'+', "+", ACT_FASTER},
	{'=', "=", ACT_FASTER},
	{'-', "-", ACT_SLOWER},
	{'N', "N", ACT_NEXT_PACKET},
	{'P', "P", ACT_PREV_PACKET},
	{KEY_HOME, "Home", ACT_FIRST},
	{'<', "<", ACT_FIRST},
	{KEY_END, "End", ACT_LAST},
	{'>', ">", ACT_LAST},
	{'g', "g", ACT_GOTO_BOX},
	{'B', "B", ACT_BREAKPOINT},
	{'t', "t", ACT_TRAIL},
	{'x', "x", ACT_NARRATION},
	{'z', "z", ACT_PANELS},
	{'Q', "Q", ACT_QUIZ},
	{'m', "m", ACT_MANUAL},
	{'/', "/", ACT_SEARCH},
	{'o', "o", ACT_STEP_OVER},
	{'e', "e", ACT_EDIT_RULE},
	{'i', "i", ACT_INSERT_RULE},
	{'p', "p", ACT_EDIT_PACKET},
	{'w', "w", ACT_WRITE_RULES},
	{'c', "c", ACT_COUNTERS},
	{'d', "d", ACT_DIAGRAM},
	{'T', "T", ACT_THEME},
	{'\t', "Tab", ACT_PANEL},
	{'[', "[", ACT_RULE_PREV},
	{']', "]", ACT_RULE_NEXT},
	{KEY_UP, "Up", ACT_SCROLL_UP},
	{KEY_SR, "S-Up", ACT_SCROLL_UP},
	{'k', "k", ACT_SCROLL_UP},
	{KEY_DOWN, "Down", ACT_SCROLL_DOWN},
	{KEY_SF, "S-Down", ACT_SCROLL_DOWN},
	{'j', "j", ACT_SCROLL_DOWN},
	{KEY_SLEFT, "S-Left", ACT_SCROLL_LEFT},
	{'h', "h", ACT_SCROLL_LEFT},
	{KEY_SRIGHT, "S-Right", ACT_SCROLL_RIGHT},
	{'l', "l", ACT_SCROLL_RIGHT},
	{KEY_PPAGE, "PgUp", ACT_PAGE_UP},
	{KEY_NPAGE, "PgDn", ACT_PAGE_DOWN},
	{'.', ".", ACT_FOLLOW},
	{'f', "f", ACT_FINISH},
	{'\n', "Enter", ACT_SELECT},
	{'\r', "Enter", ACT_SELECT},
	{KEY_ENTER, "Enter", ACT_SELECT},
	{'?', "?", ACT_HELP},
	{KEY_F(1), "F1", ACT_HELP},
	{KEY_ESC, "Esc", ACT_CANCEL},
	{'q', "q", ACT_QUIT},
	{CTRL('c'), "^C", ACT_QUIT},
};
const size_t key_binding_count = sizeof(key_bindings) / sizeof(key_bindings[0]);

const char *action_help(enum action a)
{
	return (int)a >= 0 && a < ACT_COUNT ? action_text[a] : "";
}

enum action action_for_key(int key)
{
	for (size_t i = 0; i < key_binding_count; i++)
		if (key_bindings[i].key == key)
			return key_bindings[i].action;
	return ACT_NONE;
}

int key_decode_escape(const int *seq, size_t n)
{
	if (n == 0)
		return KEY_ESC;
	if (n < 2 || (seq[0] != '[' && seq[0] != 'O'))
		return -1; /* Alt+key, or not a sequence */
	int final = seq[n - 1], param = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (seq[i] < '0' || seq[i] > '9')
			return -1; /* a modifier (";5"): Ctrl-, Shift-, Alt- keys are not ours */
		param = param * 10 + (seq[i] - '0');
		if (param > 99)
			return -1;
	}
	static const struct {
		int final, param, key;
	} known[] = {
		{'A', 0, KEY_UP},    {'B', 0, KEY_DOWN},  {'C', 0, KEY_RIGHT}, {'D', 0, KEY_LEFT},
		{'H', 0, KEY_HOME},  {'F', 0, KEY_END},	  {'~', 1, KEY_HOME},  {'~', 7, KEY_HOME},
		{'~', 4, KEY_END},   {'~', 8, KEY_END},	  {'~', 5, KEY_PPAGE}, {'~', 6, KEY_NPAGE},
		{'P', 0, KEY_F(1)},  {'~', 11, KEY_F(1)},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].final == final && known[i].param == param)
			return known[i].key;
	return -1;
}

/* Several codes can share a label (Enter is \n, \r and KEY_ENTER). */
static bool label_repeated(size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (key_bindings[j].action == key_bindings[i].action &&
		    strcmp(key_bindings[j].label, key_bindings[i].label) == 0)
			return true;
	return false;
}

void action_keys(enum action a, char *buf, size_t n)
{
	size_t used = 0;
	if (n == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < key_binding_count; i++) {
		if (key_bindings[i].action != a || label_repeated(i))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? " " : "",
				 key_bindings[i].label);
		if (w < 0 || (size_t)w >= n - used)
			return;
		used += (size_t)w;
	}
}
