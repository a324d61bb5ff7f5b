/* Contained elements, end-use tags, origin content, matches and losses
 * (MODEL.md 2.1-2.4 and the loss term of 3).  Everything here is linear in
 * the graph per rule; fixed points on cycles iterate one component at a time. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "alloc.h"
#include "model.h"
#include "elements.h"
#include "log.h"
#include "matches.h"

/* 2.1: E(u) is u's own elements plus those of everything upstream; members
 * of a cycle see each other, so a component gets the union of its members'
 * own elements and of their suppliers outside it (inside it, contained[] is
 * still zero and the member's own elements are counted directly). */
static void contained_closure(cp_model *m, int32_t c)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	cp_elemset acc = { { 0, 0 } };
	int32_t i, e;
	for (i = sc->comp_off[c]; i < sc->comp_off[c + 1]; i++) {
		int32_t v = sc->order[i];
		cp_elemset_union(&acc, &g->elements[v]);
		for (e = g->edge_off[g->line_off[v]]; e < g->edge_off[g->line_off[v + 1]]; e++)
			cp_elemset_union(&acc, &m->contained[g->supplier[e]]);
	}
	for (i = sc->comp_off[c]; i < sc->comp_off[c + 1]; i++)
		m->contained[sc->order[i]] = acc;
}

static int lists_elements(const cp_graph *g, int32_t v)
{
	return g->elements[v].w[0] || g->elements[v].w[1];
}

/* Version 2: a node that lists elements contains exactly those; the others
 * inherit the union of their suppliers' sets.  On a cycle the inheriting
 * members are iterated to the least fixed point: sets only grow, so this
 * ends after at most 118 growths per member. */
static void contained_v2(cp_model *m, int32_t c)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	int32_t i, e, b = sc->comp_off[c], end = sc->comp_off[c + 1];
	int grew = 1;
	for (i = b; i < end; i++) {
		int32_t v = sc->order[i];
		memset(&m->contained[v], 0, sizeof m->contained[v]);
		if (lists_elements(g, v))
			m->contained[v] = g->elements[v];
	}
	while (grew) {
		grew = 0;
		for (i = b; i < end; i++) {
			int32_t v = sc->order[i];
			cp_elemset acc = m->contained[v];
			if (lists_elements(g, v))
				continue;
			for (e = g->edge_off[g->line_off[v]]; e < g->edge_off[g->line_off[v + 1]]; e++)
				cp_elemset_union(&acc, &m->contained[g->supplier[e]]);
			if (memcmp(&acc, &m->contained[v], sizeof acc) != 0) {
				m->contained[v] = acc;
				grew = end - b > 1;
			}
		}
	}
}

