/* The graph loader's two paths on one input: the fast path (split into
 * chunks of a given size, read on threads) and the cJSON path alone must
 * give the same status, the same messages in the same order and, when the
 * load succeeds, the same graph field by field (strings by their interned
 * index, numbers bit for bit).  Returns NULL, or what differs. */
#ifndef CP_LOAD_DIFF_H
#define CP_LOAD_DIFF_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include "strtab.h"

#define CP_SAME(field, count) \
	do { \
		if ((count) > 0 && ((a->field == NULL) != (b->field == NULL) || \
		    (a->field && memcmp(a->field, b->field, (size_t)(count) * sizeof *a->field) != 0))) \
			return #field; \
	} while (0)

static inline const char *cp_graph_diff(const cp_graph *a, const cp_graph *b)
{
	int32_t i;
	if (a->n_nodes != b->n_nodes || a->n_lines != b->n_lines || a->n_edges != b->n_edges)
		return "counts";
	CP_SAME(id, a->n_nodes);
	CP_SAME(name, a->n_nodes);
	CP_SAME(kind, a->n_nodes);
	CP_SAME(country, a->n_nodes);
	CP_SAME(tech_origin, a->n_nodes);
	CP_SAME(end_use, a->n_nodes);
	CP_SAME(sector, a->n_nodes);
	CP_SAME(elements, a->n_nodes);
	CP_SAME(output, a->n_nodes);
	CP_SAME(inventory_days, a->n_nodes);
	CP_SAME(production_t, a->n_nodes);
	CP_SAME(restock_rate, a->n_nodes);
	CP_SAME(line_off, a->n_nodes + 1);
	CP_SAME(item, a->n_lines);
	CP_SAME(value_share, a->n_lines);
	CP_SAME(substitutable, a->n_lines);
	CP_SAME(value_share_set, a->n_lines);
	CP_SAME(transit_days, a->n_lines);
	CP_SAME(edge_off, a->n_lines + 1);
	CP_SAME(supplier, a->n_edges);
	CP_SAME(consumer, a->n_edges);
	CP_SAME(edge_line, a->n_edges);
	CP_SAME(shat, a->n_edges);
	CP_SAME(out_degree, a->n_nodes);
	if (a->n_countries != b->n_countries)
		return "n_countries";
	CP_SAME(country_code, a->n_countries);
	if (a->version != b->version || a->title != b->title || a->value_unit != b->value_unit)
		return "version, title or value_unit";
	if (a->strs->n != b->strs->n)
		return "number of strings";
	CP_SAME(node_of_str, (int32_t)a->strs->n);
	for (i = 0; (size_t)i < a->strs->n; i++)
		if (strcmp(cp_strtab_get(a->strs, i), cp_strtab_get(b->strs, i)) != 0)
			return "strings";
	if (a->n_uncertain != b->n_uncertain)
		return "n_uncertain";
	for (i = 0; i < a->n_uncertain; i++) {
		const cp_uncertain *u = &a->uncertain[i], *v = &b->uncertain[i];
		if (u->kind != v->kind || memcmp(u->p, v->p, sizeof u->p) != 0 || u->lo != v->lo || u->hi != v->hi ||
		    u->target != v->target || u->rule != v->rule || u->phase != v->phase || u->index != v->index ||
		    (u->key == NULL) != (v->key == NULL) || (u->key && strcmp(u->key, v->key) != 0))
			return "uncertain";
	}
	return NULL;
}

static inline const char *cp_log_diff(const cp_log *a, const cp_log *b)
{
	size_t i;
	if (a->n != b->n || a->n_errors != b->n_errors || a->n_warnings != b->n_warnings ||
	    a->suppressed != b->suppressed)
		return "number of messages";
	for (i = 0; i < a->n; i++)
		if (a->d[i].severity != b->d[i].severity || strcmp(a->d[i].text, b->d[i].text) != 0)
			return "messages";
	return NULL;
}

/* Load buf both ways: slow, then fast with chunks of chunk bytes (0: the
 * default) on threads threads.  *where says which part differs. */
static inline const char *cp_load_diff(const char *buf, size_t len, const cp_limits *lim, size_t chunk, int threads)
{
	cp_graph *ga = NULL, *gb = NULL;
	cp_log la, lb;
	cp_status sa, sb;
	const char *d = NULL;
	char num[32];
	cp_log_init(&la);
	cp_log_init(&lb);
	setenv("CHOKEPOINT_LOADER", "slow", 1);
	sa = cp_graph_load_buffer(&ga, "in.json", buf, len, lim, &la);
	unsetenv("CHOKEPOINT_LOADER");
	snprintf(num, sizeof num, "%zu", chunk);
	setenv("CHOKEPOINT_LOAD_CHUNK", num, 1);
	snprintf(num, sizeof num, "%d", threads);
	setenv("CHOKEPOINT_LOAD_THREADS", num, 1);
	sb = cp_graph_load_buffer(&gb, "in.json", buf, len, lim, &lb);
	unsetenv("CHOKEPOINT_LOAD_CHUNK");
	unsetenv("CHOKEPOINT_LOAD_THREADS");
	if (sa != sb)
		d = "status";
	else if (!la.oom && !lb.oom && (d = cp_log_diff(&la, &lb)) != NULL)
		;
	else if (sa == CP_OK)
		d = cp_graph_diff(ga, gb);
	if (d && getenv("CP_LOAD_DIFF_VERBOSE")) {
		size_t i;
		fprintf(stderr, "status %d / %d\n", (int)sa, (int)sb);
		for (i = 0; i < la.n || i < lb.n; i++)
			fprintf(stderr, "  slow: %s\n  fast: %s\n", i < la.n ? la.d[i].text : "-", i < lb.n ? lb.d[i].text : "-");
	}
	cp_graph_free(ga);
	cp_graph_free(gb);
	cp_log_free(&la);
	cp_log_free(&lb);
	return d;
}

#endif
