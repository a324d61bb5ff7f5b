/* cp_score: prepare the model, run the variant asked for (every rule, or
 * the state on a date), then explain and share out; the result owns the
 * model and every array it points into. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "log.h"
#include "model.h"
#include "shares.h"

void cp_result_free(cp_result *r)
{
	int32_t i;
	if (!r)
		return;
	cp_free(r->disruption);
	cp_free(r->loss);
	cp_free(r->blocked);
	cp_free(r->rule_on);
	cp_free(r->rule_phase);
	cp_free(r->outage_on);
	cp_sector_groups_free(r->groups, r->n_groups);
	if (r->paths)
		for (i = 0; i < r->n_sector_nodes; i++)
			cp_free(r->paths[i].edges);
	cp_free(r->paths);
	cp_free(r->attribution);
	cp_free(r->shares);
	cp_free(r->shares_stderr);
	cp_free(r->group_shares);
	cp_model_free((cp_model *)r->model);
	cp_free(r);
}

void cp_score_opts_default(cp_score_opts *o)
{
	memset(o, 0, sizeof *o);
	o->share_samples = CP_SHARE_SAMPLES_DEFAULT;
	o->seed = CP_SHARE_SEED_DEFAULT;
}

const char *cp_player_name(const cp_scenario *s, int32_t player, char *buf, size_t size)
{
	if (player < s->n_rules)
		return s->rules[player].id;
	player -= s->n_rules;
	if (s->outages[player].name)
		return s->outages[player].name;
	snprintf(buf, size, "outage %d", player + 1);
	return buf;
}

/* The result's view of the model, and its own arrays for one run. */
static cp_status attach(cp_result *r, const cp_model *m)
{
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules, no = (size_t)m->s->n_outages;
	r->model = m;
	r->g = g;
	r->s = m->s;
	r->tag = m->tag;
	r->contained = m->contained;
	r->content = m->content;
	r->match_off = m->match_off;
	r->match = m->match;
	r->match_denial = m->match_denial;
	r->n_cyclic_nodes = m->n_cyclic_nodes;
	r->n_sector_nodes = m->n_sector_nodes;
	r->sector_nodes = m->sector_nodes;
	r->disruption = cp_mallocn((size_t)g->n_nodes + 1, sizeof *r->disruption);
	r->loss = cp_mallocn((size_t)g->n_nodes + 1, sizeof *r->loss);
	r->blocked = cp_callocn((size_t)g->n_edges + 1, sizeof *r->blocked);
	r->rule_on = cp_mallocn(nr + 1, 1);
	r->rule_phase = cp_callocn(nr + 1, sizeof *r->rule_phase);
	r->outage_on = cp_mallocn(no + 1, 1);
	if (!r->disruption || !r->loss || !r->blocked || !r->rule_on || !r->rule_phase || !r->outage_on)
		return CP_ENOMEM;
	memset(r->rule_on, 1, nr + 1);
	memset(r->outage_on, 1, no + 1);
	return CP_OK;
}

cp_status cp_score_with(cp_result **out, const cp_graph *g, const cp_scenario *s,
                        const cp_score_opts *o, cp_log *log)
{
	cp_model *m;
	cp_status st;

	*out = NULL;
	if ((st = cp_model_prepare(&m, g, s, log)) != CP_OK)
		return st;
	return cp_score_prepared(out, m, o, log);
}

cp_status cp_score_prepared(cp_result **out, cp_model *m, const cp_score_opts *o, cp_log *log)
{
	const cp_graph *g = m->g;
	cp_result *r;
	cp_status st;
	int32_t v, unconverged;
	double off;
	cp_variant var = CP_VARIANT_STATIC;

	*out = NULL;
	if (!(r = cp_callocn(1, sizeof *r))) {
		cp_model_free(m);
		return CP_ENOMEM;
	}
	if ((st = attach(r, m)) != CP_OK)
		goto fail;
	if (o->has_at) {
		cp_model_at(m, o->at, r->rule_on, r->rule_phase, r->outage_on);
		var.rule_on = r->rule_on;
		var.rule_phase = r->rule_phase;
		var.outage_on = r->outage_on;
		r->has_at = 1;
		r->at = o->at;
	}
	cp_model_blocked(m, &var, r->blocked);
	cp_model_losses(m, &var, r->loss);
	/* disruption holds availability until the explanations are done */
	unconverged = cp_propagate(g, &m->sc, NULL, r->blocked, r->loss, r->disruption, &off);
	if (unconverged)
		cp_warn_code(log, CP_DIAG_NONCONVERGENCE, "availability did not converge to %g on %d cycle(s) within the sweep limit: results there may be off by up to %.3g",
		        CP_FIXED_POINT_EPS, unconverged, off);
	if ((o->flags & CP_SCORE_EXPLAIN) && (st = cp_explain(r, &var, r->disruption)) != CP_OK)
		goto fail;
	for (v = 0; v < g->n_nodes; v++)
		r->disruption[v] = 1 - r->disruption[v];
	if ((st = cp_sector_groups(r)) != CP_OK)
		goto fail;
	if ((o->flags & CP_SCORE_SHARES) && (st = cp_shares(r, &var, o)) != CP_OK)
		goto fail;
	*out = r;
	return CP_OK;
fail:
	cp_result_free(r);
	return st;
}

cp_status cp_score(cp_result **out, const cp_graph *g, const cp_scenario *s, unsigned flags, cp_log *log)
{
	cp_score_opts o;
	cp_score_opts_default(&o);
	o.flags = flags;
	return cp_score_with(out, g, s, &o, log);
}
