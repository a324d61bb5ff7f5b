/* Draws (MODEL.md 8): each draw samples every parameter from a generator
 * seeded by (seed, draw, the parameter's name), writes the numbers into a
 * run's own copies, and runs the prepared model (or its timeline).  Threads
 * take draws from a shared counter and write each draw's row in place, so
 * the answer is the same for any number of threads. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "draws_changes.h"
#include "draws_split.h"
#include "draws_stats.h"
#include "sweep.h"
#include "log.h"
#include "model.h"
#include "shares.h"

void cp_draw_opts_default(cp_draw_opts *o)
{
	memset(o, 0, sizeof *o);
	o->n_draws = 1000;
	o->seed = 1;
	o->threads = 1;
	cp_timeline_opts_default(&o->tl);
	cp_score_opts_default(&o->at);
}

void cp_draws_free(cp_draws *d)
{
	int32_t k;
	if (!d)
		return;
	for (k = 0; k < d->n_params; k++) {
		cp_free(d->params[k].name);
		cp_free(d->params[k].members);
	}
	cp_free(d->params);
	cp_free(d->values);
	cp_free(d->sector_nodes);
	cp_sector_groups_free(d->groups, d->n_groups);
	cp_free(d->disruption);
	cp_free(d->value_at_risk);
	cp_free(d->group_disruption);
	cp_free(d->group_value_at_risk);
	cp_free(d->first_below);
	cp_free(d->lost_value);
	cp_free(d->group_first_below);
	cp_free(d->group_lost_value);
	cp_free(d->bands);
	cp_free(d->sector_stat);
	cp_free(d->sector_value);
	cp_free(d->group_stat);
	cp_free(d->group_value);
	cp_free(d->sector_first);
	cp_free(d->group_first);
	cp_free(d->sensitivity);
	cp_free(d);
}

const char *cp_uncertain_place(const cp_graph *g, const cp_scenario *s, const cp_uncertain *u, char *buf, size_t size)
{
	char who[32];
	switch (u->target) {
	case CP_UNC_DENIAL:
	case CP_UNC_END_USE:
	case CP_UNC_BUYER:
	case CP_UNC_LEAD:
		snprintf(buf, size, "%s.%s", s->rules[u->rule].id, u->field ? u->field : "?");
		break;
	case CP_UNC_LOSS:
		snprintf(buf, size, "%s.loss", cp_player_name(s, s->n_rules + u->index, who, sizeof who));
		break;
	case CP_UNC_SUBSTITUTABLE: {
		int32_t v = 0;
		while (v + 1 < g->n_nodes && g->line_off[v + 1] <= u->index)
			v++;
		snprintf(buf, size, "%s.%s.substitutable", cp_node_id(g, v), cp_graph_str(g, g->item[u->index]));
		break;
	}
	case CP_UNC_INVENTORY:
		snprintf(buf, size, "%s.inventory_days", cp_node_id(g, u->index));
		break;
	case CP_UNC_RESTOCK:
		snprintf(buf, size, "%s.restock_rate", cp_node_id(g, u->index));
		break;
	case CP_UNC_OUTPUT:
		snprintf(buf, size, "%s.output", cp_node_id(g, u->index));
		break;
	case CP_UNC_CHANGE:
		/* N counts the changes of every scenario file, in order */
		snprintf(buf, size, "changes[%d].%s", u->index,
		         u->index >= 0 && u->index < s->n_changes ? cp_change_amount_field(&s->changes[u->index]) : "amount");
		break;
	}
	return buf;
}

/* ---- parameters ---- */

static const cp_uncertain *member(const cp_draws *d, int32_t k)
{
	return k < d->g->n_uncertain ? &d->g->uncertain[k] : &d->s->uncertain[k - d->g->n_uncertain];
}

/* resample: change amounts are parameters (an unchanged graph was given). */
static cp_status collect_params(cp_draws *d, int resample)
{
	int32_t total = d->g->n_uncertain + d->s->n_uncertain, k, j;
	char place[600];
	if (!(d->params = cp_callocn((size_t)total + 1, sizeof *d->params)))
		return CP_ENOMEM;
	for (k = 0; k < total; k++) {
		const cp_uncertain *u = member(d, k);
		const char *name;
		int32_t *grown;
		if (u->target == CP_UNC_CHANGE && !resample) {
			d->unsampled++;
			continue;
		}
		name = u->key ? u->key : cp_uncertain_place(d->g, d->s, u, place, sizeof place);
		for (j = 0; j < d->n_params && !(u->key && strcmp(d->params[j].name, name) == 0); j++)
			;
		if (j == d->n_params) {
			if (!(d->params[j].name = cp_strdup(name)))
				return CP_ENOMEM;
			d->n_params++;
		}
		grown = cp_reallocn(d->params[j].members, (size_t)d->params[j].n_members + 1, sizeof *grown);
		if (!grown)
			return CP_ENOMEM;
		d->params[j].members = grown;
		grown[d->params[j].n_members++] = k;
	}
	return CP_OK;
}

