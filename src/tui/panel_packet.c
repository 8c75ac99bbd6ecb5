/* panel_packet.c - the packet after the current step: addresses, ports,
 * flags, marks, conntrack state, interfaces.  A field changed by this
 * step shows as "old -> new" in the rewrite color. */
#include "draw.h"

#include <stdio.h>
#include <string.h>

#include "lib/addr.h"

/* The step's change to a field: the first old value, the last new one. */
struct change {
	bool changed;
	char old_val[48];
};

static void step_changes(const struct tui_app *app, struct change ch[PF_COUNT])
{
	memset(ch, 0, sizeof(struct change) * PF_COUNT);
	if (app->step >= app->tl.nsteps)
		return;
	const struct tl_step *s = &app->tl.steps[app->step];
	for (size_t i = s->first; i <= s->last; i++) {
		const struct event *ev = &app->rec.v[i].ev;
		if (ev->kind != EV_REWRITE || (int)ev->field < 0 || ev->field >= PF_COUNT ||
		    ch[ev->field].changed)
			continue;
		ch[ev->field].changed = true;
		str_copy(ch[ev->field].old_val, sizeof(ch[ev->field].old_val), ev->old_val);
	}
}

static void field_now(const struct pkt_view *v, enum pkt_field f, char *buf, size_t n)
{
	pkt_view_field(v, f, buf, n);
}

/* A field's value now, or before this step when it changed. */
static void field_before(const struct pkt_view *v, const struct change *ch, enum pkt_field f,
			 char *buf, size_t n)
{
	if (ch[f].changed)
		str_copy(buf, n, ch[f].old_val);
	else
		field_now(v, f, buf, n);
}

static bool has_ports(const struct pkt_view *v)
{
	return v->proto == PROTO_TCP || v->proto == PROTO_UDP;
}

/* "label  value", or "label  old -> new" in the rewrite color. */
static void show(struct pane *p, const struct tui_app *app, const char *label, const char *before,
		 const char *now)
{
	attr_t panel = palette_attr(&app->pal, EL_PANEL);
	pane_addf(p, palette_attr(&app->pal, EL_PANEL), " %-5s ", label);
	if (strcmp(before, now) == 0) {
		/* an IPv6 address that does not fit goes whole to the line
		 * below (wrapped only if even that is too narrow) */
		pane_wrap(p, panel, now, 1);
		return;
	}
	char both[160];
	snprintf(both, sizeof(both), "%s -> %s", before, now);
	pane_wrap(p, palette_attr(&app->pal, EL_REWRITE), both, 7);
}

static void endpoint(const struct pkt_view *v, const struct change *ch, bool source, bool old,
		     char *buf, size_t n)
{
	enum pkt_field fa = source ? PF_SRC : PF_DST, fp = source ? PF_SPORT : PF_DPORT;
	char a[INET_STRLEN], port[8];
	if (old) {
		field_before(v, ch, fa, a, sizeof(a));
		field_before(v, ch, fp, port, sizeof(port));
	} else {
		field_now(v, fa, a, sizeof(a));
		field_now(v, fp, port, sizeof(port));
	}
	if (has_ports(v) && v->family == FAMILY_IPV6)
		snprintf(buf, n, "[%s]:%s", a, port);
	else if (has_ports(v))
		snprintf(buf, n, "%s:%s", a, port);
	else
		snprintf(buf, n, "%s", a);
}

static void show_endpoint(struct pane *p, const struct tui_app *app, const struct pkt_view *v,
			  const struct change *ch, bool source)
{
	char before[INET_STRLEN + 16], now[INET_STRLEN + 16];
	endpoint(v, ch, source, true, before, sizeof(before));
	endpoint(v, ch, source, false, now, sizeof(now));
	show(p, app, source ? "src" : "dst", before, now);
	pane_newline(p);
}

static void show_field(struct pane *p, const struct tui_app *app, const struct pkt_view *v,
		       const struct change *ch, enum pkt_field f, const char *label)
{
	char before[48], now[48];
	field_before(v, ch, f, before, sizeof(before));
	field_now(v, f, now, sizeof(now));
	show(p, app, label, before, now);
	pane_newline(p);
}

