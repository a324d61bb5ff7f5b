/* Where a scored graph is fragile: knockouts (MODEL.md 3 with one node's
 * output lost), dominators from the sources (igraph), and the concentration
 * of each item's supply by country (HHI). */
#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "model.h"
#include "log.h"

void cp_chokepoints_free(cp_chokepoints *c)
{
	if (!c)
		return;
	cp_free(c->candidates);
	cp_free(c->impact);
	cp_free(c->idom);
	cp_free(c->item);
	cp_free(c->hhi);
	cp_free(c->top_country);
	cp_free(c->top_share);
	cp_free(c->item_by_output);
	cp_free(c);
}

/* Dominators of every node from a virtual root that feeds every source
 * (a node without lines), so "every path from any source passes through d". */
static cp_status dominators(cp_chokepoints *c, const cp_graph *g, cp_log *log)
{
	igraph_t ig;
	igraph_vector_int_t dom, leftout, extra;
	igraph_integer_t root = g->n_nodes, i;
	int32_t v;
	cp_status st = CP_EINTERNAL;

	if (!(c->idom = cp_mallocn((size_t)g->n_nodes + 1, sizeof *c->idom)))
		return CP_ENOMEM;
	if (igraph_copy(&ig, g->igraph) != IGRAPH_SUCCESS)
		return CP_ENOMEM;
	if (igraph_vector_int_init(&extra, 0) != IGRAPH_SUCCESS) {
		igraph_destroy(&ig);
		return CP_ENOMEM;
	}
	if (igraph_vector_int_init(&dom, 0) != IGRAPH_SUCCESS || igraph_vector_int_init(&leftout, 0) != IGRAPH_SUCCESS)
		goto done;
	for (v = 0; v < g->n_nodes; v++)
		if (g->line_off[v] == g->line_off[v + 1] &&
		    (igraph_vector_int_push_back(&extra, root) != IGRAPH_SUCCESS ||
		     igraph_vector_int_push_back(&extra, v) != IGRAPH_SUCCESS))
			goto done;
	if (igraph_add_vertices(&ig, 1, NULL) != IGRAPH_SUCCESS || igraph_add_edges(&ig, &extra, NULL) != IGRAPH_SUCCESS ||
	    igraph_dominator_tree(&ig, root, &dom, NULL, &leftout, IGRAPH_OUT) != IGRAPH_SUCCESS) {
		cp_error(log, "igraph: dominator tree failed");
		goto done;
	}
	for (v = 0; v < g->n_nodes; v++) {
		igraph_integer_t d = VECTOR(dom)[v];
		c->idom[v] = d == root ? -1 : d >= 0 ? (int32_t)d : -2;
	}
	for (i = 0; i < igraph_vector_int_size(&leftout); i++)
		if (VECTOR(leftout)[i] < g->n_nodes)
			c->idom[VECTOR(leftout)[i]] = -2;
	st = CP_OK;
done:
	igraph_vector_int_destroy(&extra);
	igraph_vector_int_destroy(&dom);
	igraph_vector_int_destroy(&leftout);
	igraph_destroy(&ig);
	return st;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Every node, or on a large graph the sectors' dominators first and then
 * the nodes with most consumers, up to max_exact. */
static cp_status choose_candidates(cp_chokepoints *c, const cp_result *r, int32_t max_exact)
{
	const cp_graph *g = r->g;
	int32_t v, i, n = 0;
	uint8_t *taken;
	uint64_t *order;

	c->exact = g->n_nodes <= max_exact;
	if (!(c->candidates = cp_mallocn((size_t)g->n_nodes + 1, sizeof *c->candidates)))
		return CP_ENOMEM;
	if (c->exact) {
		for (v = 0; v < g->n_nodes; v++)
			c->candidates[v] = v;
		c->n_candidates = g->n_nodes;
		return CP_OK;
	}
	taken = cp_callocn((size_t)g->n_nodes, 1);
	order = cp_mallocn((size_t)g->n_nodes, sizeof *order);
	if (!taken || !order) {
		cp_free(taken);
		cp_free(order);
		return CP_ENOMEM;
	}
	for (i = 0; i < r->n_sector_nodes && n < max_exact; i++)
		for (v = c->idom[r->sector_nodes[i]]; v >= 0 && n < max_exact; v = c->idom[v])
			if (!taken[v]) {
				taken[v] = 1;
				c->candidates[n++] = v;
			}
	/* most consumers first, ties in node order */
	for (v = 0; v < g->n_nodes; v++)
		order[v] = (uint64_t)(INT32_MAX - g->out_degree[v]) << 32 | (uint32_t)v;
	qsort(order, (size_t)g->n_nodes, sizeof *order, compare_u64);
	for (i = 0; i < g->n_nodes && n < max_exact; i++) {
		int32_t u = (int32_t)(order[i] & 0xffffffffu);
		if (!taken[u] && g->kind[u] != CP_SECTOR) {
			taken[u] = 1;
			c->candidates[n++] = u;
		}
	}
	c->n_candidates = n;
	cp_free(taken);
	cp_free(order);
	return CP_OK;
}

/* One run of the model per candidate, in the result's variant with the
 * candidate's output lost. */
static cp_status knockouts(cp_chokepoints *c, const cp_result *r)
{
	const cp_model *m = r->model;
	cp_variant v = CP_VARIANT_STATIC;
	int32_t k, i;
	cp_work w;

	v.rule_on = r->rule_on;
	v.rule_phase = r->rule_phase;
	v.outage_on = r->outage_on;
	c->impact = cp_mallocn((size_t)c->n_candidates * (size_t)r->n_sector_nodes + 1, sizeof *c->impact);
	if (!c->impact || cp_work_init(&w, m) != CP_OK)
		return CP_ENOMEM;
	for (k = 0; k < c->n_candidates; k++) {
		v.knockout = c->candidates[k];
		cp_model_run(m, &v, &w);
		for (i = 0; i < r->n_sector_nodes; i++) {
			int32_t s = r->sector_nodes[i];
			c->impact[(size_t)k * (size_t)r->n_sector_nodes + (size_t)i] = (1 - w.avail[s]) - r->disruption[s];
		}
	}
	cp_work_free(&w);
	return CP_OK;
}

/* HHI of each item's supply by country: suppliers weighted by their output
 * when every supplier of the item has one, else by their shares. */
static cp_status concentration(cp_chokepoints *c, const cp_graph *g)
{
	size_t n_str = 0;
	int32_t *slot_of_item, l, e, k;
	double *weight_output, *weight_share;   /* per (item slot, country) */
	uint8_t *all_output;                   /* per item slot */
	uint64_t *pairs;                        /* (item slot, supplier), to count an output once */
	size_t n_pairs = 0, i;
	cp_status st = CP_ENOMEM;

	for (l = 0; l < g->n_lines; l++)
		if ((size_t)g->item[l] + 1 > n_str)
			n_str = (size_t)g->item[l] + 1;
	slot_of_item = cp_mallocn(n_str + 1, sizeof *slot_of_item);
	if (!slot_of_item)
		return CP_ENOMEM;
	for (k = 0; k < (int32_t)n_str; k++)
		slot_of_item[k] = -1;
	c->item = cp_mallocn(n_str + 1, sizeof *c->item);
	if (!c->item)
		goto fail0;
	for (l = 0; l < g->n_lines; l++)
		if (slot_of_item[g->item[l]] < 0) {
			slot_of_item[g->item[l]] = c->n_items;
			c->item[c->n_items++] = g->item[l];
		}
	weight_output = cp_callocn((size_t)c->n_items * (size_t)g->n_countries + 1, sizeof *weight_output);
	weight_share = cp_callocn((size_t)c->n_items * (size_t)g->n_countries + 1, sizeof *weight_share);
	all_output = cp_mallocn((size_t)c->n_items + 1, 1);
	pairs = cp_mallocn((size_t)g->n_edges + 1, sizeof *pairs);
	c->hhi = cp_mallocn((size_t)c->n_items + 1, sizeof *c->hhi);
	c->top_country = cp_mallocn((size_t)c->n_items + 1, sizeof *c->top_country);
	c->top_share = cp_mallocn((size_t)c->n_items + 1, sizeof *c->top_share);
	c->item_by_output = cp_mallocn((size_t)c->n_items + 1, 1);
	if (!weight_output || !weight_share || !all_output || !pairs || !c->hhi || !c->top_country ||
	    !c->top_share || !c->item_by_output)
		goto fail;
	memset(all_output, 1, (size_t)c->n_items);
	for (l = 0; l < g->n_lines; l++) {
		int32_t it = slot_of_item[g->item[l]];
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t u = g->supplier[e];
			weight_share[(size_t)it * (size_t)g->n_countries + (size_t)g->country[u]] += g->shat[e];
			if (isnan(g->output[u]))
				all_output[it] = 0;
			pairs[n_pairs++] = (uint64_t)(uint32_t)it << 32 | (uint32_t)u;
		}
	}
	qsort(pairs, n_pairs, sizeof *pairs, compare_u64);
	for (i = 0; i < n_pairs; i++) {
		int32_t it = (int32_t)(pairs[i] >> 32), u = (int32_t)(pairs[i] & 0xffffffffu);
		if ((i && pairs[i] == pairs[i - 1]) || isnan(g->output[u]))
			continue;
		weight_output[(size_t)it * (size_t)g->n_countries + (size_t)g->country[u]] += g->output[u];
	}
	for (k = 0; k < c->n_items; k++) {
		const double *w = (all_output[k] ? weight_output : weight_share) + (size_t)k * (size_t)g->n_countries;
		double total = 0, h = 0, top = -1;
		int16_t best = 0, cc;
		for (cc = 0; cc < g->n_countries; cc++)
			total += w[cc];
		for (cc = 0; cc < g->n_countries; cc++) {
			double s = total > 0 ? w[cc] / total : 0;
			h += s * s;
			if (s > top) {
				top = s;
				best = cc;
			}
		}
		c->hhi[k] = h;
		c->top_country[k] = best;
		c->top_share[k] = top;
		c->item_by_output[k] = all_output[k];
	}
	st = CP_OK;
fail:
	cp_free(weight_output);
	cp_free(weight_share);
	cp_free(all_output);
	cp_free(pairs);
fail0:
	cp_free(slot_of_item);
	return st;
}

cp_status cp_chokepoints_compute(cp_chokepoints **out, const cp_result *r, int32_t max_exact, cp_log *log)
{
	cp_chokepoints *c = cp_callocn(1, sizeof *c);
	cp_status st;
	*out = NULL;
	if (!c)
		return CP_ENOMEM;
	if ((st = dominators(c, r->g, log)) == CP_OK &&
	    (st = choose_candidates(c, r, max_exact)) == CP_OK &&
	    (st = knockouts(c, r)) == CP_OK)
		st = concentration(c, r->g);
	if (st != CP_OK) {
		cp_chokepoints_free(c);
		return st;
	}
	*out = c;
	return CP_OK;
}
