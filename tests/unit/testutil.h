/* Helpers shared by the unit tests: load graphs and scenarios from strings,
 * score them, and look results up by id. */
#ifndef CP_TESTUTIL_H
#define CP_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

typedef struct fixture {
	cp_graph *g;
	cp_scenario *s;
	cp_result *r;
	cp_log log;
	cp_status st;      /* of the last step that ran */
} fixture;

static inline int log_has(const cp_log *log, cp_severity sev, const char *needle)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		if (log->d[i].severity == sev && strstr(log->d[i].text, needle))
			return 1;
	return 0;
}

static inline void log_dump(const cp_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		fprintf(stderr, "  log: %s\n", log->d[i].text);
}

/* The same for a log whose messages the test provokes on purpose. */
static inline void log_dump_expected(const cp_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		fprintf(stderr, "  expected diagnostic: %s\n", log->d[i].text);
}

/* Graph text of a ring of n nodes, node i supplied by the next three
 * (shares 0.25, 0.25, 0.5); node bad_at's line gets the given supplier in
 * place of its first (NULL: none).  The caller frees it. */
static inline char *ring_graph(int n, int bad_at, const char *bad)
{
	size_t cap = (size_t)n * 160 + 64, len = 0;
	char *t = malloc(cap);
	int i;
	assert_non_null(t);
	len += (size_t)snprintf(t + len, cap - len, "{\"chokepoint\": 1, \"nodes\": [");
	for (i = 0; i < n; i++) {
		char first[64];
		if (bad && i == bad_at)
			snprintf(first, sizeof first, "%s", bad);
		else
			snprintf(first, sizeof first, "n%d", (i + 1) % n);
		len += (size_t)snprintf(t + len, cap - len,
		                        "%s{\"id\":\"n%d\",\"kind\":\"component\",\"country\":\"JP\",\"inputs\":[{\"item\":\"x\",\"suppliers\":"
		                        "{\"%s\":0.25,\"n%d\":0.25,\"n%d\":0.5}}]}",
		                        i ? "," : "", i, first, (i + 2) % n, (i + 3) % n);
	}
	snprintf(t + len, cap - len, "]}");
	return t;
}

/* Load graph text, then each scenario text (NULL-terminated), then score.
 * Stops at the first failing step; f->st says which status it gave. */
static inline void fx_run(fixture *f, const char *graph, ...)
{
	va_list ap;
	const char *scen;
	memset(f, 0, sizeof *f);
	cp_log_init(&f->log);
	f->st = cp_graph_load_buffer(&f->g, "g.json", graph, strlen(graph), NULL, &f->log);
	if (f->st != CP_OK)
		return;
	f->s = cp_scenario_new();
	va_start(ap, graph);
	while ((scen = va_arg(ap, const char *)) != NULL) {
		f->st = cp_scenario_load_buffer(f->s, f->g, "s.json", scen, strlen(scen), NULL, &f->log);
		if (f->st != CP_OK) {
			va_end(ap);
			return;
		}
	}
	va_end(ap);
	f->st = cp_score(&f->r, f->g, f->s, CP_SCORE_EXPLAIN, &f->log);
}

static inline void fx_free(fixture *f)
{
	cp_result_free(f->r);
	cp_scenario_free(f->s);
	cp_graph_free(f->g);
	cp_log_free(&f->log);
	memset(f, 0, sizeof *f);
}

static inline void fx_ok(fixture *f)
{
	if (f->st != CP_OK)
		log_dump(&f->log);
	assert_int_equal(f->st, CP_OK);
}

static inline int32_t node_of(const fixture *f, const char *id)
{
	int32_t v = cp_graph_find(f->g, id);
	if (v < 0)
		fail_msg("no node '%s'", id);
	return v;
}

static inline double disruption(const fixture *f, const char *id)
{
	return f->r->disruption[node_of(f, id)];
}

static inline const char *tag_of(const fixture *f, const char *id)
{
	int32_t t = f->r->tag[node_of(f, id)];
	return t < 0 ? NULL : cp_graph_str(f->g, t);
}

/* The edge from -> to (first one), or fail. */
static inline int32_t edge_of(const fixture *f, const char *from, const char *to)
{
	int32_t u = node_of(f, from), v = node_of(f, to), e;
	for (e = 0; e < f->g->n_edges; e++)
		if (f->g->supplier[e] == u && f->g->consumer[e] == v)
			return e;
	fail_msg("no edge %s -> %s", from, to);
	return -1;
}

static inline double content_of(const fixture *f, int32_t rule, const char *id)
{
	return f->r->content[(size_t)rule * (size_t)f->g->n_nodes + (size_t)node_of(f, id)];
}

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-12)

#endif
