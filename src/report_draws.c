/* The draws' ranges as JSON, a table section, or CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "clocale.h"

/* The measures of a cp_stat in the order they are written; the last three
 * are the percentiles. */
enum { N_MEASURES = 5, FIRST_PERCENTILE = 2 };
static const char *const measure_names[N_MEASURES] = { "mean", "sd", "p5", "p50", "p95" };

static void measures(const cp_stat *s, double v[N_MEASURES])
{
	v[0] = s->mean;
	v[1] = s->sd;
	v[2] = s->p5;
	v[3] = s->p50;
	v[4] = s->p95;
}

void cp_stat_json(FILE *f, const cp_stat *s)
{
	double v[N_MEASURES];
	int i;
	measures(s, v);
	for (i = 0; i < N_MEASURES; i++) {
		fprintf(f, "%s\"%s\": ", i ? ", " : "{", measure_names[i]);
		cp_json_number(f, v[i]);
	}
	fputc('}', f);
}

/* A percentile of first days below as a date; past the horizon: null. */
static void json_day(FILE *f, const cp_draws *d, double x)
{
	char buf[11];
	if (!(x < d->n_days)) {
		fputs("null", f);
		return;
	}
	cp_date_format(d->from + (int32_t)floor(x), buf);
	fprintf(f, "\"%s\"", buf);
}

