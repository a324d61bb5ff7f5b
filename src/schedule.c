/* The evaluation order: strongly connected components in topological order,
 * so one pass settles a graph without cycles and each cycle is iterated on
 * its own once everything upstream of it is final.
 *
 * A file written upstream first (every supplier before its consumers, as
 * generated and exported graphs are) is its own order, found by one pass
 * over the edges.  Otherwise Tarjan's algorithm walks from each node to its
 * suppliers (a node's edges are contiguous, so no adjacency is built): it
 * closes a component only after every component upstream of it, which is
 * the topological order wanted.  Members of a component are kept in node
 * order, so sweeps over a cycle visit them as the file lists them. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "analyse.h"
#include "graph_internal.h"
#include "log.h"

void cp_schedule_free(cp_schedule *sc)
{
	cp_free(sc->order);
	cp_free(sc->comp_off);
	memset(sc, 0, sizeof *sc);
}

static int in_file_order(const cp_graph *g)
{
	int32_t e;
	for (e = 0; e < g->n_edges; e++)
		if (g->supplier[e] >= g->consumer[e])
			return 0;
	return 1;
}

static int compare_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

#define FIRST_EDGE(g, v) ((g)->edge_off[(g)->line_off[v]])
#define END_EDGE(g, v) ((g)->edge_off[(g)->line_off[(v) + 1]])

/* Tarjan's algorithm without recursion: call[] holds the walk, next[v] the
 * next edge of v to follow, stack[] the nodes of components not closed. */
static cp_status tarjan(cp_schedule *sc, const cp_graph *g)
{
	int32_t n = g->n_nodes, counter = 0, depth = 0, top = 0, k = 0, r;
	int32_t *index = cp_mallocn((size_t)n + 1, sizeof *index);
	int32_t *low = cp_mallocn((size_t)n + 1, sizeof *low);
	int32_t *next = cp_mallocn((size_t)n + 1, sizeof *next);
	int32_t *call = cp_mallocn((size_t)n + 1, sizeof *call);
	int32_t *stack = cp_mallocn((size_t)n + 1, sizeof *stack);
	uint8_t *on = cp_callocn((size_t)n + 1, 1);
	cp_status st = CP_ENOMEM;

	if (!index || !low || !next || !call || !stack || !on)
		goto done;
	for (r = 0; r < n; r++)
		index[r] = -1;
	for (r = 0; r < n; r++) {
		if (index[r] >= 0)
			continue;
		index[r] = low[r] = counter++;
		next[r] = FIRST_EDGE(g, r);
		stack[top++] = r;
		on[r] = 1;
		call[depth++] = r;
		while (depth) {
			int32_t v = call[depth - 1];
			if (next[v] < END_EDGE(g, v)) {
				int32_t u = g->supplier[next[v]++];
				if (index[u] < 0) {
					index[u] = low[u] = counter++;
					next[u] = FIRST_EDGE(g, u);
					stack[top++] = u;
					on[u] = 1;
					call[depth++] = u;
				} else if (on[u] && index[u] < low[v]) {
					low[v] = index[u];
				}
				continue;
			}
			depth--;
			if (depth && low[v] < low[call[depth - 1]])
				low[call[depth - 1]] = low[v];
			if (low[v] == index[v]) {
				int32_t b = top;
				do
					on[stack[--b]] = 0;
				while (stack[b] != v);
				sc->comp_off[sc->n_comps++] = k;
				memcpy(sc->order + k, stack + b, (size_t)(top - b) * sizeof *stack);
				if (top - b > 1)
					qsort(sc->order + k, (size_t)(top - b), sizeof *sc->order, compare_i32);
				k += top - b;
				top = b;
			}
		}
	}
	sc->comp_off[sc->n_comps] = k;
	st = CP_OK;
done:
	cp_free(index);
	cp_free(low);
	cp_free(next);
	cp_free(call);
	cp_free(stack);
	cp_free(on);
	return st;
}

cp_status cp_schedule_build(cp_schedule *sc, const cp_graph *g, cp_log *log)
{
	cp_status st = CP_OK;
	int32_t v;

	(void)log;
	memset(sc, 0, sizeof *sc);
	sc->order = cp_mallocn((size_t)g->n_nodes + 1, sizeof *sc->order);
	sc->comp_off = cp_mallocn((size_t)g->n_nodes + 1, sizeof *sc->comp_off);
	if (!sc->order || !sc->comp_off) {
		cp_schedule_free(sc);
		return CP_ENOMEM;
	}
	if (in_file_order(g)) {
		for (v = 0; v < g->n_nodes; v++)
			sc->order[v] = sc->comp_off[v] = v;
		sc->comp_off[g->n_nodes] = g->n_nodes;
		sc->n_comps = g->n_nodes;
	} else {
		st = tarjan(sc, g);
	}
	if (st != CP_OK)
		cp_schedule_free(sc);
	return st;
}
