/* Preparing a model once, and the runs that read it: blocked fractions and
 * losses of a variant, then one propagation pass.  A run writes only to
 * its cp_work, so runs of one model may go on in parallel. */
#include <string.h>

#include "alloc.h"
#include "model.h"

void cp_model_free(cp_model *m)
{
	if (!m)
		return;
	cp_schedule_free(&m->sc);
	cp_free(m->contained);
	cp_free(m->tag);
	cp_free(m->content);
	cp_free(m->match_off);
	cp_free(m->match);
	cp_free(m->match_denial);
	cp_free(m->match_slot);
	cp_free(m->match_edge);
	cp_free(m->phase_off);
	cp_free(m->phase_slot);
	cp_free(m->matched);
	cp_free(m->rule_match_off);
	cp_free(m->rule_match);
	cp_free(m->pattern_of);
	cp_free(m->pattern_edge);
	cp_free(m->param);
	cp_free(m->rule_slot);
	cp_free(m->lead_slot);
	cp_free(m->loss_slot);
	cp_free(m->outage_off);
	cp_free(m->outage_node);
	cp_free(m->sector_nodes);
	cp_free(m);
}

static cp_status allocate(cp_model *m)
{
	const cp_graph *g = m->g;
	size_t n = (size_t)g->n_nodes, e = (size_t)g->n_edges, k = (size_t)m->s->n_rules;
	int32_t v;
	m->contained = cp_callocn(n + 1, sizeof *m->contained);
	m->tag = cp_mallocn(n + 1, sizeof *m->tag);
	m->content = cp_mallocn(k * n + 1, sizeof *m->content);
	m->match_off = cp_callocn(e + 1, sizeof *m->match_off);
	if (!m->contained || !m->tag || !m->content || !m->match_off)
		return CP_ENOMEM;
	for (v = 0; v < g->n_nodes; v++)
		m->n_sector_nodes += g->kind[v] == CP_SECTOR;
	if (!(m->sector_nodes = cp_mallocn((size_t)m->n_sector_nodes + 1, sizeof *m->sector_nodes)))
		return CP_ENOMEM;
	m->n_sector_nodes = 0;
	for (v = 0; v < g->n_nodes; v++)
		if (g->kind[v] == CP_SECTOR)
			m->sector_nodes[m->n_sector_nodes++] = v;
	return CP_OK;
}

/* Two matched edges are alike when their rows of matches name the same
 * rules with the same slots under the rule's own fields and every phase. */
static int same_matches(const cp_model *m, int32_t e, int32_t f)
{
	int32_t k = m->match_off[e], j = m->match_off[f], n = m->match_off[e + 1] - k;
	if (n != m->match_off[f + 1] - j)
		return 0;
	for (; n > 0; n--, k++, j++) {
		int32_t ri = m->match[k] & ~CP_MATCH_EXTRA, p;
		if (ri != (m->match[j] & ~CP_MATCH_EXTRA) || m->match_slot[k] != m->match_slot[j])
			return 0;
		for (p = 0; p < m->s->rules[ri].n_phases; p++)
			if (m->phase_slot[m->phase_off[k] + p] != m->phase_slot[m->phase_off[j] + p])
				return 0;
	}
	return 1;
}

static uint64_t matches_hash(const cp_model *m, int32_t e)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int32_t k, p;
	for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
		int32_t ri = m->match[k] & ~CP_MATCH_EXTRA;
		h = (h ^ (uint32_t)ri) * 0x100000001b3ULL;
		h = (h ^ (uint32_t)m->match_slot[k]) * 0x100000001b3ULL;
		for (p = 0; p < m->s->rules[ri].n_phases; p++)
			h = (h ^ (uint32_t)m->phase_slot[m->phase_off[k] + p]) * 0x100000001b3ULL;
	}
	return h ^ h >> 29;
}

/* An open-addressed table of the patterns seen so far, kept at most half
 * full: it grows with the patterns, not with the matched edges, so with
 * few patterns it stays in cache. */
static int32_t *pattern_table(const cp_model *m, size_t cap)
{
	int32_t *table = cp_mallocn(cap, sizeof *table), k;
	size_t i, mask = cap - 1;
	if (!table)
		return NULL;
	for (i = 0; i < cap; i++)
		table[i] = -1;
	for (k = 0; k < m->n_patterns; k++) {
		size_t h = (size_t)matches_hash(m, m->pattern_edge[k]) & mask;
		while (table[h] >= 0)
			h = (h + 1) & mask;
		table[h] = k;
	}
	return table;
}

/* m->pattern_of and m->pattern_edge, patterns numbered as first met. */
static cp_status blocked_patterns(cp_model *m)
{
	size_t cap = 64, i;
	int32_t *table = pattern_table(m, cap);
	m->pattern_of = cp_mallocn((size_t)m->n_matched + 1, sizeof *m->pattern_of);
	m->pattern_edge = cp_mallocn((size_t)m->n_matched + 1, sizeof *m->pattern_edge);
	if (!table || !m->pattern_of || !m->pattern_edge) {
		cp_free(table);
		return CP_ENOMEM;
	}
	for (i = 0; i < (size_t)m->n_matched; i++) {
		int32_t e = m->matched[i], k;
		size_t h = (size_t)matches_hash(m, e) & (cap - 1);
		while (table[h] >= 0 && !same_matches(m, e, m->pattern_edge[table[h]]))
			h = (h + 1) & (cap - 1);
		if ((k = table[h]) < 0) {
			k = table[h] = m->n_patterns;
			m->pattern_edge[m->n_patterns++] = e;
			if (2 * (size_t)m->n_patterns > cap) {
				cp_free(table);
				if (!(table = pattern_table(m, cap *= 2)))
					return CP_ENOMEM;
			}
		}
		m->pattern_of[i] = k;
	}
	cp_free(table);
	return CP_OK;
}