static void contained_elements(cp_model *m)
{
	const cp_schedule *sc = &m->sc;
	int32_t c;
	for (c = 0; c < sc->n_comps; c++) {
		if (m->g->version >= 2)
			contained_v2(m, c);
		else
			contained_closure(m, c);
		if (sc->comp_off[c + 1] - sc->comp_off[c] > 1)
			m->n_cyclic_nodes += sc->comp_off[c + 1] - sc->comp_off[c];
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
 * an own tag stands for that tag.  Without cycles one pass from the last
 * consumers up settles every node; otherwise a worklist, where each value
 * rises at most twice, does O(N + E) work, cycles included. */
static cp_status end_use_tags(cp_model *m)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	int32_t *tag = m->tag, *stack = NULL, top = 0, v, i;
	uint8_t *queued = NULL, *own = cp_mallocn((size_t)g->n_nodes + 1, 1);
	int acyclic = sc->n_comps == g->n_nodes;

	if (!acyclic) {
		stack = cp_mallocn((size_t)g->n_nodes, sizeof *stack);
		queued = cp_callocn((size_t)g->n_nodes, 1);
	}
	if (!own || (!acyclic && (!stack || !queued))) {
		cp_free(own);
		cp_free(stack);
		cp_free(queued);
		return CP_ENOMEM;
	}
	for (v = 0; v < g->n_nodes; v++) {
		tag[v] = own_tag(g, v);
		own[v] = tag[v] != TAG_NONE;
		if (tag[v] == TAG_NONE && g->out_degree[v] == 0)
			tag[v] = TAG_MIXED;   /* a path ends here with no tag: "open" */
		if (!acyclic && tag[v] != TAG_NONE) {
			stack[top++] = v;
			queued[v] = 1;
		}
	}
	/* the schedule puts suppliers first: backwards, every consumer of a
	 * node has given it its value before the node passes its own on */
	for (i = acyclic ? g->n_nodes : 0; i > 0; i--) {
		int32_t c = sc->order[i - 1], e, tc = tag[c];
		if (tc == TAG_NONE)
			continue;
		for (e = g->edge_off[g->line_off[c]]; e < g->edge_off[g->line_off[c + 1]]; e++) {
			int32_t u = g->supplier[e];
			if (own[u] || tag[u] == tc || tag[u] == TAG_MIXED)
				continue;
			tag[u] = tag[u] == TAG_NONE ? tc : TAG_MIXED;
		}
	}
	while (top > 0) {
		int32_t c = stack[--top], e;
		queued[c] = 0;
		for (e = g->edge_off[g->line_off[c]]; e < g->edge_off[g->line_off[c + 1]]; e++) {
			int32_t u = g->supplier[e], joined;
			if (own[u] || tag[u] == tag[c] || tag[u] == TAG_MIXED)
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
	cp_free(own);
	cp_free(stack);
	cp_free(queued);
	return CP_OK;
}

static int in_scope(const cp_model *m, const cp_rule *R, int32_t u)
{
	return (R->kinds >> m->g->kind[u] & 1) &&
	       (!R->has_elements || cp_elemset_meets(&m->contained[u], &R->elements));
}

/* m_R(u) = 1 when u's value counts in full as origin material (2.2). */
static int counts_in_full(const cp_model *m, const cp_rule *R, int32_t u)
{
	const cp_graph *g = m->g;
	if (R->origin < 0 || g->country[u] != R->origin)
		return 0;
	if (!R->has_elements || cp_elemset_meets(&g->elements[u], &R->elements))
		return 1;
	return (R->listed_kinds >> g->kind[u] & 1) && in_scope(m, R, u);
}

/* The rule flags of every node (see matches.h). */
static void rule_flags(const cp_model *m, uint8_t *f)
{
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules;
	int32_t u, ri;
	for (u = 0; u < g->n_nodes; u++)
		for (ri = 0; ri < m->s->n_rules; ri++) {
			const cp_rule *R = &m->s->rules[ri];
			f[(size_t)u * nr + (size_t)ri] = (uint8_t)((in_scope(m, R, u) ? CP_IN_SCOPE : 0) |
			                                            (counts_in_full(m, R, u) ? CP_IN_FULL : 0));
		}
}

static double content_of(const cp_model *m, const uint8_t *flags, int32_t ri, const double *c, int32_t v)
{
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules;
	double sum = 0;
	int32_t l, e;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double s = 0;
		if (g->value_share[l] == 0)
			continue;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t u = g->supplier[e];
			s += g->shat[e] * (flags[(size_t)u * nr + (size_t)ri] & CP_IN_FULL ? 1.0 : c[u]);
		}
		sum += g->value_share[l] * s;
	}
	return sum;
}

/* 2.2 on cycle k for rule ri: its least fixed point, swept from 0; 1 when
 * it did not settle within the sweep limit. */
static int cycle_content(cp_model *m, const uint8_t *flags, int32_t ri, int32_t k)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	double *c = m->content + (size_t)ri * (size_t)g->n_nodes;
	int32_t b = sc->comp_off[k], end = sc->comp_off[k + 1], i, sweep, max = cp_max_sweeps(g, sc, k);
	for (i = b; i < end; i++)
		c[sc->order[i]] = 0;
	for (sweep = 0; sweep < max; sweep++) {
		double change = 0;
		for (i = b; i < end; i++) {
			int32_t v = sc->order[i];
			double x = content_of(m, flags, ri, c, v);
			if (fabs(x - c[v]) > change)
				change = fabs(x - c[v]);
			c[v] = x;
		}
		if (change < CP_FIXED_POINT_EPS)
			return 0;
	}
	return 1;
}

