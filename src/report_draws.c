/* The draws' ranges as JSON, a table section, or CSV. */
#include <math.h>
#include <stdio.h>

#include <chokepoint/chokepoint.h>

void cp_stat_json(FILE *f, const cp_stat *s)
{
	fputs("{\"mean\": ", f);
	cp_json_number(f, s->mean);
	fputs(", \"sd\": ", f);
	cp_json_number(f, s->sd);
	fputs(", \"p5\": ", f);
	cp_json_number(f, s->p5);
	fputs(", \"p50\": ", f);
	cp_json_number(f, s->p50);
	fputs(", \"p95\": ", f);
	cp_json_number(f, s->p95);
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
	static const char *const names[] = { "p5", "p50", "p95" };
	int32_t q, t;
	fputs(", \"bands\": {", f);
	for (q = 0; q < 3; q++) {
		fprintf(f, "%s\"%s\": [", q ? ", " : "", names[q]);
		for (t = 0; t < d->n_days; t++) {
			fputs(t ? ", " : "", f);
			cp_json_number(f, d->bands[((size_t)series * (size_t)d->n_days + (size_t)t) * 3 + (size_t)q]);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void json_entry(FILE *f, const cp_draws *d, int32_t k, int group)
{
	int32_t series = group ? d->n_sector_nodes + k : k;
	const cp_stat *main = group ? &d->group_stat[k] : &d->sector_stat[k];
	if (!d->timeline) {
		fputs(", \"disruption\": ", f);
		cp_stat_json(f, main);
		fputs(", \"value_at_risk\": ", f);
		cp_stat_json(f, group ? &d->group_value[k] : &d->sector_value[k]);
	} else {
		const cp_stat *first = group ? &d->group_first[k] : &d->sector_first[k];
		fputs(", \"lost_value\": ", f);
		cp_stat_json(f, main);
		fputs(", \"first_below\": {\"p5\": ", f);
		json_day(f, d, first->p5);
		fputs(", \"p50\": ", f);
		json_day(f, d, first->p50);
		fputs(", \"p95\": ", f);
		json_day(f, d, first->p95);
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
	cp_csv_field(f, id);
	fprintf(f, ",%s,", measure);
	cp_json_number(f, s->mean);
	fputc(',', f);
	cp_json_number(f, s->sd);
	fputc(',', f);
	cp_json_number(f, s->p5);
	fputc(',', f);
	cp_json_number(f, s->p50);
	fputc(',', f);
	cp_json_number(f, s->p95);
	fputc('\n', f);
}

void cp_draws_csv(FILE *f, const cp_draws *d)
{
	const char *main = d->timeline ? "lost_value" : "disruption";
	char id[600];
	int32_t k;
	fputs("id,measure,mean,sd,p5,p50,p95\n", f);
	for (k = 0; k < d->n_sector_nodes; k++) {
		const char *s = cp_node_id(d->g, d->sector_nodes[k]);
		csv_row(f, s, main, &d->sector_stat[k]);
		csv_row(f, s, d->timeline ? "first_below_day" : "value_at_risk",
		        d->timeline ? &d->sector_first[k] : &d->sector_value[k]);
	}
	for (k = 0; k < d->n_groups; k++) {
		snprintf(id, sizeof id, "group:%s", cp_graph_str(d->g, d->groups[k].sector));
		csv_row(f, id, main, &d->group_stat[k]);
		csv_row(f, id, d->timeline ? "first_below_day" : "value_at_risk",
		        d->timeline ? &d->group_first[k] : &d->group_value[k]);
	}
}

static void table_row(FILE *f, const cp_draws *d, const char *label, int width, int32_t series, const cp_stat *s)
{
	const cp_sensitivity *sens = &d->sensitivity[series];
	int32_t k;
	double scale = d->timeline ? 1 : 100;
	const char *unit = d->timeline ? "" : "%";
	fprintf(f, "%-*s %9.4g%s %9.4g%s %9.4g%s %9.4g%s %8.3g%s  ", width, label, scale * s->p5, unit,
	        scale * s->p50, unit, scale * s->p95, unit, scale * s->mean, unit, scale * s->sd, unit);
	for (k = 0; k < sens->n && k < 3; k++)
		fprintf(f, "%s%s (%+.2f)", k ? ", " : "", d->params[sens->param[k]].name, sens->rho[k]);
	fputs(sens->n ? "\n" : "-\n", f);
}

void cp_draws_table(FILE *f, const cp_draws *d)
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
