/* chokepoint sweep GRAPH SCENARIO... [--with FILE]... [--nodes] [--long] [--format F]
 * Each scenario file scored on its own (with the --with files added), one
 * row per scenario and one column per sector group (or sector node). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "meaning.h"
#include "table.h"

static const char usage[] =
	"Usage: chokepoint sweep GRAPH SCENARIO... [--with FILE]... [options]\n"
	"\n"
	"Score each scenario file on its own, each with the --with files added (e.g. a\n"
	"diversification), and print one row per scenario with one column per sector\n"
	"group: the same numbers as one 'chokepoint score GRAPH SCENARIO --with...' per file.\n"
	"\n"
	"      --with=FILE            a scenario added to every row (repeatable)\n"
	"      --nodes                one column per sector node instead of per group\n"
	"      --long                 with csv: one row per scenario and column\n"
	"  -f, --format=FORMAT        table (default): disruption in %; csv: wide (one row\n"
	"                             per scenario), or long with --long; json: both\n"
	"                             disruption and value at risk\n";

typedef struct sweep_opts {
	int format, nodes, longf;
	int n_with;
	char **with;
	cp_score_opts so;
} sweep_opts;

static int sweep_option(void *ctx, int opt, const char *arg)
{
	sweep_opts *o = ctx;
	char **v;
	int k = cli_score_option("sweep", &o->so, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	switch (opt) {
	case 'f':
		return (o->format = cli_parse_format("sweep", arg)) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case 'n':
		o->nodes = 1;
		return CLI_GO_ON;
	case 'l':
		o->longf = 1;
		return CLI_GO_ON;
	case 'w':
		if (!(v = realloc(o->with, (size_t)(o->n_with + 2) * sizeof *v)))
			return CP_EXIT_INTERNAL;
		o->with = v;
		v[o->n_with++] = (char *)arg;
		return CLI_GO_ON;
	}
	return CLI_GO_ON;
}

/* The columns: names from the first row's result. */
typedef struct columns {
	int32_t n;
	const char **name;
} columns;

static int make_columns(const cli_side *first, int nodes, columns *c)
{
	const cp_result *r = first->r;
	int32_t i;
	c->n = nodes ? r->n_sector_nodes : r->n_groups;
	if (!(c->name = malloc(((size_t)c->n + 1) * sizeof *c->name)))
		return -1;
	for (i = 0; i < c->n; i++)
		c->name[i] = nodes ? cp_node_id(first->g, r->sector_nodes[i]) : cp_graph_str(first->g, r->groups[i].sector);
	return 0;
}

/* Disruption and value at risk of column name in one row; NaN when the
 * row's graph has no such group or sector node. */
static void cell(const cli_side *row, int nodes, const char *name, double *d, double *var)
{
	const cp_result *r = row->r;
	int32_t k;
	*d = *var = NAN;
	if (nodes) {
		int32_t v = cp_graph_find(row->g, name);
		if (v >= 0 && row->g->kind[v] == CP_SECTOR) {
			*d = r->disruption[v];
			*var = r->disruption[v] * row->g->output[v];
		}
		return;
	}
	for (k = 0; k < r->n_groups; k++)
		if (strcmp(cp_graph_str(row->g, r->groups[k].sector), name) == 0) {
			*d = r->groups[k].disruption;
			*var = r->groups[k].value_at_risk;
			return;
		}
}

static const char *row_name(const cli_side *row)
{
	return row->s->n_files ? row->s->names[0] : "";
}

static void report_csv(FILE *f, const sweep_opts *o, char **files, const cli_side *rows, int n, const columns *c)
{
	double d, var;
	int i;
	int32_t k;
	if (o->longf) {
		fprintf(f, "scenario,name,%s,disruption,value_at_risk\n", o->nodes ? "id" : "sector");
		for (i = 0; i < n; i++)
			for (k = 0; k < c->n; k++) {
				cell(&rows[i], o->nodes, c->name[k], &d, &var);
				cp_csv_field(f, files[i]);
				fputc(',', f);
				cp_csv_field(f, row_name(&rows[i]));
				fputc(',', f);
				cp_csv_field(f, c->name[k]);
				fputc(',', f);
				cp_csv_number(f, d);
				fputc(',', f);
				cp_csv_number(f, var);
				fputc('\n', f);
			}
		return;
	}
	fputs("scenario,name", f);
	for (k = 0; k < c->n; k++) {
		fputc(',', f);
		cp_csv_field(f, c->name[k]);
	}
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		cp_csv_field(f, files[i]);
		fputc(',', f);
		cp_csv_field(f, row_name(&rows[i]));
		for (k = 0; k < c->n; k++) {
			cell(&rows[i], o->nodes, c->name[k], &d, &var);
			fputc(',', f);
			cp_csv_number(f, d);
		}
		fputc('\n', f);
	}
}