/* c_R(v) of a node on no cycle for the rules in act (n_act of them) at
 * once, so the node's edges are read once for all of them; the sums run
 * in content_of's order, so each equals what it gives.  val holds, node
 * major (val[u * n_act + a]), what a supplier u brings to the sums of
 * rule act[a]: 1 when it counts in full, else its content; one row per
 * supplier is one cache line where the rule-major content and the flags
 * would be two or more.  s and sum: n_act numbers of scratch. */
static void node_contents(cp_model *m, const uint8_t *flags, const int32_t *act, int32_t n_act, double *val,
                          int32_t v, double *s, double *sum)
{
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules, n = (size_t)g->n_nodes, na = (size_t)n_act;
	const uint8_t *fv = flags + (size_t)v * nr;
	int32_t l, e, a;
	for (a = 0; a < n_act; a++)
		sum[a] = 0;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		if (g->value_share[l] == 0)
			continue;
		for (a = 0; a < n_act; a++)
			s[a] = 0;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			const double *vu = val + (size_t)g->supplier[e] * na, w = g->shat[e];
			if (e + CP_AHEAD < g->n_edges)
				__builtin_prefetch(val + (size_t)g->supplier[e + CP_AHEAD] * na);
			for (a = 0; a < n_act; a++)
				s[a] += w * vu[a];
		}
		for (a = 0; a < n_act; a++)
			sum[a] += g->value_share[l] * s[a];
	}
	for (a = 0; a < n_act; a++) {
		m->content[(size_t)act[a] * n + (size_t)v] = sum[a];
		val[(size_t)v * na + (size_t)a] = fv[act[a]] & CP_IN_FULL ? 1.0 : sum[a];
	}
}

/* val's row of v (see node_contents) once its contents are final. */
static void set_val(const cp_model *m, const uint8_t *flags, const int32_t *act, int32_t n_act, double *val, int32_t v)
{
	size_t nr = (size_t)m->s->n_rules, n = (size_t)m->g->n_nodes;
	int32_t a;
	for (a = 0; a < n_act; a++)
		val[(size_t)v * (size_t)n_act + (size_t)a] = flags[(size_t)v * nr + (size_t)act[a]] & CP_IN_FULL ? 1.0
		        : m->content[(size_t)act[a] * n + (size_t)v];
}

/* 2.2: c_R of every rule on the schedule, the least fixed point (from 0)
 * on cycles.  A rule under which nothing counts in full has c_R = 0 with
 * no pass; the others share one pass over the nodes on no cycle, and
 * cycles are swept rule by rule.  *unconverged: cycles that did not settle. */