static void json_sensitivity(FILE *f, const cp_draws *d, const cp_sensitivity *s)
{
	int32_t k;
	fputc('[', f);
	for (k = 0; k < s->n; k++) {
		fputs(k ? ", {\"parameter\": " : "{\"parameter\": ", f);
		cp_json_string(f, d->params[s->param[k]].name);
		fputs(", \"rho\": ", f);
		cp_json_number(f, s->rho[k]);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_band(FILE *f, const cp_draws *d, int32_t series)
{
	int32_t q, t;
	fputs(", \"bands\": {", f);
	for (q = 0; q < 3; q++) {
		fprintf(f, "%s\"%s\": [", q ? ", " : "", measure_names[FIRST_PERCENTILE + q]);
		for (t = 0; t < d->n_days; t++) {
			fputs(t ? ", " : "", f);
			cp_json_number(f, d->bands[((size_t)series * (size_t)d->n_days + (size_t)t) * 3 + (size_t)q]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

/* The main measure of sector node k, or of group k (disruption, or lost
 * value in a timeline), and the second (value at risk, or first day below). */
static void entry_stats(const cp_draws *d, int32_t k, int group, const cp_stat **main, const cp_stat **second)
{
	*main = group ? &d->group_stat[k] : &d->sector_stat[k];
	if (d->timeline)
		*second = group ? &d->group_first[k] : &d->sector_first[k];
	else
		*second = group ? &d->group_value[k] : &d->sector_value[k];
}

static void json_entry(FILE *f, const cp_draws *d, int32_t k, int group)
{
	int32_t series = group ? d->n_sector_nodes + k : k;
	const cp_stat *main, *second;
	entry_stats(d, k, group, &main, &second);
	if (!d->timeline) {
		fputs(", \"disruption\": ", f);
		cp_stat_json(f, main);
		fputs(", \"value_at_risk\": ", f);
		cp_stat_json(f, second);
	} else {
		double v[N_MEASURES];
		int i;
		fputs(", \"lost_value\": ", f);
		cp_stat_json(f, main);
		fputs(", \"first_below\": ", f);
		measures(second, v);
		for (i = FIRST_PERCENTILE; i < N_MEASURES; i++) {
			fprintf(f, "%s\"%s\": ", i > FIRST_PERCENTILE ? ", " : "{", measure_names[i]);
			json_day(f, d, v[i]);
		}
		fputc('}', f);
		json_band(f, d, series);
	}
	fputs(", \"sensitivity\": ", f);
	json_sensitivity(f, d, &d->sensitivity[series]);
	fputc('}', f);
}

void cp_draws_json(FILE *f, const cp_draws *d)
{
	int32_t k;
	fprintf(f, "{\"n\": %d, \"seed\": %llu, \"parameters\": [", d->n_draws, (unsigned long long)d->seed);
	for (k = 0; k < d->n_params; k++) {
		fputs(k ? ", " : "", f);
		cp_json_string(f, d->params[k].name);
	}
	fputs("],\n  \"sectors\": [", f);
	for (k = 0; k < d->n_sector_nodes; k++) {
		fputs(k ? ",\n    {\"id\": " : "\n    {\"id\": ", f);
		cp_json_string(f, cp_node_id(d->g, d->sector_nodes[k]));
		json_entry(f, d, k, 0);
	}
	fputs("],\n  \"groups\": [", f);
	for (k = 0; k < d->n_groups; k++) {
		fputs(k ? ",\n    {\"sector\": " : "\n    {\"sector\": ", f);
		cp_json_string(f, cp_graph_str(d->g, d->groups[k].sector));
		json_entry(f, d, k, 1);
	}
	fputs("]}", f);
}

static void csv_row(FILE *f, const char *id, const char *measure, const cp_stat *s)
{
	double v[N_MEASURES];
	int i;
	measures(s, v);
	cp_csv_field(f, id);
	fprintf(f, ",%s", measure);
	for (i = 0; i < N_MEASURES; i++) {
		fputc(',', f);
		cp_csv_number(f, v[i]);
	}
	fputc('\n', f);
}

/* The two rows of sector node k, or of group k. */
static void csv_entry(FILE *f, const cp_draws *d, const char *id, int32_t k, int group)
{
	const cp_stat *main, *second;
	entry_stats(d, k, group, &main, &second);
	csv_row(f, id, d->timeline ? "lost_value" : "disruption", main);
	csv_row(f, id, d->timeline ? "first_below_day" : "value_at_risk", second);
}

static void draws_csv(FILE *f, const cp_draws *d)
{
	char id[600];
	int32_t k;
	fputs("id,measure,mean,sd,p5,p50,p95\n", f);
	for (k = 0; k < d->n_sector_nodes; k++)
		csv_entry(f, d, cp_node_id(d->g, d->sector_nodes[k]), k, 0);
	for (k = 0; k < d->n_groups; k++) {
		snprintf(id, sizeof id, "group:%s", cp_graph_str(d->g, d->groups[k].sector));
		csv_entry(f, d, id, k, 1);
	}
}

void cp_draws_csv(FILE *f, const cp_draws *d)
{
	locale_t old = cp_clocale_enter();
	draws_csv(f, d);
	cp_clocale_leave(old);
}

/* " %*.*g" and the unit, or "-" in the same width when x is missing. */
static void stat_cell(FILE *f, int width, int digits, double x, const char *unit)
{
	if (isnan(x))
		fprintf(f, " %*s", width + (int)strlen(unit), "-");
	else
		fprintf(f, " %*.*g%s", width, digits, x, unit);
}

static void table_row(FILE *f, const cp_draws *d, const char *label, int width, int32_t series, const cp_stat *s)
{
	const cp_sensitivity *sens = &d->sensitivity[series];
	int32_t k;
	double scale = d->timeline ? 1 : 100;
	const char *unit = d->timeline ? "" : "%";
	fprintf(f, "%-*s", width, label);
	stat_cell(f, 9, 4, scale * s->p5, unit);
	stat_cell(f, 9, 4, scale * s->p50, unit);
	stat_cell(f, 9, 4, scale * s->p95, unit);
	stat_cell(f, 9, 4, scale * s->mean, unit);
	stat_cell(f, 8, 3, scale * s->sd, unit);
	fputs("  ", f);
	for (k = 0; k < sens->n && k < 3; k++)
		fprintf(f, "%s%s (%+.2f)", k ? ", " : "", d->params[sens->param[k]].name, sens->rho[k]);
	fputs(sens->n ? "\n" : "-\n", f);
}

static void draws_table(FILE *f, const cp_draws *d)
{
	char label[600];
	int32_t k, i, width = 20;
	for (k = 0; k < d->n_sector_nodes; k++) {
		int len = snprintf(label, sizeof label, "  %s", cp_node_id(d->g, d->sector_nodes[k]));
		if (len > width && len < (int)sizeof label)
			width = len;
	}
	fprintf(f, "\nranges over %d draws (seed %llu, %d uncertain parameters): %s; 5th, 50th and 95th percentiles,\n"
	        "mean and standard deviation; \"hangs on\": the parameters whose draws rank most like the result\n"
	        "(Spearman rho)\n",
	        d->n_draws, (unsigned long long)d->seed, d->n_params,
	        d->timeline ? "lost value" : "disruption");
	fprintf(f, "%-*s %10s %10s %10s %10s %9s  %s\n", width, "sector", "p5", "p50", "p95", "mean", "sd", "hangs on");
	for (k = 0; k < d->n_groups; k++) {
		const cp_sector_group *gr = &d->groups[k];
		table_row(f, d, cp_graph_str(d->g, gr->sector), width, d->n_sector_nodes + k, &d->group_stat[k]);
		for (i = 0; i < gr->n_nodes; i++) {
			int32_t j = gr->slots[i];
			snprintf(label, sizeof label, "  %s", cp_node_id(d->g, gr->nodes[i]));
			table_row(f, d, label, width, j, &d->sector_stat[j]);
		}
	}
	if (d->unsampled)
		fprintf(f, "(%d distribution(s) on change amounts count as their mean)\n", d->unsampled);
}

void cp_draws_table(FILE *f, const cp_draws *d)
{
	locale_t old = cp_clocale_enter();
	draws_table(f, d);
	cp_clocale_leave(old);
}
