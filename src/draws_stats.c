/* The draws' summaries (see draws_stats.h).  The per-draw tables hold one
 * row per draw; each series (a column) is copied out in tiles of columns,
 * so reading it costs a cache line per TILE numbers, not one per number.
 * Tiles are independent, so threads take them from a shared counter. */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "alloc.h"
#include "draws_stats.h"
#include "sweep.h"

#define TILE 64

/* MODEL.md 8: linear between order statistics at q = (N - 1) p */
static void percentiles(const double *sorted, size_t n, cp_stat *st)
{
	st->p5 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.05);
	st->p50 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.50);
	st->p95 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.95);
}

/* Mean and standard deviation (n - 1 below) of x in draw order, summed in
 * long double: GSL's running mean divides once per number, which cost as
 * much as the sort. */
static void moments(const double *x, size_t n, cp_stat *st)
{
	long double sum = 0, dev = 0;
	size_t i;
	for (i = 0; i < n; i++)
		sum += x[i];
	st->mean = n ? (double)(sum / (long double)n) : 0;
	for (i = 0; i < n; i++) {
		long double d = (long double)x[i] - st->mean;
		dev += d * d;
	}
	st->sd = n > 1 ? sqrt((double)(dev / (long double)(n - 1))) : 0;
}

/* The percentiles from the sorted numbers; numbers all alike have that
 * number as their mean and 0 as their deviation exactly. */
static void from_sorted(const double *sorted, size_t n, cp_stat *st)
{
	percentiles(sorted, n, st);
	if (n > 0 && sorted[0] == sorted[n - 1]) {
		st->mean = sorted[0];
		st->sd = 0;
	}
}

/* Mean and standard deviation, then the percentiles; x (n values) is
 * sorted in place. */
static void summarise(double *x, size_t n, cp_stat *st)
{
	moments(x, n, st);
	gsl_sort(x, 1, n);
	from_sorted(x, n, st);
}

cp_status cp_stat_compute(const double *x, size_t stride, size_t n, cp_stat *out)
{
	double *scratch = cp_mallocn(n + 1, sizeof *scratch);
	size_t i;
	if (!scratch)
		return CP_ENOMEM;
	for (i = 0; i < n; i++)
		scratch[i] = x[i * stride];
	summarise(scratch, n, out);
	cp_free(scratch);
	return CP_OK;
}

/* Ranks (1..n, ties given their mean rank, as Spearman's correlation takes
 * them) of x in draw order, from perm, the order that sorts x; 0 when every
 * value is the same (nothing to rank by), else 1. */
static int ranks_from_order(const double *x, const size_t *perm, size_t n, double *rank)
{
	size_t i, j;
	if (n == 0 || x[perm[0]] == x[perm[n - 1]])
		return 0;
	for (i = 0; i < n; i = j) {
		double mean;
		for (j = i + 1; j < n && x[perm[j]] == x[perm[i]]; j++)
			;
		mean = (double)(i + 1 + j) / 2;   /* of the 1-based places i + 1 .. j */
		for (; i < j; i++)
			rank[perm[i]] = mean;
	}
	return 1;
}

/* The parameters whose sampled values rank most like the result, by
 * |Spearman rho|: the Pearson correlation of the ranks.  Each parameter's
 * ranks are worked out once (param_rank, NULL for parameters that do not
 * vary). */
static void sensitivity(const cp_draws *d, const double *rank, double *const *param_rank, cp_sensitivity *out)
{
	size_t n = (size_t)d->n_draws;
	int32_t j, k;
	for (j = 0; j < d->n_params; j++) {
		double rho;
		if (!param_rank[j])
			continue;
		rho = gsl_stats_correlation(param_rank[j], 1, rank, 1, n);
		if (!isfinite(rho))
			continue;
		/* into the top list, largest |rho| first, the earlier parameter on ties */
		if (out->n < CP_SENSITIVITY_TOP)
			k = out->n++;
		else if (fabs(rho) > fabs(out->rho[CP_SENSITIVITY_TOP - 1]))
			k = CP_SENSITIVITY_TOP - 1;
		else
			continue;
		for (; k > 0 && fabs(out->rho[k - 1]) < fabs(rho); k--) {
			out->rho[k] = out->rho[k - 1];
			out->param[k] = out->param[k - 1];
		}
		out->rho[k] = rho;
		out->param[k] = j;
	}
}

