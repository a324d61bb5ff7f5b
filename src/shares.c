/* Shapley shares: D(P) is a sector's disruption with only the players in P
 * in force (rules, then outages).  Exact shares weigh every subset's
 * marginal; estimated ones average marginals along random orders. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "sweep.h"
#include "shares.h"

void cp_rng_seed(cp_rng *g, uint64_t seed, uint64_t stream)
{
	g->s = seed ^ (stream * 0xd1342543de82ef95ULL + 0x9e3779b97f4a7c15ULL);
	(void)cp_rng_next(g);
}

uint64_t cp_rng_next(cp_rng *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t cp_rng_below(cp_rng *g, uint64_t n)
{
	/* rejection keeps it exactly uniform */
	uint64_t lim = UINT64_MAX - UINT64_MAX % n, x;
	do
		x = cp_rng_next(g);
	while (x >= lim);
	return x % n;
}

/* A run with the players of `in` (1 = in force) on top of base. */
typedef struct coalition {
	const cp_model *m;
	cp_variant v;
	uint8_t *rule_on, *outage_on;
	const uint8_t *base_rule, *base_outage;
	cp_work w;
} coalition;

static cp_status coalition_init(coalition *c, const cp_model *m, const cp_variant *base)
{
	memset(c, 0, sizeof *c);
	c->m = m;
	c->v = *base;
	c->base_rule = base->rule_on;
	c->base_outage = base->outage_on;
	c->rule_on = cp_mallocn((size_t)m->s->n_rules + 1, 1);
	c->outage_on = cp_mallocn((size_t)m->s->n_outages + 1, 1);
	c->v.rule_on = c->rule_on;
	c->v.outage_on = c->outage_on;
	if (!c->rule_on || !c->outage_on || cp_work_init(&c->w, m) != CP_OK)
		return CP_ENOMEM;
	return CP_OK;
}

static void coalition_free(coalition *c)
{
	cp_free(c->rule_on);
	cp_free(c->outage_on);
	cp_work_free(&c->w);
}

/* Disruption of every sector node with the players in `in` in force. */
static void coalition_run(coalition *c, const uint8_t *in, const cp_result *r, double *d)
{
	int32_t nr = c->m->s->n_rules, no = c->m->s->n_outages, i;
	for (i = 0; i < nr; i++)
		c->rule_on[i] = in[i] && (!c->base_rule || c->base_rule[i]);
	for (i = 0; i < no; i++)
		c->outage_on[i] = in[nr + i] && (!c->base_outage || c->base_outage[i]);
	cp_model_run(c->m, &c->v, &c->w);
	for (i = 0; i < r->n_sector_nodes; i++)
		d[i] = 1 - c->w.avail[r->sector_nodes[i]];
}

static cp_status exact(cp_result *r, coalition *c, uint8_t *in)
{
	int32_t k = r->n_players, ns = r->n_sector_nodes, i, j;
	size_t n_sets = (size_t)1 << k, mask;
	double *D = cp_mallocn(n_sets * (size_t)ns + 1, sizeof *D), weight[CP_SHARES_EXACT_MAX + 1];

	if (!D)
		return CP_ENOMEM;
	for (mask = 0; mask < n_sets; mask++) {
		for (i = 0; i < k; i++)
			in[i] = (uint8_t)(mask >> i & 1);
		coalition_run(c, in, r, D + mask * (size_t)ns);
	}
	/* |S|! (k - |S| - 1)! / k!, built as a product to stay exact in range */
	for (i = 0; i < k; i++) {
		double w = 1.0 / k;
		for (j = 1; j <= i; j++)
			w *= (double)j / (double)(k - j);
		weight[i] = w;
	}
	memset(r->shares, 0, (size_t)k * (size_t)ns * sizeof *r->shares);
	for (mask = 0; mask < n_sets; mask++) {
		int size = __builtin_popcountll((unsigned long long)mask);
		for (i = 0; i < k; i++) {
			const double *without, *with;
			if (mask >> i & 1)
				continue;
			without = D + mask * (size_t)ns;
			with = D + (mask | (size_t)1 << i) * (size_t)ns;
			for (j = 0; j < ns; j++)
				r->shares[(size_t)i * (size_t)ns + (size_t)j] += weight[size] * (with[j] - without[j]);
		}
	}
	cp_free(D);
	return CP_OK;
}

