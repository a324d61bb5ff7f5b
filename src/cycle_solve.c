/* Cycles that Gauss-Seidel sweeps cannot settle (a loop that returns almost
 * all of what it loses: each sweep gains only 1 - gain).  The greatest
 * fixed point of a = min over lines of affine maps is found by policy
 * iteration: fix each member's binding line at the current a, solve the
 * linear system those lines make, and repeat until the binding lines hold
 * at the solution.  Each solution is an upper bound of the greatest fixed
 * point (the fixed lines are each at least the min), so the iteration comes
 * down to it from above, as the sweeps would, and the answer is checked to
 * be a fixed point before it is accepted.  The system is solved in closed
 * form for a ring (each member's binding line has one supplier in the
 * component) of any size, by dense LU (GSL) for other components of up to
 * CP_CYCLE_DENSE_MAX members (accurate to about the condition number times
 * 1e-16), and not at all otherwise (the caller then reports the result as
 * approximate, with a bound). */
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "analyse.h"
#include "gsl_errors.h"

#define CP_CYCLE_DENSE_MAX 400
#define POLICY_ROUNDS 60

typedef struct comp {
	const cp_graph *g;
	const double *subst, *blocked, *loss;
	const int32_t *member;     /* the component's nodes */
	int32_t n;
	int32_t *local;            /* node -> index in member, -1 outside (scratch, sized n_nodes) */
	int32_t *line;             /* per member: its binding line */
} comp;

/* f_L(a) = (1 - loss)(sigma + (1 - sigma) S_L(a)), split into the part from
 * outside the component (constant) and the weights of members. */
static double line_value(const comp *c, const double *a, int32_t v, int32_t l)
{
	return (1 - c->loss[v]) * cp_line_availability(c->g, l, c->subst[l], c->blocked, a);
}

static void choose_lines(comp *c, const double *a)
{
	int32_t i, l;
	for (i = 0; i < c->n; i++) {
		int32_t v = c->member[i], best = -1;
		double worst = INFINITY;
		for (l = c->g->line_off[v]; l < c->g->line_off[v + 1]; l++) {
			double x = line_value(c, a, v, l);
			if (x < worst) {
				worst = x;
				best = l;
			}
		}
		c->line[i] = best;
	}
}

/* Member i's constant and its weight on each supplier inside the component. */
static double constant_of(const comp *c, const double *a, int32_t i)
{
	const cp_graph *g = c->g;
	int32_t v = c->member[i], l = c->line[i], e;
	double out = 0, scale = (1 - c->loss[v]) * (1 - c->subst[l]);
	for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
		if (c->local[g->supplier[e]] < 0)
			out += g->shat[e] * (1 - c->blocked[e]) * a[g->supplier[e]];
	return (1 - c->loss[v]) * c->subst[l] + scale * out;
}

static int solve_dense(comp *c, double *a)
{
	const cp_graph *g = c->g;
	size_t n = (size_t)c->n;
	gsl_matrix *m;
	gsl_vector *rhs, *x;
	gsl_permutation *p;
	int32_t i, e, sign, ok = 0;
	cp_gsl_errors_off();   /* a singular system returns a status, not an abort */
	m = gsl_matrix_calloc(n, n);
	rhs = gsl_vector_alloc(n);
	x = gsl_vector_alloc(n);
	p = gsl_permutation_alloc(n);
	if (!m || !rhs || !x || !p)
		goto done;
	for (i = 0; i < c->n; i++) {
		int32_t v = c->member[i], l = c->line[i];
		double scale = (1 - c->loss[v]) * (1 - c->subst[l]);
		gsl_matrix_set(m, (size_t)i, (size_t)i, 1);
		gsl_vector_set(rhs, (size_t)i, constant_of(c, a, i));
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t j = c->local[g->supplier[e]];
			if (j >= 0)
				*gsl_matrix_ptr(m, (size_t)i, (size_t)j) -= scale * g->shat[e] * (1 - c->blocked[e]);
		}
	}
	if (gsl_linalg_LU_decomp(m, p, &sign) != 0 || gsl_linalg_LU_solve(m, p, rhs, x) != 0)
		goto done;
	for (i = 0; i < c->n; i++) {
		double y = gsl_vector_get(x, (size_t)i);
		if (!isfinite(y))
			goto done;
		a[c->member[i]] = y < 0 ? 0 : y > 1 ? 1 : y;
	}
	ok = 1;
done:
	gsl_matrix_free(m);
	gsl_vector_free(rhs);
	gsl_vector_free(x);
	gsl_permutation_free(p);
	return ok;
}

