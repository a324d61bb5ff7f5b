/* Availability (MODEL.md 3): one pass over the schedule, iterating each
 * cycle from a = 1 down to its greatest fixed point.  Reads only flat
 * arrays, so attribution and knockouts can call it once per variant. */
#include <math.h>

#include "analyse.h"

double cp_node_availability(const cp_graph *g, const double *subst, const double *blocked, const double *loss,
                              const double *a, int32_t v)
{
	double worst = 1;
	int32_t l, e;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double s = 0, got;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
			s += g->shat[e] * (1 - blocked[e]) * a[g->supplier[e]];
		got = 1 - (1 - subst[l]) * (1 - s);
		if (got < worst)
			worst = got;
	}
	return (1 - loss[v]) * worst;
}

int32_t cp_max_sweeps(const cp_graph *g, const cp_schedule *sc, int32_t comp)
{
	double work = 0, cap;
	int32_t i;
	for (i = sc->comp_off[comp]; i < sc->comp_off[comp + 1]; i++) {
		int32_t v = sc->order[i];
		work += 1 + g->edge_off[g->line_off[v + 1]] - g->edge_off[g->line_off[v]];
	}
	cap = 1e9 / work;
	return cap > 100000 ? 100000 : cap < 100 ? 100 : (int32_t)cap;
}

/* Sweeps after which a cycle still changing by a steady ratio near 1 is
 * handed to the exact solver rather than swept to the limit. */
#define SLOW_AFTER 200
#define SLOW_RATIO 0.9

int cp_solve_component(const cp_graph *g, const cp_schedule *sc, int32_t k, const double *subst,
                       const double *blocked, const double *loss, double *a, double *off)
{
	int32_t b = sc->comp_off[k], end = sc->comp_off[k + 1], i, sweep, max;
	double change = 0, before = 0;
	if (end - b == 1) {
		a[sc->order[b]] = cp_node_availability(g, subst, blocked, loss, a, sc->order[b]);
		return 0;
	}
	max = cp_max_sweeps(g, sc, k);
	for (i = b; i < end; i++)
		a[sc->order[i]] = 1;
	for (sweep = 0; sweep < max; sweep++) {
		before = change;
		change = 0;
		for (i = b; i < end; i++) {
			int32_t v = sc->order[i];
			double x = cp_node_availability(g, subst, blocked, loss, a, v);
			if (fabs(x - a[v]) > change)
				change = fabs(x - a[v]);
			a[v] = x;
		}
		if (change < CP_FIXED_POINT_EPS)
			return 0;
		if (sweep == SLOW_AFTER && change > SLOW_RATIO * before &&
		    cp_solve_cycle(g, sc->order + b, end - b, subst, blocked, loss, a))
			return 0;
	}
	if (cp_solve_cycle(g, sc->order + b, end - b, subst, blocked, loss, a))
		return 0;
	/* Still not settled: with the last sweeps shrinking by ratio q, what is
	 * left is at most change q / (1 - q); q near 1 says "could be anything". */
	if (off) {
		double q = before > 0 ? change / before : 1, left = q < 1 ? change * q / (1 - q) : 1;
		if (left > 1)
			left = 1;
		if (left > *off)
			*off = left;
	}
	return 1;
}

int32_t cp_propagate(const cp_graph *g, const cp_schedule *sc, const double *subst, const double *blocked,
                     const double *loss, double *a, double *off)
{
	int32_t k, unconverged = 0;
	if (!subst)
		subst = g->substitutable;
	if (off)
		*off = 0;
	for (k = 0; k < sc->n_comps; k++)
		unconverged += cp_solve_component(g, sc, k, subst, blocked, loss, a, off);
	return unconverged;
}
