/* The timeline (MODEL.md 7): the prepared model played day by day.  What
 * the day changes is which rules are in force, in which phase and whether
 * their lead time still holds shipments; stocks carry each line from one
 * day to the next, and transit times look back into a ring of the last
 * days' outputs, so memory grows with the longest transit, not the horizon. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "log.h"
#include "model.h"

#define DEFAULT_RESTOCK_RATE 0.25
#define COMPLETE (1 - 1e-12)   /* deliveries this complete restock (7.3) */

/* A rule on one day of the horizon. */
typedef struct rule_day {
	uint8_t active, in_lead;
	int32_t phase;
} rule_day;

typedef struct sim {
	const cp_model *m;
	const cp_graph *g;
	const double *param;       /* the run's numbers (NULL: the model's) */
	const double *subst;       /* per line */
	const double *output;      /* per node, for the flow weights */
	int32_t window;            /* ring length: largest transit + 1 */
	double *x;                 /* window x n_nodes: x_v of the last days */
	rule_day *rd;              /* window x n_rules */
	uint8_t *outage_on;        /* today's outages */
	double *loss;              /* today's losses */
	double *stock;             /* per line, s_L(t) in days of normal use */
	double *today;             /* per line, R_L(t) of the day being played; then its restocking */
	double *cap;               /* per node: inventory_days, 0 when absent */
	double *rate;              /* per node: restock_rate, 0.25 when absent */
	double *weight;            /* per edge: w_e for the flow index, 0 when left out */
	double *flow_den;          /* per rule */
	double *flow_num;          /* per rule, today */
	uint8_t *by_value;      /* per rule: 1 when its edges are weighed by value (w_e), 0 when each weighs 1 */
} sim;

static void sim_free(sim *S)
{
	cp_free(S->x);
	cp_free(S->rd);
	cp_free(S->outage_on);
	cp_free(S->loss);
	cp_free(S->stock);
	cp_free(S->today);
	cp_free(S->cap);
	cp_free(S->rate);
	cp_free(S->weight);
	cp_free(S->flow_den);
	cp_free(S->flow_num);
	cp_free(S->by_value);
}

void cp_timeline_opts_default(cp_timeline_opts *o)
{
	memset(o, 0, sizeof *o);
	o->threshold = CP_THRESHOLD_DEFAULT;
	o->max_days = CP_MAX_DAYS_DEFAULT;
}

void cp_timeline_free(cp_timeline *t)
{
	if (!t)
		return;
	cp_free(t->sector_nodes);
	cp_free(t->output);
	cp_free(t->stats);
	cp_sector_groups_free(t->groups, t->n_groups);
	cp_free(t->group_output);
	cp_free(t->group_stats);
	cp_free(t->flow);
	cp_free(t->flow_defined);
	cp_free(t->events);
	cp_free(t);
}

int32_t cp_scenario_first_start(const cp_scenario *s)
{
	int32_t first = CP_DAY_NEVER_AFTER, k;
	for (k = 0; k < s->n_rules; k++)
		if (s->rules[k].start != CP_DAY_NEVER_BEFORE && s->rules[k].start < first)
			first = s->rules[k].start;
	for (k = 0; k < s->n_outages; k++)
		if (s->outages[k].start != CP_DAY_NEVER_BEFORE && s->outages[k].start < first)
			first = s->outages[k].start;
	return first == CP_DAY_NEVER_AFTER ? CP_DAY_NEVER_BEFORE : first;
}

/* ---- one day ---- */

static rule_day rule_on_day(const cp_rule *R, double lead_days, int32_t day)
{
	rule_day d = { 0, 0, 0 };
	int32_t k;
	d.active = R->start <= day && day < R->end;
	for (k = 0; k < R->n_phases && R->phases[k].from <= day; k++)
		d.phase = k + 1;
	d.in_lead = R->start != CP_DAY_NEVER_BEFORE && (double)day - (double)R->start < lead_days;
	return d;
}