cp_status cp_model_prepare(cp_model **out, const cp_graph *g, const cp_scenario *s, cp_log *log)
{
	return cp_model_prepare_threads(out, g, s, CP_PREPARE_THREAD_EDGES, 0, log);
}

cp_status cp_model_prepare_threads(cp_model **out, const cp_graph *g, const cp_scenario *s, int32_t thread_edges,
                                   int tags_last, cp_log *log)
{
	static const cp_scenario none;
	cp_model *m;
	cp_status st;

	*out = NULL;
	if (!(m = cp_callocn(1, sizeof *m)))
		return CP_ENOMEM;
	m->g = g;
	m->s = s ? s : &none;
	m->thread_edges = thread_edges;
	m->tags_last = tags_last;
	if ((st = allocate(m)) != CP_OK || (st = cp_schedule_build(&m->sc, g, log)) != CP_OK ||
	    (st = cp_analyse(m, log)) != CP_OK || (st = blocked_patterns(m)) != CP_OK) {
		cp_model_free(m);
		return st;
	}
	*out = m;
	return CP_OK;
}

cp_status cp_work_init(cp_work *w, const cp_model *m)
{
	size_t n = (size_t)m->g->n_nodes + 1, e = (size_t)m->g->n_edges + 1;
	w->blocked = cp_callocn(e, sizeof *w->blocked);
	w->loss = cp_mallocn(n, sizeof *w->loss);
	w->avail = cp_mallocn(n, sizeof *w->avail);
	w->pattern = cp_mallocn((size_t)m->n_patterns + 1, sizeof *w->pattern);
	if (!w->blocked || !w->loss || !w->avail || !w->pattern) {
		cp_work_free(w);
		return CP_ENOMEM;
	}
	return CP_OK;
}

void cp_work_free(cp_work *w)
{
	cp_free(w->blocked);
	cp_free(w->loss);
	cp_free(w->avail);
	cp_free(w->pattern);
	memset(w, 0, sizeof *w);
}

/* The blocked fraction of edge e: the largest denial of the rules in
 * force that match it. */
static double edge_blocked(const cp_model *m, const cp_variant *v, int32_t e)
{
	double most = 0;
	int32_t k;
	for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
		int32_t ri = m->match[k] & ~CP_MATCH_EXTRA;
		double d;
		if (v->rule_on && !v->rule_on[ri])
			continue;
		d = cp_match_denial(m, k, v->rule_phase ? v->rule_phase[ri] : 0, v->param);
		if (d > most)
			most = d;
	}
	return most;
}

void cp_model_blocked(const cp_model *m, const cp_variant *v, double *blocked, double *scratch)
{
	int32_t i;
	if (!scratch) {
		for (i = 0; i < m->n_matched; i++)
			blocked[m->matched[i]] = edge_blocked(m, v, m->matched[i]);
		return;
	}
	for (i = 0; i < m->n_patterns; i++)
		scratch[i] = edge_blocked(m, v, m->pattern_edge[i]);
	for (i = 0; i < m->n_matched; i++)
		blocked[m->matched[i]] = scratch[m->pattern_of[i]];
}

void cp_model_losses(const cp_model *m, const cp_variant *v, double *loss)
{
	int32_t k, i;
	memset(loss, 0, (size_t)m->g->n_nodes * sizeof *loss);
	for (k = 0; k < m->s->n_outages; k++) {
		double x = (v->param ? v->param : m->param)[m->loss_slot[k]];
		if (v->outage_on && !v->outage_on[k])
			continue;
		for (i = m->outage_off[k]; i < m->outage_off[k + 1]; i++)
			if (x > loss[m->outage_node[i]])
				loss[m->outage_node[i]] = x;
	}
	if (v->knockout >= 0)
		loss[v->knockout] = 1;
}

int32_t cp_model_run(const cp_model *m, const cp_variant *v, cp_work *w)
{
	cp_model_blocked(m, v, w->blocked, w->pattern);
	cp_model_losses(m, v, w->loss);
	return cp_propagate(m->g, &m->sc, v->substitutable, w->blocked, w->loss, w->avail, NULL);
}

static int in_force(int32_t start, int32_t end, int32_t day)
{
	return start <= day && day < end;
}

void cp_model_at(const cp_model *m, int32_t day, uint8_t *rule_on, int32_t *rule_phase, uint8_t *outage_on)
{
	int32_t ri, k;
	for (ri = 0; ri < m->s->n_rules; ri++) {
		const cp_rule *R = &m->s->rules[ri];
		rule_on[ri] = (uint8_t)in_force(R->start, R->end, day);
		rule_phase[ri] = 0;
		for (k = 0; k < R->n_phases && R->phases[k].from <= day; k++)
			rule_phase[ri] = k + 1;
	}
	for (k = 0; k < m->s->n_outages; k++)
		outage_on[k] = (uint8_t)in_force(m->s->outages[k].start, m->s->outages[k].end, day);
}
