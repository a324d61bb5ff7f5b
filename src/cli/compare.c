/* chokepoint compare GRAPH --base FILE... --with FILE... [--format F] */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "meaning.h"
#include "numfmt.h"
#include "report_parts.h"
#include "table.h"
#include "log.h"
#include "compare_draws.h"

static const char usage[] =
	"Usage: chokepoint compare GRAPH --base FILE [--base FILE...] --with FILE [--with FILE...] [options]\n"
	"\n"
	"Score the graph under two sets of scenario files (each applied in order, changes\n"
	"included) and show each sector's disruption and value at risk on both sides and\n"
	"the difference.  Typical use: --base a control scenario, --with the same control\n"
	"scenario plus a diversification scenario.\n"
	"\n"
	"      --base=FILE            a scenario of the baseline side (repeatable)\n"
	"      --with=FILE            a scenario of the other side (repeatable)\n"
	"  -f, --format=FORMAT        table (default), json or csv\n";

typedef struct files { char **v; int n; } files;

static const char compare_help[] =
	"      --at=DATE              the state of the world on DATE (YYYY-MM-DD), both sides\n"
	"      --seed=S               seed for the draws (default 1)\n"
	"      --draws=N              also N draws of every distribution, both sides with the\n"
	"                             same numbers in each draw: ranges of the change\n"
	"      --threads=T            draws on T threads (default: one per processor)\n"
	"      --draws-out=FILE       one JSON line per draw of the --with side\n";

static int add_file(files *f, char *path)
{
	char **v = realloc(f->v, (size_t)(f->n + 1) * sizeof *v);
	if (!v)
		return -1;
	f->v = v;
	f->v[f->n++] = path;
	return 0;
}

/* The sector node of the other side with the same id, or -1. */
static int32_t same_sector(const cli_side *other, const cp_graph *g, int32_t v)
{
	int32_t u = cp_graph_find(other->g, cp_node_id(g, v));
	return u >= 0 && other->g->kind[u] == CP_SECTOR ? u : -1;
}

static const cp_sector_group *same_group(const cli_side *other, const cp_graph *g, int32_t sector)
{
	int32_t k;
	for (k = 0; k < other->r->n_groups; k++)
		if (strcmp(cp_graph_str(other->g, other->r->groups[k].sector), cp_graph_str(g, sector)) == 0)
			return &other->r->groups[k];
	return NULL;
}

static double var_of(const cli_side *s, int32_t v)
{
	return v < 0 ? NAN : s->r->disruption[v] * s->g->output[v];
}

static double dis_of(const cli_side *s, int32_t v)
{
	return v < 0 ? NAN : s->r->disruption[v];
}

static void json_side(FILE *f, double d, double var)
{
	fputs("{\"disruption\": ", f);
	cp_json_number(f, d);
	fputs(", \"value_at_risk\": ", f);
	cp_json_number(f, var);
	fputs("}", f);
}

/* Every warning of a side, labelled: in JSON warnings, or at the foot of
 * the table. */
static void print_warnings(FILE *f, const cli_side *side, const char *label, int json, int *first)
{
	size_t i;
	if (!json) {
		cli_table_warnings(f, &side->log, label, first);
		return;
	}
	for (i = 0; i < side->log.n; i++) {
		const cp_diag *d = &side->log.d[i];
		char *text;
		if (d->severity != CP_WARNING)
			continue;
		if (!(text = malloc(strlen(label) + strlen(d->text) + 3))) {
			fprintf(stderr, "chokepoint compare: out of memory\n");
			return;
		}
		sprintf(text, "%s: %s", label, d->text);
		fputs(*first ? "\n  " : ",\n  ", f);
		cp_json_string(f, text);
		*first = 0;
		free(text);
	}
}

/* A --with side that lacks some of the base's controls compares more than
 * the change: warn for each, on the with side's log. */
static void check_sides(const cli_side *b, cli_side *w)
{
	int32_t i, j;
	size_t printed = w->log.n;
	for (i = 0; i < b->s->n_rules; i++) {
		for (j = 0; j < w->s->n_rules && strcmp(w->s->rules[j].id, b->s->rules[i].id) != 0; j++)
			;
		if (j == w->s->n_rules)
			cp_warn(&w->log, "--with lacks control '%s' of --base, so the sides differ by more than a change;"
			        " give the base's files to --with too", b->s->rules[i].id);
	}
	cli_print_log(&w->log, &printed, 0);
}

/* The table's columns: disruption on both sides and the change in points,
 * then value at risk on both sides and its change, with separators. */
static void table_head(FILE *f, const char *first, int wname)
{
	fputc('\n', f);
	cli_padded(f, first, wname);
	fputs("      base      with       change    ", f);
	fprintf(f, "%12s  %12s  %12s\n", "at risk: base", "with", "change");
}

