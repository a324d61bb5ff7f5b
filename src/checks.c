/* Scenario checks on the prepared model: the matches of MODEL.md 2.4 and
 * the outage selections say exactly what each rule reaches. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "checks.h"
#include "log.h"
#include "model.h"
#include "suggest.h"

const char *cp_country_hint(const cp_graph *g, const char *code, char *buf, size_t size)
{
	cp_suggest sg;
	int32_t c;
	cp_suggest_init(&sg, code);
	for (c = 0; c < g->n_countries; c++)
		cp_suggest_offer(&sg, cp_graph_str(g, g->country_code[c]));
	return cp_suggest_text(&sg, buf, size);
}

const char *cp_node_hint(const cp_graph *g, const char *id, char *buf, size_t size)
{
	cp_suggest sg;
	int32_t v;
	cp_suggest_init(&sg, id);
	for (v = 0; v < g->n_nodes; v++)
		cp_suggest_offer(&sg, cp_node_id(g, v));
	return cp_suggest_text(&sg, buf, size);
}

/* Warn for each buyer of a map that consumes no edge in hit (per node). */
static void check_buyers(const cp_graph *g, const cp_rule *r, const uint8_t *hit, int32_t n, const int32_t *buyer,
                         int32_t phase, cp_log *log)
{
	int32_t i;
	for (i = 0; i < n; i++) {
		if (hit[buyer[i]])
			continue;
		if (phase)
			cp_warn(log, "control '%s': phases[%d].buyers: entry '%s' buys nothing the control reaches; it has no effect",
			        r->id, phase - 1, cp_node_id(g, buyer[i]));
		else
			cp_warn(log, "control '%s': buyers: entry '%s' buys nothing the control reaches; it has no effect", r->id,
			        cp_node_id(g, buyer[i]));
	}
}

cp_status cp_scenario_check(const cp_graph *g, const cp_scenario *s, cp_log *log)
{
	return cp_scenario_check_keep(g, s, log, NULL, NULL);
}

cp_status cp_scenario_check_keep(const cp_graph *g, const cp_scenario *s, cp_log *log, cp_model **keep,
                                 cp_log *keep_log)
{
	cp_model *m = NULL;
	cp_log scratch;
	uint8_t *hit = NULL;
	char buf[32];
	cp_status st;
	int32_t k, j, p;

	if (keep)
		*keep = NULL;
	if (!s || (s->n_rules == 0 && s->n_outages == 0))
		return CP_OK;
	/* preparing repeats no message the score will give again */
	cp_log_init(&scratch);
	st = cp_model_prepare(&m, g, s, &scratch);
	if (st == CP_OK && keep && !scratch.suppressed && !scratch.oom) {
		cp_log_free(keep_log);
		*keep_log = scratch;
		cp_log_init(&scratch);
		*keep = m;
	}
	cp_log_free(&scratch);
	if (st != CP_OK)
		return st;
	if (!(hit = cp_callocn((size_t)g->n_nodes + 1, 1))) {
		st = CP_ENOMEM;
		goto done;
	}
	for (k = 0; k < s->n_rules; k++) {
		const cp_rule *r = &s->rules[k];
		int any = 0;
		if (r->origin < 0)
			continue;
		for (j = m->rule_match_off[k]; j < m->rule_match_off[k + 1]; j++)
			hit[g->consumer[m->match_edge[m->rule_match[j]]]] = 1, any = 1;
		if (!any) {
			cp_warn(log, "control '%s' matches no edge of the graph (no supplier in '%s' ships a line it covers); it has no effect",
			        r->id, r->origin_code ? r->origin_code : "");
			continue;
		}
		check_buyers(g, r, hit, r->n_buyers, r->buyer, 0, log);
		for (p = 0; p < r->n_phases; p++)
			if (r->phases[p].has_buyers)
				check_buyers(g, r, hit, r->phases[p].n_buyers, r->phases[p].buyer, p + 1, log);
		/* clear what this rule marked, not every node */
		for (j = m->rule_match_off[k]; j < m->rule_match_off[k + 1]; j++)
			hit[g->consumer[m->match_edge[m->rule_match[j]]]] = 0;
	}
	for (k = 0; k < s->n_outages; k++) {
		const cp_outage *o = &s->outages[k];
		if (m->outage_off[k + 1] > m->outage_off[k] || (o->has_country && o->country < 0) || o->node == -2)
			continue;
		cp_warn(log, "outage '%s' selects no node (no node of its kinds in its country); it has no effect",
		        cp_player_name(s, s->n_rules + k, buf, sizeof buf));
	}
done:
	cp_free(hit);
	if (keep && *keep && st != CP_OK) {
		*keep = NULL;
		cp_log_free(keep_log);
	}
	if (!keep || !*keep)
		cp_model_free(m);
	return st;
}
