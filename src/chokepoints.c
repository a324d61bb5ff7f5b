/* Where a scored graph is fragile: knockouts (MODEL.md 3 with one node's
 * output lost), dominators from the sources (igraph), and the concentration
 * of each item's supply by country (HHI). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "igraph_call.h"
#include "model.h"
#include "log.h"
#include "sweep.h"

void cp_chokepoints_free(cp_chokepoints *c)
{
	if (!c)
		return;
	cp_free(c->candidates);
	cp_free(c->hit_off);
	cp_free(c->hit);
	cp_free(c->added);
	cp_free(c->idom);
	cp_free(c->item);
	cp_free(c->hhi);
	cp_free(c->top_country);
	cp_free(c->top_share);
	cp_free(c->item_by_output);
	cp_free(c);
}

/* The graph's edges (supplier -> consumer) and a virtual root, node
 * n_nodes, with an edge to every source (a node without lines), as igraph
 * edge pairs; ev is initialised only on success. */
static igraph_error_t rooted_edges(const cp_graph *g, igraph_vector_int_t *ev)
{
	igraph_integer_t root = g->n_nodes;
	igraph_error_t err;
	int32_t e, v;
	if ((err = igraph_vector_int_init(ev, 2 * (igraph_integer_t)g->n_edges)) != IGRAPH_SUCCESS)
		return err;
	for (e = 0; e < g->n_edges; e++) {
		VECTOR(*ev)[2 * e] = g->supplier[e];
		VECTOR(*ev)[2 * e + 1] = g->consumer[e];
	}
	for (v = 0; v < g->n_nodes; v++)
		if (g->line_off[v] == g->line_off[v + 1] &&
		    ((err = igraph_vector_int_push_back(ev, root)) != IGRAPH_SUCCESS ||
		     (err = igraph_vector_int_push_back(ev, v)) != IGRAPH_SUCCESS)) {
			igraph_vector_int_destroy(ev);
			return err;
		}
	return IGRAPH_SUCCESS;
}

/* Dominators of every node from a virtual root that feeds every source,
 * so "every path from any source passes through d".  Called with the
 * igraph guard held. */
static cp_status dominators_locked(cp_chokepoints *c, const cp_graph *g, cp_log *log)
{
	igraph_t ig;
	igraph_vector_int_t dom, leftout, edges;
	igraph_integer_t root = g->n_nodes, i;
	igraph_error_t err;
	int32_t v;

	if ((err = rooted_edges(g, &edges)) != IGRAPH_SUCCESS)
		return cp_igraph_status(err, "building the graph", log);
	err = igraph_create(&ig, &edges, root + 1, IGRAPH_DIRECTED);
	igraph_vector_int_destroy(&edges);
	if (err != IGRAPH_SUCCESS)
		return cp_igraph_status(err, "building the graph", log);
	if ((err = igraph_vector_int_init(&dom, 0)) != IGRAPH_SUCCESS) {
		igraph_destroy(&ig);
		return cp_igraph_status(err, "dominator tree", log);
	}
	if ((err = igraph_vector_int_init(&leftout, 0)) != IGRAPH_SUCCESS)
		goto done;
	if ((err = igraph_dominator_tree(&ig, root, &dom, NULL, &leftout, IGRAPH_OUT)) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&leftout);
		goto done;
	}
	for (v = 0; v < g->n_nodes; v++) {
		igraph_integer_t d = VECTOR(dom)[v];
		c->idom[v] = d == root ? -1 : d >= 0 ? (int32_t)d : -2;
	}
	for (i = 0; i < igraph_vector_int_size(&leftout); i++)
		if (VECTOR(leftout)[i] < g->n_nodes)
			c->idom[VECTOR(leftout)[i]] = -2;
	igraph_vector_int_destroy(&leftout);
done:
	igraph_vector_int_destroy(&dom);
	igraph_destroy(&ig);
	return cp_igraph_status(err, "dominator tree", log);
}

