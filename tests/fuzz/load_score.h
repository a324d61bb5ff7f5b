/* The start of the end-to-end fuzz targets (fuzz_score.c, fuzz_output.c):
 * the input is a graph file, optionally followed by a NUL byte and a
 * scenario file.  cp_fuzz_load_score loads both, applies the scenario's
 * changes and scores with explanations.  *g, *s and *r are set (each may be
 * NULL) and are the caller's to free, *r only when it returns 1; messages go
 * to log, which the caller has initialised.  Returns 1 when scored. */
#ifndef CP_FUZZ_LOAD_SCORE_H
#define CP_FUZZ_LOAD_SCORE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

static inline int cp_fuzz_load_score(const uint8_t *data, size_t size, cp_graph **g,
                                     cp_scenario **s, cp_result **r, cp_log *log)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t glen = nul ? (size_t)(nul - text) : size;
	cp_status st;

	*g = NULL;
	*s = NULL;
	*r = NULL;
	st = cp_graph_load_buffer(g, "g.json", text, glen, NULL, log);
	if (st == CP_OK && (*s = cp_scenario_new()) != NULL && nul)
		st = cp_scenario_load_buffer(*s, *g, "s.json", nul + 1, size - glen - 1, NULL, log);
	if (st == CP_OK && *s && (*s)->n_changes) {
		cp_graph *changed = NULL;
		if ((st = cp_graph_apply_changes(&changed, *g, *s, log)) == CP_OK) {
			cp_graph_free(*g);
			*g = changed;
		}
	}
	return st == CP_OK && *s && cp_score(r, *g, *s, CP_SCORE_EXPLAIN, log) == CP_OK;
}

#endif
