/* xt_print.c - iptables-save's printing conventions, so a rule prints
 * back byte for byte as `iptables-save` would show it. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

void xt_save_string(struct strbuf *sb, const char *s)
{
	static const char bare[] = "_-0123456789abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t plain = strspn(s, bare);
	if (plain > 0 && s[plain] == '\0') {
		sb_addf(sb, " %s", s);
		return;
	}
	sb_adds(sb, " \"");
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '\'')
			sb_adds(sb, "\\");
		sb_addf(sb, "%c", *p);
	}
	sb_adds(sb, "\"");
}

void xt_print_range(struct strbuf *sb, uint32_t lo, uint32_t hi, char sep)
{
	if (lo == hi)
		sb_addf(sb, " %u", lo);
	else
		sb_addf(sb, " %u%c%u", lo, sep, hi);
}

void xt_print_addr_mask(struct strbuf *sb, uint32_t addr, uint32_t mask, bool with_32)
{
	char a[ADDR_STRLEN], m[ADDR_STRLEN];
	int len = mask_len(mask);
	sb_adds(sb, addr_fmt(addr, a));
	if (len < 0)
		sb_addf(sb, "/%s", addr_fmt(mask, m));
	else if (len < 32 || with_32)
		sb_addf(sb, "/%d", len);
}

void xt_print_name_list(struct strbuf *sb, const char *const *names, unsigned bits)
{
	const char *sep = "";
	for (int i = 0; names[i]; i++) {
		if (bits & (1u << i)) {
			/* two appends, not sb_addf: conntrack's why lists
			 * the packet's state at every rule that asks */
			sb_adds(sb, sep);
			sb_adds(sb, names[i]);
			sep = ",";
		}
	}
}

void xt_print_inv(struct strbuf *sb, bool inv)
{
	if (inv)
		sb_adds(sb, " !");
}

void xt_hooks_text(unsigned hooks, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int h = 0; h < HOOK_COUNT && used < n; h++) {
		if (!(hooks & HOOKBIT(h)))
			continue;
		int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", hook_name(h));
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void xt_print_val_mask_named(struct strbuf *sb, uint32_t value, uint32_t mask,
			     const char *zero_name)
{
	if (mask != UINT32_MAX)
		sb_addf(sb, " 0x%x/0x%x", value, mask);
	else if (value == 0 && zero_name)
		sb_addf(sb, " %s", zero_name);
	else
		sb_addf(sb, " 0x%x", value);
}
