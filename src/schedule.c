/* The evaluation order: strongly connected components (igraph) in
 * topological order, so one pass settles a graph without cycles and each
 * cycle is iterated on its own once everything upstream of it is final. */
#include <string.h>

#include "alloc.h"
#include "analyse.h"
#include "graph_internal.h"
#include "igraph_call.h"
#include "log.h"

void cp_schedule_free(cp_schedule *sc)
{
	cp_free(sc->order);
	cp_free(sc->comp_off);
	memset(sc, 0, sizeof *sc);
}

/* Without cycles every component is one node and igraph sorts them. */
static cp_status acyclic_order(cp_schedule *sc, const cp_graph *g, cp_log *log)
{
	igraph_vector_int_t order;
	igraph_error_t err;
	int32_t i;
	if ((err = igraph_vector_int_init(&order, 0)) != IGRAPH_SUCCESS)
		return cp_igraph_status(err, "topological sorting", log);
	if ((err = igraph_topological_sorting(g->igraph, &order, IGRAPH_OUT)) != IGRAPH_SUCCESS ||
	    igraph_vector_int_size(&order) != g->n_nodes) {
		igraph_vector_int_destroy(&order);
		return cp_igraph_status(err ? err : IGRAPH_FAILURE, "topological sorting", log);
	}
	for (i = 0; i < g->n_nodes; i++) {
		sc->order[i] = (int32_t)VECTOR(order)[i];
		sc->comp_off[i] = i;
	}
	sc->comp_off[g->n_nodes] = g->n_nodes;
	sc->n_comps = g->n_nodes;
	igraph_vector_int_destroy(&order);
	return CP_OK;
}

/* Kahn's algorithm on the condensation, members of a component contiguous. */
static cp_status cyclic_order(cp_schedule *sc, const cp_graph *g, const igraph_vector_int_t *memb,
                              int32_t n_comps, cp_log *log)
{
	int32_t n = g->n_nodes, e, v, c, head = 0, tail = 0, k = 0;
	int32_t *mem_off = cp_callocn((size_t)n_comps + 1, sizeof *mem_off);
	int32_t *members = cp_mallocn((size_t)n, sizeof *members);
	int32_t *out_off = cp_callocn((size_t)n + 1, sizeof *out_off);
	int32_t *out_edge = cp_mallocn((size_t)g->n_edges + 1, sizeof *out_edge);
	int32_t *indeg = cp_callocn((size_t)n_comps, sizeof *indeg);
	int32_t *queue = cp_mallocn((size_t)n_comps, sizeof *queue);
	int32_t *fill = cp_mallocn((size_t)n + 1, sizeof *fill);
	cp_status st = CP_ENOMEM;

	if (!mem_off || !members || !out_off || !out_edge || !indeg || !queue || !fill)
		goto done;
#define COMP(x) ((int32_t)VECTOR(*memb)[x])
	for (v = 0; v < n; v++)
		mem_off[COMP(v) + 1]++;
	for (c = 0; c < n_comps; c++)
		mem_off[c + 1] += mem_off[c];
	for (c = 0; c <= n_comps; c++)
		fill[c] = mem_off[c];
	for (v = 0; v < n; v++)
		members[fill[COMP(v)]++] = v;
	/* consumers of each node, to release components downstream */
	for (e = 0; e < g->n_edges; e++)
		out_off[g->supplier[e] + 1]++;
	for (v = 0; v < n; v++)
		out_off[v + 1] += out_off[v];
	memcpy(fill, out_off, (size_t)(n + 1) * sizeof *fill);
	for (e = 0; e < g->n_edges; e++)
		out_edge[fill[g->supplier[e]]++] = e;
	for (e = 0; e < g->n_edges; e++)
		if (COMP(g->supplier[e]) != COMP(g->consumer[e]))
			indeg[COMP(g->consumer[e])]++;
	for (c = 0; c < n_comps; c++)
		if (!indeg[c])
			queue[tail++] = c;
	while (head < tail) {
		int32_t i;
		c = queue[head++];
		sc->comp_off[sc->n_comps++] = k;
		for (i = mem_off[c]; i < mem_off[c + 1]; i++) {
			int32_t j, u = members[i];
			sc->order[k++] = u;
			for (j = out_off[u]; j < out_off[u + 1]; j++) {
				int32_t d = COMP(g->consumer[out_edge[j]]);
				if (d != c && --indeg[d] == 0)
					queue[tail++] = d;
			}
		}
	}
#undef COMP
	sc->comp_off[sc->n_comps] = k;
	st = CP_OK;
	if (k != n) {
		cp_error_code(log, CP_DIAG_INTERNAL, "internal error: the component order does not cover the graph");
		st = CP_EINTERNAL;
	}
done:
	cp_free(mem_off);
	cp_free(members);
	cp_free(out_off);
	cp_free(out_edge);
	cp_free(indeg);
	cp_free(queue);
	cp_free(fill);
	return st;
}

/* Called with the igraph guard held. */
static cp_status build(cp_schedule *sc, const cp_graph *g, cp_log *log)
{
	igraph_vector_int_t memb;
	igraph_integer_t n_comps = 0;
	igraph_error_t err;
	cp_status st;

	if ((err = igraph_vector_int_init(&memb, 0)) != IGRAPH_SUCCESS)
		return cp_igraph_status(err, "strongly connected components", log);
	if ((err = igraph_connected_components(g->igraph, &memb, NULL, &n_comps, IGRAPH_STRONG)) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&memb);
		return cp_igraph_status(err, "strongly connected components", log);
	}
	if (n_comps == g->n_nodes)
		st = acyclic_order(sc, g, log);
	else
		st = cyclic_order(sc, g, &memb, (int32_t)n_comps, log);
	igraph_vector_int_destroy(&memb);
	return st;
}

cp_status cp_schedule_build(cp_schedule *sc, const cp_graph *g, cp_log *log)
{
	cp_igraph_guard gd;
	cp_status st;

	memset(sc, 0, sizeof *sc);
	sc->order = cp_mallocn((size_t)g->n_nodes, sizeof *sc->order);
	sc->comp_off = cp_mallocn((size_t)g->n_nodes + 1, sizeof *sc->comp_off);
	if (!sc->order || !sc->comp_off) {
		cp_schedule_free(sc);
		return CP_ENOMEM;
	}
	cp_igraph_enter(&gd);
	st = build(sc, g, log);
	cp_igraph_leave(&gd);
	if (st != CP_OK)
		cp_schedule_free(sc);
	return st;
}