/* b(e, t) of 7.2 given the rules on day t (rd), for an edge some rule
 * matches. */
static double blocked_on(const sim *S, int32_t e, const rule_day *rd)
{
	const cp_model *m = S->m;
	double most = 0;
	int32_t k;
	for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
		const rule_day *r = &rd[m->match[k] & ~CP_MATCH_EXTRA];
		double d;
		if (!r->active)
			continue;
		d = cp_match_denial(m, k, r->phase, S->param);
		if (r->in_lead && d > 0)
			d = 1;
		if (d > most)
			most = d;
	}
	return most;
}

static double output_on(const sim *S, int32_t u, int32_t t)
{
	return t < 0 ? 1 : S->x[(size_t)(t % S->window) * (size_t)S->g->n_nodes + (size_t)u];
}

/* What was shipped on day `sent` toward a line: the outputs and the rules
 * of that day, or the normal world before day 0 (both NULL). */
typedef struct shipped {
	const double *x;
	const rule_day *rd;
} shipped;

static shipped shipped_on(const sim *S, int32_t sent)
{
	shipped p = { NULL, NULL };
	if (sent >= 0) {
		size_t slot = (size_t)(sent % S->window);
		p.x = S->x + slot * (size_t)S->g->n_nodes;
		p.rd = S->rd + slot * (size_t)S->m->s->n_rules;
	}
	return p;
}

/* (1 - b(e, sent)) x_u(sent): what edge e delivers of what was shipped. */
static double arriving(const sim *S, int32_t e, const shipped *p)
{
	const cp_model *m = S->m;
	if (!p->x)
		return 1;
	if (m->match_off[e] == m->match_off[e + 1])
		return p->x[S->g->supplier[e]];
	return (1 - blocked_on(S, e, p->rd)) * p->x[S->g->supplier[e]];
}

/* R_L(t): deliveries of line l arriving on day t.  The per-edge work of
 * arriving() written out, since this loop is most of a day's cost. */
static double deliveries(const sim *S, int32_t l, int32_t t)
{
	const cp_graph *g = S->g;
	const int32_t *match_off = S->m->match_off;
	shipped p = shipped_on(S, t - g->transit_days[l]);
	int32_t e, end = g->edge_off[l + 1];
	double r = 0;
	if (!p.x) {   /* shipped before day 0: the normal world */
		for (e = g->edge_off[l]; e < end; e++)
			r += g->shat[e];
		return r;
	}
	for (e = g->edge_off[l]; e < end; e++) {
		double x = p.x[g->supplier[e]];
		if (match_off[e] != match_off[e + 1])
			x *= 1 - blocked_on(S, e, p.rd);
		r += g->shat[e] * x;
	}
	return r;
}

/* x_v(t) from today's stocks and deliveries (7.3); each line's deliveries
 * are kept in S->today for the stock update. */
static double node_output(sim *S, int32_t v, int32_t t)
{
	const cp_graph *g = S->g;
	double worst = 1;
	int32_t l;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		double a = S->stock[l] + (S->today[l] = deliveries(S, l, t));
		double p = a >= 1 ? 1 : cp_line_substituted(S->subst[l], a);
		if (p < worst)
			worst = p;
	}
	return (1 - S->loss[v]) * worst;
}

/* Every node's output on day t, components in order; a cycle from x = 1
 * down to its greatest fixed point.  Returns 1 when a cycle did not settle. */
static int outputs(sim *S, int32_t t)
{
	const cp_graph *g = S->g;
	const cp_schedule *sc = &S->m->sc;
	double *x = S->x + (size_t)(t % S->window) * (size_t)g->n_nodes;
	int32_t k, unconverged = 0;
	for (k = 0; k < sc->n_comps; k++) {
		int32_t b = sc->comp_off[k], end = sc->comp_off[k + 1], i, sweep, max;
		if (end - b == 1) {
			x[sc->order[b]] = node_output(S, sc->order[b], t);
			continue;
		}
		max = cp_max_sweeps(g, sc, k);
		for (i = b; i < end; i++)
			x[sc->order[i]] = 1;
		for (sweep = 0; sweep < max; sweep++) {
			double change = 0;
			for (i = b; i < end; i++) {
				int32_t v = sc->order[i];
				double y = node_output(S, v, t);
				if (fabs(y - x[v]) > change)
					change = fabs(y - x[v]);
				x[v] = y;
			}
			if (change < CP_FIXED_POINT_EPS)
				break;
		}
		unconverged |= sweep == max;
	}
	return unconverged;
}

