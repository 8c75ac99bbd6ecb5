/* keys.h - what the keys do, as two tables: the actions (an X-macro list,
 * the tig idiom) and the bindings from keys to actions.  The help screen
 * is generated from them, so it cannot forget a key. */
#ifndef NFWALK_TUI_KEYS_H
#define NFWALK_TUI_KEYS_H

#include <stddef.h>

/* X(id, what it does) */
#define ACTION_LIST(X)                                                              \
	X(ACT_STEP, "one step forward")                                              \
	X(ACT_BACK, "one step back")                                                 \
	X(ACT_RUN, "run / pause (a run stops at breakpoints and at the end)")        \
	X(ACT_FASTER, "run faster")                                                  \
	X(ACT_SLOWER, "run slower")                                                  \
	X(ACT_NEXT_PACKET, "next packet (answers count); in a search, the previous hit") \
	X(ACT_PREV_PACKET, "back to this packet's start, then the one before")       \
	X(ACT_FIRST, "first step")                                                   \
	X(ACT_LAST, "last step")                                                     \
	X(ACT_GOTO_BOX, "go to a box: choose it from a list")                        \
	X(ACT_BREAKPOINT, "breakpoint on the selected rule, else on the box")        \
	X(ACT_TRAIL, "trail of visited boxes on / off")                              \
	X(ACT_COUNTERS, "packet counters per box and per rule on / off")             \
	X(ACT_DIAGRAM, "next diagram (walk re-run in its era); with a rule selected, delete it (what-if)") \
	X(ACT_THEME, "next theme")                                                   \
	X(ACT_PANEL, "next panel in the last panel slot")                            \
	X(ACT_RULE_PREV, "select the previous rule of the selected box")             \
	X(ACT_RULE_NEXT, "select the next rule of the selected box")                 \
	X(ACT_SCROLL_UP, "scroll the diagram up")                                    \
	X(ACT_SCROLL_DOWN, "scroll the diagram down")                                \
	X(ACT_SCROLL_LEFT, "scroll the diagram left")                                \
	X(ACT_SCROLL_RIGHT, "scroll the diagram right")                              \
	X(ACT_PAGE_UP, "scroll the diagram a page up")                               \
	X(ACT_PAGE_DOWN, "scroll the diagram a page down")                           \
	X(ACT_FOLLOW, "bring the packet's box back into view")                       \
	X(ACT_SELECT, "one step forward; in the box list, choose the marked line")  \
	X(ACT_NARRATION, "narration on / off: the scenario's notes, else what the box does") \
	X(ACT_PANELS, "panels on / off: the diagram takes the screen")             \
	X(ACT_SEARCH, "search the rules of every box by text")                      \
	X(ACT_SEARCH_NEXT, "next search hit while a search is on, else one step forward") \
	X(ACT_STEP_OVER, "step over a jump into a user chain")                      \
	X(ACT_FINISH, "finish the chain the packet is in, else bring its box into view") \
	X(ACT_EDIT_RULE, "what-if: edit the selected rule; the walk runs again, changed boxes marked") \
	X(ACT_INSERT_RULE, "what-if: insert a rule after the selected one (or at the box's chain end)") \
	X(ACT_EDIT_PACKET, "what-if: edit the current packet (short form); the walk runs again") \
	X(ACT_WRITE_RULES, "write the ruleset with the what-if changes: iptables-save for --rules, else the scenario") \
	X(ACT_MANUAL, "the selected box (else the packet's) in nfwalk(7)")          \
	X(ACT_QUIZ, "quiz on / off: predict each decision before it happens")       \
	X(ACT_HELP, "this help")                                                     \
	X(ACT_CANCEL, "close help or list, clear the selection and the what-if marks") \
	X(ACT_QUIT, "quit (in the middle of a walk, after a y)")

enum action {
#define X(id, what) id,
	ACTION_LIST(X)
#undef X
	ACT_COUNT,
	ACT_NONE = -1
};

struct key_binding {
	int key;           /* a character or a curses KEY_* code */
	const char *label; /* as the help shows it */
	enum action action;
};

const char *action_help(enum action a);
/* ACT_NONE when the key is not bound. */
enum action action_for_key(int key);
/* The key an escape sequence stands for: seq holds what followed the Esc
 * byte (n of them, 0 for Esc alone).  Terminals disagree on some keys
 * (End is Esc [ 4 ~, Esc [ F or Esc O F): those are the curses key.
 * Returns 27 for Esc alone, -1 for a sequence that is no key of ours
 * (Alt+key, Ctrl-Left, Shift-Up, ...), which then does nothing. */
int key_decode_escape(const int *seq, size_t n);
/* The keys bound to an action, joined for the help ("space n"). */
void action_keys(enum action a, char *buf, size_t n);

extern const struct key_binding key_bindings[];
extern const size_t key_binding_count;

#endif