static cp_status origin_contents(cp_model *m, const uint8_t *flags, cp_matching *q, int32_t *unconverged)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	size_t nr = (size_t)m->s->n_rules, n = (size_t)g->n_nodes, u;
	int32_t *act = cp_mallocn(nr + 1, sizeof *act), n_act = 0, ri, k, a, i;
	double *s = cp_mallocn(nr + 1, sizeof *s), *sum = cp_mallocn(nr + 1, sizeof *sum), *val = NULL;
	uint8_t *any = cp_callocn(nr + 1, 1);
	cp_status st = CP_ENOMEM;
	*unconverged = 0;
	if (!act || !s || !sum || !any)
		goto done;
	for (u = 0; u < n; u++)
		for (ri = 0; ri < (int32_t)nr; ri++)
			any[ri] |= flags[u * nr + (size_t)ri] & CP_IN_FULL;
	for (ri = 0; ri < (int32_t)nr; ri++)
		if (any[ri])
			act[n_act++] = ri;
		else
			memset(m->content + (size_t)ri * n, 0, n * sizeof *m->content);
	if (n_act && !(val = cp_mallocn(n * (size_t)n_act + 1, sizeof *val)))
		goto done;
	for (k = 0; n_act && k < sc->n_comps; k++) {
		if (k % CP_PROGRESS_STEP == 0 && k > 0)
			cp_matching_progress(q, k, 0);
		if (sc->comp_off[k + 1] - sc->comp_off[k] == 1) {
			node_contents(m, flags, act, n_act, val, sc->order[sc->comp_off[k]], s, sum);
			continue;
		}
		for (a = 0; a < n_act; a++)
			*unconverged += cycle_content(m, flags, act[a], k);
		for (i = sc->comp_off[k]; i < sc->comp_off[k + 1]; i++)
			set_val(m, flags, act, n_act, val, sc->order[i]);
	}
	st = CP_OK;
done:
	cp_free(act);
	cp_free(s);
	cp_free(sum);
	cp_free(any);
	cp_free(val);
	return st;
}

/* Where the numbers of a rule's fields sit in the parameter vector: for
 * each of its phases (0 its own fields) the slot of `denial` and the first
 * slots of its `end_use` and `buyers` values.  A phase that does not give a
 * field points at the rule's own slots, so a run that changes the rule's
 * own number changes it wherever it is in force. */
typedef struct field_slots {
	int32_t denial, end_use, buyers;
	int32_t n_end_use, n_buyers;
	const int32_t *end_use_tag;
	const int32_t *buyer;
} field_slots;

static field_slots slots_of(const cp_model *m, int32_t ri, int32_t phase)
{
	const cp_rule *R = &m->s->rules[ri];
	int32_t base = m->rule_slot[ri];
	field_slots own = { base, base + 1, base + 1 + R->n_end_use, R->n_end_use, R->n_buyers,
	                    R->end_use_tag, R->buyer };
	field_slots d = own;
	int32_t k, at = base + 1 + R->n_end_use + R->n_buyers;
	if (phase == 0)
		return d;
	for (k = 0; k < phase; k++) {
		const cp_phase *p = &R->phases[k];
		int32_t here = at;
		at += p->has_denial + p->n_end_use + p->n_buyers;
		if (k + 1 < phase)
			continue;
		if (p->has_denial)
			d.denial = here++;
		if (p->has_end_use) {
			d.end_use = here;
			d.n_end_use = p->n_end_use;
			d.end_use_tag = p->end_use_tag;
			here += p->n_end_use;
		}
		if (p->has_buyers) {
			d.buyers = here;
			d.n_buyers = p->n_buyers;
			d.buyer = p->buyer;
		}
	}
	return d;
}

/* The default parameter vector: every rule's fields (own, then each
 * phase's given ones), each rule's lead time, each outage's loss. */