/* FNV-1a: a parameter's stream is fixed by its name. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* A quantile in (0, 1) for parameter j of draw i. */
static double quantile_of(const cp_draws *d, int32_t i, int32_t j)
{
	cp_rng g;
	cp_rng_seed(&g, d->seed ^ name_hash(d->params[j].name), (uint64_t)i);
	return ((double)(cp_rng_next(&g) >> 11) + 0.5) / 9007199254740992.0;
}

/* ---- one thread ---- */

typedef struct worker {
	cp_draws *d;
	const cp_model *base;     /* prepared once: the parameters' slots */
	const cp_model *m;        /* what a draw runs: base, or the draw's own (redo) */
	cp_redraw *redo;          /* when change amounts are drawn; else NULL */
	const cp_draw_opts *o;
	atomic_int *next;
	int32_t last;             /* draws next.. up to last, this process's block */
	atomic_int *done;
	pthread_mutex_t *progress_lock;
	double *param, *subst, *inventory, *restock, *output;
	uint8_t *rule_on, *outage_on;
	int32_t *rule_phase;
	float *series;            /* timeline: this draw's series, for the bands */
	cp_work w;
	cp_log log;
	cp_status st;
} worker;

/* Write draw i's numbers into the worker's copies and d->values. */
static void sample(worker *W, int32_t i)
{
	cp_draws *d = W->d;
	const cp_model *m = W->base;
	int32_t j, k;
	for (j = 0; j < d->n_params; j++) {
		double q = quantile_of(d, i, j);
		for (k = 0; k < d->params[j].n_members; k++) {
			const cp_uncertain *u = member(d, d->params[j].members[k]);
			double x = cp_uncertain_quantile(u, q);
			cp_field field = u->target == CP_UNC_END_USE ? CP_FIELD_END_USE :
			                 u->target == CP_UNC_BUYER ? CP_FIELD_BUYER : CP_FIELD_DENIAL;
			if (k == 0)
				d->values[(size_t)i * (size_t)d->n_params + (size_t)j] = x;
			switch (u->target) {
			case CP_UNC_DENIAL:
			case CP_UNC_END_USE:
			case CP_UNC_BUYER:
				W->param[cp_model_field_slot(m, u->rule, u->phase, field, u->index)] = x;
				break;
			case CP_UNC_LEAD: W->param[m->lead_slot[u->rule]] = x; break;
			case CP_UNC_LOSS: W->param[m->loss_slot[u->index]] = x; break;
			case CP_UNC_SUBSTITUTABLE: W->subst[u->index] = x; break;
			case CP_UNC_INVENTORY: W->inventory[u->index] = x; break;
			case CP_UNC_RESTOCK: W->restock[u->index] = x; break;
			case CP_UNC_OUTPUT: W->output[u->index] = x; break;
			case CP_UNC_CHANGE:
				if (W->redo)
					cp_redraw_set(W->redo, u->index, x);
				break;
			}
		}
	}
}

static void static_draw(worker *W, int32_t i, const cp_variant *v)
{
	cp_draws *d = W->d;
	size_t ns = (size_t)d->n_sector_nodes, ng = (size_t)d->n_groups;
	int32_t k, n;
	cp_model_run(W->m, v, &W->w);
	for (k = 0; k < d->n_sector_nodes; k++) {
		int32_t s = d->sector_nodes[k];
		double x = 1 - W->w.avail[s];
		d->disruption[(size_t)i * ns + (size_t)k] = x;
		d->value_at_risk[(size_t)i * ns + (size_t)k] = x * W->output[s];
	}
	for (k = 0; k < d->n_groups; k++) {
		const cp_sector_group *gr = &d->groups[k];
		double var = 0;
		d->group_disruption[(size_t)i * ng + (size_t)k] = 1 - cp_group_mean(W->output, gr, W->w.avail, 1, 0);
		for (n = 0; n < gr->n_nodes; n++)
			var += (1 - W->w.avail[gr->nodes[n]]) * W->output[gr->nodes[n]];
		d->group_value_at_risk[(size_t)i * ng + (size_t)k] = var;
	}
}

