/* menu.h - the box list opened by g: every box of the diagram in kernel
 * order; Enter or a click selects one and brings it into view. */
#ifndef NFWALK_TUI_MENU_H
#define NFWALK_TUI_MENU_H

#include <stddef.h>

#include "app.h"

size_t menu_items(const struct diagram *d, enum stage_id *items, size_t max);
void draw_menu(const struct tui_app *app);
/* The item under screen (y, x), or -1. */
int menu_item_at(const struct tui_app *app, int y, int x);

#endif