static cp_status dominators(cp_chokepoints *c, const cp_graph *g, cp_log *log)
{
	cp_igraph_guard gd;
	cp_status st;
	if (!(c->idom = cp_mallocn((size_t)g->n_nodes + 1, sizeof *c->idom)))
		return CP_ENOMEM;
	cp_igraph_enter(&gd);
	st = dominators_locked(c, g, log);
	cp_igraph_leave(&gd);
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

/* Knocking out node x changes only what lies downstream of it, and only
 * what leads to a sector is measured.  The cone is recomputed component by
 * component in schedule order, from a heap of the components reached,
 * skipping components from which no sector can be reached, and stops where
 * availability comes out exactly as before; the touched nodes are then
 * restored.  Each knockout so costs its changed cone, and gives bit for bit
 * what a full pass would. */
typedef struct cone {
	const cp_model *m;
	const double *blocked, *subst;
	double *loss, *a;          /* the base state, modified and restored */
	const double *base;        /* a in the base state */
	int32_t *comp_of;          /* per node */
	int32_t *out_off, *out_comp; /* per node: the other components among its consumers (with repeats) */
	uint8_t *leads;            /* per component: a sector is in it or downstream of it */
	int32_t *sector_of;        /* per node: its index among the sector nodes, or -1 */
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
	cp_free(c->out_comp);
	cp_free(c->leads);
	cp_free(c->sector_of);
	cp_free(c->heap);
	cp_free(c->queued);
	cp_free(c->touched);
}

static cp_status cone_init(cone *c, const cp_result *r, const cp_work *w)
{
	const cp_model *m = r->model;
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	size_t n = (size_t)g->n_nodes;
	int32_t k, i, e, j;
	memset(c, 0, sizeof *c);
	c->m = m;
	c->blocked = w->blocked;
	c->subst = g->substitutable;
	c->base = w->avail;
	c->loss = cp_mallocn(n + 1, sizeof *c->loss);
	c->a = cp_mallocn(n + 1, sizeof *c->a);
	c->comp_of = cp_mallocn(n + 1, sizeof *c->comp_of);
	c->out_off = cp_callocn(n + 2, sizeof *c->out_off);
	c->out_comp = cp_mallocn((size_t)g->n_edges + 1, sizeof *c->out_comp);
	c->leads = cp_callocn((size_t)sc->n_comps + 1, 1);
	c->sector_of = cp_mallocn(n + 1, sizeof *c->sector_of);
	c->heap = cp_mallocn((size_t)sc->n_comps + 1, sizeof *c->heap);
	c->queued = cp_callocn((size_t)sc->n_comps + 1, sizeof *c->queued);
	c->touched = cp_mallocn(n + 1, sizeof *c->touched);
	if (!c->loss || !c->a || !c->comp_of || !c->out_off || !c->out_comp || !c->leads || !c->sector_of ||
	    !c->heap || !c->queued || !c->touched)
		return CP_ENOMEM;
	memcpy(c->loss, w->loss, n * sizeof *c->loss);
	memcpy(c->a, w->avail, n * sizeof *c->a);
	for (k = 0; k < sc->n_comps; k++)
		for (i = sc->comp_off[k]; i < sc->comp_off[k + 1]; i++)
			c->comp_of[sc->order[i]] = k;
	/* consumers in other components, as CSR by supplier */
	for (e = 0; e < g->n_edges; e++)
		if (c->comp_of[g->consumer[e]] != c->comp_of[g->supplier[e]])
			c->out_off[g->supplier[e] + 2]++;
	for (i = 0; i < g->n_nodes; i++)
		c->out_off[i + 2] += c->out_off[i + 1];
	for (e = 0; e < g->n_edges; e++)
		if (c->comp_of[g->consumer[e]] != c->comp_of[g->supplier[e]])
			c->out_comp[c->out_off[g->supplier[e] + 1]++] = c->comp_of[g->consumer[e]];
	for (i = 0; i < g->n_nodes; i++)
		c->sector_of[i] = -1;
	for (i = 0; i < r->n_sector_nodes; i++)
		c->sector_of[r->sector_nodes[i]] = i;
	/* consumers come later in the schedule: whether a sector lies
	 * downstream follows in one pass backwards */
	for (k = sc->n_comps - 1; k >= 0; k--)
		for (i = sc->comp_off[k]; i < sc->comp_off[k + 1] && !c->leads[k]; i++) {
			int32_t v = sc->order[i];
			if (c->sector_of[v] >= 0)
				c->leads[k] = 1;
			for (j = c->out_off[v]; j < c->out_off[v + 1] && !c->leads[k]; j++)
				c->leads[k] = c->leads[c->out_comp[j]];
		}
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
	if (c->queued[comp] != stamp && c->leads[comp]) {
		c->queued[comp] = stamp;
		heap_push(c, comp);
	}
}

/* Availability with x knocked out, in c->a, for every node that leads to
 * a sector (others keep their base value); stamp is unique per call. */
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
			if (c->a[v] == c->base[v])
				continue;
			c->touched[c->n_touched++] = v;
			for (j = c->out_off[v]; j < c->out_off[v + 1]; j++)
				queue_comp(c, c->out_comp[j], stamp);
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

/* One knockout's effect on one sector. */
typedef struct hit { int32_t k, sector; double added; } hit;

/* Per sector, its hits in candidate order, from every hit in candidate
 * order (a stable counting sort by sector). */
static cp_status hits_by_sector(cp_chokepoints *c, int32_t ns, const hit *h, size_t n)
{
	size_t p;
	int32_t i;
	c->hit = cp_mallocn(n + 1, sizeof *c->hit);
	c->added = cp_mallocn(n + 1, sizeof *c->added);
	if (!c->hit || !c->added)
		return CP_ENOMEM;
	for (p = 0; p < n; p++)
		c->hit_off[h[p].sector + 1]++;
	for (i = 0; i < ns; i++)
		c->hit_off[i + 1] += c->hit_off[i];
	for (p = 0; p < n; p++) {
		int32_t at = c->hit_off[h[p].sector]++;
		c->hit[at] = h[p].k;
		c->added[at] = h[p].added;
	}
	for (i = ns; i > 0; i--)
		c->hit_off[i] = c->hit_off[i - 1];
	c->hit_off[0] = 0;
	return CP_OK;
}

/* Each process knocks out its block of candidates (sweep.h); the hits are
 * then gathered, so every process holds them all. */
static cp_status knockouts(cp_chokepoints *c, const cp_result *r)
{
	const cp_model *m = r->model;
	cp_variant v = CP_VARIANT_STATIC;
	int64_t first, last, k, n_hits = 0;
	size_t m_hits = 0;
	int32_t i;
	hit *hits = NULL;
	cp_status st;
	cp_work w;
	cone cn;

	memset(&cn, 0, sizeof cn);
	v.rule_on = r->rule_on;
	v.rule_phase = r->rule_phase;
	v.outage_on = r->outage_on;
	c->hit_off = cp_callocn((size_t)r->n_sector_nodes + 1, sizeof *c->hit_off);
	if (!c->hit_off || cp_work_init(&w, m) != CP_OK)
		return CP_ENOMEM;
	cp_model_run(m, &v, &w);   /* the base state, exactly as a full pass gives it */
	if ((st = cone_init(&cn, r, &w)) != CP_OK)
		goto done;
	cp_sweep_range(c->n_candidates, &first, &last);
	for (k = first; k < last && st == CP_OK; k++) {
		knock_out(&cn, c->candidates[k], (uint32_t)k + 1);
		for (i = 0; i < cn.n_touched; i++) {
			int32_t t = cn.touched[i], si = cn.sector_of[t];
			double add;
			if (si < 0 || (add = (1 - cn.a[t]) - (1 - cn.base[t])) == 0)
				continue;
			if ((size_t)n_hits == m_hits) {
				hit *more = cp_reallocn(hits, m_hits = m_hits * 2 + 1024, sizeof *hits);
				if (!more) {
					st = CP_ENOMEM;
					break;
				}
				hits = more;
			}
			hits[n_hits].k = (int32_t)k;
			hits[n_hits].sector = si;
			hits[n_hits++].added = add;
		}
		restore(&cn);
	}
	if (cp_sweep_gather_varying((void **)&hits, &n_hits, sizeof *hits, st == CP_OK) < 0 && st == CP_OK)
		st = CP_EINTERNAL;
	if (st == CP_OK)
		st = hits_by_sector(c, r->n_sector_nodes, hits, (size_t)n_hits);
done:
	cp_free(hits);
	cone_free(&cn);
	cp_work_free(&w);
	return st;
}

double cp_chokepoints_added(const cp_chokepoints *c, int32_t k, int32_t sector)
{
	int32_t lo = c->hit_off[sector], hi = c->hit_off[sector + 1];
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (c->hit[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->hit_off[sector + 1] && c->hit[lo] == k ? c->added[lo] : 0;
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
