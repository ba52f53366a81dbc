/* fuzz_script.c — libFuzzer target: the case-file parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "harness/script/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script *s = NULL;
	struct script_error err;
	if (script_parse("fuzz.pkt", (const char *)data, size, &s, &err) == 0)
		script_free(s);
	return 0;
}
