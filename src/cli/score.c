/* chokepoint score GRAPH [SCENARIO...] [--format table|json|csv] [--sectors] */
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
	"  -f, --format=FORMAT        table (default): sector summary, critical paths and\n"
	"                             what lifting each rule alone gives back;\n"
	"                             json: the MODEL.md section 5 result;\n"
	"                             csv: one row per node\n"
	"      --sectors              with csv: one row per sector node instead\n"
	"  -h, --help                 show this help\n";

enum format { TABLE, JSON, CSV };

int cmd_score(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "sectors", 0, 0, 's' },
		CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	cli_input in;
	enum format format = TABLE;
	int sectors = 0, c, rc;
	cp_graph *g;
	cp_scenario *s;
	cp_result *r;
	cp_log log;
	cp_status st;
	size_t printed;

	cli_input_init(&in);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:q", opts, NULL)) != -1) {
		int k = cli_input_option(&in, c, optarg);
		if (k < 0)
			return CP_EXIT_USAGE;
		if (k > 0)
			continue;
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			fputs(cli_input_help, stdout);
			return CP_EXIT_OK;
		case 'f':
			if (strcmp(optarg, "table") == 0) format = TABLE;
			else if (strcmp(optarg, "json") == 0) format = JSON;
			else if (strcmp(optarg, "csv") == 0) format = CSV;
			else {
				cli_usage_error("score", "unknown format '%s' (table, json or csv)", optarg);
				return CP_EXIT_USAGE;
			}
			break;
		case 's':
			sectors = 1;
			break;
		default:
			cli_usage_error("score", "unknown option");
			return CP_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_usage_error("score", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	if (sectors && format != CSV) {
		cli_usage_error("score", "--sectors goes with --format csv");
		return CP_EXIT_USAGE;
	}
	cp_log_init(&log);
	rc = cli_load(&in, argv[optind], argv + optind + 1, argc - optind - 1, &g, &s, &log);
	if (rc != CP_EXIT_OK) {
		cp_log_free(&log);
		return rc;
	}
	printed = log.n;
	st = cp_score(&r, g, s, format == TABLE ? CP_SCORE_EXPLAIN : 0, &log);
	cli_print_log(&log, &printed, in.quiet);
	if (st != CP_OK) {
		fprintf(stderr, "chokepoint score: %s\n", cp_status_str(st));
		rc = cli_exit_for(st);
	} else {
		if (format == JSON)
			cp_report_json(stdout, r, &log);
		else if (format == CSV)
			cp_report_csv(stdout, r, sectors);
		else
			cp_report_table(stdout, r);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "chokepoint score: cannot write the result\n");
			rc = CP_EXIT_IO;
		}
	}
	cp_result_free(r);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return rc;
}