static void table_row(FILE *f, const char *name, int wname, double db, double dw, double vb, double vw)
{
	char a[64], b[64], c[64];
	cli_padded(f, name, wname);
	fprintf(f, "  %8s  %8s  %7s pts  ", cp_table_number(a, sizeof a, "%.2f%%", 100 * db),
	        cp_table_number(b, sizeof b, "%.2f%%", 100 * dw), cp_table_number(c, sizeof c, "%+.2f", 100 * (dw - db)));
	cp_format_value(vb, a, sizeof a);
	cp_format_value(vw, b, sizeof b);
	if (!isfinite(vw - vb))
		snprintf(c, sizeof c, "-");
	else {
		cp_format_value(vw - vb, c + 1, sizeof c - 1);
		c[0] = vw - vb > 0 ? '+' : ' ';
	}
	fprintf(f, "%12s  %12s  %12s\n", a, b, c[0] == ' ' ? c + 1 : c);
}

static void report(FILE *f, int format, const cli_side *b, const cli_side *w, const files *bf, const files *wf,
                   const compare_draws *cd)
{
	const cp_graph *g = b->g;
	int32_t i, k;
	int first = 1, wname = 6;

	if (format == CLI_CSV && cd) {
		compare_draws_csv(f, cd);
		return;
	}
	if (format == CLI_CSV) {
		fputs("id,sector,country,base_disruption,with_disruption,delta,base_value_at_risk,with_value_at_risk,value_at_risk_delta\n", f);
		for (i = 0; i < b->r->n_sector_nodes; i++) {
			int32_t v = b->r->sector_nodes[i], u = same_sector(w, g, v);
			cp_csv_field(f, cp_node_id(g, v));
			fputc(',', f);
			cp_csv_field(f, cp_graph_str(g, g->sector[v]));
			fprintf(f, ",%s,", cp_node_country(g, v));
			cp_csv_number(f, dis_of(b, v));
			fputc(',', f);
			cp_csv_number(f, dis_of(w, u));
			fputc(',', f);
			cp_csv_number(f, dis_of(w, u) - dis_of(b, v));
			fputc(',', f);
			cp_csv_number(f, var_of(b, v));
			fputc(',', f);
			cp_csv_number(f, var_of(w, u));
			fputc(',', f);
			cp_csv_number(f, var_of(w, u) - var_of(b, v));
			fputc('\n', f);
		}
		return;
	}
	if (format == CLI_JSON) {
		fputs("{", f);
		cp_meaning_json(f, cp_meaning_of(b->r), b->r->at, 0, 0);
		fputs(",\n\"sectors\": [", f);
		for (i = 0; i < b->r->n_sector_nodes; i++) {
			int32_t v = b->r->sector_nodes[i], u = same_sector(w, g, v);
			fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
			cp_json_sector_place(f, g, v);
			fputs(", \"base\": ", f);
			json_side(f, dis_of(b, v), var_of(b, v));
			fputs(", \"with\": ", f);
			json_side(f, dis_of(w, u), var_of(w, u));
			fputs(", \"delta\": ", f);
			cp_json_number(f, dis_of(w, u) - dis_of(b, v));
			fputs(", \"value_at_risk_delta\": ", f);
			cp_json_number(f, var_of(w, u) - var_of(b, v));
			fputs("}", f);
		}
		fputs("],\n\"groups\": [", f);
		for (k = 0; k < b->r->n_groups; k++) {
			const cp_sector_group *gb = &b->r->groups[k], *gw = same_group(w, g, gb->sector);
			fputs(k ? ",\n  {\"sector\": " : "\n  {\"sector\": ", f);
			cp_json_string(f, cp_graph_str(g, gb->sector));
			fputs(", \"base\": ", f);
			json_side(f, gb->disruption, gb->value_at_risk);
			fputs(", \"with\": ", f);
			json_side(f, gw ? gw->disruption : NAN, gw ? gw->value_at_risk : NAN);
			fputs(", \"delta\": ", f);
			cp_json_number(f, gw ? gw->disruption - gb->disruption : NAN);
			fputs(", \"value_at_risk_delta\": ", f);
			cp_json_number(f, gw ? gw->value_at_risk - gb->value_at_risk : NAN);
			fputs("}", f);
		}
		fputs("],\n", f);
		if (cd)
			compare_draws_json(f, cd);
		fputs("\"warnings\": [", f);
		print_warnings(f, b, "base", 1, &first);
		print_warnings(f, w, "with", 1, &first);
		fputs("]}\n", f);
		return;
	}
	cp_meaning_line(f, cp_meaning_of(b->r), b->r->at, 0, 0);
	fputs("base:", f);
	for (i = 0; i < bf->n; i++) {
		fputc(' ', f);
		cp_print_text(f, bf->v[i]);
	}
	fputs("\nwith:", f);
	for (i = 0; i < wf->n; i++) {
		fputc(' ', f);
		cp_print_text(f, wf->v[i]);
	}
	fputs("\n", f);
	for (k = 0; k < b->r->n_groups; k++)
		if (cli_text_width(cp_graph_str(g, b->r->groups[k].sector)) > wname)
			wname = cli_text_width(cp_graph_str(g, b->r->groups[k].sector));
	for (i = 0; i < b->r->n_sector_nodes; i++)
		if (cli_text_width(cp_node_id(g, b->r->sector_nodes[i])) > wname)
			wname = cli_text_width(cp_node_id(g, b->r->sector_nodes[i]));
	table_head(f, "sector", wname);
	for (k = 0; k < b->r->n_groups; k++) {
		const cp_sector_group *gb = &b->r->groups[k], *gw = same_group(w, g, gb->sector);
		table_row(f, cp_graph_str(g, gb->sector), wname, gb->disruption, gw ? gw->disruption : NAN,
		          gb->value_at_risk, gw ? gw->value_at_risk : NAN);
	}
	table_head(f, "sector node", wname);
	for (i = 0; i < b->r->n_sector_nodes; i++) {
		int32_t v = b->r->sector_nodes[i], u = same_sector(w, g, v);
		table_row(f, cp_node_id(g, v), wname, dis_of(b, v), dis_of(w, u), var_of(b, v), var_of(w, u));
	}
	if (cd)
		compare_draws_table(f, cd);
	print_warnings(f, b, "base", 0, &first);
	print_warnings(f, w, "with", 0, &first);
}