/* Split across processes (sweep.h): each computes its block of samples,
 * one row of every player's marginal contributions per sample, and the rows
 * are summed in sample order as sampled() sums them. */
static cp_status sampled_split(cp_result *r, coalition *c, uint8_t *in, const cp_score_opts *o)
{
	int32_t k = r->n_players, ns = r->n_sector_nodes, i, j;
	size_t nk = (size_t)(uint32_t)k, cells = nk * (size_t)ns;
	int64_t s, first, last;
	int32_t *order = cp_mallocn((size_t)k, sizeof *order);
	double *prev = cp_mallocn((size_t)ns + 1, sizeof *prev), *cur = cp_mallocn((size_t)ns + 1, sizeof *cur);
	double *sum2 = cp_callocn(cells + 1, sizeof *sum2), *zero = cp_mallocn((size_t)ns + 1, sizeof *zero);
	double *rows = cp_mallocn((size_t)o->share_samples * cells + 1, sizeof *rows);
	int ok = order && prev && cur && sum2 && zero && rows;
	cp_status st = CP_ENOMEM;

	cp_sweep_range(o->share_samples, &first, &last);
	if (ok) {
		memset(in, 0, nk);
		coalition_run(c, in, r, zero);
	}
	for (s = first; ok && s < last; s++) {
		double *row = rows + (size_t)s * cells;
		cp_rng g;
		cp_rng_seed(&g, o->seed, (uint64_t)s);
		for (i = 0; i < k; i++)
			order[i] = i;
		for (i = k - 1; i > 0; i--) {
			int32_t t = (int32_t)cp_rng_below(&g, (uint64_t)i + 1), x = order[i];
			order[i] = order[t];
			order[t] = x;
		}
		memset(in, 0, nk);
		memcpy(prev, zero, (size_t)ns * sizeof *prev);
		for (i = 0; i < k; i++) {
			int32_t p = order[i];
			in[p] = 1;
			coalition_run(c, in, r, cur);
			for (j = 0; j < ns; j++)
				row[(size_t)p * (size_t)ns + (size_t)j] = cur[j] - prev[j];
			memcpy(prev, cur, (size_t)ns * sizeof *prev);
		}
	}
	if (cp_sweep_gather(rows, o->share_samples, cells * sizeof *rows, ok) < 0)
		goto done;
	r->share_samples = o->share_samples;
	memset(r->shares, 0, cells * sizeof *r->shares);
	for (s = 0; s < o->share_samples; s++)
		for (i = 0; i < k * ns; i++) {
			double x = rows[(size_t)s * cells + (size_t)i];
			r->shares[i] += x;
			sum2[i] += x * x;
		}
	for (i = 0; i < k * ns; i++) {
		double n = o->share_samples, mean = r->shares[i] / n;
		double var = n > 1 ? (sum2[i] - n * mean * mean) / (n - 1) : 0;
		r->shares[i] = mean;
		r->shares_stderr[i] = var > 0 ? sqrt(var / n) : 0;
	}
	st = CP_OK;
done:
	cp_free(order);
	cp_free(prev);
	cp_free(cur);
	cp_free(sum2);
	cp_free(zero);
	cp_free(rows);
	return st;
}

