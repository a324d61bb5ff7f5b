/* libFuzzer target: load, apply changes, score and find chokepoints, end to
 * end.  The input is a graph file, optionally followed by a NUL byte and a
 * scenario file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "load_score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cp_fuzz_input in;
	if (cp_fuzz_open(&in, data, size)) {
		cp_chokepoints *c = NULL;
		if (cp_chokepoints_compute(&c, in.r, 200, &in.log) == CP_OK)
			cp_chokepoints_free(c);
		FILE *sink = fopen("/dev/null", "w");
		if (sink) {
			cp_report_json(sink, in.r, &in.log);
			cp_report_table(sink, in.r);
			cp_report_csv(sink, in.r, 1);
			fclose(sink);
		}
	}
	cp_fuzz_close(&in);
	return 0;
}
