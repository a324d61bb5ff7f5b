/* chokepoint validate GRAPH [SCENARIO...] */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage[] =
	"Usage: chokepoint validate GRAPH [SCENARIO...] [options]\n"
	"\n"
	"Check a graph file and scenario files against the format (MODEL.md).\n"
	"Every error found is printed with its file and JSON path (or line:column);\n"
	"warnings go to stderr too.  Exit 0 when valid, 1 when not.\n"
	"\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = { { "help", 0, 0, 'h' }, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 } };
	static const cli_options spec = { "validate", usage, "hq", opts, NULL, NULL };
	cli_input in;
	cp_graph *g;
	cp_scenario *s;
	cp_log log;
	int rc;

	if ((rc = cli_parse_options(argc, argv, &spec, &in, NULL)) != CLI_GO_ON)
		return rc;
	if (optind >= argc) {
		cli_usage_error("validate", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	cp_log_init(&log);
	rc = cli_load(&in, argv[optind], argv + optind + 1, argc - optind - 1, &g, &s, &log);
	if (rc == CP_EXIT_OK) {
		printf("%s: valid%s (nodes: %d, lines: %d, edges: %d", argv[optind],
		       log.n_warnings ? ", with warnings" : "", g->n_nodes, g->n_lines, g->n_edges);
		if (s->n_files)
			printf("; scenario files: %d, controls: %d, outages: %d, changes: %d", s->n_files, s->n_rules,
			       s->n_outages, s->n_changes);
		printf("; warnings: %zu)\n", log.n_warnings);
	}
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return rc;
}