static cp_status timeline_draw(worker *W, int32_t i, const cp_variant *v)
{
	cp_draws *d = W->d;
	size_t ns = (size_t)d->n_sector_nodes, ng = (size_t)d->n_groups, nd = (size_t)d->n_days;
	cp_timeline *t;
	cp_status st = cp_timeline_play(&t, W->m, v, &W->o->tl, &W->log);
	int32_t k;
	size_t x;
	if (st != CP_OK)
		return st;
	for (k = 0; k < d->n_sector_nodes; k++) {
		const cp_series_stats *s = &t->stats[k];
		d->first_below[(size_t)i * ns + (size_t)k] = s->first_below < 0 ? (double)d->n_days : s->first_below;
		d->lost_value[(size_t)i * ns + (size_t)k] = s->lost_value;
	}
	for (k = 0; k < d->n_groups; k++) {
		const cp_series_stats *s = &t->group_stats[k];
		d->group_first_below[(size_t)i * ng + (size_t)k] = s->first_below < 0 ? (double)d->n_days : s->first_below;
		d->group_lost_value[(size_t)i * ng + (size_t)k] = s->lost_value;
	}
	/* this draw's series, row i of the band table's columns */
	for (x = 0; x < ns * nd; x++)
		d->bands[(size_t)i * (ns + ng) * nd + x] = (float)t->output[x];
	for (x = 0; x < ng * nd; x++)
		d->bands[(size_t)i * (ns + ng) * nd + ns * nd + x] = (float)t->group_output[x];
	cp_timeline_free(t);
	return CP_OK;
}

static void *work(void *arg)
{
	worker *W = arg;
	const cp_draw_opts *o = W->o;
	cp_variant v = CP_VARIANT_STATIC;
	int32_t i;
	v.param = W->param;
	v.substitutable = W->subst;
	v.inventory_days = W->inventory;
	v.restock_rate = W->restock;
	v.output = W->output;
	if (!W->o->timeline && o->at.has_at) {
		cp_model_at(W->m, o->at.at, W->rule_on, W->rule_phase, W->outage_on);
		v.rule_on = W->rule_on;
		v.rule_phase = W->rule_phase;
		v.outage_on = W->outage_on;
	}
	while ((i = atomic_fetch_add(W->next, 1)) < W->last) {
		int32_t done;
		sample(W, i);
		if (W->redo) {
			if ((W->st = cp_redraw_prepare(W->redo, i)) != CP_OK)
				break;
			W->m = W->redo->m;
			/* work sized for this model: its matches and patterns, zero elsewhere */
			cp_work_free(&W->w);
			if (!W->o->timeline && (W->st = cp_work_init(&W->w, W->m)) != CP_OK)
				break;
		}
		if (W->o->timeline) {
			if ((W->st = timeline_draw(W, i, &v)) != CP_OK)
				break;
		} else {
			static_draw(W, i, &v);
		}
		done = atomic_fetch_add(W->done, 1) + 1;
		if (o->progress && pthread_mutex_trylock(W->progress_lock) == 0) {
			o->progress(o->progress_ctx, done, W->d->n_draws);
			pthread_mutex_unlock(W->progress_lock);
		}
	}
	return NULL;
}

static void worker_free(worker *W)
{
	cp_free(W->param);
	cp_free(W->subst);
	cp_free(W->inventory);
	cp_free(W->restock);
	cp_free(W->output);
	cp_free(W->rule_on);
	cp_free(W->outage_on);
	cp_free(W->rule_phase);
	cp_work_free(&W->w);
	cp_log_free(&W->log);
	if (W->redo)
		cp_redraw_free(W->redo);
	cp_free(W->redo);
}

static cp_status worker_init(worker *W, cp_draws *d, const cp_model *m, const cp_draw_opts *o, int resample)
{
	const cp_graph *g = m->g;
	size_t n = (size_t)g->n_nodes;
	memset(W, 0, sizeof *W);
	W->d = d;
	W->base = W->m = m;
	W->o = o;
	cp_log_init(&W->log);
	if (resample && (!(W->redo = cp_callocn(1, sizeof *W->redo)) ||
	                    cp_redraw_init(W->redo, o->unchanged, g, m->s) != CP_OK))
		return CP_ENOMEM;
	W->param = cp_mallocn((size_t)m->n_params + 1, sizeof *W->param);
	W->subst = cp_mallocn((size_t)g->n_lines + 1, sizeof *W->subst);
	W->inventory = cp_mallocn(n + 1, sizeof *W->inventory);
	W->restock = cp_mallocn(n + 1, sizeof *W->restock);
	W->output = cp_mallocn(n + 1, sizeof *W->output);
	W->rule_on = cp_mallocn((size_t)m->s->n_rules + 1, 1);
	W->rule_phase = cp_mallocn((size_t)m->s->n_rules + 1, sizeof *W->rule_phase);
	W->outage_on = cp_mallocn((size_t)m->s->n_outages + 1, 1);
	if (!W->param || !W->subst || !W->inventory || !W->restock || !W->output || !W->rule_on ||
	    !W->rule_phase || !W->outage_on || (!o->timeline && cp_work_init(&W->w, m) != CP_OK))
		return CP_ENOMEM;
	memcpy(W->param, m->param, (size_t)m->n_params * sizeof *W->param);
	memcpy(W->subst, g->substitutable, (size_t)g->n_lines * sizeof *W->subst);
	memcpy(W->inventory, g->inventory_days, n * sizeof *W->inventory);
	memcpy(W->restock, g->restock_rate, n * sizeof *W->restock);
	memcpy(W->output, g->output, n * sizeof *W->output);
	return CP_OK;
}