/* A ring: a_i = k_i + w_i a_next(i).  Going once round from member 0 gives
 * a_0 = K + W a_0; then each member follows from its supplier, backwards.
 * What a loop loses, 1 - W, is summed from each member's leak (the shares
 * from outside, the blocked part, the loss, the substitutable part) rather
 * than taken as 1 - W, so a loop that keeps all but 1e-9 is not lost to
 * rounding. */
static int solve_ring(comp *c, double *a, int32_t *next, double *k, double *w, double *leak, int32_t *ring)
{
	const cp_graph *g = c->g;
	int32_t i, e, at, pos;
	double K = 0, W = 1, lost = 0, y;
	for (i = 0; i < c->n; i++) {
		int32_t v = c->member[i], l = c->line[i], found = -1;
		double scale = (1 - c->loss[v]) * (1 - c->subst[l]), other = 0;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			if (c->local[g->supplier[e]] < 0) {
				other += g->shat[e];
				continue;
			}
			if (found >= 0)
				return 0;   /* two suppliers inside: not a ring */
			found = e;
		}
		if (found < 0)
			return 0;
		next[i] = c->local[g->supplier[found]];
		k[i] = constant_of(c, a, i);
		w[i] = scale * g->shat[found] * (1 - c->blocked[found]);
		leak[i] = (1 - scale) + scale * (other + g->shat[found] * c->blocked[found]);   /* 1 - w_i */
	}
	for (pos = 0, at = 0; pos < c->n; pos++) {
		K += W * k[at];
		W *= w[at];
		lost = lost + leak[at] - lost * leak[at];   /* 1 - (1 - lost)(1 - leak) */
		ring[pos] = at;
		if ((at = next[at]) == 0)
			break;
	}
	if (pos != c->n - 1 || at != 0 || !(lost > 0))
		return 0;   /* not one ring through every member, or nothing lost going round */
	y = K / lost;
	a[c->member[0]] = y < 0 ? 0 : y > 1 ? 1 : y;
	for (pos = c->n - 1; pos >= 1; pos--) {
		int32_t m = ring[pos];
		y = k[m] + w[m] * a[c->member[next[m]]];
		a[c->member[m]] = y < 0 ? 0 : y > 1 ? 1 : y;
	}
	return 1;
}

/* Largest |F(a) - a| over the members. */
static double residual(const comp *c, const double *a)
{
	double worst = 0;
	int32_t i;
	for (i = 0; i < c->n; i++) {
		double x = cp_node_availability(c->g, c->subst, c->blocked, c->loss, a, c->member[i]);
		if (fabs(x - a[c->member[i]]) > worst)
			worst = fabs(x - a[c->member[i]]);
	}
	return worst;
}

int cp_solve_cycle(const cp_graph *g, const int32_t *member, int32_t n, const double *subst, const double *blocked,
                   const double *loss, double *a)
{
	comp c = { g, subst, blocked, loss, member, n, NULL, NULL };
	double *start = cp_mallocn((size_t)n, sizeof *start), *k = cp_mallocn((size_t)n, sizeof *k);
	double *w = cp_mallocn((size_t)n, sizeof *w), *leak = cp_mallocn((size_t)n, sizeof *leak);
	int32_t *next = cp_mallocn((size_t)n, sizeof *next), *ring = cp_mallocn((size_t)n, sizeof *ring), i, round;
	int ok = 0;

	c.local = cp_mallocn((size_t)g->n_nodes, sizeof *c.local);
	c.line = cp_mallocn((size_t)n, sizeof *c.line);
	if (!start || !k || !w || !leak || !next || !ring || !c.local || !c.line)
		goto done;
	for (i = 0; i < g->n_nodes; i++)
		c.local[i] = -1;
	for (i = 0; i < n; i++) {
		c.local[member[i]] = i;
		start[i] = a[member[i]];
	}
	for (round = 0; round < POLICY_ROUNDS; round++) {
		choose_lines(&c, a);
		/* a ring is solved in closed form at any size, anything else densely */
		if (!solve_ring(&c, a, next, k, w, leak, ring) && !(n <= CP_CYCLE_DENSE_MAX && solve_dense(&c, a)))
			break;
		if (residual(&c, a) < CP_FIXED_POINT_EPS) {
			ok = 1;
			break;
		}
	}
	if (!ok)   /* leave a as the sweeps had it */
		for (i = 0; i < n; i++)
			a[member[i]] = start[i];
done:
	cp_free(start);
	cp_free(k);
	cp_free(w);
	cp_free(leak);
	cp_free(next);
	cp_free(ring);
	cp_free(c.local);
	cp_free(c.line);
	return ok;
}