static cp_status parameters(cp_model *m)
{
	const cp_scenario *s = m->s;
	int32_t ri, k, p, n = 0;
	size_t total = 0;
	for (ri = 0; ri < s->n_rules; ri++) {
		const cp_rule *R = &s->rules[ri];
		total += 2 + (size_t)R->n_end_use + (size_t)R->n_buyers;
		for (p = 0; p < R->n_phases; p++)
			total += (size_t)R->phases[p].has_denial + (size_t)R->phases[p].n_end_use + (size_t)R->phases[p].n_buyers;
	}
	total += (size_t)s->n_outages;
	if (total > INT32_MAX)
		return CP_ENOMEM;
	m->n_params = (int32_t)total;
	m->param = cp_mallocn(total + 1, sizeof *m->param);
	m->rule_slot = cp_mallocn((size_t)s->n_rules + 1, sizeof *m->rule_slot);
	m->lead_slot = cp_mallocn((size_t)s->n_rules + 1, sizeof *m->lead_slot);
	m->loss_slot = cp_mallocn((size_t)s->n_outages + 1, sizeof *m->loss_slot);
	if (!m->param || !m->rule_slot || !m->lead_slot || !m->loss_slot)
		return CP_ENOMEM;
	for (ri = 0; ri < s->n_rules; ri++) {
		const cp_rule *R = &s->rules[ri];
		m->rule_slot[ri] = n;
		m->param[n++] = R->denial;
		for (k = 0; k < R->n_end_use; k++)
			m->param[n++] = R->end_use_denial[k];
		for (k = 0; k < R->n_buyers; k++)
			m->param[n++] = R->buyer_denial[k];
		for (p = 0; p < R->n_phases; p++) {
			const cp_phase *ph = &R->phases[p];
			if (ph->has_denial)
				m->param[n++] = ph->denial;
			for (k = 0; k < ph->n_end_use; k++)
				m->param[n++] = ph->end_use_denial[k];
			for (k = 0; k < ph->n_buyers; k++)
				m->param[n++] = ph->buyer_denial[k];
		}
	}
	for (ri = 0; ri < s->n_rules; ri++) {
		m->lead_slot[ri] = n;
		m->param[n++] = s->rules[ri].lead_days;
	}
	for (k = 0; k < s->n_outages; k++) {
		m->loss_slot[k] = n;
		m->param[n++] = s->outages[k].loss;
	}
	return CP_OK;
}

int32_t cp_model_field_slot(const cp_model *m, int32_t rule, int32_t phase, cp_field field, int32_t index)
{
	field_slots d = slots_of(m, rule, phase);
	switch (field) {
	case CP_FIELD_DENIAL: return d.denial;
	case CP_FIELD_END_USE: return d.end_use + index;
	case CP_FIELD_BUYER: return d.buyers + index;
	}
	return -1;
}

/* buyers[v] > end_use[t(v)] > denial, as the slot that holds it.  by_buyer
 * holds the slot of each buyer named by these fields (-1 elsewhere) so the
 * lookup is O(1). */
static int32_t slot_for(const cp_model *m, const field_slots *d, const int32_t *by_buyer, int32_t v)
{
	int32_t k;
	if (by_buyer[v] >= 0)
		return by_buyer[v];
	if (m->tag[v] >= 0)
		for (k = 0; k < d->n_end_use; k++)
			if (d->end_use_tag[k] == m->tag[v])
				return d->end_use + k;
	return d->denial;
}

/* The slot of every match's denial under the rule's own fields and under
 * each of its phases: one (rule, phase) at a time, with that one's buyers
 * spread over a per-node table. */
static cp_status match_slots(cp_model *m)
{
	const cp_graph *g = m->g;
	int32_t ri, p, k, i;
	int32_t *by_buyer = cp_mallocn((size_t)g->n_nodes + 1, sizeof *by_buyer);
	if (!by_buyer)
		return CP_ENOMEM;
	for (k = 0; k < g->n_nodes; k++)
		by_buyer[k] = -1;
	for (ri = 0; ri < m->s->n_rules; ri++) {
		const cp_rule *R = &m->s->rules[ri];
		for (p = 0; p <= R->n_phases; p++) {
			field_slots d = slots_of(m, ri, p);
			for (k = 0; k < d.n_buyers; k++)
				by_buyer[d.buyer[k]] = d.buyers + k;
			for (i = m->rule_match_off[ri]; i < m->rule_match_off[ri + 1]; i++) {
				int32_t slot;
				k = m->rule_match[i];
				slot = slot_for(m, &d, by_buyer, g->consumer[m->match_edge[k]]);
				if (p == 0) {
					m->match_slot[k] = slot;
					m->match_denial[k] = m->param[slot];
				} else {
					m->phase_slot[m->phase_off[k] + p - 1] = slot;
				}
			}
			for (k = 0; k < d.n_buyers; k++)
				by_buyer[d.buyer[k]] = -1;
		}
	}
	cp_free(by_buyer);
	return CP_OK;
}