static cp_status sampled(cp_result *r, coalition *c, uint8_t *in, const cp_score_opts *o)
{
	int32_t k = r->n_players, ns = r->n_sector_nodes, i, j, s;
	size_t nk = (size_t)(uint32_t)k;
	int32_t *order = cp_mallocn((size_t)k, sizeof *order);
	double *prev = cp_mallocn((size_t)ns, sizeof *prev), *cur = cp_mallocn((size_t)ns, sizeof *cur);
	double *sum2 = cp_callocn((size_t)k * (size_t)ns, sizeof *sum2), *zero = cp_mallocn((size_t)ns, sizeof *zero);
	cp_status st = CP_ENOMEM;

	if (!order || !prev || !cur || !sum2 || !zero)
		goto done;
	r->share_samples = o->share_samples;
	memset(r->shares, 0, (size_t)k * (size_t)ns * sizeof *r->shares);
	memset(in, 0, nk);
	coalition_run(c, in, r, zero);
	for (s = 0; s < o->share_samples; s++) {
		cp_rng g;
		cp_rng_seed(&g, o->seed, (uint64_t)s);
		for (i = 0; i < k; i++)
			order[i] = i;
		for (i = k - 1; i > 0; i--) {
			int32_t t = (int32_t)cp_rng_below(&g, (uint64_t)i + 1), x = order[i];
			order[i] = order[t];
			order[t] = x;
		}
		memset(in, 0, nk);
		memcpy(prev, zero, (size_t)ns * sizeof *prev);
		for (i = 0; i < k; i++) {
			int32_t p = order[i];
			in[p] = 1;
			coalition_run(c, in, r, cur);
			for (j = 0; j < ns; j++) {
				double x = cur[j] - prev[j];
				r->shares[(size_t)p * (size_t)ns + (size_t)j] += x;
				sum2[(size_t)p * (size_t)ns + (size_t)j] += x * x;
			}
			memcpy(prev, cur, (size_t)ns * sizeof *prev);
		}
	}
	for (i = 0; i < k * ns; i++) {
		double n = o->share_samples, mean = r->shares[i] / n;
		double var = n > 1 ? (sum2[i] - n * mean * mean) / (n - 1) : 0;
		r->shares[i] = mean;
		r->shares_stderr[i] = var > 0 ? sqrt(var / n) : 0;
	}
	st = CP_OK;
done:
	cp_free(order);
	cp_free(prev);
	cp_free(cur);
	cp_free(sum2);
	cp_free(zero);
	return st;
}

/* A group's share weighs its nodes' shares as its disruption weighs them. */
static void group_shares(cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t p, k, i, ns = r->n_sector_nodes;
	for (p = 0; p < r->n_players; p++)
		for (k = 0; k < r->n_groups; k++) {
			const cp_sector_group *gr = &r->groups[k];
			double num = 0, den = 0;
			for (i = 0; i < gr->n_nodes; i++) {
				int32_t s = gr->nodes[i], j = gr->slots[i];
				double w = gr->weighted ? g->output[s] : 1;
				num += w * r->shares[(size_t)p * (size_t)ns + (size_t)j];
				den += w;
			}
			r->group_shares[(size_t)p * (size_t)r->n_groups + (size_t)k] = den > 0 ? num / den : 0;
		}
}

cp_status cp_shares(cp_result *r, const cp_variant *base, const cp_score_opts *o)
{
	int32_t k = r->s->n_rules + r->s->n_outages;
	size_t cells = (size_t)k * (size_t)r->n_sector_nodes + 1;
	uint8_t *in;
	coalition c;
	cp_status st;

	r->n_players = k;
	r->shares_exact = k <= CP_SHARES_EXACT_MAX;
	r->shares = cp_callocn(cells, sizeof *r->shares);
	r->group_shares = cp_callocn((size_t)k * (size_t)r->n_groups + 1, sizeof *r->group_shares);
	if (!r->shares || !r->group_shares)
		return CP_ENOMEM;
	if (!r->shares_exact && !(r->shares_stderr = cp_callocn(cells, sizeof *r->shares_stderr)))
		return CP_ENOMEM;
	if (k == 0)
		return CP_OK;
	if (!(in = cp_callocn((size_t)k, 1)))
		return CP_ENOMEM;
	if ((st = coalition_init(&c, r->model, base)) == CP_OK)
		st = r->shares_exact ? exact(r, &c, in) : cp_sweep_active() ? sampled_split(r, &c, in, o) : sampled(r, &c, in, o);
	coalition_free(&c);
	cp_free(in);
	if (st == CP_OK)
		group_shares(r);
	return st;
}
