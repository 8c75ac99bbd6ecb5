/* fuzz_rules.c - the rule parser and the iptables-save loader: the input
 * as an iptables-save file (lenient, every problem listed), then each of
 * its lines as an iptables command; what loaded is printed back. */
#include "fuzz.h"

#include "engine/xt/rule.h"
#include "ruleset/save.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct ruleset rs;
	struct save_report rep = {0};
	struct nf_error err = {.col = -1};
	struct strbuf out = STRBUF_INIT;

	fuzz_work_start();
	ruleset_init(&rs);
	save_load_text(&rs, "fuzz.rules", text, &rep, &err);
	fuzz_work_check("loading the iptables-save file", size);
	ruleset_save(&rs, true, &out);
	save_report_free(&rep);
	ruleset_free(&rs);

	fuzz_work_start();
	ruleset_init(&rs);
	int line = 1;
	for (char *s = text, *nl; *s; s = nl ? nl + 1 : s + strlen(s), line++) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		err = (struct nf_error){.col = -1};
		ruleset_command(&rs, s, line, &err);
		if (!nl)
			break;
	}
	fuzz_work_check("running the lines as iptables commands", size);
	ruleset_save(&rs, false, &out);
	ruleset_free(&rs);
	sb_free(&out);
	free(text);
	return 0;
}
