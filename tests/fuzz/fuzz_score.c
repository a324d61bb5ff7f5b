/* libFuzzer target: load, apply changes, score and find chokepoints, end to
 * end.  The input is a graph file, optionally followed by a NUL byte and a
 * scenario file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t glen = nul ? (size_t)(nul - text) : size;
	cp_graph *g = NULL;
	cp_scenario *s = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;

	cp_log_init(&log);
	st = cp_graph_load_buffer(&g, "g.json", text, glen, NULL, &log);
	if (st == CP_OK && (s = cp_scenario_new()) != NULL && nul)
		st = cp_scenario_load_buffer(s, g, "s.json", nul + 1, size - glen - 1, NULL, &log);
	if (st == CP_OK && s && s->n_changes) {
		cp_graph *changed = NULL;
		if ((st = cp_graph_apply_changes(&changed, g, s, &log)) == CP_OK) {
			cp_graph_free(g);
			g = changed;
		}
	}
	if (st == CP_OK && s && cp_score(&r, g, s, CP_SCORE_EXPLAIN, &log) == CP_OK) {
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