/* One thread's buffers. */
typedef struct scratch {
	double *tile;             /* TILE x n */
	double *sorted, *rank;    /* n each */
	size_t *perm;
} scratch;

/* The result series x (n values in draw order; sorted in place when no
 * sensitivity is wanted): its summary, and its ranks against every
 * parameter's, from the one sort. */
static void summarise_ranked(const cp_draws *d, double *x, double *const *param_rank, scratch *S, cp_stat *st,
                             cp_sensitivity *sens)
{
	size_t n = (size_t)d->n_draws, i;
	sens->n = 0;
	if (n < 3 || d->n_params == 0) {
		summarise(x, n, st);
		return;
	}
	moments(x, n, st);
	gsl_sort_index(S->perm, x, 1, n);
	for (i = 0; i < n; i++)
		S->sorted[i] = x[S->perm[i]];
	from_sorted(S->sorted, n, st);
	if (ranks_from_order(x, S->perm, n, S->rank))
		sensitivity(d, S->rank, param_rank, sens);
}

/* Columns c0 .. c0 + w - 1 of a table with one row per draw (n rows of
 * cols), each made contiguous in tile (w x n). */
static void tile_columns(const double *x, size_t cols, size_t n, size_t c0, size_t w, double *tile)
{
	size_t i, c;
	for (i = 0; i < n; i++)
		for (c = 0; c < w; c++)
			tile[c * n + i] = x[i * cols + c0 + c];
}

static void tile_float_columns(const float *x, size_t cols, size_t n, size_t c0, size_t w, double *tile)
{
	size_t i, c;
	for (i = 0; i < n; i++)
		for (c = 0; c < w; c++)
			tile[c * n + i] = x[i * cols + c0 + c];
}

/* What is worked out for one series of a table. */
typedef struct series_out {
	cp_stat stat, second;     /* the measure (with its sensitivities) and the second one */
	cp_sensitivity sens;
} series_out;

/* A table of results (sectors or groups: cols of them) and its second
 * measure (value at risk, or the first day below); this process works out
 * the series [first, last) into out. */
typedef struct table {
	const double *x, *second;
	size_t cols;
	int64_t first, last;
	series_out *out;          /* cols */
} table;

/* The three tables of work (sectors, groups, then the bands' columns, as
 * a table of cols series with only percentiles), shared by the threads,
 * which take TILE series at a time. */
typedef struct job {
	const cp_draws *d;
	table t[3];
	float *bands;             /* the bands' p5, p50, p95 per column, when a timeline */
	double *const *param_rank;
	size_t tiles[3];
	atomic_size_t next;
} job;

static void tile_of_table(const job *J, const table *t, size_t c0, size_t w, scratch *S)
{
	size_t n = (size_t)J->d->n_draws, c;
	tile_columns(t->x, t->cols, n, c0, w, S->tile);
	for (c = 0; c < w; c++)
		summarise_ranked(J->d, S->tile + c * n, J->param_rank, S, &t->out[c0 + c].stat, &t->out[c0 + c].sens);
	tile_columns(t->second, t->cols, n, c0, w, S->tile);
	for (c = 0; c < w; c++)
		summarise(S->tile + c * n, n, &t->out[c0 + c].second);
}

/* The bands: per series and day, the percentiles of the output. */
static void tile_of_bands(const job *J, size_t c0, size_t w, scratch *S)
{
	size_t n = (size_t)J->d->n_draws, c;
	tile_float_columns(J->d->bands, J->t[2].cols, n, c0, w, S->tile);
	for (c = 0; c < w; c++) {
		double *x = S->tile + c * n;
		float *b = J->bands + (c0 + c) * 3;
		cp_stat st;
		gsl_sort(x, 1, n);
		percentiles(x, n, &st);
		b[0] = (float)st.p5;
		b[1] = (float)st.p50;
		b[2] = (float)st.p95;
	}
}

