/* chokepoint import NODES.csv INPUTS.csv [-o graph.json]
 * chokepoint export GRAPH [SCENARIO...] --format graphml|gml -o FILE */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "export.h"
#include "import.h"

static const char import_usage[] =
	"Usage: chokepoint import NODES.csv INPUTS.csv [-o graph.json] [options]\n"
	"\n"
	"Build a graph file from two spreadsheet tables (CSV, as Excel or LibreOffice\n"
	"save them: quoted fields, commas and line breaks inside quotes, a UTF-8 byte\n"
	"order mark and CRLF line ends all read).  The first row names the columns.\n"
	"\n"
	"  NODES.csv   one row per node: id,kind,country (required), then any of elements\n"
	"              (symbols separated by spaces or ;), name, sector, end_use,\n"
	"              tech_origin, output, inventory_days, production_t, restock_rate, note\n"
	"  INPUTS.csv  one row per supplier of a line: node,item,supplier,share (required),\n"
	"              then any of value_share, substitutable, transit_days, note (given\n"
	"              on any row of the line; rows that repeat them must agree)\n"
	"\n"
	"  -o, --output=FILE          write the graph there (default: standard output)\n"
	"      --name=TEXT            the graph's name\n"
	"      --value-unit=TEXT      the unit of output and value at risk\n"
	"      --graph-version=N      the format version written, 1 or 2 (default 2)\n";

typedef struct import_cli {
	const char *out;
	cp_import_opts io;
} import_cli;

enum { OPT_NAME = 1400, OPT_UNIT, OPT_GVERSION };

static int import_option(void *ctx, int opt, const char *arg)
{
	import_cli *o = ctx;
	long v;
	switch (opt) {
	case 'o':
		o->out = arg;
		break;
	case OPT_NAME:
		o->io.name = arg;
		break;
	case OPT_UNIT:
		o->io.value_unit = arg;
		break;
	case OPT_GVERSION:
		if (cli_parse_long("import", "graph-version", arg, 1, 2, &v) < 0)
			return CP_EXIT_USAGE;
		o->io.version = (int)v;
		break;
	}
	return CLI_GO_ON;
}

/* Write text to path through a temporary file renamed into place, so a
 * failed write never leaves half a file under the name asked for. */
static int write_file(const char *cmd, const char *path, const char *text, size_t len, FILE *from)
{
	char tmp[4096];
	FILE *f;
	int bad;
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		fprintf(stderr, "chokepoint %s: output path too long\n", cmd);
		return CP_EXIT_IO;
	}
	if (!(f = fopen(tmp, "wb"))) {
		fprintf(stderr, "chokepoint %s: cannot write '%s'\n", cmd, tmp);
		return CP_EXIT_IO;
	}
	if (from) {
		char buf[65536];
		size_t n;
		rewind(from);
		while ((n = fread(buf, 1, sizeof buf, from)) > 0)
			fwrite(buf, 1, n, f);
	} else {
		fwrite(text, 1, len, f);
	}
	bad = ferror(f) | (fclose(f) != 0);
	if (bad || rename(tmp, path) != 0) {
		remove(tmp);
		fprintf(stderr, "chokepoint %s: cannot write '%s'\n", cmd, path);
		return CP_EXIT_IO;
	}
	return CP_EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "output", 1, 0, 'o' }, { "name", 1, 0, OPT_NAME },
		{ "value-unit", 1, 0, OPT_UNIT }, { "graph-version", 1, 0, OPT_GVERSION }, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "import", import_usage, "ho:q", opts, import_option, NULL };
	import_cli o = { NULL, { 2, NULL, NULL } };
	cli_input in;
	cp_log log;
	size_t printed = 0;
	char *json = NULL;
	cp_status st;
	int rc;

	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	if (argc - optind != 2) {
		cli_usage_error("import", "give NODES.csv and INPUTS.csv");
		return CP_EXIT_USAGE;
	}
	cp_log_init(&log);
	st = cp_import_csv(argv[optind], argv[optind + 1], &o.io, &in.lim, &json, &log);
	cli_print_log(&log, &printed, in.quiet);
	if (st != CP_OK) {
		if (log.n_errors)
			fprintf(stderr, "chokepoint: %zu error%s\n", log.n_errors, log.n_errors == 1 ? "" : "s");
		rc = cli_exit_for(st);
	} else if (o.out) {
		rc = write_file("import", o.out, json, strlen(json), NULL);
	} else {
		fputs(json, stdout);
		fputc('\n', stdout);
		rc = fflush(stdout) != 0 || ferror(stdout) ? CP_EXIT_IO : CP_EXIT_OK;
	}
	free(json);
	cp_log_free(&log);
	return rc;
}

