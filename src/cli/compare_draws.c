/* compare --draws: both sides drawn with the same seed, so a parameter the
 * two sides share takes the same number in draw i (its stream is fixed by
 * its name), and the difference is taken draw by draw. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare_draws.h"

void compare_draws_free(compare_draws *c)
{
	free(c->with_index);
	free(c->delta);
	free(c->delta_value);
	memset(c, 0, sizeof *c);
}

int compare_draws_make(compare_draws *c, const cp_draws *b, const cp_draws *w)
{
	size_t n = (size_t)b->n_draws, ns = (size_t)b->n_sector_nodes;
	double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
	int32_t k, j;
	memset(c, 0, sizeof *c);
	c->base = b;
	c->with = w;
	c->with_index = malloc((ns + 1) * sizeof *c->with_index);
	c->delta = calloc(ns + 1, sizeof *c->delta);
	c->delta_value = calloc(ns + 1, sizeof *c->delta_value);
	if (!x || !y || !c->with_index || !c->delta || !c->delta_value)
		goto nomem;
	for (k = 0; k < b->n_sector_nodes; k++) {
		const char *id = cp_node_id(b->g, b->sector_nodes[k]);
		size_t i;
		for (j = 0; j < w->n_sector_nodes && strcmp(cp_node_id(w->g, w->sector_nodes[j]), id) != 0; j++)
			;
		c->with_index[k] = j < w->n_sector_nodes ? j : -1;
		for (i = 0; i < n; i++) {
			size_t bi = i * ns + (size_t)k, wi = i * (size_t)w->n_sector_nodes + (size_t)j;
			x[i] = j < w->n_sector_nodes ? w->disruption[wi] - b->disruption[bi] : NAN;
			y[i] = j < w->n_sector_nodes ? w->value_at_risk[wi] - b->value_at_risk[bi] : NAN;
		}
		if (cp_stat_compute(x, 1, n, &c->delta[k]) != CP_OK || cp_stat_compute(y, 1, n, &c->delta_value[k]) != CP_OK)
			goto nomem;
	}
	free(x);
	free(y);
	return 0;
nomem:
	free(x);
	free(y);
	compare_draws_free(c);
	return -1;
}

void compare_draws_json(FILE *f, const compare_draws *c)
{
	const cp_draws *b = c->base;
	int32_t k;
	fprintf(f, "\"draws\": {\"n\": %d, \"seed\": %llu, \"sectors\": [", b->n_draws, (unsigned long long)b->seed);
	for (k = 0; k < b->n_sector_nodes; k++) {
		int32_t j = c->with_index[k];
		fputs(k ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
		cp_json_string(f, cp_node_id(b->g, b->sector_nodes[k]));
		fputs(", \"base\": ", f);
		cp_stat_json(f, &b->sector_stat[k]);
		fputs(", \"with\": ", f);
		if (j >= 0)
			cp_stat_json(f, &c->with->sector_stat[j]);
		else
			fputs("null", f);
		fputs(", \"delta\": ", f);
		cp_stat_json(f, &c->delta[k]);
		fputs(", \"delta_value_at_risk\": ", f);
		cp_stat_json(f, &c->delta_value[k]);
		fputc('}', f);
	}
	fputs("]},\n", f);
}

void compare_draws_csv(FILE *f, const compare_draws *c)
{
	const cp_draws *b = c->base;
	int32_t k;
	fputs("id,measure,mean,sd,p5,p50,p95\n", f);
	for (k = 0; k < b->n_sector_nodes; k++) {
		const cp_stat *st[2] = { &c->delta[k], &c->delta_value[k] };
		static const char *const measure[2] = { "delta_disruption", "delta_value_at_risk" };
		int m;
		for (m = 0; m < 2; m++) {
			cp_csv_field(f, cp_node_id(b->g, b->sector_nodes[k]));
			fprintf(f, ",%s,", measure[m]);
			cp_json_number(f, st[m]->mean);
			fputc(',', f);
			cp_json_number(f, st[m]->sd);
			fputc(',', f);
			cp_json_number(f, st[m]->p5);
			fputc(',', f);
			cp_json_number(f, st[m]->p50);
			fputc(',', f);
			cp_json_number(f, st[m]->p95);
			fputc('\n', f);
		}
	}
}

void compare_draws_table(FILE *f, const compare_draws *c)
{
	const cp_draws *b = c->base;
	int32_t k;
	fprintf(f, "\nchange over %d draws (seed %llu; each draw scores both sides with the same numbers):\n",
	        b->n_draws, (unsigned long long)b->seed);
	fprintf(f, "%-20s %10s %10s %10s   %s\n", "sector node", "p5", "p50", "p95", "value at risk p5 .. p95");
	for (k = 0; k < b->n_sector_nodes; k++)
		fprintf(f, "%-20s %+9.2f %+9.2f %+9.2f    %.6g .. %.6g (pts)\n", cp_node_id(b->g, b->sector_nodes[k]),
		        100 * c->delta[k].p5, 100 * c->delta[k].p50, 100 * c->delta[k].p95, c->delta_value[k].p5,
		        c->delta_value[k].p95);
}