/* Stocks for day t + 1, and the flow index's numerators for day t. */
static void stocks_and_flows(sim *S, int32_t t)
{
	const cp_graph *g = S->g;
	const cp_model *m = S->m;
	int32_t v, l, e, k, i;
	memset(S->flow_num, 0, (size_t)m->s->n_rules * sizeof *S->flow_num);
	for (v = 0; v < g->n_nodes; v++) {
		double xv = output_on(S, v, t), cap = S->cap[v];
		for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
			double r = S->today[l], a = S->stock[l] + r;
			double kept = a - (a < xv ? a : xv), rho = 0;
			if (r >= COMPLETE) {
				rho = cap - kept;
				if (rho < 0)
					rho = 0;
				if (rho > S->rate[v])
					rho = S->rate[v];
			}
			S->stock[l] = kept + rho < cap ? kept + rho : cap;
			S->today[l] = rho;   /* deliveries are spent: the flows need the restocking */
		}
	}
	/* the flow index reads only the edges some rule matches */
	for (i = 0; i < m->n_matched; i++) {
		double f;
		shipped p;
		e = m->matched[i];
		l = g->edge_line[e];
		p = shipped_on(S, t - g->transit_days[l]);
		f = arriving(S, e, &p) * (1 + S->today[l]);
		for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
			int32_t ri = m->match[k] & ~CP_MATCH_EXTRA;
			S->flow_num[ri] += (S->by_value[ri] ? S->weight[e] : 1) * f;
		}
	}
}

/* ---- set-up ---- */

/* w_e = output(v) value_share ŝ_e where known and positive; a rule none of
 * whose edges has one weighs every edge 1 (7.4). */
static cp_status flow_weights(sim *S, uint8_t *defined)
{
	const cp_graph *g = S->g;
	const cp_model *m = S->m;
	int32_t nr = m->s->n_rules, e, k;
	uint8_t *by_value = cp_callocn((size_t)nr + 1, 1);
	if (!by_value)
		return CP_ENOMEM;
	for (e = 0; e < g->n_edges; e++) {
		int32_t l = g->edge_line[e];
		double w = S->output[g->consumer[e]] * g->value_share[l] * g->shat[e];
		S->weight[e] = isfinite(w) && w > 0 ? w : 0;
	}
	for (e = 0; e < g->n_edges; e++)
		for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
			int32_t ri = m->match[k] & ~CP_MATCH_EXTRA;
			defined[ri] = 1;
			if (S->weight[e] > 0)
				by_value[ri] = 1;
		}
	for (e = 0; e < g->n_edges; e++)
		for (k = m->match_off[e]; k < m->match_off[e + 1]; k++) {
			int32_t ri = m->match[k] & ~CP_MATCH_EXTRA;
			S->flow_den[ri] += by_value[ri] ? S->weight[e] : 1;
		}
	/* the numerators weigh edges the same way, so keep the choice per match */
	S->by_value = by_value;
	return CP_OK;
}