static void report_json(FILE *f, const sweep_opts *o, char **files, const cli_side *rows, int n, const columns *c)
{
	double d, var;
	int i, first = 1;
	int32_t k;
	size_t w;
	fputs("{\"chokepoint_sweep\": 1,\n", f);
	cp_meaning_json(f, cp_meaning_of(rows[0].r), rows[0].r->at, 0, 0);
	fputs(",\n\"with\": [", f);
	for (i = 0; i < o->n_with; i++) {
		fputs(i ? ", " : "", f);
		cp_json_string(f, o->with[i]);
	}
	fprintf(f, "],\n\"columns\": \"%s\",\n\"scenarios\": [", o->nodes ? "nodes" : "groups");
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n  {\"file\": " : "\n  {\"file\": ", f);
		cp_json_string(f, files[i]);
		fputs(", \"name\": ", f);
		cp_json_string(f, row_name(&rows[i]));
		fprintf(f, ", \"%s\": {", o->nodes ? "nodes" : "groups");
		for (k = 0; k < c->n; k++) {
			cell(&rows[i], o->nodes, c->name[k], &d, &var);
			fputs(k ? ", " : "", f);
			cp_json_string(f, c->name[k]);
			fputs(": {\"disruption\": ", f);
			cp_json_number(f, d);
			fputs(", \"value_at_risk\": ", f);
			cp_json_number(f, var);
			fputc('}', f);
		}
		fputs("}}", f);
	}
	fputs("],\n\"warnings\": [", f);
	for (i = 0; i < n; i++)
		for (w = 0; w < rows[i].log.n; w++) {
			char text[2048];
			if (rows[i].log.d[w].severity != CP_WARNING)
				continue;
			snprintf(text, sizeof text, "%s: %s", files[i], rows[i].log.d[w].text);
			fputs(first ? "\n  " : ",\n  ", f);
			cp_json_string(f, text);
			first = 0;
		}
	fputs("]}\n", f);
}

static void report_table(FILE *f, const sweep_opts *o, char **files, const cli_side *rows, int n, const columns *c)
{
	int i, wname = 8, first = 1;
	int32_t k;
	double d, var;
	const cp_graph *g = rows[0].g;
	cp_meaning_line(f, cp_meaning_of(rows[0].r), rows[0].r->at, 0, 0);
	if (g->title >= 0) {
		fputs("graph:    ", f);
		cp_print_text(f, cp_graph_str(g, g->title));
		fprintf(f, " (%d nodes, %d edges)\n", g->n_nodes, g->n_edges);
	}
	fputs("with:    ", f);
	for (i = 0; i < o->n_with; i++) {
		fputc(' ', f);
		cp_print_text(f, o->with[i]);
	}
	fprintf(f, "%s\ndisruption of each %s, per scenario file scored on its own\n\n", o->n_with ? "" : " nothing",
	        o->nodes ? "sector node" : "sector group");
	for (i = 0; i < n; i++)
		if (cli_text_width(files[i]) > wname)
			wname = cli_text_width(files[i]);
	cli_padded(f, "scenario", wname);
	for (k = 0; k < c->n; k++) {
		int w = cli_text_width(c->name[k]) > 8 ? cli_text_width(c->name[k]) : 8;
		fputs("  ", f);
		cli_padded_right(f, c->name[k], w);
	}
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		int pad;
		/* a path may hold anything: echoed escaped, padded by its raw width */
		cp_print_text(f, files[i]);
		for (pad = cli_text_width(files[i]); pad < wname; pad++)
			fputc(' ', f);
		for (k = 0; k < c->n; k++) {
			int w = cli_text_width(c->name[k]) > 8 ? cli_text_width(c->name[k]) : 8;
			char buf[32];
			cell(&rows[i], o->nodes, c->name[k], &d, &var);
			if (isnan(d))
				snprintf(buf, sizeof buf, "-");
			else
				snprintf(buf, sizeof buf, "%.2f%%", 100 * d);
			fputs("  ", f);
			cli_padded_right(f, buf, w);
		}
		fputc('\n', f);
	}
	for (i = 0; i < n; i++)
		cli_table_warnings(f, &rows[i].log, files[i], &first);
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "with", 1, 0, 'w' }, { "nodes", 0, 0, 'n' },
		{ "long", 0, 0, 'l' }, CLI_AT_OPTION, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "sweep", usage, "hf:q", opts, sweep_option, cli_at_help };
	sweep_opts o = { CLI_TABLE, 0, 0, 0, NULL, { 0 } };
	cli_input in;
	cli_side *rows = NULL;
	columns cols = { 0, NULL };
	char **files = NULL, **paths = NULL;
	int n = 0, done = 0, i, rc;

	cp_score_opts_default(&o.so);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		goto out;
	rc = CP_EXIT_USAGE;
	if (argc - optind < 2) {
		cli_usage_error("sweep", optind >= argc ? "missing GRAPH" : "give at least one SCENARIO file");
		goto out;
	}
	if (o.longf && o.format != CLI_CSV) {
		cli_usage_error("sweep", "--long goes with --format csv");
		goto out;
	}
	files = argv + optind + 1;
	n = argc - optind - 1;
	rc = CP_EXIT_INTERNAL;
	if (!(rows = calloc((size_t)n, sizeof *rows)) || !(paths = malloc(((size_t)o.n_with + 1) * sizeof *paths))) {
		fprintf(stderr, "chokepoint sweep: out of memory\n");
		goto out;
	}
	for (i = 0; i < o.n_with; i++)
		paths[i + 1] = o.with[i];
	for (done = 0; done < n; done++) {
		paths[0] = files[done];
		if ((rc = cli_side_score(&in, argv[optind], paths, o.n_with + 1, &o.so, &rows[done])) != CP_EXIT_OK)
			goto out;
	}
	if (make_columns(&rows[0], o.nodes, &cols) < 0) {
		rc = CP_EXIT_INTERNAL;
		goto out;
	}
	if (o.format == CLI_CSV)
		report_csv(stdout, &o, files, rows, n, &cols);
	else if (o.format == CLI_JSON)
		report_json(stdout, &o, files, rows, n, &cols);
	else
		report_table(stdout, &o, files, rows, n, &cols);
	rc = fflush(stdout) != 0 || ferror(stdout) ? CP_EXIT_IO : CP_EXIT_OK;
	if (rc != CP_EXIT_OK)
		fprintf(stderr, "chokepoint sweep: cannot write the result\n");
out:
	for (i = 0; i < done && rows; i++)
		cli_side_free(&rows[i]);
	free(rows);
	free(paths);
	free(cols.name);
	free(o.with);
	return rc;
}
