/* chokepoint score GRAPH [SCENARIO...] [--format table|json|csv] [--sectors] [--at DATE] [--shares] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
	"      --shares               with json: each sector's and group's Shapley shares\n"
	"                             (always in the table)\n"
	"      --chart=FILE           with --draws: also draw the ranges of the sector groups\n"
	"                             and nodes (.svg, .png or .pdf)\n";

/* --help: the score options, then the draw options */
static char score_help[2048];

typedef struct score_opts {
	int format;
	int sectors;
	int shares;
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
	if (opt == 'c')
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
		{ "shares", 0, 0, 'S' }, { "chart", 1, 0, 'c' }, CLI_SCORE_OPTIONS, CLI_DRAW_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "score", usage, "hf:q", opts, score_option, score_help };
	score_opts o = { CLI_TABLE, 0, 0, NULL, { 0 }, { 0, 0, NULL } };
	cp_draws *draws = NULL;
	cp_draw_opts dopts;
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
	if (o.sectors && o.format != CLI_CSV) {
		cli_usage_error("score", "--sectors goes with --format csv");
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
		cp_draw_opts_default(&dopts);
		dopts.at = o.so;
		if ((rc = cli_run_draws("score", &in, &o.draws, o.so.seed, side.g, side.s, &dopts, &draws, &side.log)) !=
		    CP_EXIT_OK) {
			cli_side_free(&side);
			return rc;
		}
	}
	if (o.format == CLI_JSON) {
		cp_report_json_draws(stdout, side.r, draws, &side.log);
	} else if (o.format == CLI_CSV) {
		if (draws)
			cp_draws_csv(stdout, draws);
		else
			cp_report_csv(stdout, side.r, o.sectors);
	} else {
		cp_report_table(stdout, side.r);
		if (draws)
			cp_draws_table(stdout, draws);
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