static cp_status sim_init(sim *S, const cp_model *m, const cp_variant *var)
{
	const cp_graph *g = m->g;
	const double *inventory = var->inventory_days ? var->inventory_days : g->inventory_days;
	const double *rate = var->restock_rate ? var->restock_rate : g->restock_rate;
	int32_t l, v, max_transit = 0, nr = m->s->n_rules;
	memset(S, 0, sizeof *S);
	S->m = m;
	S->g = g;
	S->param = var->param ? var->param : m->param;
	S->subst = var->substitutable ? var->substitutable : g->substitutable;
	S->output = var->output ? var->output : g->output;
	for (l = 0; l < g->n_lines; l++)
		if (g->transit_days[l] > max_transit)
			max_transit = g->transit_days[l];
	S->window = max_transit + 1;
	S->x = cp_mallocn((size_t)S->window * (size_t)g->n_nodes + 1, sizeof *S->x);
	S->rd = cp_callocn((size_t)S->window * (size_t)nr + 1, sizeof *S->rd);
	S->outage_on = cp_mallocn((size_t)m->s->n_outages + 1, 1);
	S->loss = cp_mallocn((size_t)g->n_nodes + 1, sizeof *S->loss);
	S->stock = cp_mallocn((size_t)g->n_lines + 1, sizeof *S->stock);
	S->today = cp_mallocn((size_t)g->n_lines + 1, sizeof *S->today);
	S->cap = cp_mallocn((size_t)g->n_nodes + 1, sizeof *S->cap);
	S->rate = cp_mallocn((size_t)g->n_nodes + 1, sizeof *S->rate);
	S->weight = cp_mallocn((size_t)g->n_edges + 1, sizeof *S->weight);
	S->flow_den = cp_callocn((size_t)nr + 1, sizeof *S->flow_den);
	S->flow_num = cp_callocn((size_t)nr + 1, sizeof *S->flow_num);
	if (!S->x || !S->rd || !S->outage_on || !S->loss || !S->stock || !S->today || !S->cap || !S->rate || !S->weight ||
	    !S->flow_den || !S->flow_num)
		return CP_ENOMEM;
	for (v = 0; v < g->n_nodes; v++) {
		S->cap[v] = isnan(inventory[v]) ? 0 : inventory[v];
		S->rate[v] = isnan(rate[v]) ? DEFAULT_RESTOCK_RATE : rate[v];
		for (l = g->line_off[v]; l < g->line_off[v + 1]; l++)
			S->stock[l] = S->cap[v];
	}
	return CP_OK;
}

/* ---- results ---- */

static void series_stats(const double *x, int32_t n, double threshold, double output, cp_series_stats *st)
{
	int32_t t, last_below = -1;
	double lost = 0;
	st->first_below = -1;
	st->min = INFINITY;
	st->min_day = 0;
	st->days_below = 0;
	for (t = 0; t < n; t++) {
		if (x[t] < st->min) {
			st->min = x[t];
			st->min_day = t;
		}
		if (x[t] < threshold) {
			if (st->first_below < 0)
				st->first_below = t;
			st->days_below++;
			last_below = t;
		}
		lost += 1 - x[t];
	}
	st->recovered = last_below >= 0 && last_below + 1 < n ? last_below + 1 : -1;
	st->lost_value = isnan(output) ? NAN : lost * output / 365;
}

