/* fuzz_scenario.c - the scenario loader (YAML, every key, the iptables
 * and tc blocks, the packet short forms), then a walk of its packets. */
#include "fuzz.h"

#include "engine/walk/engine.h"
#include "scenario/runner.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario s;
	struct nf_error err = {.col = -1};
	fuzz_work_start();
	if (scenario_load_string("fuzz.yaml", (const char *)data, size, &s, &err) != 0) {
		fuzz_work_check("loading the scenario", size);
		return 0;
	}
	fuzz_work_check("loading the scenario", size);
	struct engine e;
	engine_init(&e);
	if (scenario_build_engine(&s, &e, &err) == 0)
		runner_run(&s, &e, NULL, &err);
	engine_free(&e);
	scenario_free(&s);
	return 0;
}