typedef struct compare_opts {
	int format;
	files base, with;
	cp_score_opts so;
	cli_draws draws;
} compare_opts;

static int compare_option(void *ctx, int opt, const char *arg)
{
	compare_opts *o = ctx;
	int k = cli_score_option("compare", &o->so, opt, arg);
	if (k == 0)
		k = cli_draws_option("compare", &o->draws, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == 'f')
		return (o->format = cli_parse_format("compare", arg)) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	/* --base or --with: the files are argv's own strings */
	return add_file(opt == 'b' ? &o->base : &o->with, (char *)arg) < 0 ? CP_EXIT_INTERNAL : CLI_GO_ON;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "base", 1, 0, 'b' }, { "with", 1, 0, 'w' },
		CLI_AT_OPTION, { "seed", 1, 0, CLI_OPT_SEED }, CLI_DRAW_OPTIONS, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "compare", usage, "hf:q", opts, compare_option, compare_help };
	compare_opts o = { CLI_TABLE, { NULL, 0 }, { NULL, 0 }, { 0 }, { 0, 0, NULL } };
	cp_draws *bd = NULL, *wd = NULL;
	compare_draws cd;
	files bf, wf;
	cli_input in;
	int format, rc;
	cli_side base, with;

	cp_score_opts_default(&o.so);
	rc = cli_parse_options(argc, argv, &spec, &in, &o);
	bf = o.base;
	wf = o.with;
	format = o.format;
	if (rc != CLI_GO_ON)
		goto done;
	rc = CP_EXIT_USAGE;
	if (optind != argc - 1) {
		cli_usage_error("compare", optind >= argc ? "missing GRAPH" : "one GRAPH, scenarios go with --base and --with");
		goto done;
	}
	if (!bf.n || !wf.n) {
		cli_usage_error("compare", "give at least one --base and one --with scenario");
		goto done;
	}
	if ((rc = cli_side_score(&in, argv[optind], bf.v, bf.n, &o.so, &base)) != CP_EXIT_OK)
		goto done;
	if ((rc = cli_side_score(&in, argv[optind], wf.v, wf.n, &o.so, &with)) != CP_EXIT_OK) {
		cli_side_free(&base);
		goto done;
	}
	check_sides(&base, &with);
	if (o.draws.n) {
		cli_draws draws_base = o.draws;
		draws_base.out = NULL;   /* --draws-out records the --with side */
		if ((rc = cli_side_draws("compare", &in, &draws_base, &o.so, &base, &bd)) != CP_EXIT_OK ||
		    (rc = cli_side_draws("compare", &in, &o.draws, &o.so, &with, &wd)) != CP_EXIT_OK)
			goto draws_done;
		if (compare_draws_make(&cd, bd, wd) < 0) {
			fprintf(stderr, "chokepoint compare: out of memory\n");
			rc = CP_EXIT_INTERNAL;
			goto draws_done;
		}
	}
	report(stdout, format, &base, &with, &bf, &wf, o.draws.n ? &cd : NULL);
	if (o.draws.n)
		compare_draws_free(&cd);
draws_done:
	cp_draws_free(bd);
	cp_draws_free(wd);
	cli_side_free(&base);
	cli_side_free(&with);
done:
	free(bf.v);
	free(wf.v);
	return rc;
}
