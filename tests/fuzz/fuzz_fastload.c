/* libFuzzer target: the graph loader's fast path against its cJSON path
 * (tests/fuzz/load_diff.h) on arbitrary bytes, with the nodes array cut
 * into chunks of several sizes and read on two threads; a difference aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "load_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 0, 1, 64, 700 };
	size_t i;
	for (i = 0; i < sizeof chunks / sizeof *chunks; i++) {
		const char *d = cp_load_diff((const char *)data, size, NULL, chunks[i], 2);
		if (d) {
			fprintf(stderr, "fast and slow loads differ (%s) with chunks of %zu bytes\n", d, chunks[i]);
			abort();
		}
	}
	return 0;
}
