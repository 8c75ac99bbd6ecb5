/* fuzz_pktspec.c - the packet short form ("tcp 192.0.2.7:1000 ->
 * 10.0.0.1:22 syn on eth0") and the TCP flags words. */
#include "fuzz.h"

#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct scn_packet pk;
	struct nf_error err = {.col = -1};
	uint8_t flags;
	memset(&pk, 0, sizeof(pk));
	pktspec_parse(text, &pk, &err);
	free(pk.payload_data); /* the caller owns the payload's bytes (scenario_free frees them) */
	pktspec_parse_flags(text, &flags, &err);
	free(text);
	return 0;
}
