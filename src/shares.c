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

/* Buffers of one random-order sampler. */
typedef struct sampler {
	int32_t *order;
	double *prev, *cur;
	double *zero;             /* every sector with no player in force */
} sampler;

/* Sample s: a random order of the players (from the seed and s alone) and
 * each one's marginal contribution as it joins, into row (players x
 * sectors). */
static void marginals(cp_result *r, coalition *c, uint8_t *in, uint64_t seed, int64_t s, sampler *S, double *row)
{
	int32_t k = r->n_players, ns = r->n_sector_nodes, i, j;
	cp_rng g;
	cp_rng_seed(&g, seed, (uint64_t)s);
	for (i = 0; i < k; i++)
		S->order[i] = i;
	for (i = k - 1; i > 0; i--) {
		int32_t t = (int32_t)cp_rng_below(&g, (uint64_t)i + 1), x = S->order[i];
		S->order[i] = S->order[t];
		S->order[t] = x;
	}
	memset(in, 0, (size_t)(uint32_t)k);
	memcpy(S->prev, S->zero, (size_t)ns * sizeof *S->prev);
	for (i = 0; i < k; i++) {
		int32_t p = S->order[i];
		in[p] = 1;
		coalition_run(c, in, r, S->cur);
		for (j = 0; j < ns; j++)
			row[(size_t)p * (size_t)ns + (size_t)j] = S->cur[j] - S->prev[j];
		memcpy(S->prev, S->cur, (size_t)ns * sizeof *S->prev);
	}
}

/* Shares estimated from random orders, with their standard errors.  Rows
 * are summed in sample order; split across processes (sweep.h), each
 * computes its block of rows and they are gathered first, so the sums are
 * the same. */
static cp_status sampled(cp_result *r, coalition *c, uint8_t *in, const cp_score_opts *o)
{
	int32_t k = r->n_players, ns = r->n_sector_nodes, i;
	size_t cells = (size_t)(uint32_t)k * (size_t)ns;
	int split = cp_sweep_active();
	int64_t s, first, last;
	sampler S;
	double *sum2 = cp_callocn(cells + 1, sizeof *sum2);
	double *rows = cp_mallocn((split ? (size_t)o->share_samples : 1) * cells + 1, sizeof *rows);
	int ok;
	cp_status st = CP_ENOMEM;

	S.order = cp_mallocn((size_t)k + 1, sizeof *S.order);
	S.prev = cp_mallocn((size_t)ns + 1, sizeof *S.prev);
	S.cur = cp_mallocn((size_t)ns + 1, sizeof *S.cur);
	S.zero = cp_mallocn((size_t)ns + 1, sizeof *S.zero);
	ok = S.order && S.prev && S.cur && S.zero && sum2 && rows;
	if (ok) {
		memset(in, 0, (size_t)(uint32_t)k);
		coalition_run(c, in, r, S.zero);
	}
	memset(r->shares, 0, cells * sizeof *r->shares);
	cp_sweep_range(o->share_samples, &first, &last);
	for (s = first; ok && s < last; s++) {
		double *row = split ? rows + (size_t)s * cells : rows;
		marginals(r, c, in, o->seed, s, &S, row);
		for (i = 0; !split && i < k * ns; i++) {
			r->shares[i] += row[i];
			sum2[i] += row[i] * row[i];
		}
	}
	if (split) {
		if (cp_sweep_gather(rows, o->share_samples, cells * sizeof *rows, ok) < 0)
			goto done;
		for (s = 0; s < o->share_samples; s++)
			for (i = 0; i < k * ns; i++) {
				double x = rows[(size_t)s * cells + (size_t)i];
				r->shares[i] += x;
				sum2[i] += x * x;
			}
	} else if (!ok) {
		goto done;
	}
	r->share_samples = o->share_samples;
	for (i = 0; i < k * ns; i++) {
		double n = o->share_samples, mean = r->shares[i] / n;
		double var = n > 1 ? (sum2[i] - n * mean * mean) / (n - 1) : 0;
		r->shares[i] = mean;
		r->shares_stderr[i] = var > 0 ? sqrt(var / n) : 0;
	}
	st = CP_OK;
done:
	cp_free(S.order);
	cp_free(S.prev);
	cp_free(S.cur);
	cp_free(S.zero);
	cp_free(sum2);
	cp_free(rows);
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
		st = r->shares_exact ? exact(r, &c, in) : sampled(r, &c, in, o);
	coalition_free(&c);
	cp_free(in);
	if (st == CP_OK)
		group_shares(r);
	return st;
}
