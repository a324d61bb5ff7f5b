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
	cp_graph *g;
	cp_scenario *s;
	cp_result *r;
	cp_log log;

	cp_log_init(&log);
	if (cp_fuzz_load_score(data, size, &g, &s, &r, &log)) {
		cp_chokepoints *c = NULL;
		if (cp_chokepoints_compute(&c, r, 200, &log) == CP_OK)
			cp_chokepoints_free(c);
		FILE *sink = fopen("/dev/null", "w");
		if (sink) {
			cp_report_json(sink, r, &log);
			cp_report_table(sink, r);
			cp_report_csv(sink, r, 1);
			fclose(sink);
		}
		cp_result_free(r);
	}
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return 0;
}
