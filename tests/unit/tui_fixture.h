/* tui_fixture.h - a recording made by hand for the TUI's unit tests, so
 * they do not depend on the engine's exact output:
 *   walk 1 (packet 1): forwarded, with a MARK, a DNAT and a filter rule
 *     that fails on --dport before one that matches;
 *   walk 2 (packet 2): for this host, dropped by the filter INPUT policy;
 *   walk 3 (packet 2, answer 1): a local packet sent out.
 * In ERA_MODERN the walk starts with qos-ingress-early, in ERA_KPTD it
 * passes qos-ingress after nat PREROUTING, as the engine does. */
#ifndef NFWALK_TUI_FIXTURE_H
#define NFWALK_TUI_FIXTURE_H

#include "engine/walk/engine.h"
#include "sinks/record.h"

void tui_fixture_record(struct recording *rec, enum era era);

#endif