/* ---- the run ---- */

static cp_status allocate(cp_draws *d, const cp_model *m, const cp_draw_opts *o)
{
	size_t n = (size_t)d->n_draws, ns, ng;
	cp_status st;
	d->n_sector_nodes = m->n_sector_nodes;
	if (!(d->sector_nodes = cp_mallocn((size_t)m->n_sector_nodes + 1, sizeof *d->sector_nodes)))
		return CP_ENOMEM;
	memcpy(d->sector_nodes, m->sector_nodes, (size_t)m->n_sector_nodes * sizeof *d->sector_nodes);
	if ((st = cp_group_sectors(d->g, d->sector_nodes, d->n_sector_nodes, &d->groups, &d->n_groups)) != CP_OK)
		return st;
	ns = (size_t)d->n_sector_nodes;
	ng = (size_t)d->n_groups;
	if (!(d->values = cp_mallocn(n * (size_t)d->n_params + 1, sizeof *d->values)))
		return CP_ENOMEM;
	if (!o->timeline) {
		d->disruption = cp_mallocn(n * ns + 1, sizeof *d->disruption);
		d->value_at_risk = cp_mallocn(n * ns + 1, sizeof *d->value_at_risk);
		d->group_disruption = cp_mallocn(n * ng + 1, sizeof *d->group_disruption);
		d->group_value_at_risk = cp_mallocn(n * ng + 1, sizeof *d->group_value_at_risk);
		return d->disruption && d->value_at_risk && d->group_disruption && d->group_value_at_risk ? CP_OK : CP_ENOMEM;
	}
	d->n_days = o->tl.to - o->tl.from + 1;
	d->from = o->tl.from;
	d->first_below = cp_mallocn(n * ns + 1, sizeof *d->first_below);
	d->lost_value = cp_mallocn(n * ns + 1, sizeof *d->lost_value);
	d->group_first_below = cp_mallocn(n * ng + 1, sizeof *d->group_first_below);
	d->group_lost_value = cp_mallocn(n * ng + 1, sizeof *d->group_lost_value);
	d->bands = cp_mallocn(n * (ns + ng) * (size_t)d->n_days + 1, sizeof *d->bands);
	return d->first_below && d->lost_value && d->group_first_below && d->group_lost_value && d->bands ?
	       CP_OK : CP_ENOMEM;
}

