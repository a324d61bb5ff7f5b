/* Distributions standing in for numbers (MODEL.md 8): parsing with located
 * errors, means, and quantiles (the beta quantile from GSL). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "dist.h"
#include "gsl_errors.h"

double cp_uncertain_mean(const cp_uncertain *u)
{
	switch (u->kind) {
	case CP_DIST_UNIFORM: return (u->p[0] + u->p[1]) / 2;
	case CP_DIST_TRIANGULAR: return (u->p[0] + u->p[1] + u->p[2]) / 3;
	case CP_DIST_BETA: return u->p[0] / (u->p[0] + u->p[1]);
	}
	return NAN;
}

/* The beta quantile: GSL's inverse where it lands on q; where it does not
 * converge, or converges off (beta [1, 0.02] or [0.01, 0.01]), the least
 * double in [0, 1] whose distribution function reaches q, by bisection
 * over the bit patterns (they order non-negative doubles), so quantiles of
 * 1e-100 are found as exactly as 0.5. */
static double beta_quantile(double q, double a, double b)
{
	double x, one = 1;
	uint64_t lo = 0, hi, mid;
	cp_gsl_errors_off();
	x = gsl_cdf_beta_Pinv(q, a, b);
	if (isfinite(x) && fabs(gsl_cdf_beta_P(x, a, b) - q) < 1e-12)
		return x;
	memcpy(&hi, &one, sizeof hi);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		memcpy(&x, &mid, sizeof x);
		if (gsl_cdf_beta_P(x, a, b) < q)
			lo = mid;
		else
			hi = mid;
	}
	memcpy(&x, &hi, sizeof x);
	return x;
}

double cp_uncertain_quantile(const cp_uncertain *u, double q)
{
	double a = u->p[0], m = u->p[1], b = u->p[2], x;
	switch (u->kind) {
	case CP_DIST_UNIFORM:
		x = a + q * (m - a);
		break;
	case CP_DIST_TRIANGULAR:
		if (b == a)
			x = a;
		else if (q < (m - a) / (b - a))
			x = a + sqrt(q * (b - a) * (m - a));
		else
			x = b - sqrt((1 - q) * (b - a) * (b - m));
		break;
	case CP_DIST_BETA:
		x = beta_quantile(q, a, m);
		break;
	default:
		return NAN;
	}
	/* rounding must not step outside the support the loader checked */
	return x < u->lo ? u->lo : x > u->hi ? u->hi : x;
}

void cp_keyranges_init(cp_keyranges *k)
{
	memset(k, 0, sizeof *k);
	cp_strtab_init(&k->keys);
}

void cp_keyranges_free(cp_keyranges *k)
{
	cp_strtab_free(&k->keys);
	cp_free(k->range);
	memset(k, 0, sizeof *k);
}

int cp_keyranges_check(cp_keyranges *k, const cp_uncertain *u, double *lo, double *hi)
{
	size_t before = k->keys.n;
	int32_t i;
	if (!u->key)
		return 0;
	if ((i = cp_strtab_intern(&k->keys, u->key, strlen(u->key))) < 0)
		return -1;
	if ((size_t)i >= before) {   /* new: remember its range */
		if (cp_grow((void **)&k->range, &k->m, (size_t)i + 1, sizeof *k->range) < 0)
			return -1;
		k->range[i][0] = u->lo;
		k->range[i][1] = u->hi;
		return 0;
	}
	*lo = k->range[i][0];
	*hi = k->range[i][1];
	return *lo != u->lo || *hi != u->hi;
}

int cp_uncertain_add(cp_uncertain **list, int32_t *n, const cp_uncertain *u)
{
	cp_uncertain *grown = cp_reallocn(*list, (size_t)*n + 1, sizeof *grown);
	if (!grown)
		return -1;
	*list = grown;
	grown[(*n)++] = *u;
	return 0;
}

void cp_uncertain_free_all(cp_uncertain *list, int32_t n)
{
	int32_t i;
	for (i = 0; i < n; i++) {
		cp_free(list[i].key);
		cp_free(list[i].field);
	}
	cp_free(list);
}

static const struct { const char *name; cp_dist_kind kind; int n; } kinds[] = {
	{ "uniform", CP_DIST_UNIFORM, 2 },
	{ "triangular", CP_DIST_TRIANGULAR, 3 },
	{ "beta", CP_DIST_BETA, 2 },
};