static int compare_events(const void *a, const void *b)
{
	const cp_event *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static cp_status add_event(cp_timeline *t, size_t *cap, int32_t day, cp_event_kind kind, int32_t index, int32_t phase)
{
	if (day < t->from || day >= t->from + t->n_days || day == CP_DAY_NEVER_BEFORE || day == CP_DAY_NEVER_AFTER)
		return CP_OK;
	if (cp_grow((void **)&t->events, cap, (size_t)t->n_events + 1, sizeof *t->events) < 0)
		return CP_ENOMEM;
	t->events[t->n_events++] = (cp_event){ day, kind, index, phase };
	return CP_OK;
}

static cp_status events(cp_timeline *t)
{
	const cp_scenario *s = t->s;
	size_t cap = 0;
	int32_t k, p;
	cp_status st = CP_OK;
	for (k = 0; k < s->n_rules && st == CP_OK; k++) {
		const cp_rule *R = &s->rules[k];
		st = add_event(t, &cap, R->start, CP_EVENT_RULE_START, k, 0);
		if (st == CP_OK && R->lead_days > 0 && R->start != CP_DAY_NEVER_BEFORE &&
		    (double)R->start + ceil(R->lead_days) < (double)INT32_MAX)
			st = add_event(t, &cap, R->start + (int32_t)ceil(R->lead_days), CP_EVENT_LEAD_END, k, 0);
		for (p = 0; p < R->n_phases && st == CP_OK; p++)
			st = add_event(t, &cap, R->phases[p].from, CP_EVENT_PHASE, k, p + 1);
		if (st == CP_OK)
			st = add_event(t, &cap, R->end, CP_EVENT_RULE_END, k, 0);
	}
	for (k = 0; k < s->n_outages && st == CP_OK; k++) {
		st = add_event(t, &cap, s->outages[k].start, CP_EVENT_OUTAGE_START, k, 0);
		if (st == CP_OK)
			st = add_event(t, &cap, s->outages[k].end, CP_EVENT_OUTAGE_END, k, 0);
	}
	if (t->n_events > 1)
		qsort(t->events, (size_t)t->n_events, sizeof *t->events, compare_events);
	return st;
}

static cp_status allocate(cp_timeline *t, const cp_model *m)
{
	size_t n = (size_t)t->n_days, ns = (size_t)m->n_sector_nodes, nr = (size_t)m->s->n_rules;
	int32_t k;
	cp_status st;
	t->n_sector_nodes = m->n_sector_nodes;
	t->sector_nodes = cp_mallocn(ns + 1, sizeof *t->sector_nodes);
	t->output = cp_mallocn(ns * n + 1, sizeof *t->output);
	t->stats = cp_callocn(ns + 1, sizeof *t->stats);
	t->flow = cp_mallocn(nr * n + 1, sizeof *t->flow);
	t->flow_defined = cp_callocn(nr + 1, 1);
	if (!t->sector_nodes || !t->output || !t->stats || !t->flow || !t->flow_defined)
		return CP_ENOMEM;
	memcpy(t->sector_nodes, m->sector_nodes, ns * sizeof *t->sector_nodes);
	if ((st = cp_group_sectors(t->g, t->sector_nodes, t->n_sector_nodes, &t->groups, &t->n_groups)) != CP_OK)
		return st;
	t->group_output = cp_mallocn((size_t)t->n_groups * n + 1, sizeof *t->group_output);
	t->group_stats = cp_callocn((size_t)t->n_groups + 1, sizeof *t->group_stats);
	if (!t->group_output || !t->group_stats)
		return CP_ENOMEM;
	for (k = 0; k < t->n_groups; k++)
		t->groups[k].disruption = NAN;
	return CP_OK;
}

/* Group series and the summaries of every series, weighted by output. */
static cp_status summarise(cp_timeline *t, const double *output)
{
	const cp_graph *g = t->g;
	size_t n = (size_t)t->n_days;
	int32_t i, k, d;
	/* the group mean reads node-indexed series: lay today's out by node */
	double *by_node = cp_mallocn((size_t)g->n_nodes + 1, sizeof *by_node);
	if (!by_node)
		return CP_ENOMEM;
	for (d = 0; d < t->n_days; d++) {
		for (i = 0; i < t->n_sector_nodes; i++)
			by_node[t->sector_nodes[i]] = t->output[(size_t)i * n + (size_t)d];
		for (k = 0; k < t->n_groups; k++)
			t->group_output[(size_t)k * n + (size_t)d] = cp_group_mean(output, &t->groups[k], by_node, 1, 0);
	}
	cp_free(by_node);
	for (i = 0; i < t->n_sector_nodes; i++)
		series_stats(t->output + (size_t)i * n, t->n_days, t->threshold, output[t->sector_nodes[i]],
		             &t->stats[i]);
	for (k = 0; k < t->n_groups; k++) {
		const cp_sector_group *gr = &t->groups[k];
		double lost = 0;
		series_stats(t->group_output + (size_t)k * n, t->n_days, t->threshold, NAN, &t->group_stats[k]);
		for (i = 0; i < gr->n_nodes; i++) {
			lost += t->stats[gr->slots[i]].lost_value;
		}
		t->group_stats[k].lost_value = lost;
	}
	return CP_OK;
}

static void play(cp_timeline *t, sim *S)
{
	const cp_model *m = S->m;
	const cp_scenario *s = m->s;
	size_t n = (size_t)t->n_days;
	cp_variant v = CP_VARIANT_STATIC;
	int32_t d, k, i;
	v.outage_on = S->outage_on;
	v.param = S->param;
	for (d = 0; d < t->n_days; d++) {
		int32_t day = t->from + d;
		rule_day *rd = S->rd + (size_t)(d % S->window) * (size_t)s->n_rules;
		for (k = 0; k < s->n_rules; k++)
			rd[k] = rule_on_day(&s->rules[k], S->param[m->lead_slot[k]], day);
		for (k = 0; k < s->n_outages; k++)
			S->outage_on[k] = s->outages[k].start <= day && day < s->outages[k].end;
		cp_model_losses(m, &v, S->loss);
		t->unconverged_days += outputs(S, d);
		for (i = 0; i < t->n_sector_nodes; i++)
			t->output[(size_t)i * n + (size_t)d] = output_on(S, t->sector_nodes[i], d);
		stocks_and_flows(S, d);
		for (k = 0; k < s->n_rules; k++)
			t->flow[(size_t)k * n + (size_t)d] =
				t->flow_defined[k] && S->flow_den[k] > 0 ? S->flow_num[k] / S->flow_den[k] : NAN;
	}
}

cp_status cp_timeline_play(cp_timeline **out, const cp_model *m, const cp_variant *var,
                           const cp_timeline_opts *o, cp_log *log)
{
	cp_timeline *t;
	sim S;
	cp_status st;
	char a[11], b[11];

	*out = NULL;
	memset(&S, 0, sizeof S);
	cp_date_format(o->from, a);
	cp_date_format(o->to, b);
	if (o->to < o->from) {
		cp_error(log, "the horizon ends (%s) before it begins (%s)", b, a);
		return CP_EINVAL;
	}
	if ((int64_t)o->to - o->from + 1 > o->max_days) {
		cp_error_code(log, CP_DIAG_LIMIT, "the horizon %s to %s is %lld days, more than the limit of %d (see --max-days)", a, b,
		         (long long)o->to - o->from + 1, o->max_days);
		return CP_ELIMIT;
	}
	if (!(t = cp_callocn(1, sizeof *t)))
		return CP_ENOMEM;
	t->g = m->g;
	t->s = m->s;
	t->from = o->from;
	t->n_days = o->to - o->from + 1;
	t->threshold = o->threshold;
	if ((st = allocate(t, m)) != CP_OK || (st = sim_init(&S, m, var)) != CP_OK ||
	    (st = flow_weights(&S, t->flow_defined)) != CP_OK)
		goto done;
	play(t, &S);
	if (t->unconverged_days)
		cp_warn_code(log, CP_DIAG_NONCONVERGENCE, "on %d day(s) a cycle did not converge to %g within the sweep limit: outputs there are approximate",
		        t->unconverged_days, CP_FIXED_POINT_EPS);
	if ((st = summarise(t, S.output)) == CP_OK)
		st = events(t);
done:
	sim_free(&S);
	if (st != CP_OK) {
		cp_timeline_free(t);
		return st;
	}
	*out = t;
	return CP_OK;
}

cp_status cp_timeline_run(cp_timeline **out, const cp_graph *g, const cp_scenario *s,
                          const cp_timeline_opts *o, cp_log *log)
{
	cp_variant var = CP_VARIANT_STATIC;
	cp_model *m;
	cp_status st;
	*out = NULL;
	if ((st = cp_model_prepare(&m, g, s, log)) != CP_OK)
		return st;
	st = cp_timeline_play(out, m, &var, o, log);
	cp_model_free(m);
	return st;
}
