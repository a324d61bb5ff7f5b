/* Structure computed once per graph and scenario (MODEL.md 2.1-2.4, 3):
 * the evaluation schedule, contained elements, end-use tags, origin content,
 * rule matches and outage losses.  Propagation then only reads flat arrays. */
#ifndef CP_ANALYSE_H
#define CP_ANALYSE_H
#include "internal.h"

/* Nodes grouped by strongly connected component, components in topological
 * order (suppliers first): component c is order[comp_off[c] .. comp_off[c+1]-1]. */
typedef struct cp_schedule {
	int32_t n_comps;
	int32_t *order;
	int32_t *comp_off;
} cp_schedule;

cp_status cp_schedule_build(cp_schedule *sc, const cp_graph *g, cp_log *log);
void cp_schedule_free(cp_schedule *sc);

#define CP_FIXED_POINT_EPS 1e-12

/* A line's availability (MODEL.md 3) is what its suppliers pass, s, with
 * substitutable making up that share of the shortfall.  The one formula:
 * propagation, critical paths and the timeline all use it. */
static inline double cp_line_substituted(double substitutable, double s)
{
	return 1 - (1 - substitutable) * (1 - s);
}

/* The share of line l its suppliers pass: sum of shat (1 - blocked) a(supplier). */
static inline double cp_line_passed(const cp_graph *g, int32_t l, const double *blocked, const double *a)
{
	double s = 0;
	int32_t e;
	for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
		s += g->shat[e] * (1 - blocked[e]) * a[g->supplier[e]];
	return s;
}

static inline double cp_line_availability(const cp_graph *g, int32_t l, double substitutable,
                                          const double *blocked, const double *a)
{
	return cp_line_substituted(substitutable, cp_line_passed(g, l, blocked, a));
}

/* Sweeps allowed on a cycle before its fixed point is declared not
 * converged (a warning): up to 100,000, but never more than about 1e9 edge
 * visits on one cycle, so a hostile cycle whose loss nearly returns to
 * itself costs seconds, not hours. */
int32_t cp_max_sweeps(const cp_graph *g, const cp_schedule *sc, int32_t comp);

/* Fill m->contained, m->tag, m->content, the matches with their denials
 * and the outage selections, on m->sc. */
cp_status cp_analyse(struct cp_model *m, cp_log *log);

/* Availability a(v) into avail (n_nodes), given blocked fractions per edge
 * and losses per node, and substitutable per line (NULL: the graph's).  Returns the number of components that did not
 * converge within cp_max_sweeps(). */
int32_t cp_propagate(const cp_graph *g, const cp_schedule *sc, const double *subst, const double *blocked,
                     const double *loss, double *avail, double *off);

/* a(v) of one node from its suppliers' a (MODEL.md 3), subst per line. */
double cp_node_availability(const cp_graph *g, const double *subst, const double *blocked, const double *loss,
                            const double *a, int32_t v);
/* a of component k's members from what is upstream: one node directly, a
 * cycle from 1 down to its greatest fixed point (sweeps, and the exact
 * solver when they are slow).  1 when a cycle did not converge; then *off
 * (when not NULL) is raised to a bound on how far a may be off. */
int cp_solve_component(const cp_graph *g, const cp_schedule *sc, int32_t k, const double *subst,
                       const double *blocked, const double *loss, double *a, double *off);
/* The greatest fixed point of a cycle's members by policy iteration with
 * exact linear solves (dense up to 400 members, or a ring of any size);
 * 1 when found and checked, else 0 with a as it was. */
int cp_solve_cycle(const cp_graph *g, const int32_t *member, int32_t n, const double *subst, const double *blocked,
                   const double *loss, double *a);

/* Critical paths and leave-one-out attribution (MODEL.md 3.1), avail being
 * r's availability under the variant v. */
struct cp_variant;
cp_status cp_explain(cp_result *r, const struct cp_variant *v, const double *avail);

/* 1 when rule k of r is in force, names an origin, and no earlier rule in
 * force names the same: the controlling countries, each once. */
int cp_first_of_origin(const cp_result *r, int32_t k);

/* Sector groups of the summary. */
cp_status cp_sector_groups(cp_result *r);
/* The groups of the sector nodes given (by sector name, in order of first
 * appearance), each with its nodes and whether it is output-weighted: every
 * node has an output and they sum to more than 0 (MODEL.md 3, 6). */
cp_status cp_group_sectors(const cp_graph *g, const int32_t *sector_nodes, int32_t n,
                           cp_sector_group **out, int32_t *n_out);
void cp_sector_groups_free(cp_sector_group *groups, int32_t n);
/* The group's mean of x[node * stride + at], weighted as above by output
 * (per node: the graph's, or a run's own). */
double cp_group_mean(const double *output, const cp_sector_group *gr, const double *x, size_t stride, size_t at);

#endif
