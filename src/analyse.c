/* Contained elements, end-use tags, origin content, matches and losses
 * (MODEL.md 2.1-2.4 and the loss term of 3).  Everything here is linear in
 * the graph per rule; fixed points on cycles iterate one component at a time. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "analyse.h"
#include "elements.h"
#include "log.h"

/* 2.1: E(u) is u's own elements plus those of everything upstream; members
 * of a cycle see each other, so a component gets the union of its members'
 * own elements and of their suppliers outside it (inside it, contained[] is
 * still zero and the member's own elements are counted directly). */
static void contained_elements(cp_result *r, const cp_schedule *sc)
{
	const cp_graph *g = r->g;
	int32_t c;
	for (c = 0; c < sc->n_comps; c++) {
		cp_elemset acc = { { 0, 0 } };
		int32_t i, e;
		for (i = sc->comp_off[c]; i < sc->comp_off[c + 1]; i++) {
			int32_t v = sc->order[i];
			cp_elemset_union(&acc, &g->elements[v]);
			for (e = g->edge_off[g->line_off[v]]; e < g->edge_off[g->line_off[v + 1]]; e++)
				cp_elemset_union(&acc, &r->contained[g->supplier[e]]);
		}
		for (i = sc->comp_off[c]; i < sc->comp_off[c + 1]; i++)
			r->contained[sc->order[i]] = acc;
		if (sc->comp_off[c + 1] - sc->comp_off[c] > 1)
			r->n_cyclic_nodes += sc->comp_off[c + 1] - sc->comp_off[c];
	}
}

#define TAG_NONE (-2)   /* no path has stopped yet: the bottom of the lattice */
#define TAG_MIXED (-1)  /* several tags, or a path that ends untagged */

static int32_t own_tag(const cp_graph *g, int32_t v)
{
	if (g->end_use[v] >= 0)
		return g->end_use[v];
	return g->kind[v] == CP_SECTOR ? g->sector[v] : TAG_NONE;
}

/* 2.3 as a least fixed point over the lattice none < one tag < mixed: a
 * node's value is the join of its consumers' values, where a consumer with
 * an own tag stands for that tag.  Each value rises at most twice, so the
 * worklist does O(N + E) work, cycles included. */
static cp_status end_use_tags(cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t *tag = r->tag, *stack, top = 0, v;
	uint8_t *queued;

	stack = cp_mallocn((size_t)g->n_nodes, sizeof *stack);
	queued = cp_callocn((size_t)g->n_nodes, 1);
	if (!stack || !queued) {
		cp_free(stack);
		cp_free(queued);
		return CP_ENOMEM;
	}
	for (v = 0; v < g->n_nodes; v++) {
		tag[v] = own_tag(g, v);
		if (tag[v] == TAG_NONE && g->out_degree[v] == 0)
			tag[v] = TAG_MIXED;   /* a path ends here with no tag: "open" */
		if (tag[v] != TAG_NONE) {
			stack[top++] = v;
			queued[v] = 1;
		}
	}
	while (top > 0) {
		int32_t c = stack[--top], e;
		queued[c] = 0;
		for (e = g->edge_off[g->line_off[c]]; e < g->edge_off[g->line_off[c + 1]]; e++) {
			int32_t u = g->supplier[e], joined;
			if (own_tag(g, u) != TAG_NONE || tag[u] == tag[c] || tag[u] == TAG_MIXED)
				continue;
			joined = tag[u] == TAG_NONE ? tag[c] : TAG_MIXED;
			tag[u] = joined;
			if (!queued[u]) {
				queued[u] = 1;
				stack[top++] = u;
			}
		}
	}
	/* Still none: every path from v runs round a cycle and never stops, so
	 * T(v) is empty and v is untagged, like a mixed one. */
	for (v = 0; v < g->n_nodes; v++)
		if (tag[v] < 0)
			tag[v] = -1;
	cp_free(stack);
	cp_free(queued);
	return CP_OK;
}

static int in_scope(const cp_result *r, const cp_rule *R, int32_t u)
{
	return (R->kinds >> r->g->kind[u] & 1) &&
	       (!R->has_elements || cp_elemset_meets(&r->contained[u], &R->elements));
}

/* m_R(u) = 1 when u's value counts in full as origin material (2.2). */
static int counts_in_full(const cp_result *r, const cp_rule *R, int32_t u)
{
	const cp_graph *g = r->g;
	if (R->origin < 0 || g->country[u] != R->origin)
		return 0;
	if (!R->has_elements || cp_elemset_meets(&g->elements[u], &R->elements))
		return 1;
	return (R->listed_kinds >> g->kind[u] & 1) && in_scope(r, R, u);
}

/* Per node and rule, node-major (flags[u * n_rules + r]): whether u is in
 * R's scope and whether it counts in full, worked out once so the passes
 * over edges read one byte per supplier instead of its kind, country and
 * element sets. */
