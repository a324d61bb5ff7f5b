/* The start and end of the end-to-end fuzz targets (fuzz_score.c,
 * fuzz_output.c): the input is a graph file, optionally followed by a NUL
 * byte and a scenario file.  cp_fuzz_open loads both, applies the
 * scenario's changes and scores with explanations; it returns 1 when in->r
 * holds the result.  cp_fuzz_close frees everything, whatever open
 * returned. */
#ifndef CP_FUZZ_LOAD_SCORE_H
#define CP_FUZZ_LOAD_SCORE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

typedef struct cp_fuzz_input {
	cp_graph *g;        /* the graph, after the changes (or NULL) */
	cp_scenario *s;     /* the scenario (or NULL) */
	cp_result *r;       /* the result when scored, else NULL */
	cp_log log;         /* every message so far */
} cp_fuzz_input;

static inline int cp_fuzz_open(cp_fuzz_input *in, const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t glen = nul ? (size_t)(nul - text) : size;
	cp_result *r = NULL;
	cp_status st;

	in->g = NULL;
	in->s = NULL;
	in->r = NULL;
	cp_log_init(&in->log);
	st = cp_graph_load_buffer(&in->g, "g.json", text, glen, NULL, &in->log);
	if (st == CP_OK && (in->s = cp_scenario_new()) != NULL && nul)
		st = cp_scenario_load_buffer(in->s, in->g, "s.json", nul + 1, size - glen - 1, NULL, &in->log);
	if (st == CP_OK && in->s && in->s->n_changes) {
		cp_graph *changed = NULL;
		if ((st = cp_graph_apply_changes(&changed, in->g, in->s, &in->log)) == CP_OK) {
			cp_graph_free(in->g);
			in->g = changed;
		}
	}
	if (st == CP_OK && in->s && cp_score(&r, in->g, in->s, CP_SCORE_EXPLAIN, &in->log) == CP_OK)
		in->r = r;
	return in->r != NULL;
}

static inline void cp_fuzz_close(cp_fuzz_input *in)
{
	cp_result_free(in->r);
	cp_scenario_free(in->s);
	cp_graph_free(in->g);
	cp_log_free(&in->log);
}

#endif
