/* chokepoint timeline GRAPH SCENARIO... [--from DATE] [--to DATE] [--threshold X]
 *     [--format table|json|csv] [--flows] [--sector ID|NAME]... [--chart FILE] */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"

static const char usage[] =
	"Usage: chokepoint timeline GRAPH SCENARIO... [options]\n"
	"\n"
	"Play the scenarios day by day (MODEL.md section 7): licensing lead times,\n"
	"phases that tighten or ease, shipping times and stocks that run down and\n"
	"refill.  Says when each sector falls below the threshold, how deep, for how\n"
	"long, and the output lost.\n"
	"\n"
	"      --from=DATE            first day (default: 30 days before the earliest\n"
	"                             start of any control or outage)\n"
	"      --to=DATE              last day, included (default: --from + 365 days)\n"
	"      --threshold=X          output below X counts as below (default " CP_STR(CP_THRESHOLD_DEFAULT) ")\n"
	"  -f, --format=FORMAT        table (default): what the numbers mean, a summary\n"
	"                             per sector group and node, the events;\n"
	"                             json: the MODEL.md 7.4 result;\n"
	"                             csv: date,id,sector,country,output per day and node\n"
	"      --flows                with csv: date,rule,index per day and rule instead\n"
	"      --sector=ID|NAME       only this sector node, or the nodes of this sector\n"
	"                             (repeatable)\n"
	"      --chart=FILE           also draw a chart (.svg, .png or .pdf); with --draws,\n"
	"                             the medians and 5-95 bands of the draws\n"
	"      --max-days=N           longest horizon accepted (default " CP_STR(CP_MAX_DAYS_DEFAULT) ")\n"
	"      --seed=S               seed for the draws (default 1)\n"
	"      --draws=N              also N draws of every distribution: 5-50-95 bands of\n"
	"                             each day's output, of the first day below and of the\n"
	"                             lost value, and what they hang on\n"
	"      --threads=T            draws on T threads (default: one per processor)\n"
	"      --draws-out=FILE       one JSON line per draw: its numbers and lost values\n";

typedef struct timeline_cli {
	int format, flows;
	int has_from, has_to;
	cp_timeline_opts to;
	const char *chart;
	char **sectors;
	int n_sectors;
	cli_draws draws;
	uint64_t seed;
} timeline_cli;

enum { OPT_FROM = 3000, OPT_TO, OPT_THRESHOLD, OPT_FLOWS, OPT_SECTOR, OPT_CHART, OPT_MAX_DAYS };

