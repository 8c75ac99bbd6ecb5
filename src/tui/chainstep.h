/* chainstep.h - stepping by chain, as a debugger steps by function:
 * o steps over a jump into a user chain (to the calling chain's next
 * step), f finishes the chain the packet is in (to the step after its
 * end: RETURN, policy or verdict).  Outside a chain, o is one step and f
 * brings the packet's box into view, as before. */
#ifndef NFWALK_TUI_CHAINSTEP_H
#define NFWALK_TUI_CHAINSTEP_H

struct tui_app;

void chain_step_over(struct tui_app *app);
void chain_finish(struct tui_app *app);

#endif