/* The draws on model given, or on one prepared here when given is NULL. */
static cp_status run(cp_draws **out, const cp_graph *g, const cp_scenario *s, const cp_model *given,
                     const cp_draw_opts *o, cp_log *log)
{
	static const cp_scenario none;
	cp_draws *d;
	cp_model *own = NULL;
	const cp_model *m = given;
	worker *W = NULL;
	pthread_t *tid = NULL;
	pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
	atomic_int next = 0, done = 0;
	int32_t j, k, started = 0, threads = o->threads < 1 ? 1 : o->threads;
	int64_t first, last;
	int resample = 0;
	cp_status st;

	*out = NULL;
	if (o->n_draws < 1)
		return CP_EINVAL;
	if (!(d = cp_callocn(1, sizeof *d)))
		return CP_ENOMEM;
	d->g = g;
	d->s = s ? s : &none;
	d->n_draws = o->n_draws;
	d->seed = o->seed;
	d->timeline = o->timeline;
	if (o->timeline && ((int64_t)o->tl.to - o->tl.from + 1 > o->tl.max_days || o->tl.to < o->tl.from)) {
		cp_error(log, "the horizon is not between 1 and %d days", o->tl.max_days);
		cp_draws_free(d);
		return CP_EINVAL;
	}
	if ((st = collect_params(d, o->unchanged != NULL)) != CP_OK ||
	    (!given && (st = cp_model_prepare(&own, g, s, log)) != CP_OK))
		goto done;
	if (!given)
		m = own;
	if ((st = allocate(d, m, o)) != CP_OK)
		goto done;
	/* a draw applies the changes again only when one of their amounts varies */
	for (k = 0; o->unchanged && k < d->n_params; k++)
		for (j = 0; j < d->params[k].n_members; j++)
			resample |= member(d, d->params[k].members[j])->target == CP_UNC_CHANGE;
	if (d->unsampled)
		cp_warn(log, "%d distribution(s) on change amounts count as their mean: no graph before the changes "
		        "was given to the draws", d->unsampled);
	cp_sweep_range(d->n_draws, &first, &last);
	atomic_store(&next, (int)first);
	if (threads > last - first)
		threads = last - first > 0 ? (int32_t)(last - first) : 1;
	W = cp_callocn((size_t)threads, sizeof *W);
	tid = cp_callocn((size_t)threads, sizeof *tid);
	if (!W || !tid) {
		st = CP_ENOMEM;
		goto done;
	}
	for (k = 0; k < threads; k++) {
		if ((st = worker_init(&W[k], d, m, o, resample)) != CP_OK)
			goto join;
		W[k].next = &next;
		W[k].last = (int32_t)last;
		W[k].done = &done;
		W[k].progress_lock = &progress_lock;
	}
	for (k = 1; k < threads; k++, started++)
		if (pthread_create(&tid[k], NULL, work, &W[k]) != 0)
			break;
	work(&W[0]);
join:
	for (k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	for (k = 0; k < threads && st == CP_OK; k++)
		if ((st = W[k].st) != CP_OK && W[k].redo && W[k].redo->why[0])
			cp_error(log, "%s", W[k].redo->why);
	/* a run's warning once, not once per draw */
	for (k = 0; st == CP_OK && k < threads; k++)
		if (W[k].log.n) {
			cp_warn_code(log, W[k].log.d[0].code, "in the draws: %s", W[k].log.d[0].text);
			break;
		}
	st = cp_draws_gather(d, st);
	if (st == CP_OK)
		st = cp_draws_statistics(d, o->threads);
done:
	if (W)
		for (k = 0; k < threads; k++)
			worker_free(&W[k]);
	cp_free(W);
	cp_free(tid);
	cp_model_free(own);
	if (st != CP_OK) {
		cp_draws_free(d);
		return st;
	}
	*out = d;
	return CP_OK;
}

cp_status cp_draws_run(cp_draws **out, const cp_graph *g, const cp_scenario *s, const cp_draw_opts *o, cp_log *log)
{
	return run(out, g, s, NULL, o, log);
}

cp_status cp_draws_run_model(cp_draws **out, const cp_model *m, const cp_draw_opts *o, cp_log *log)
{
	return run(out, m->g, m->s, m, o, log);
}

void cp_draws_line(FILE *f, const cp_draws *d, int32_t i)
{
	size_t ns = (size_t)d->n_sector_nodes;
	int32_t j, k;
	char place[600];
	fprintf(f, "{\"draw\": %d, \"values\": {", i);
	for (j = 0; j < d->n_params; j++) {
		const cp_draw_param *p = &d->params[j];
		fputs(j ? ", " : "", f);
		cp_json_string(f, p->name);
		fputs(": ", f);
		cp_json_number(f, d->values[(size_t)i * (size_t)d->n_params + (size_t)j]);
		/* A key's numbers share a quantile, not a value, when their
		 * distributions differ: name those that differ from the first by
		 * place too, so a draw can be scored again from this line. */
		for (k = 1; k < p->n_members; k++) {
			const cp_uncertain *a = member(d, p->members[0]), *b = member(d, p->members[k]);
			if (a->kind == b->kind && memcmp(a->p, b->p, sizeof a->p) == 0)
				continue;
			fputs(", ", f);
			cp_json_string(f, cp_uncertain_place(d->g, d->s, b, place, sizeof place));
			fputs(": ", f);
			cp_json_number(f, cp_uncertain_quantile(b, quantile_of(d, i, j)));
		}
	}
	fputs("}, \"sectors\": {", f);
	for (k = 0; k < d->n_sector_nodes; k++) {
		fputs(k ? ", " : "", f);
		cp_json_string(f, cp_node_id(d->g, d->sector_nodes[k]));
		fputs(": ", f);
		cp_json_number(f, (d->timeline ? d->lost_value : d->disruption)[(size_t)i * ns + (size_t)k]);
	}
	fputs("}}\n", f);
}