enum { IN_SCOPE = 1, IN_FULL = 2 };

static uint8_t *rule_flags(const cp_result *r)
{
	const cp_graph *g = r->g;
	size_t nr = (size_t)r->s->n_rules;
	uint8_t *f = cp_mallocn((size_t)g->n_nodes * nr + 1, 1);
	int32_t u, ri;
	if (!f)
		return NULL;
	for (u = 0; u < g->n_nodes; u++)
		for (ri = 0; ri < r->s->n_rules; ri++) {
			const cp_rule *R = &r->s->rules[ri];
			f[(size_t)u * nr + (size_t)ri] = (uint8_t)((in_scope(r, R, u) ? IN_SCOPE : 0) |
			                                            (counts_in_full(r, R, u) ? IN_FULL : 0));
		}
	return f;
}

static double content_of(const cp_result *r, const uint8_t *flags, int32_t ri, const double *c, int32_t v)
{
	const cp_graph *g = r->g;
	size_t nr = (size_t)r->s->n_rules;
	double sum = 0;
	int32_t l, e;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double s = 0;
		if (g->value_share[l] == 0)
			continue;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t u = g->supplier[e];
			s += g->shat[e] * (flags[(size_t)u * nr + (size_t)ri] & IN_FULL ? 1.0 : c[u]);
		}
		sum += g->value_share[l] * s;
	}
	return sum;
}

/* 2.2: c_R on the schedule; the least fixed point (from 0) on cycles. */
static int32_t origin_content(cp_result *r, const uint8_t *flags, const cp_schedule *sc, int32_t ri)
{
	const cp_graph *g = r->g;
	double *c = r->content + (size_t)ri * (size_t)g->n_nodes;
	int32_t k, unconverged = 0;
	for (k = 0; k < sc->n_comps; k++) {
		int32_t b = sc->comp_off[k], end = sc->comp_off[k + 1], i, sweep, max;
		if (end - b == 1) {
			c[sc->order[b]] = content_of(r, flags, ri, c, sc->order[b]);
			continue;
		}
		max = cp_max_sweeps(g, sc, k);
		for (i = b; i < end; i++)
			c[sc->order[i]] = 0;
		for (sweep = 0; sweep < max; sweep++) {
			double change = 0;
			for (i = b; i < end; i++) {
				int32_t v = sc->order[i];
				double x = content_of(r, flags, ri, c, v);
				if (fabs(x - c[v]) > change)
					change = fabs(x - c[v]);
				c[v] = x;
			}
			if (change < CP_FIXED_POINT_EPS)
				break;
		}
		unconverged += sweep == max;
	}
	return unconverged;
}

static int has_country(const int16_t *list, int32_t n, int16_t c)
{
	int32_t i;
	for (i = 0; i < n; i++)
		if (list[i] == c)
			return 1;
	return 0;
}

/* 2.4: the denial rule R applies to edge e, or -1 when R does not match;
 * *extra tells whether it matched by the extraterritorial clause. */
static double match_edge(const cp_result *r, const uint8_t *flags, int32_t ri, const double *buyer_denial,
                         int32_t e, int *extra)
{
	const cp_graph *g = r->g;
	const cp_rule *R = &r->s->rules[ri];
	int32_t u = g->supplier[e], v = g->consumer[e], k;
	int16_t cu, cv, o = R->origin;
	int direct;
	if (!(flags[(size_t)u * (size_t)r->s->n_rules + (size_t)ri] & IN_SCOPE))
		return -1;
	cu = g->country[u];
	cv = g->country[v];
	direct = cu == o && cv != o;
	*extra = 0;
	if (!direct) {
		double cont = r->content[(size_t)ri * (size_t)g->n_nodes + (size_t)u];
		if (!R->extraterritorial || cu == o || cv == cu || cv == o)
			return -1;
		if (!((R->has_min_content && cont >= R->min_content) ||
		      (R->technology && o >= 0 && g->tech_origin[u] == o)))
			return -1;
		*extra = 1;
	}
	if (R->has_destinations && !has_country(R->destinations, R->n_destinations, cv))
		return -1;
	if (has_country(R->exempt, R->n_exempt, cv))
		return -1;
	if (buyer_denial && buyer_denial[v] >= 0)
		return buyer_denial[v];
	if (r->tag[v] >= 0)
		for (k = 0; k < R->n_end_use; k++)
			if (R->end_use_tag[k] == r->tag[v])
				return R->end_use_denial[k];
	return R->denial;
}

/* Denial per node for each rule that names buyers (NaN elsewhere), so the
 * edge loop looks a buyer up in O(1).  NULL entries for rules without. */