/* The nodes each outage selects, as CSR. */
static cp_status outage_nodes(cp_model *m)
{
	const cp_graph *g = m->g;
	int32_t k, v;
	size_t n = 0, cap = 0;
	if (!(m->outage_off = cp_callocn((size_t)m->s->n_outages + 1, sizeof *m->outage_off)))
		return CP_ENOMEM;
	for (k = 0; k < m->s->n_outages; k++) {
		const cp_outage *o = &m->s->outages[k];
		m->outage_off[k] = (int32_t)n;
		for (v = 0; v < g->n_nodes; v++) {
			int hit = o->node >= 0 ? v == o->node
			        : (!o->has_country || g->country[v] == o->country) && (o->kinds >> g->kind[v] & 1);
			if (!hit)
				continue;
			if (n == INT32_MAX || cp_grow((void **)&m->outage_node, &cap, n + 1, sizeof *m->outage_node) < 0)
				return CP_ENOMEM;
			m->outage_node[n++] = v;
		}
	}
	m->outage_off[m->s->n_outages] = (int32_t)n;
	return CP_OK;
}

/* MODEL.md 1.1: value_share defaults to 0, which hides a line's origin
 * content from the extraterritorial test; say so where it could matter.
 * Per rule by min_content: how many lines without value_share have a
 * supplier with origin content, and the first of them. */
typedef struct missing_share {
	int32_t count, first;
} missing_share;

static void missing_value_share(const cp_model *m, const uint8_t *flags, missing_share *ms)
{
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules;
	int32_t ri, l, e;
	for (ri = 0; ri < m->s->n_rules; ri++) {
		const cp_rule *R = &m->s->rules[ri];
		const double *c = m->content + (size_t)ri * (size_t)g->n_nodes;
		ms[ri].count = 0;
		ms[ri].first = -1;
		if (!R->extraterritorial || !R->has_min_content)
			continue;
		for (l = 0; l < g->n_lines; l++) {
			if (g->value_share_set[l])
				continue;
			for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
				int32_t u = g->supplier[e];
				if ((flags[(size_t)u * nr + (size_t)ri] & CP_IN_FULL) || c[u] > 0) {
					if (!ms[ri].count++)
						ms[ri].first = l;
					break;
				}
			}
		}
	}
}

static void warn_missing_value_share(const cp_model *m, const missing_share *ms, cp_log *log)
{
	const cp_graph *g = m->g;
	int32_t ri;
	for (ri = 0; ri < m->s->n_rules; ri++) {
		const cp_rule *R = &m->s->rules[ri];
		int32_t count = ms[ri].count, first = ms[ri].first, v;
		if (!count)
			continue;
		v = g->consumer[g->edge_off[first]];
		if (count > 1)
			cp_warn_code(log, CP_DIAG_MISSING_DATA, "%s: nodes[%d].inputs[%d]: no value_share, so rule '%s' counts this line's origin content as 0 (likewise %d more lines)",
			        g->file, v, first - g->line_off[v], R->id, count - 1);
		else
			cp_warn_code(log, CP_DIAG_MISSING_DATA, "%s: nodes[%d].inputs[%d]: no value_share, so rule '%s' counts this line's origin content as 0",
			        g->file, v, first - g->line_off[v], R->id);
	}
}

/* The second thread's work on a large graph, started before the rule
 * flags exist: the end-use tags; then, once the flags are there, parts of
 * the matches from the front; then, once the origin content is, the lines
 * missing a value_share.  It writes only the tags, its parts and ms. */
typedef struct second_job {
	cp_model *m;
	const uint8_t *flags;
	cp_match_part *part;
	missing_share *ms;
	cp_status st;
} second_job;

