/* What a user asks after the numbers (MODEL.md 3.1): the critical path of
 * each sector, what lifting each rule alone would give back, and the sector
 * summary. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "model.h"

/* The binding line of v: the first with the least availability, with the
 * substitutable of the run (subst, per line). */
static int32_t binding_line(const cp_graph *g, const double *subst, const double *blocked, const double *a, int32_t v)
{
	int32_t l, best = -1;
	double worst = INFINITY;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double got = cp_line_availability(g, l, subst[l], blocked, a);
		if (got < worst) {
			worst = got;
			best = l;
		}
	}
	return best;
}

/* The edge of line l that loses the largest share; the first on ties. */
static int32_t worst_edge(const cp_graph *g, const double *blocked, const double *a, int32_t l)
{
	int32_t e, best = g->edge_off[l];
	double most = -1;
	for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
		double lost = g->shat[e] * (1 - (1 - blocked[e]) * a[g->supplier[e]]);
		if (lost > most) {
			most = lost;
			best = e;
		}
	}
	return best;
}

static cp_status critical_path(cp_result *r, const double *subst, const double *a, int32_t s, cp_path *p)
{
	const cp_graph *g = r->g;
	int32_t v = s, steps;
	size_t m = 0;
	p->n_edges = 0;
	p->edges = NULL;
	p->stop = CP_STOP_NONE;
	p->stop_node = -1;
	for (steps = 0; steps <= g->n_nodes; steps++) {
		int32_t l, e;
		if (r->loss[v] > 0) {
			p->stop = CP_STOP_OUTAGE;
			p->stop_node = v;
			return CP_OK;
		}
		if (1 - a[v] <= 0)
			return CP_OK;
		if ((l = binding_line(g, subst, r->blocked, a, v)) < 0) {
			p->stop = CP_STOP_SOURCE;
			p->stop_node = v;
			return CP_OK;
		}
		e = worst_edge(g, r->blocked, a, l);
		if (cp_grow((void **)&p->edges, &m, (size_t)p->n_edges + 1, sizeof *p->edges) < 0)
			return CP_ENOMEM;
		p->edges[p->n_edges++] = e;
		if (r->blocked[e] > 0) {
			p->stop = CP_STOP_BLOCKED;
			p->stop_node = g->supplier[e];
			return CP_OK;
		}
		v = g->supplier[e];
	}
	return CP_OK;   /* went round a cycle: the path so far, with no stop */
}

/* Leave-one-out: each rule in force lifted in turn, one run of the model. */
static cp_status attribution(cp_result *r, const cp_variant *base, const double *avail)
{
	const cp_model *m = r->model;
	int32_t ri, i, n_rules = r->s->n_rules;
	cp_variant v = *base;
	uint8_t *on = cp_mallocn((size_t)n_rules + 1, 1);
	cp_work w;

	if (!on)
		return CP_ENOMEM;
	if (cp_work_init(&w, m) != CP_OK) {
		cp_free(on);
		return CP_ENOMEM;
	}
	for (ri = 0; ri < n_rules; ri++)
		on[ri] = base->rule_on ? base->rule_on[ri] : 1;
	v.rule_on = on;
	for (ri = 0; ri < n_rules; ri++) {
		uint8_t kept = on[ri];
		on[ri] = 0;
		cp_model_run(m, &v, &w);
		on[ri] = kept;
		for (i = 0; i < r->n_sector_nodes; i++) {
			int32_t s = r->sector_nodes[i];
			r->attribution[(size_t)ri * (size_t)r->n_sector_nodes + (size_t)i] = w.avail[s] - avail[s];
		}
	}
	cp_work_free(&w);
	cp_free(on);
	return CP_OK;
}

cp_status cp_explain(cp_result *r, const cp_variant *v, const double *avail)
{
	int32_t i;
	cp_status st;

	r->paths = cp_callocn((size_t)r->n_sector_nodes + 1, sizeof *r->paths);
	r->attribution = cp_mallocn((size_t)r->s->n_rules * (size_t)r->n_sector_nodes + 1, sizeof *r->attribution);
	if (!r->paths || !r->attribution)
		return CP_ENOMEM;
	for (i = 0; i < r->n_sector_nodes; i++)
		if ((st = critical_path(r, v->substitutable ? v->substitutable : r->g->substitutable, avail,
		                         r->sector_nodes[i], &r->paths[i])) != CP_OK)
			return st;
	return attribution(r, v, avail);
}

void cp_sector_groups_free(cp_sector_group *groups, int32_t n)
{
	int32_t k;
	if (!groups)
		return;
	for (k = 0; k < n; k++) {
		cp_free(groups[k].nodes);
		cp_free(groups[k].slots);
	}
	cp_free(groups);
}