static int in_range(double x, double lo, int lo_open, double hi)
{
	return (lo_open ? x > lo : x >= lo) && x <= hi;
}

static int parse_params(cp_jctx *c, const cJSON *arr, const cp_jpath *path, int want, double *p)
{
	const cJSON *e;
	int i = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != want) {
		cp_jerr(c, path, "must be an array of %d numbers", want);
		return -1;
	}
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) {
			cp_jpath sub = { path, NULL, NULL, i };
			cp_jerr(c, &sub, "must be a finite number");
			return -1;
		}
		p[i++] = e->valuedouble;
	}
	return 0;
}

/* The support checks of MODEL.md 8: inside the field's range, in order,
 * beta only for numbers in [0, 1] with positive parameters. */
static int check_support(cp_jctx *c, const cp_jpath *path, cp_uncertain *u, int lo_open)
{
	const char *range_open = lo_open ? "(" : "[";
	switch (u->kind) {
	case CP_DIST_UNIFORM:
		if (u->p[0] > u->p[1]) {
			cp_jerr(c, path, "uniform [%g, %g]: the low end is above the high end", u->p[0], u->p[1]);
			return -1;
		}
		break;
	case CP_DIST_TRIANGULAR:
		if (u->p[0] > u->p[1] || u->p[1] > u->p[2]) {
			cp_jerr(c, path, "triangular [%g, %g, %g]: needs low <= mode <= high", u->p[0], u->p[1], u->p[2]);
			return -1;
		}
		break;
	case CP_DIST_BETA:
		if (u->lo != 0 || u->hi != 1) {
			cp_jerr(c, path, "beta is only for numbers in [0, 1]");
			return -1;
		}
		if (!(u->p[0] > 0 && u->p[1] > 0)) {
			cp_jerr(c, path, "beta [%g, %g]: both parameters must be above 0", u->p[0], u->p[1]);
			return -1;
		}
		return 0;
	}
	if (!in_range(u->p[0], u->lo, lo_open, u->hi) || !in_range(u->kind == CP_DIST_UNIFORM ? u->p[1] : u->p[2],
	                                                           u->lo, lo_open, u->hi)) {
		cp_jerr(c, path, "the distribution's support must lie in %s%g, %g]", range_open, u->lo, u->hi);
		return -1;
	}
	return 0;
}

int cp_jvalue(cp_jctx *c, const cJSON *v, const cp_jpath *path, double lo, int lo_open, double hi,
              double *out, cp_uncertain *unc)
{
	const cJSON *f;
	int found = 0;
	size_t k;
	if (!cJSON_IsObject(v))
		return cp_jnumber(c, v, path, lo, lo_open, hi, out);
	memset(unc, 0, sizeof *unc);
	unc->lo = lo;
	unc->hi = hi;
	cJSON_ArrayForEach(f, v) {
		cp_jpath sub = { path, f->string, NULL, -1 };
		if (cp_jduplicate(c, f, &sub))
			goto fail;
		if (strcmp(f->string, "key") == 0) {
			const char *key;
			if (cp_jstring(c, f, &sub, 256, &key) < 0)
				goto fail;
			cp_free(unc->key);
			if (!(unc->key = cp_strdup(key))) {
				c->oom = 1;
				goto fail;
			}
			continue;
		}
		if (strcmp(f->string, "note") == 0 || strcmp(f->string, "source") == 0)
			continue;
		for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
			if (strcmp(f->string, kinds[k].name) == 0)
				break;
		if (k == sizeof kinds / sizeof *kinds) {
			cp_jerr(c, &sub, "unknown field in a distribution (uniform, triangular, beta, key, note)");
			goto fail;
		}
		if (found++) {
			cp_jerr(c, &sub, "a distribution has one of uniform, triangular or beta");
			goto fail;
		}
		unc->kind = kinds[k].kind;
		if (parse_params(c, f, &sub, kinds[k].n, unc->p) < 0 || check_support(c, &sub, unc, lo_open) < 0)
			goto fail;
	}
	if (!found) {
		cp_jerr(c, path, "must be a number, or a distribution: {\"uniform\": [a, b]}, {\"triangular\": [low, mode, high]} or {\"beta\": [alpha, beta]}");
		goto fail;
	}
	*out = cp_uncertain_mean(unc);
	return 1;
fail:
	cp_free(unc->key);
	unc->key = NULL;
	return -1;
}
