/* fuzz_catalogue.c — libFuzzer target: the requirement-catalogue parser on
 * arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "harness/report/catalogue.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalogue cat;
	char err[512];

	if (catalogue_parse("fuzz.md", (const char *)data, size, &cat, err, sizeof err) == 0)
		catalogue_free(&cat);
	return 0;
}
