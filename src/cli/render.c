/* chokepoint render GRAPH [SCENARIO...] -o FILE [--format svg|png|pdf|dot] ... */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: chokepoint render GRAPH [SCENARIO...] -o FILE [options]\n"
	"\n"
	"Draw the supply graph with Graphviz, shocked by the scenarios: stages left\n"
	"to right by kind, nodes filled white -> yellow -> red by disruption, edges\n"
	"as wide as their share, blocked edges red with their rules and blocked\n"
	"percentage, extraterritorial ones dashed purple.  A legend explains both.\n"
	"\n"
	"  -o, --output=FILE          where to write the drawing (required); '-' writes\n"
	"                             to stdout and then needs --format\n"
	"  -f, --format=FORMAT        svg, png, pdf or dot (default: from FILE's\n"
	"                             extension; .gv is dot); dot is the graph before\n"
	"                             layout\n"
	"      --cluster=country      box nodes by country (default: no boxes)\n"
	"      --focus=ID             draw only node ID and what feeds it (its upstream\n"
	"                             closure; default: the whole graph)\n"
	"      --min-share=X          hide edges whose share of their line is below X,\n"
	"                             from 0 to 1 (default 0: draw every edge)\n"
	"      --collapse=BY          merge nodes of the same kind and country (country)\n"
	"                             or of the same kind (kind); default: no merging\n"
	"      --max-draw-nodes=N     refuse drawings with more nodes than N, after\n"
	"                             --focus and --collapse (default " CP_STR(CP_RENDER_MAX_NODES_DEFAULT) ")\n"
	"      --max-draw-edges=N     likewise for edges (default " CP_STR(CP_RENDER_MAX_EDGES_DEFAULT) ")\n";

static int parse_count(const char *opt, const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v == 0 || v > (1ull << 30)) {
		cli_usage_error("render", "--%s takes a whole number from 1 to %llu, got '%s'", opt, 1ull << 30, arg);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

typedef struct render_cli {
	cp_render_opts ro;
	const char *output, *focus;
	int have_format;
	cp_score_opts so;
} render_cli;

static int render_option(void *ctx, int opt, const char *arg)
{
	render_cli *o = ctx;
	char *end;
	int k = cli_score_option("render", &o->so, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	switch (opt) {
	case 'o':
		o->output = arg;
		return CLI_GO_ON;
	case 'f':
		if (cp_render_format_parse(arg, &o->ro.format) < 0) {
			cli_usage_error("render", "unknown format '%s' (svg, png, pdf or dot)", arg);
			return CP_EXIT_USAGE;
		}
		o->have_format = 1;
		return CLI_GO_ON;
	case 2000:
		if (strcmp(arg, "country") != 0) {
			cli_usage_error("render", "--cluster takes 'country', got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		o->ro.cluster = CP_GROUP_COUNTRY;
		return CLI_GO_ON;
	case 2001:
		o->focus = arg;
		return CLI_GO_ON;
	case 2002:
		errno = 0;
		o->ro.min_share = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->ro.min_share >= 0 && o->ro.min_share <= 1)) {
			cli_usage_error("render", "--min-share takes a number from 0 to 1, got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	case 2003:
		if (strcmp(arg, "country") == 0)
			o->ro.collapse = CP_GROUP_COUNTRY;
		else if (strcmp(arg, "kind") == 0)
			o->ro.collapse = CP_GROUP_KIND;
		else {
			cli_usage_error("render", "--collapse takes 'country' or 'kind', got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	case 2004:
		if (parse_count("max-draw-nodes", arg, &o->ro.max_nodes) < 0)
			return CP_EXIT_USAGE;
		return CLI_GO_ON;
	case 2005:
		if (parse_count("max-draw-edges", arg, &o->ro.max_edges) < 0)
			return CP_EXIT_USAGE;
		return CLI_GO_ON;
	}
	return CP_EXIT_USAGE;
}

int cmd_render(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "output", 1, 0, 'o' }, { "format", 1, 0, 'f' },
		{ "cluster", 1, 0, 2000 }, { "focus", 1, 0, 2001 }, { "min-share", 1, 0, 2002 },
		{ "collapse", 1, 0, 2003 }, { "max-draw-nodes", 1, 0, 2004 },
		{ "max-draw-edges", 1, 0, 2005 },
		CLI_AT_OPTION, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "render", usage, "ho:f:q", opts, render_option, cli_at_help };
	cli_input in;
	render_cli o = { .output = NULL, .focus = NULL, .have_format = 0 };
	cp_render_opts ro;
	const char *output, *focus;
	int have_format, rc;
	cli_side side;
	cp_status st;
	size_t printed;

	cp_render_opts_default(&o.ro);
	cp_score_opts_default(&o.so);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	ro = o.ro;
	output = o.output;
	focus = o.focus;
	have_format = o.have_format;
	if (optind >= argc) {
		cli_usage_error("render", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	if (!output) {
		cli_usage_error("render", "missing -o FILE");
		return CP_EXIT_USAGE;
	}
	if (!have_format) {
		if (strcmp(output, "-") == 0) {
			cli_usage_error("render", "writing to stdout needs --format");
			return CP_EXIT_USAGE;
		}
		if (cp_render_format_of_path(output, &ro.format) < 0) {
			cli_usage_error("render", "cannot tell the format from '%s': name it .svg, .png, .pdf "
			                "or .dot, or give --format", output);
			return CP_EXIT_USAGE;
		}
	}
	if (ro.cluster == CP_GROUP_COUNTRY && ro.collapse == CP_GROUP_KIND) {
		cli_usage_error("render", "--cluster country does not go with --collapse kind "
		                "(merged nodes have no single country)");
		return CP_EXIT_USAGE;
	}
	if ((rc = cli_side_score(&in, argv[optind], argv + optind + 1, argc - optind - 1, &o.so, &side)) != CP_EXIT_OK)
		return rc;
	if (focus && (ro.focus = cp_graph_find(side.g, focus)) < 0) {
		cli_usage_error("render", "--focus: no node '%s' in %s", focus, argv[optind]);
		cli_side_free(&side);
		return CP_EXIT_USAGE;
	}
	printed = side.log.n;
	if (strcmp(output, "-") == 0)
		st = cp_render(side.r, &ro, stdout, &side.log);
	else
		st = cp_render_file(side.r, &ro, output, &side.log);
	cli_print_log(&side.log, &printed, in.quiet);
	if (st != CP_OK) {
		fprintf(stderr, "chokepoint render: %s\n", cp_status_str(st));
		rc = cli_exit_for(st);
	}
	cli_side_free(&side);
	return rc;
}