cp_status cp_group_sectors(const cp_graph *g, const int32_t *sector_nodes, int32_t n,
                           cp_sector_group **out, int32_t *n_out)
{
	cp_sector_group *groups;
	int32_t *group_of, i, k, n_groups = 0;

	*out = NULL;
	*n_out = 0;
	groups = cp_callocn((size_t)n + 1, sizeof *groups);
	group_of = cp_mallocn((size_t)n + 1, sizeof *group_of);
	if (!groups || !group_of)
		goto nomem;
	/* Sector names are few, so a linear search per sector node is cheap;
	 * groups come in order of first appearance. */
	for (i = 0; i < n; i++) {
		int32_t name = g->sector[sector_nodes[i]];
		for (k = 0; k < n_groups; k++)
			if (groups[k].sector == name)
				break;
		if (k == n_groups)
			groups[n_groups++].sector = name;
		group_of[i] = k;
		groups[k].n_nodes++;
	}
	for (k = 0; k < n_groups; k++) {
		if (!(groups[k].nodes = cp_mallocn((size_t)groups[k].n_nodes, sizeof(int32_t))) ||
		    !(groups[k].slots = cp_mallocn((size_t)groups[k].n_nodes, sizeof(int32_t))))
			goto nomem;
		groups[k].n_nodes = 0;
		groups[k].weighted = 1;
	}
	for (i = 0; i < n; i++) {
		cp_sector_group *gr = &groups[group_of[i]];
		int32_t s = sector_nodes[i];
		gr->slots[gr->n_nodes] = i;
		gr->nodes[gr->n_nodes++] = s;
		if (isnan(g->output[s]))
			gr->weighted = 0;
	}
	/* a group whose outputs sum to 0 takes the plain mean (MODEL.md 6) */
	for (k = 0; k < n_groups; k++) {
		double den = 0;
		for (i = 0; groups[k].weighted && i < groups[k].n_nodes; i++)
			den += g->output[groups[k].nodes[i]];
		if (!(den > 0))
			groups[k].weighted = 0;
	}
	cp_free(group_of);
	*out = groups;
	*n_out = n_groups;
	return CP_OK;
nomem:
	cp_sector_groups_free(groups, n_groups);
	cp_free(group_of);
	return CP_ENOMEM;
}

double cp_group_mean(const double *output, const cp_sector_group *gr, const double *x, size_t stride, size_t at)
{
	double num = 0, den = 0;
	int32_t i;
	for (i = 0; i < gr->n_nodes; i++) {
		int32_t s = gr->nodes[i];
		double w = gr->weighted ? output[s] : 1;
		num += w * x[(size_t)s * stride + at];
		den += w;
	}
	return den > 0 ? num / den : 0;
}

int cp_first_of_origin(const cp_result *r, int32_t k)
{
	int32_t j;
	if ((r->rule_on && !r->rule_on[k]) || r->s->rules[k].origin < 0)
		return 0;
	for (j = 0; j < k; j++)
		if ((!r->rule_on || r->rule_on[j]) && r->s->rules[j].origin == r->s->rules[k].origin)
			return 0;
	return 1;
}

/* 1 when v's country is the origin of a rule in force in r. */
static int in_origin(const cp_result *r, int32_t v)
{
	int32_t k;
	for (k = 0; k < r->s->n_rules; k++)
		if ((!r->rule_on || r->rule_on[k]) && r->s->rules[k].origin >= 0 && r->s->rules[k].origin == r->g->country[v])
			return 1;
	return 0;
}

/* The group's mean and value at risk over its nodes outside the origins. */
static void outside_origins(const cp_result *r, cp_sector_group *gr)
{
	const cp_graph *g = r->g;
	double num = 0, den = 0, var = 0;
	int32_t i;
	gr->n_outside = 0;
	for (i = 0; i < gr->n_nodes; i++) {
		int32_t s = gr->nodes[i];
		double w = gr->weighted ? g->output[s] : 1;
		if (in_origin(r, s))
			continue;
		gr->n_outside++;
		num += w * r->disruption[s];
		den += w;
		var += r->disruption[s] * g->output[s];
	}
	gr->disruption_outside = gr->n_outside && den > 0 ? num / den : NAN;
	gr->value_at_risk_outside = gr->n_outside ? var : NAN;
}

cp_status cp_sector_groups(cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t k, i;
	cp_status st = cp_group_sectors(g, r->sector_nodes, r->n_sector_nodes, &r->groups, &r->n_groups);
	if (st != CP_OK)
		return st;
	for (k = 0; k < r->n_groups; k++) {
		cp_sector_group *gr = &r->groups[k];
		gr->disruption = cp_group_mean(g->output, gr, r->disruption, 1, 0);
		/* summed when every node has an output, even when they sum to 0 */
		gr->value_at_risk = 0;
		for (i = 0; i < gr->n_nodes; i++)
			gr->value_at_risk += r->disruption[gr->nodes[i]] * g->output[gr->nodes[i]];
		outside_origins(r, gr);
	}
	return CP_OK;
}