typedef struct worker {
	job *J;
	scratch S;
} worker;

static void *work(void *arg)
{
	worker *W = arg;
	job *J = W->J;
	size_t i;
	while ((i = atomic_fetch_add(&J->next, 1)) < J->tiles[0] + J->tiles[1] + J->tiles[2]) {
		int k = 0;
		size_t c0, w;
		for (; i >= J->tiles[k]; k++)
			i -= J->tiles[k];
		c0 = (size_t)J->t[k].first + i * TILE;
		w = (size_t)J->t[k].last - c0 < TILE ? (size_t)J->t[k].last - c0 : TILE;
		if (k < 2)
			tile_of_table(J, &J->t[k], c0, w, &W->S);
		else
			tile_of_bands(J, c0, w, &W->S);
	}
	return NULL;
}

static int scratch_init(scratch *S, size_t n)
{
	S->tile = cp_mallocn(TILE * n + 1, sizeof *S->tile);
	S->sorted = cp_mallocn(n + 1, sizeof *S->sorted);
	S->rank = cp_mallocn(n + 1, sizeof *S->rank);
	S->perm = cp_mallocn(n + 1, sizeof *S->perm);
	return S->tile && S->sorted && S->rank && S->perm ? 0 : -1;
}

static void scratch_free(scratch *S)
{
	cp_free(S->tile);
	cp_free(S->sorted);
	cp_free(S->rank);
	cp_free(S->perm);
}

/* Every parameter's ranks, NULL rows for those that do not vary. */
static void parameter_ranks(const cp_draws *d, double *ranks, double **param_rank, scratch *S)
{
	size_t n = (size_t)d->n_draws, i;
	int32_t j;
	for (j = 0; j < d->n_params; j++) {
		for (i = 0; i < n; i++)
			S->sorted[i] = d->values[i * (size_t)d->n_params + (size_t)j];
		gsl_sort_index(S->perm, S->sorted, 1, n);
		if (ranks_from_order(S->sorted, S->perm, n, ranks + (size_t)j * n))
			param_rank[j] = ranks + (size_t)j * n;
	}
}

static cp_status allocate_summaries(cp_draws *d)
{
	size_t ns = (size_t)d->n_sector_nodes, ng = (size_t)d->n_groups;
	d->sector_stat = cp_callocn(ns + 1, sizeof *d->sector_stat);
	d->sector_value = cp_callocn(ns + 1, sizeof *d->sector_value);
	d->group_stat = cp_callocn(ng + 1, sizeof *d->group_stat);
	d->group_value = cp_callocn(ng + 1, sizeof *d->group_value);
	d->sensitivity = cp_callocn(ns + ng + 1, sizeof *d->sensitivity);
	if (d->timeline) {
		d->sector_first = cp_callocn(ns + 1, sizeof *d->sector_first);
		d->group_first = cp_callocn(ng + 1, sizeof *d->group_first);
		if (!d->sector_first || !d->group_first)
			return CP_ENOMEM;
	}
	return d->sector_stat && d->sector_value && d->group_stat && d->group_value && d->sensitivity ? CP_OK : CP_ENOMEM;
}

/* Table t over cols series, this process's block of them, and its tiles. */
static int table_init(table *t, const double *x, const double *second, size_t cols, size_t *tiles)
{
	t->x = x;
	t->second = second;
	t->cols = cols;
	cp_sweep_range((int64_t)cols, &t->first, &t->last);
	*tiles = ((size_t)(t->last - t->first) + TILE - 1) / TILE;
	t->out = cp_callocn(cols + 1, sizeof *t->out);
	return t->out ? 0 : -1;
}