static double **buyer_tables(const cp_result *r)
{
	const cp_graph *g = r->g;
	double **t = cp_callocn((size_t)r->s->n_rules + 1, sizeof *t);
	int32_t ri, k;
	if (!t)
		return NULL;
	for (ri = 0; ri < r->s->n_rules; ri++) {
		const cp_rule *R = &r->s->rules[ri];
		if (!R->n_buyers)
			continue;
		if (!(t[ri] = cp_mallocn((size_t)g->n_nodes, sizeof **t))) {
			for (k = 0; k < ri; k++)
				cp_free(t[k]);
			cp_free(t);
			return NULL;
		}
		for (k = 0; k < g->n_nodes; k++)
			t[ri][k] = -1;
		for (k = 0; k < R->n_buyers; k++)
			t[ri][R->buyer[k]] = R->buyer_denial[k];
	}
	return t;
}

/* Every (edge, rule) match, edges outer so each edge's matches come out
 * together and in rule order, straight into the CSR arrays. */
static cp_status rule_matches(cp_result *r, const uint8_t *flags)
{
	const cp_graph *g = r->g;
	int32_t ri, e;
	size_t n = 0, m = 0, m2 = 0;
	double **buyers = buyer_tables(r);
	cp_status st = CP_ENOMEM;

	if (!buyers)
		return CP_ENOMEM;
	for (e = 0; e < g->n_edges; e++) {
		r->match_off[e] = (int32_t)n;
		for (ri = 0; ri < r->s->n_rules; ri++) {
			int extra;
			double d = match_edge(r, flags, ri, buyers[ri], e, &extra);
			if (d < 0)
				continue;
			if (n == INT32_MAX || cp_grow((void **)&r->match, &m, n + 1, sizeof *r->match) < 0 ||
			    cp_grow((void **)&r->match_denial, &m2, n + 1, sizeof *r->match_denial) < 0)
				goto done;
			r->match[n] = ri | (extra ? CP_MATCH_EXTRA : 0);
			r->match_denial[n] = d;
			n++;
			if (d > r->blocked[e])
				r->blocked[e] = d;
		}
	}
	r->match_off[g->n_edges] = (int32_t)n;
	st = CP_OK;
done:
	for (ri = 0; ri < r->s->n_rules; ri++)
		cp_free(buyers[ri]);
	cp_free(buyers);
	return st;
}

static void outage_losses(cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t k, v;
	for (k = 0; k < r->s->n_outages; k++) {
		const cp_outage *o = &r->s->outages[k];
		for (v = 0; v < g->n_nodes; v++) {
			int hit = o->node >= 0 ? v == o->node
			        : (!o->has_country || g->country[v] == o->country) && (o->kinds >> g->kind[v] & 1);
			if (hit && o->loss > r->loss[v])
				r->loss[v] = o->loss;
		}
	}
}

/* MODEL.md 1.1: value_share defaults to 0, which hides a line's origin
 * content from the extraterritorial test; say so where it could matter. */
static void warn_missing_value_share(const cp_result *r, cp_log *log)
{
	const cp_graph *g = r->g;
	int32_t ri, l, e;
	for (ri = 0; ri < r->s->n_rules; ri++) {
		const cp_rule *R = &r->s->rules[ri];
		const double *c = r->content + (size_t)ri * (size_t)g->n_nodes;
		int32_t count = 0, first = -1;
		if (!R->extraterritorial || !R->has_min_content)
			continue;
		for (l = 0; l < g->n_lines; l++) {
			if (g->value_share_set[l])
				continue;
			for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
				int32_t u = g->supplier[e];
				if (counts_in_full(r, R, u) || c[u] > 0) {
					if (!count++)
						first = l;
					break;
				}
			}
		}
		if (count) {
			int32_t v = g->consumer[g->edge_off[first]];
			if (count > 1)
				cp_warn(log, "%s: nodes[%d].inputs[%d]: no value_share, so rule '%s' counts this line's origin content as 0 (likewise %d more lines)",
				        g->file, v, first - g->line_off[v], R->id, count - 1);
			else
				cp_warn(log, "%s: nodes[%d].inputs[%d]: no value_share, so rule '%s' counts this line's origin content as 0",
				        g->file, v, first - g->line_off[v], R->id);
		}
	}
}

cp_status cp_analyse(cp_result *r, const cp_schedule *sc, cp_log *log)
{
	int32_t ri, unconverged = 0;
	cp_status st;
	uint8_t *flags;
	contained_elements(r, sc);
	if ((st = end_use_tags(r)) != CP_OK)
		return st;
	if (!(flags = rule_flags(r)))
		return CP_ENOMEM;
	for (ri = 0; ri < r->s->n_rules; ri++)
		unconverged += origin_content(r, flags, sc, ri);
	if (unconverged)
		cp_warn(log, "origin content did not converge to %g on %d cycle(s) within the sweep limit: results there are approximate",
		        CP_FIXED_POINT_EPS, unconverged);
	warn_missing_value_share(r, log);
	outage_losses(r);
	st = rule_matches(r, flags);
	cp_free(flags);
	return st;
}
