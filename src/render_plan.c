/* The drawing plan: which graph nodes are drawn (the focus's upstream
 * closure, or all), merged into which drawn nodes (--collapse), and which
 * edges join them (--min-share), with the size caps checked, all on flat
 * arrays before Graphviz sees anything. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "render_internal.h"

void cp_render_plan_free(cp_render_plan *p)
{
	cp_free(p->group);
	cp_free(p->nodes);
	cp_free(p->pe);
	cp_free(p->edges);
	memset(p, 0, sizeof *p);
}

static int edge_shown(const cp_graph *g, const cp_render_opts *o, int32_t e)
{
	return !(g->shat[e] < o->min_share);
}

/* Mark the focus and everything upstream of it through shown edges: a
 * breadth-first search over the consumer-ordered CSR (a node's input edges
 * are contiguous).  O(N + E). */
static int mark_focus(const cp_graph *g, const cp_render_opts *o, int32_t *keep)
{
	int32_t *queue = cp_mallocn((size_t)g->n_nodes, sizeof *queue);
	int32_t head = 0, tail = 0, v, e;
	if (!queue)
		return -1;
	keep[o->focus] = 1;
	queue[tail++] = o->focus;
	while (head < tail) {
		v = queue[head++];
		for (e = g->edge_off[g->line_off[v]]; e < g->edge_off[g->line_off[v + 1]]; e++) {
			int32_t u = g->supplier[e];
			if (!keep[u] && edge_shown(g, o, e)) {
				keep[u] = 1;
				queue[tail++] = u;
			}
		}
	}
	cp_free(queue);
	return 0;
}

/* A drawn graph edge with its drawn ends, so that sorting needs no state
 * beyond the two keys compared: merged edges become runs, in edge order. */
typedef struct edge_key {
	int32_t from, to;          /* drawn nodes */
	int32_t e;                 /* graph edge */
} edge_key;

static int edge_key_cmp(const void *pa, const void *pb)
{
	const edge_key *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return a->e < b->e ? -1 : a->e > b->e;
}

/* Sort p->pe by drawn supplier, then drawn consumer, then edge.  -1 when
 * memory runs out, p->pe untouched. */
static int sort_merged_edges(cp_render_plan *p, const cp_graph *g)
{
	edge_key *k = cp_mallocn((size_t)p->n_pe ? (size_t)p->n_pe : 1, sizeof *k);
	int32_t i;
	if (!k)
		return -1;
	for (i = 0; i < p->n_pe; i++) {
		k[i].e = p->pe[i];
		k[i].from = p->group[g->supplier[k[i].e]];
		k[i].to = p->group[g->consumer[k[i].e]];
	}
	qsort(k, (size_t)p->n_pe, sizeof *k, edge_key_cmp);
	for (i = 0; i < p->n_pe; i++)
		p->pe[i] = k[i].e;
	cp_free(k);
	return 0;
}

/* Which nodes and edges are drawn.  CP_ELIMIT (with a message) when the
 * drawing would be too large to lay out. */
