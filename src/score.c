/* cp_score: analyse, propagate, explain; the result owns every array. */
#include <string.h>

#include "alloc.h"
#include "analyse.h"
#include "log.h"

void cp_result_free(cp_result *r)
{
	int32_t i;
	if (!r)
		return;
	cp_free(r->disruption);
	cp_free(r->loss);
	cp_free(r->tag);
	cp_free(r->contained);
	cp_free(r->content);
	cp_free(r->blocked);
	cp_free(r->match_off);
	cp_free(r->match);
	cp_free(r->match_denial);
	cp_free(r->sector_nodes);
	if (r->groups)
		for (i = 0; i < r->n_groups; i++)
			cp_free(r->groups[i].nodes);
	cp_free(r->groups);
	if (r->paths)
		for (i = 0; i < r->n_sector_nodes; i++)
			cp_free(r->paths[i].edges);
	cp_free(r->paths);
	cp_free(r->attribution);
	cp_free(r);
}

static cp_status allocate(cp_result *r)
{
	const cp_graph *g = r->g;
	size_t n = (size_t)g->n_nodes, e = (size_t)g->n_edges, k = (size_t)r->s->n_rules;
	int32_t v;
	r->disruption = cp_mallocn(n, sizeof *r->disruption);
	r->loss = cp_callocn(n, sizeof *r->loss);
	r->tag = cp_mallocn(n, sizeof *r->tag);
	r->contained = cp_callocn(n, sizeof *r->contained);
	r->content = cp_mallocn(k * n + 1, sizeof *r->content);
	r->blocked = cp_callocn(e + 1, sizeof *r->blocked);
	r->match_off = cp_callocn(e + 1, sizeof *r->match_off);
	if (!r->disruption || !r->loss || !r->tag || !r->contained || !r->content ||
	    !r->blocked || !r->match_off)
		return CP_ENOMEM;
	for (v = 0; v < g->n_nodes; v++)
		r->n_sector_nodes += g->kind[v] == CP_SECTOR;
	if (!(r->sector_nodes = cp_mallocn((size_t)r->n_sector_nodes + 1, sizeof *r->sector_nodes)))
		return CP_ENOMEM;
	r->n_sector_nodes = 0;
	for (v = 0; v < g->n_nodes; v++)
		if (g->kind[v] == CP_SECTOR)
			r->sector_nodes[r->n_sector_nodes++] = v;
	return CP_OK;
}

cp_status cp_score(cp_result **out, const cp_graph *g, const cp_scenario *s, unsigned flags, cp_log *log)
{
	static const cp_scenario none;
	cp_schedule sc;
	cp_result *r;
	cp_status st;
	int32_t v, unconverged;

	*out = NULL;
	if (!(r = cp_callocn(1, sizeof *r)))
		return CP_ENOMEM;
	r->g = g;
	r->s = s ? s : &none;
	if ((st = allocate(r)) != CP_OK) {
		cp_result_free(r);
		return st;
	}
	if ((st = cp_schedule_build(&sc, g, log)) != CP_OK) {
		cp_result_free(r);
		return st;
	}
	if ((st = cp_analyse(r, &sc, log)) != CP_OK)
		goto fail;
	/* disruption holds availability until the pass is done */
	unconverged = cp_propagate(g, &sc, r->blocked, r->loss, r->disruption);
	if (unconverged)
		cp_warn(log, "availability did not converge to %g on %d cycle(s) within the sweep limit: results there are approximate",
		        CP_FIXED_POINT_EPS, unconverged);
	if ((flags & CP_SCORE_EXPLAIN) && (st = cp_explain(r, &sc, r->disruption)) != CP_OK)
		goto fail;
	for (v = 0; v < g->n_nodes; v++)
		r->disruption[v] = 1 - r->disruption[v];
	if ((st = cp_sector_groups(r)) != CP_OK)
		goto fail;
	cp_schedule_free(&sc);
	*out = r;
	return CP_OK;
fail:
	cp_schedule_free(&sc);
	cp_result_free(r);
	return st;
}