static const char export_usage[] =
	"Usage: chokepoint export GRAPH [SCENARIO...] --format graphml|gml -o FILE [options]\n"
	"\n"
	"Write the graph scored under the scenarios for graph tools (Gephi, yEd,\n"
	"NetworkX, igraph), through igraph's writers.  Nodes carry name and label (the\n"
	"id), kind, country, sector, end_use, output, disruption and value_at_risk;\n"
	"edges carry item, share, blocked, rules and extraterritorial; the graph\n"
	"carries title, scenario and model (what the numbers mean).\n"
	"\n"
	"  -f, --format=FORMAT        graphml or gml (default: from the -o extension)\n"
	"  -o, --output=FILE          the file to write (required)\n";

typedef struct export_cli {
	const char *out;
	int format;                 /* -1 until given */
	cp_score_opts so;
} export_cli;

static int export_format(const char *s)
{
	const char *dot;
	if (strcasecmp(s, "graphml") == 0)
		return CP_EXPORT_GRAPHML;
	if (strcasecmp(s, "gml") == 0)
		return CP_EXPORT_GML;
	if ((dot = strrchr(s, '.')) && dot != s)
		return export_format(dot + 1);
	return -1;
}

static int export_option(void *ctx, int opt, const char *arg)
{
	export_cli *o = ctx;
	int k = cli_score_option("export", &o->so, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == 'o') {
		o->out = arg;
	} else if (opt == 'f') {
		if ((o->format = strchr(arg, '.') ? -1 : export_format(arg)) < 0) {
			cli_usage_error("export", "unknown format '%s' (graphml or gml)", arg);
			return CP_EXIT_USAGE;
		}
	}
	return CLI_GO_ON;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "output", 1, 0, 'o' }, CLI_AT_OPTION,
		CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "export", export_usage, "hf:o:q", opts, export_option, cli_at_help };
	export_cli o = { NULL, -1, { 0 } };
	cli_input in;
	cli_side side;
	size_t printed;
	FILE *tmp;
	int rc;

	cp_score_opts_default(&o.so);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	if (optind >= argc) {
		cli_usage_error("export", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	if (!o.out) {
		cli_usage_error("export", "give the output file with -o FILE");
		return CP_EXIT_USAGE;
	}
	if (o.format < 0 && (o.format = export_format(o.out)) < 0) {
		cli_usage_error("export", "give --format graphml or gml (the extension of '%s' says neither)", o.out);
		return CP_EXIT_USAGE;
	}
	if ((rc = cli_side_score(&in, argv[optind], argv + optind + 1, argc - optind - 1, &o.so, &side)) != CP_EXIT_OK)
		return rc;
	/* igraph writes to a stream: a scratch file, copied into place whole */
	if (!(tmp = tmpfile())) {
		fprintf(stderr, "chokepoint export: cannot create a temporary file\n");
		cli_side_free(&side);
		return CP_EXIT_IO;
	}
	printed = side.log.n;
	if (cp_export(side.r, (cp_export_format)o.format, tmp, &side.log) != CP_OK || fflush(tmp) != 0) {
		cli_print_log(&side.log, &printed, in.quiet);
		rc = CP_EXIT_INTERNAL;
	} else {
		rc = write_file("export", o.out, NULL, 0, tmp);
	}
	fclose(tmp);
	cli_side_free(&side);
	return rc;
}