/* The series out of a table, gathered from every process, into d's arrays. */
static void unpack(const table *t, cp_stat *stat, cp_stat *second, cp_sensitivity *sens)
{
	size_t c;
	for (c = 0; c < t->cols; c++) {
		stat[c] = t->out[c].stat;
		second[c] = t->out[c].second;
		sens[c] = t->out[c].sens;
	}
}

cp_status cp_draws_statistics(cp_draws *d, int32_t threads)
{
	size_t n = (size_t)d->n_draws, ns = (size_t)d->n_sector_nodes, ng = (size_t)d->n_groups;
	size_t band_cols = d->timeline ? (ns + ng) * (size_t)d->n_days : 0, total;
	double *ranks = cp_mallocn((size_t)d->n_params * n + 1, sizeof *ranks);
	double **param_rank = cp_callocn((size_t)d->n_params + 1, sizeof *param_rank);
	worker *W = NULL;
	pthread_t *tid = NULL;
	job J;
	int32_t k, made = 0, started = 0;
	int ok;
	cp_status st = CP_ENOMEM;

	memset(&J, 0, sizeof J);
	J.d = d;
	J.param_rank = param_rank;
	if (!ranks || !param_rank || allocate_summaries(d) != CP_OK ||
	    table_init(&J.t[0], d->timeline ? d->lost_value : d->disruption,
	               d->timeline ? d->first_below : d->value_at_risk, ns, &J.tiles[0]) < 0 ||
	    table_init(&J.t[1], d->timeline ? d->group_lost_value : d->group_disruption,
	               d->timeline ? d->group_first_below : d->group_value_at_risk, ng, &J.tiles[1]) < 0 ||
	    table_init(&J.t[2], NULL, NULL, band_cols, &J.tiles[2]) < 0 ||
	    !(J.bands = cp_callocn(band_cols * 3 + 1, sizeof *J.bands)))
		goto done;
	total = J.tiles[0] + J.tiles[1] + J.tiles[2];
	if ((size_t)threads > total)
		threads = (int32_t)total;
	if (threads < 1)
		threads = 1;
	W = cp_callocn((size_t)threads, sizeof *W);
	tid = cp_callocn((size_t)threads, sizeof *tid);
	if (!W || !tid)
		goto done;
	for (ok = 1; made < threads && ok; made++) {
		W[made].J = &J;
		ok = scratch_init(&W[made].S, n) == 0;
	}
	if (ok) {
		parameter_ranks(d, ranks, param_rank, &W[0].S);
		atomic_init(&J.next, 0);
		for (k = 1; k < threads; k++, started++)
			if (pthread_create(&tid[k], NULL, work, &W[k]) != 0)
				break;
		work(&W[0]);
		for (k = 1; k <= started; k++)
			pthread_join(tid[k], NULL);
	}
	/* each process worked out its block of every table: every one gets all */
	if (cp_sweep_gather(J.t[0].out, (int64_t)ns, sizeof *J.t[0].out, ok) < 0 ||
	    cp_sweep_gather(J.t[1].out, (int64_t)ng, sizeof *J.t[1].out, 1) < 0 ||
	    cp_sweep_gather(J.bands, (int64_t)band_cols, 3 * sizeof *J.bands, 1) < 0)
		goto done;
	unpack(&J.t[0], d->sector_stat, d->timeline ? d->sector_first : d->sector_value, d->sensitivity);
	unpack(&J.t[1], d->group_stat, d->timeline ? d->group_first : d->group_value, d->sensitivity + ns);
	if (band_cols) {
		cp_free(d->bands);
		d->bands = J.bands;
		J.bands = NULL;
	}
	st = CP_OK;
done:
	for (k = 0; k < made; k++)
		scratch_free(&W[k].S);
	cp_free(W);
	cp_free(tid);
	for (k = 0; k < 3; k++)
		cp_free(J.t[k].out);
	cp_free(J.bands);
	cp_free(ranks);
	cp_free(param_rank);
	return st;
}
