/* chokepoint score GRAPH [SCENARIO...] [--format table|json|csv] [--sectors] [--at DATE] [--shares] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "table.h"

static const char usage[] =
	"Usage: chokepoint score GRAPH [SCENARIO...] [options]\n"
	"\n"
	"Apply the scenarios' controls and outages to the graph and print the\n"
	"disruption of every node and sector (MODEL.md section 3).\n"
	"\n"
	"  -f, --format=FORMAT        table (default): sector summary, critical paths, each\n"
	"                             rule's share of the disruption and what lifting\n"
	"                             each rule alone gives back;\n"
	"                             json: the MODEL.md section 5 result;\n"
	"                             csv: one row per node\n"
	"      --sectors              with csv: one row per sector node instead\n"
	"      --groups               with csv: one row per sector group instead\n"
	"      --sort=KEY             order the table's groups and sector nodes (and --groups\n"
	"                             rows): disruption or value (largest first), id, or\n"
	"                             file (default)\n"
	"      --top=K                only the first K groups and sector nodes\n"
	"      --shares               with json: each sector's and group's Shapley shares\n"
	"                             (always in the table)\n"
	"      --chart=FILE           with --draws: also draw the ranges of the sector groups\n"
	"                             and nodes (.svg, .png or .pdf)\n";

enum { OPT_SORT = 1300, OPT_TOP, OPT_GROUPS };

/* --help: the score options, then the draw options */
static char score_help[2048];

typedef struct score_opts {
	int format;
	int sectors;
	int groups;
	int shares;
	cp_table_opts table;
	const char *chart;
	cp_score_opts so;
	cli_draws draws;
} score_opts;

static int score_option(void *ctx, int opt, const char *arg)
{
	score_opts *o = ctx;
	int k = cli_score_option("score", &o->so, opt, arg);
	if (k == 0)
		k = cli_draws_option("score", &o->draws, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == 'f')
		return (o->format = cli_parse_format("score", arg)) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == OPT_SORT)
		return cli_parse_sort("score", arg, &o->table.sort) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == OPT_TOP) {
		long v;
		if (cli_parse_long("score", "top", arg, 1, INT32_MAX, &v) < 0)
			return CP_EXIT_USAGE;
		o->table.top = (int32_t)v;
		return CLI_GO_ON;
	}
	if (opt == OPT_GROUPS)
		o->groups = 1;
	else if (opt == 'c')
		o->chart = arg;
	else if (opt == 'S')
		o->shares = 1;
	else
		o->sectors = 1;
	return CLI_GO_ON;
}

int cmd_score(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "sectors", 0, 0, 's' },
		{ "shares", 0, 0, 'S' }, { "chart", 1, 0, 'c' }, { "sort", 1, 0, OPT_SORT }, { "top", 1, 0, OPT_TOP },
		{ "groups", 0, 0, OPT_GROUPS }, CLI_SCORE_OPTIONS, CLI_DRAW_OPTIONS, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "score", usage, "hf:q", opts, score_option, score_help };
	score_opts o = { CLI_TABLE, 0, 0, 0, { CP_SORT_FILE, 0 }, NULL, { 0 }, { 0, 0, NULL } };
	cp_draws *draws = NULL;
	cli_input in;
	cli_side side;
	int rc;

	cp_score_opts_default(&o.so);
	snprintf(score_help, sizeof score_help, "%s%s", cli_score_help, cli_draws_help);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	if (optind >= argc) {
		cli_usage_error("score", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	if (o.draws.out && !o.draws.n) {
		cli_usage_error("score", "--draws-out goes with --draws");
		return CP_EXIT_USAGE;
	}
	if (o.chart && !o.draws.n) {
		cli_usage_error("score", "--chart goes with --draws");
		return CP_EXIT_USAGE;
	}
	if ((o.sectors || o.groups) && o.format != CLI_CSV) {
		cli_usage_error("score", "--%s goes with --format csv", o.sectors ? "sectors" : "groups");
		return CP_EXIT_USAGE;
	}
	if (o.sectors && o.groups) {
		cli_usage_error("score", "--sectors or --groups, not both");
		return CP_EXIT_USAGE;
	}
	if ((o.table.sort != CP_SORT_FILE || o.table.top) && o.format != CLI_TABLE && !o.groups) {
		cli_usage_error("score", "--sort and --top go with the table or --groups");
		return CP_EXIT_USAGE;
	}
	if (o.format == CLI_TABLE)
		o.so.flags = CP_SCORE_EXPLAIN | CP_SCORE_SHARES;
	else if (o.format == CLI_JSON && o.shares)
		o.so.flags = CP_SCORE_SHARES;
	rc = cli_side_score(&in, argv[optind], argv + optind + 1, argc - optind - 1, &o.so, &side);
	if (rc != CP_EXIT_OK)
		return rc;
	if (o.draws.n) {
		if ((rc = cli_side_draws("score", &in, &o.draws, &o.so, &side, &draws)) != CP_EXIT_OK) {
			cli_side_free(&side);
			return rc;
		}
	}
	if (o.format == CLI_JSON) {
		cp_report_json_draws(stdout, side.r, draws, &side.log);
	} else if (o.format == CLI_CSV) {
		if (draws)
			cp_draws_csv(stdout, draws);
		else if (o.groups)
			cli_groups_csv(stdout, side.r, &o.table);
		else
			cp_report_csv(stdout, side.r, o.sectors);
	} else {
		cp_report_table_opts(stdout, side.r, &o.table);
		if (draws)
			cp_draws_table(stdout, draws);
		cli_table_warnings(stdout, &side.log, NULL, NULL);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "chokepoint score: cannot write the result\n");
		rc = CP_EXIT_IO;
	} else if (o.chart) {
		size_t printed = side.log.n;
		cp_status st = cp_chart_ranges(draws, o.chart, &side.log);
		cli_print_log(&side.log, &printed, in.quiet);
		if (st != CP_OK)
			rc = cli_exit_for(st);
	}
	cp_draws_free(draws);
	cli_side_free(&side);
	return rc;
}