static void *second_work(void *arg)
{
	second_job *j = arg;
	cp_matching *q = j->part[0].q;
	if (!j->m->tags_last) {
		j->st = end_use_tags(j->m);
		cp_matching_tags_done(q);
	}
	if (cp_matching_wait(q, -1) == 0)
		cp_match_take_parts(j->part, 0);
	if (j->m->tags_last) {
		j->st = end_use_tags(j->m);
		cp_matching_tags_done(q);
	}
	if (cp_matching_wait(q, j->m->sc.n_comps - 1) == 0)
		missing_value_share(j->m, j->flags, j->ms);
	return NULL;
}

/* The first thread's part: the flags, the origin content, parts of the
 * matches from the back; then, once every part and the tags are done,
 * the arrays built from the matches, while the second thread looks for
 * lines missing a value_share.  Messages come last, in a fixed order. */
cp_status cp_analyse(cp_model *m, cp_log *log)
{
	const cp_graph *g = m->g;
	int32_t unconverged = 0, n_parts = 0, *comp_of = NULL, i;
	cp_status st, built = CP_OK;
	uint8_t *flags = cp_mallocn((size_t)g->n_nodes * (size_t)m->s->n_rules + 1, 1);
	missing_share *ms = cp_mallocn((size_t)m->s->n_rules + 1, sizeof *ms);
	cp_matching q;
	cp_match_part *part = NULL;
	second_job second = { m, flags, NULL, ms, CP_OK };
	pthread_t th;
	int threaded = 0;

	memset(&q, 0, sizeof q);
	q.done = -1;
	if (!flags || !ms || !(part = cp_match_plan(m, flags, &q, &comp_of, &n_parts))) {
		cp_free(flags);
		cp_free(ms);
		return CP_ENOMEM;
	}
	second.part = part;
	if (n_parts > 1 && pthread_mutex_init(&q.mu, NULL) == 0) {
		if (pthread_cond_init(&q.cv, NULL) == 0) {
			q.sync = 1;
			threaded = pthread_create(&th, NULL, second_work, &second) == 0;
			if (!threaded)
				pthread_cond_destroy(&q.cv);
		}
		if (!threaded) {
			pthread_mutex_destroy(&q.mu);
			q.sync = 0;   /* no second thread: this one does all */
		}
	}
	contained_elements(m);
	rule_flags(m, flags);
	cp_matching_progress(&q, 0, 0);
	if (!threaded)
		second.st = end_use_tags(m);
	st = origin_contents(m, flags, &q, &unconverged);
	cp_matching_progress(&q, m->sc.n_comps, st != CP_OK);
	cp_match_take_parts(part, 1);
	cp_matching_wait_parts(&q, n_parts);
	st = cp_status_merge(st, second.st);
	for (i = 0; i < n_parts; i++)
		st = cp_status_merge(st, part[i].st);
	if (st == CP_OK && (built = parameters(m)) == CP_OK && (built = cp_match_collect(m, part, n_parts)) == CP_OK &&
	    (built = match_slots(m)) == CP_OK)
		built = outage_nodes(m);
	if (threaded) {
		pthread_join(th, NULL);
		pthread_cond_destroy(&q.cv);
		pthread_mutex_destroy(&q.mu);
	} else if (st == CP_OK) {
		missing_value_share(m, flags, ms);
	}
	if (st == CP_OK) {
		if (unconverged)
			cp_warn_code(log, CP_DIAG_NONCONVERGENCE, "origin content did not converge to %g on %d cycle(s) within the sweep limit: results there are approximate",
			        CP_FIXED_POINT_EPS, unconverged);
		warn_missing_value_share(m, ms, log);
		st = built;
	}
	cp_match_parts_free(part, n_parts);
	cp_free(comp_of);
	cp_free(flags);
	cp_free(ms);
	return st;
}