static int timeline_option(void *ctx, int opt, const char *arg)
{
	timeline_cli *o = ctx;
	char *end, **grown;
	long v;
	int k = cli_draws_option("timeline", &o->draws, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	switch (opt) {
	case CLI_OPT_SEED:
		if (cli_parse_long("timeline", "seed", arg, 0, LONG_MAX, &v) < 0)
			return CP_EXIT_USAGE;
		o->seed = (uint64_t)v;
		return CLI_GO_ON;
	case 'f':
		return (o->format = cli_parse_format("timeline", arg)) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case OPT_FROM:
		o->has_from = 1;
		return cli_parse_date("timeline", "from", arg, &o->to.from) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case OPT_TO:
		o->has_to = 1;
		return cli_parse_date("timeline", "to", arg, &o->to.to) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case OPT_THRESHOLD:
		errno = 0;
		o->to.threshold = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->to.threshold > 0 && o->to.threshold <= 1)) {
			cli_usage_error("timeline", "--threshold takes a number in (0, 1], got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	case OPT_FLOWS:
		o->flows = 1;
		return CLI_GO_ON;
	case OPT_SECTOR:
		if (!(grown = realloc(o->sectors, ((size_t)o->n_sectors + 1) * sizeof *grown))) {
			fprintf(stderr, "chokepoint timeline: out of memory\n");
			return CP_EXIT_INTERNAL;
		}
		o->sectors = grown;
		o->sectors[o->n_sectors++] = (char *)arg;
		return CLI_GO_ON;
	case OPT_CHART:
		o->chart = arg;
		return CLI_GO_ON;
	case OPT_MAX_DAYS:
		if (cli_parse_long("timeline", "max-days", arg, 1, 10000000, &v) < 0)
			return CP_EXIT_USAGE;
		o->to.max_days = (int32_t)v;
		return CLI_GO_ON;
	}
	return CP_EXIT_USAGE;
}

/* The sector nodes --sector names, by id or by sector name; NULL for all. */
static int choose_sectors(const timeline_cli *o, const cp_timeline *t, uint8_t **show)
{
	const cp_graph *g = t->g;
	int k;
	*show = NULL;
	if (!o->n_sectors)
		return CP_EXIT_OK;
	if (!(*show = calloc((size_t)t->n_sector_nodes + 1, 1))) {
		fprintf(stderr, "chokepoint timeline: out of memory\n");
		return CP_EXIT_INTERNAL;
	}
	for (k = 0; k < o->n_sectors; k++) {
		int32_t i, hit = 0;
		for (i = 0; i < t->n_sector_nodes; i++) {
			int32_t s = t->sector_nodes[i];
			if (strcmp(cp_node_id(g, s), o->sectors[k]) == 0 ||
			    strcmp(cp_graph_str(g, g->sector[s]), o->sectors[k]) == 0) {
				(*show)[i] = 1;
				hit = 1;
			}
		}
		if (!hit) {
			cli_usage_error("timeline", "--sector: no sector node or sector named '%s'", o->sectors[k]);
			free(*show);
			*show = NULL;
			return CP_EXIT_USAGE;
		}
	}
	return CP_EXIT_OK;
}

/* Defaults of MODEL.md 7 as settled: 30 days before the first start, a
 * year and a day. */
static int horizon(timeline_cli *o, const cp_scenario *s)
{
	if (!o->has_from) {
		int32_t first = cp_scenario_first_start(s);
		if (first == CP_DAY_NEVER_BEFORE) {
			cli_usage_error("timeline", "no control or outage has a 'start': give --from");
			return CP_EXIT_USAGE;
		}
		o->to.from = first - 30;
	}
	if (!o->has_to)
		o->to.to = o->to.from + 365;
	if (o->to.to < o->to.from) {
		char a[11], b[11];
		cp_date_format(o->to.from, a);
		cp_date_format(o->to.to, b);
		cli_usage_error("timeline", "--to (%s) is before --from (%s)", b, a);
		return CP_EXIT_USAGE;
	}
	return CP_EXIT_OK;
}

int cmd_timeline(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "from", 1, 0, OPT_FROM }, { "to", 1, 0, OPT_TO },
		{ "threshold", 1, 0, OPT_THRESHOLD }, { "flows", 0, 0, OPT_FLOWS }, { "sector", 1, 0, OPT_SECTOR },
		{ "chart", 1, 0, OPT_CHART }, { "max-days", 1, 0, OPT_MAX_DAYS },
		{ "seed", 1, 0, CLI_OPT_SEED }, CLI_DRAW_OPTIONS, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "timeline", usage, "hf:q", opts, timeline_option, NULL };
	timeline_cli o;
	cli_input in;
	cp_graph *g = NULL, *unchanged = NULL;
	cp_scenario *s = NULL;
	cp_timeline *t = NULL;
	cp_draws *draws = NULL;
	cli_prepared prep;
	cp_model *m = NULL;
	cp_variant var = CP_VARIANT_STATIC;
	cp_draw_opts dopts;
	cp_log log;
	uint8_t *show = NULL;
	size_t printed;
	cp_status st;
	int rc;

	memset(&o, 0, sizeof o);
	o.format = CLI_TABLE;
	o.seed = 1;
	cp_timeline_opts_default(&o.to);
	cp_log_init(&log);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		goto done;
	rc = CP_EXIT_USAGE;
	if (optind >= argc) {
		cli_usage_error("timeline", "missing GRAPH");
		goto done;
	}
	if (o.flows && o.format != CLI_CSV) {
		cli_usage_error("timeline", "--flows goes with --format csv");
		goto done;
	}
	if ((rc = cli_load_prepared(&in, argv[optind], argv + optind + 1, argc - optind - 1, &g, &s, &prep, &log)) !=
	    CP_EXIT_OK)
		goto done;
	printed = log.n;
	unchanged = prep.unchanged;
	m = cli_prepared_take(&prep, &log);
	if ((rc = horizon(&o, s)) != CP_EXIT_OK)
		goto done;
	st = cp_timeline_play(&t, m, &var, &o.to, &log);
	cli_print_log(&log, &printed, in.quiet);
	if (st != CP_OK) {
		if (st == CP_ENOMEM)
			fprintf(stderr, "chokepoint timeline: out of memory\n");
		rc = cli_exit_for(st);
		goto done;
	}
	if ((rc = choose_sectors(&o, t, &show)) != CP_EXIT_OK)
		goto done;
	if (o.draws.n) {
		cp_draw_opts_default(&dopts);
		dopts.timeline = 1;
		dopts.tl = o.to;
		dopts.unchanged = unchanged;
		if ((rc = cli_run_draws("timeline", &in, &o.draws, o.seed, m, &dopts, &draws, &log)) != CP_EXIT_OK)
			goto done;
	}
	if (o.format == CLI_JSON) {
		cp_timeline_json_draws(stdout, t, show, draws, &log);
	} else if (o.format == CLI_CSV) {
		cp_timeline_csv(stdout, t, show, o.flows);
	} else {
		cp_timeline_table(stdout, t, show, &log);
		if (draws)
			cp_draws_table(stdout, draws);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "chokepoint timeline: cannot write the result\n");
		rc = CP_EXIT_IO;
		goto done;
	}
	if (o.chart) {
		st = cp_chart_timeline_draws(t, draws, show, o.chart, &log);
		cli_print_log(&log, &printed, in.quiet);
		if (st != CP_OK)
			rc = cli_exit_for(st);
	}
done:
	cp_draws_free(draws);
	free(show);
	free(o.sectors);
	cp_timeline_free(t);
	cp_model_free(m);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_graph_free(unchanged);
	cp_log_free(&log);
	return rc;
}
