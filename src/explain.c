/* What a user asks after the numbers (MODEL.md 3.1): the critical path of
 * each sector, what lifting each rule alone would give back, and the sector
 * summary. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "model.h"

/* The binding line of v: the first with the least availability. */
static int32_t binding_line(const cp_graph *g, const double *blocked, const double *a, int32_t v)
{
	int32_t l, e, best = -1;
	double worst = INFINITY;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double s = 0, got;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
			s += g->shat[e] * (1 - blocked[e]) * a[g->supplier[e]];
		got = 1 - (1 - g->substitutable[l]) * (1 - s);
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

static cp_status critical_path(cp_result *r, const double *a, int32_t s, cp_path *p)
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
		if ((l = binding_line(g, r->blocked, a, v)) < 0) {
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
		if ((st = critical_path(r, avail, r->sector_nodes[i], &r->paths[i])) != CP_OK)
			return st;
	return attribution(r, v, avail);
}

cp_status cp_sector_groups(cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t *group_of, i, k;

	r->groups = cp_callocn((size_t)r->n_sector_nodes + 1, sizeof *r->groups);
	group_of = cp_mallocn((size_t)r->n_sector_nodes + 1, sizeof *group_of);
	if (!r->groups || !group_of) {
		cp_free(group_of);
		return CP_ENOMEM;
	}
	/* Sector names are few, so a linear search per sector node is cheap;
	 * groups come in order of first appearance. */
	for (i = 0; i < r->n_sector_nodes; i++) {
		int32_t name = g->sector[r->sector_nodes[i]];
		for (k = 0; k < r->n_groups; k++)
			if (r->groups[k].sector == name)
				break;
		if (k == r->n_groups) {
			r->groups[k].sector = name;
			r->n_groups++;
		}
		group_of[i] = k;
		r->groups[k].n_nodes++;
	}
	for (k = 0; k < r->n_groups; k++) {
		if (!(r->groups[k].nodes = cp_mallocn((size_t)r->groups[k].n_nodes, sizeof(int32_t)))) {
			cp_free(group_of);
			return CP_ENOMEM;
		}
		r->groups[k].n_nodes = 0;
		r->groups[k].weighted = 1;
	}
	for (i = 0; i < r->n_sector_nodes; i++) {
		cp_sector_group *gr = &r->groups[group_of[i]];
		int32_t s = r->sector_nodes[i];
		gr->nodes[gr->n_nodes++] = s;
		if (isnan(g->output[s]))
			gr->weighted = 0;
	}
	for (k = 0; k < r->n_groups; k++) {
		cp_sector_group *gr = &r->groups[k];
		double num = 0, den = 0, plain = 0;
		for (i = 0; i < gr->n_nodes; i++) {
			int32_t s = gr->nodes[i];
			plain += r->disruption[s];
			if (gr->weighted) {
				num += r->disruption[s] * g->output[s];
				den += g->output[s];
			}
		}
		if (gr->weighted && den > 0) {
			gr->disruption = num / den;
			gr->value_at_risk = num;
		} else {
			gr->disruption = plain / gr->n_nodes;
			gr->value_at_risk = gr->weighted ? 0 : NAN;
			gr->weighted = 0;
		}
	}
	cp_free(group_of);
	return CP_OK;
}