cp_status cp_render_plan_make(cp_render_plan *p, const cp_result *r, const cp_render_opts *o, cp_log *log)
{
	const cp_graph *g = r->g;
	int32_t *key = NULL, n_keys, v, e, i;
	cp_status st = CP_ENOMEM;

	memset(p, 0, sizeof *p);
	/* group[v]: first 0 for a drawn node, -1 for one left out */
	if (!(p->group = cp_callocn((size_t)g->n_nodes, sizeof *p->group)))
		goto fail;
	if (o->focus >= 0) {
		if (mark_focus(g, o, p->group) < 0)
			goto fail;
		for (v = 0; v < g->n_nodes; v++)
			p->group[v] = p->group[v] ? 0 : -1;
	}

	/* Drawn nodes in order of first appearance; key -> drawn node. */
	n_keys = o->collapse == CP_GROUP_COUNTRY ? CP_NKINDS * g->n_countries :
	         o->collapse == CP_GROUP_KIND ? CP_NKINDS : 0;
	if (n_keys) {
		if (!(key = cp_mallocn((size_t)n_keys, sizeof *key)))
			goto fail;
		for (i = 0; i < n_keys; i++)
			key[i] = -1;
	}
	for (v = 0; v < g->n_nodes; v++) {
		int32_t k = -1, d;
		if (p->group[v] < 0)
			continue;
		if (o->collapse == CP_GROUP_COUNTRY)
			k = g->kind[v] * g->n_countries + g->country[v];
		else if (o->collapse == CP_GROUP_KIND)
			k = g->kind[v];
		d = k >= 0 ? key[k] : -1;
		if (d < 0) {
			d = p->n_nodes++;
			if (k >= 0)
				key[k] = d;
		}
		p->group[v] = d;
	}
	cp_free(key);
	key = NULL;
	if ((size_t)p->n_nodes > o->max_nodes) {
		cp_error_code(log, CP_DIAG_LIMIT, "render: the drawing would have %d nodes, more than %zu can be laid out "
		         "usefully; draw what feeds one node with --focus ID, or merge nodes with "
		         "--collapse country or --collapse kind", p->n_nodes, o->max_nodes);
		st = CP_ELIMIT;
		goto fail;
	}

	if (!(p->nodes = cp_callocn((size_t)p->n_nodes ? (size_t)p->n_nodes : 1, sizeof *p->nodes)))
		goto fail;
	for (v = 0; v < g->n_nodes; v++) {
		cp_render_dnode *d;
		double out = g->output[v], dv = r->disruption[v];
		if (p->group[v] < 0)
			continue;
		d = &p->nodes[p->group[v]];
		if (d->n_members++ == 0) {
			d->first = v;
			d->kind = g->kind[v];
			d->country = g->country[v];
			d->all_weighted = 1;
		} else if (d->country != g->country[v]) {
			d->country = -1;
		}
		d->sum_d += dv;
		if (isfinite(out)) {
			d->sum_w += out;
			d->sum_wd += out * dv;
			d->value_at_risk += out * dv;
			d->has_value = 1;
		} else {
			d->all_weighted = 0;
		}
		if (r->loss[v] > d->loss)
			d->loss = r->loss[v];
	}
	for (i = 0; i < p->n_nodes; i++) {
		cp_render_dnode *d = &p->nodes[i];
		d->disruption = d->all_weighted && d->sum_w > 0 ? d->sum_wd / d->sum_w : d->sum_d / d->n_members;
	}

	/* Drawn edges: both ends drawn, share not below min_share, not inside
	 * one merged node; sorted so that merged edges are runs. */
	if (!(p->pe = cp_mallocn((size_t)g->n_edges ? (size_t)g->n_edges : 1, sizeof *p->pe)))
		goto fail;
	for (e = 0; e < g->n_edges; e++) {
		int32_t a = p->group[g->supplier[e]], b = p->group[g->consumer[e]];
		if (a < 0 || b < 0 || a == b)
			continue;
		if (!edge_shown(g, o, e)) {
			p->n_hidden++;
			continue;
		}
		p->pe[p->n_pe++] = e;
	}
	if (o->collapse != CP_GROUP_NONE && sort_merged_edges(p, g) < 0)
		goto fail;
	if (!(p->edges = cp_mallocn((size_t)p->n_pe ? (size_t)p->n_pe : 1, sizeof *p->edges)))
		goto fail;
	for (i = 0; i < p->n_pe; i++) {
		int32_t pe = p->pe[i], k;
		int32_t a = p->group[g->supplier[pe]], b = p->group[g->consumer[pe]];
		cp_render_dedge *d = p->n_edges ? &p->edges[p->n_edges - 1] : NULL;
		if (!d || o->collapse == CP_GROUP_NONE || d->from != a || d->to != b) {
			d = &p->edges[p->n_edges++];
			memset(d, 0, sizeof *d);
			d->from = a;
			d->to = b;
			d->lo = i;
		}
		d->hi = i + 1;
		if (g->shat[pe] > d->share)
			d->share = g->shat[pe];
		if (r->blocked[pe] > d->blocked)
			d->blocked = r->blocked[pe];
		d->n_blocked += r->blocked[pe] > 0;
		for (k = r->match_off[pe]; k < r->match_off[pe + 1]; k++) {
			d->matched = 1;
			if ((r->match[k] & CP_MATCH_EXTRA) && r->match_denial[k] > 0)
				d->extra = 1;
		}
	}
	if ((size_t)p->n_edges > o->max_edges) {
		cp_error_code(log, CP_DIAG_LIMIT, "render: the drawing would have %d edges, more than %zu can be laid out "
		         "usefully; draw what feeds one node with --focus ID, hide thin edges with "
		         "--min-share, or merge nodes with --collapse country or --collapse kind",
		         p->n_edges, o->max_edges);
		st = CP_ELIMIT;
		goto fail;
	}
	return CP_OK;
fail:
	cp_free(key);
	cp_render_plan_free(p);
	return st;
}
