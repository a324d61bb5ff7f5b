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

/* Knocking out node x changes only what lies downstream of it.  The cone
 * is recomputed component by component in schedule order, from a heap of
 * the components reached, and stops where availability comes out exactly as
 * before; the touched nodes are then restored.  Each knockout so costs its
 * changed cone, and gives bit for bit what a full pass would. */
typedef struct cone {
	const cp_model *m;
	const double *blocked, *subst;
	double *loss, *a;          /* the base state, modified and restored */
	const double *base;        /* a in the base state */
	int32_t *comp_of;          /* per node */
	int32_t *out_off, *out_node; /* consumers of each node (with repeats) */
	int32_t *heap, n_heap;
	uint32_t *queued;          /* per component: the knockout that queued it */
	int32_t *touched, n_touched;
} cone;

static void cone_free(cone *c)
{
	cp_free(c->loss);
	cp_free(c->a);
	cp_free(c->comp_of);
	cp_free(c->out_off);
	cp_free(c->out_node);
	cp_free(c->heap);
	cp_free(c->queued);
	cp_free(c->touched);
}

static cp_status cone_init(cone *c, const cp_model *m, const cp_work *w)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	size_t n = (size_t)g->n_nodes;
	int32_t k, i, e;
	memset(c, 0, sizeof *c);
	c->m = m;
	c->blocked = w->blocked;
	c->subst = g->substitutable;
	c->base = w->avail;
	c->loss = cp_mallocn(n + 1, sizeof *c->loss);
	c->a = cp_mallocn(n + 1, sizeof *c->a);
	c->comp_of = cp_mallocn(n + 1, sizeof *c->comp_of);
	c->out_off = cp_callocn(n + 2, sizeof *c->out_off);
	c->out_node = cp_mallocn((size_t)g->n_edges + 1, sizeof *c->out_node);
	c->heap = cp_mallocn((size_t)sc->n_comps + 1, sizeof *c->heap);
	c->queued = cp_callocn((size_t)sc->n_comps + 1, sizeof *c->queued);
	c->touched = cp_mallocn(n + 1, sizeof *c->touched);
	if (!c->loss || !c->a || !c->comp_of || !c->out_off || !c->out_node || !c->heap || !c->queued || !c->touched)
		return CP_ENOMEM;
	memcpy(c->loss, w->loss, n * sizeof *c->loss);
	memcpy(c->a, w->avail, n * sizeof *c->a);
	for (k = 0; k < sc->n_comps; k++)
		for (i = sc->comp_off[k]; i < sc->comp_off[k + 1]; i++)
			c->comp_of[sc->order[i]] = k;
	for (e = 0; e < g->n_edges; e++)
		c->out_off[g->supplier[e] + 2]++;
	for (i = 0; i < g->n_nodes; i++)
		c->out_off[i + 2] += c->out_off[i + 1];
	for (e = 0; e < g->n_edges; e++)
		c->out_node[c->out_off[g->supplier[e] + 1]++] = g->consumer[e];
	return CP_OK;
}

static void heap_push(cone *c, int32_t comp)
{
	int32_t i = c->n_heap++;
	while (i > 0 && c->heap[(i - 1) / 2] > comp) {
		c->heap[i] = c->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	c->heap[i] = comp;
}

static int32_t heap_pop(cone *c)
{
	int32_t top = c->heap[0], last = c->heap[--c->n_heap], i = 0;
	for (;;) {
		int32_t l = 2 * i + 1, r = l + 1, s = i;
		if (l < c->n_heap && c->heap[l] < last)
			s = l;
		if (r < c->n_heap && c->heap[r] < (s == i ? last : c->heap[s]))
			s = r;
		if (s == i)
			break;
		c->heap[i] = c->heap[s];
		i = s;
	}
	if (c->n_heap)
		c->heap[i] = last;
	return top;
}

static void queue_comp(cone *c, int32_t comp, uint32_t stamp)
{
	if (c->queued[comp] != stamp) {
		c->queued[comp] = stamp;
		heap_push(c, comp);
	}
}

/* Availability with x knocked out, in c->a; stamp is unique per call. */
static void knock_out(cone *c, int32_t x, uint32_t stamp)
{
	const cp_model *m = c->m;
	const cp_schedule *sc = &m->sc;
	double kept = c->loss[x];
	int32_t i, j;
	c->loss[x] = 1;
	c->n_touched = 0;
	queue_comp(c, c->comp_of[x], stamp);
	while (c->n_heap) {
		int32_t k = heap_pop(c);
		cp_solve_component(m->g, sc, k, c->subst, c->blocked, c->loss, c->a, NULL);
		for (i = sc->comp_off[k]; i < sc->comp_off[k + 1]; i++) {
			int32_t v = sc->order[i];
			c->touched[c->n_touched++] = v;
			if (c->a[v] == c->base[v])
				continue;
			for (j = c->out_off[v]; j < c->out_off[v + 1]; j++)
				if (c->comp_of[c->out_node[j]] != k)
					queue_comp(c, c->comp_of[c->out_node[j]], stamp);
		}
	}
	c->loss[x] = kept;
}

static void restore(cone *c)
{
	int32_t i;
	for (i = 0; i < c->n_touched; i++)
		c->a[c->touched[i]] = c->base[c->touched[i]];
}

static cp_status knockouts(cp_chokepoints *c, const cp_result *r)
{
	const cp_model *m = r->model;
	cp_variant v = CP_VARIANT_STATIC;
	int32_t k, i;
	cp_status st;
	cp_work w;
	cone cn;

	v.rule_on = r->rule_on;
	v.rule_phase = r->rule_phase;
	v.outage_on = r->outage_on;
	c->impact = cp_mallocn((size_t)c->n_candidates * (size_t)r->n_sector_nodes + 1, sizeof *c->impact);
	if (!c->impact || cp_work_init(&w, m) != CP_OK)
		return CP_ENOMEM;
	cp_model_run(m, &v, &w);   /* the base state, exactly as a full pass gives it */
	if ((st = cone_init(&cn, m, &w)) != CP_OK)
		goto done;
	for (k = 0; k < c->n_candidates; k++) {
		knock_out(&cn, c->candidates[k], (uint32_t)k + 1);
		for (i = 0; i < r->n_sector_nodes; i++) {
			int32_t s = r->sector_nodes[i];
			c->impact[(size_t)k * (size_t)r->n_sector_nodes + (size_t)i] = (1 - cn.a[s]) - (1 - cn.base[s]);
		}
		restore(&cn);
	}
done:
	cone_free(&cn);
	cp_work_free(&w);
	return st;
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