static void show_protocol(struct pane *p, const struct tui_app *app, const struct pkt_view *v)
{
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	const char *name = proto_name(v->proto);
	char flags[16] = "";
	if (v->proto == PROTO_TCP)
		tcp_flags_fmt(v->tcp_flags, flags, sizeof(flags));
	if (v->proto == PROTO_TCP)
		pane_addf(p, a, " tcp [%s]", flags);
	else if (v->proto == PROTO_ICMP || v->proto == PROTO_ICMPV6)
		pane_addf(p, a, " %s type %u code %u", v->proto == PROTO_ICMP ? "icmp" : "icmp6",
			  v->icmp_type, v->icmp_code);
	else if (name)
		pane_addf(p, a, " %s", name);
	else
		pane_addf(p, a, " proto %u", v->proto);
	/* IPv6's names, as ip6tables' -m hl and tcpdump's "hlim" and "class" */
	bool v6 = v->family == FAMILY_IPV6;
	pane_addf(p, a, "  len %u  %s %u  %s 0x%02x", v->len, v6 ? "hl" : "ttl", v->ttl,
		  v6 ? "tc" : "tos", v->tos);
	pane_newline(p);
}

static void show_conntrack(struct pane *p, const struct tui_app *app, const struct pkt_view *v)
{
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	if (app->src->ipchains) {
		pane_addf(p, a, " %-5s -  (no conntrack in 2.2)", "state");
		pane_newline(p);
		return;
	}
	pane_addf(p, a, " %-5s %s", "state", ctinfo_name(v->ctinfo));
	if (v->ct_id)
		pane_addf(p, a, "  (entry #%u)", v->ct_id);
	pane_newline(p);
}

static void show_interfaces(struct pane *p, const struct tui_app *app, const struct pkt_view *v,
			    const struct change *ch)
{
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	pane_addf(p, a, " %-5s %-8s", "iif", v->iif[0] ? v->iif : "-");
	char before[48], now[48];
	field_before(v, ch, PF_OIF, before, sizeof(before));
	field_now(v, PF_OIF, now, sizeof(now));
	show(p, app, "oif", before[0] ? before : "-", now[0] ? now : "-");
	pane_newline(p);
}

static void show_marks(struct pane *p, const struct tui_app *app, const struct pkt_view *v,
		       const struct change *ch)
{
	static const struct {
		enum pkt_field f;
		const char *label;
	} marks[] = {{PF_MARK, "mark"}, {PF_CTMARK, "ctmark"}, {PF_PRIORITY, "class"}};
	bool any_change = false;
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		any_change |= ch[marks[i].f].changed;
	if (any_change) {
		for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
			show_field(p, app, v, ch, marks[i].f, marks[i].label);
		return;
	}
	/* Nothing changed: all three on one line saves the room. */
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	char val[48];
	pane_add(p, a, " ");
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		field_now(v, marks[i].f, val, sizeof(val));
		pane_addf(p, a, "%s%s %s", i ? "  " : "", marks[i].label, val);
	}
	pane_newline(p);
}

void panel_packet(const struct tui_app *app, const struct rect *r)
{
	struct pane p;
	pane_start(&p, r, palette_attr(&app->pal, EL_PANEL));
	const struct event *first = timeline_step_event(&app->tl, app->step);
	const struct event *last = timeline_step_last(&app->tl, app->step);
	if (!first || !last) {
		pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), "Packet");
		pane_add(&p, palette_attr(&app->pal, EL_PANEL), " nothing was walked");
		return;
	}
	char head[96];
	/* Steps within the packet as the title line counts them (the
	 * engine's own count includes rewrites, which join the step before). */
	size_t step = app->step - app->tl.walks[app->tl.steps[app->step].walk].first_step + 1;
	if (first->sub > 0)
		snprintf(head, sizeof(head), "Packet %d, answer %d, step %zu", first->pkt, first->sub,
			 step);
	else
		snprintf(head, sizeof(head), "Packet %d, step %zu", first->pkt, step);
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), head);
	struct change ch[PF_COUNT];
	step_changes(app, ch);
	const struct pkt_view *v = last->view;
	show_protocol(&p, app, v);
	show_endpoint(&p, app, v, ch, true);
	show_endpoint(&p, app, v, ch, false);
	show_marks(&p, app, v, ch);
	show_conntrack(&p, app, v);
	show_interfaces(&p, app, v, ch);
	bool v6 = v->family == FAMILY_IPV6;
	if (ch[PF_TOS].changed)
		show_field(&p, app, v, ch, PF_TOS, v6 ? "tc" : "tos");
	if (ch[PF_TTL].changed)
		show_field(&p, app, v, ch, PF_TTL, v6 ? "hl" : "ttl");
}
