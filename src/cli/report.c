/* chokepoint report GRAPH SCENARIO... -o FILE [--title TEXT] [--collapse BY]
 *     [--from DATE] [--to DATE] [--threshold X] [--at DATE] [--share-samples N] [--seed S] */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "html.h"

static const char usage[] =
	"Usage: chokepoint report GRAPH [SCENARIO...] -o FILE [options]\n"
	"\n"
	"Write one self-contained HTML page for a reader: what the numbers mean, the\n"
	"findings, the scenario, the sector table per group and region, each control's\n"
	"Shapley share, the critical paths, the diagram of the shocked graph, the\n"
	"timeline when the scenarios carry dates, warnings and the sources the files\n"
	"cite.  It opens offline: no scripts, fonts or fetches.  The numbers are those\n"
	"of 'score --format json --shares' and 'timeline --format json'.\n"
	"\n"
	"  -o, --output=FILE          where to write the page (required); '-' for stdout\n"
	"      --title=TEXT           the page's title (default: the scenarios' names)\n"
	"      --collapse=BY          the diagram merged by country, by kind, not merged\n"
	"                             (none), or auto (default): by country above 40 nodes\n"
	"      --from=DATE            the timeline's first day (default: 30 days before the\n"
	"                             earliest start; no timeline when nothing has a start)\n"
	"      --to=DATE              its last day, included (default: --from + 365 days)\n"
	"      --threshold=X          output below X counts as below (default 0.99)\n";

static char help_more[2048];

#define AUTO_COLLAPSE_NODES 40   /* above, the diagram is merged by country */
#define MAX_SOURCES_BYTES ((size_t)256 << 20)  /* larger files: sources not read (parsed whole) */

enum { OPT_TITLE = 4000, OPT_COLLAPSE, OPT_FROM, OPT_TO, OPT_THRESHOLD };

typedef struct report_cli {
	const char *output, *title;
	int collapse;             /* -1 auto, else a cp_render_group */
	int has_from, has_to;
	cp_timeline_opts to;
	cp_score_opts so;
	cli_draws draws;
} report_cli;

static int report_option(void *ctx, int opt, const char *arg)
{
	report_cli *o = ctx;
	char *end;
	int k = cli_score_option("report", &o->so, opt, arg);
	if (k == 0)
		k = cli_draws_option("report", &o->draws, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	switch (opt) {
	case 'o':
		o->output = arg;
		return CLI_GO_ON;
	case OPT_TITLE:
		o->title = arg;
		return CLI_GO_ON;
	case OPT_COLLAPSE:
		if (strcmp(arg, "auto") == 0)
			o->collapse = -1;
		else if (strcmp(arg, "country") == 0)
			o->collapse = CP_GROUP_COUNTRY;
		else if (strcmp(arg, "kind") == 0)
			o->collapse = CP_GROUP_KIND;
		else if (strcmp(arg, "none") == 0)
			o->collapse = CP_GROUP_NONE;
		else {
			cli_usage_error("report", "--collapse takes auto, country, kind or none, got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	case OPT_FROM:
		o->has_from = 1;
		return cli_parse_date("report", "from", arg, &o->to.from) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case OPT_TO:
		o->has_to = 1;
		return cli_parse_date("report", "to", arg, &o->to.to) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	case OPT_THRESHOLD:
		errno = 0;
		o->to.threshold = strtod(arg, &end);
		if (errno || end == arg || *end || !(o->to.threshold > 0 && o->to.threshold <= 1)) {
			cli_usage_error("report", "--threshold takes a number in (0, 1], got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	}
	return CP_EXIT_USAGE;
}

/* The first error of a scratch log, for a note in the page. */
static const char *first_error(const cp_log *log, const char *otherwise)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		if (log->d[i].severity == CP_ERROR)
			return log->d[i].text;
	return otherwise;
}

/* The timeline, when the scenarios carry dates or --from is given.  A
 * failure leaves a note in the page rather than no page. */
static void run_timeline(report_cli *o, cli_side *side, int quiet, cp_timeline **t, char *note, size_t size)
{
	size_t printed = side->log.n;
	cp_status st;
	*t = NULL;
	if (!o->has_from) {
		int32_t first = cp_scenario_first_start(side->s);
		if (first == CP_DAY_NEVER_BEFORE) {
			snprintf(note, size, "no control or outage has a start date (give --from for one)");
			return;
		}
		o->to.from = first - 30;
	}
	if (!o->has_to)
		o->to.to = o->to.from + 365;
	st = cp_timeline_run(t, side->g, side->s, &o->to, &side->log);
	cli_print_log(&side->log, &printed, quiet);
	if (st != CP_OK) {
		snprintf(note, size, "it could not be computed (%s)", cp_status_str(st));
		fprintf(stderr, "chokepoint report: no timeline: %s\n", cp_status_str(st));
		*t = NULL;
	}
}

/* A note from the first error, without the temporary file's name that
 * the chart's messages start with. */
static void note_from(char *note, size_t size, const char *what, const cp_log *log, int quiet)
{
	const char *e = first_error(log, what), *cut = strstr(e, ".svg: ");
	snprintf(note, size, "%s", cut ? cut + 6 : e);
	if (!quiet)
		fprintf(stderr, "chokepoint report: note: %s\n", note);
}

static int write_page(const char *path, const cp_html_input *hi)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int bad;
	if (!f) {
		fprintf(stderr, "chokepoint report: cannot write '%s': %s\n", path, strerror(errno));
		return CP_EXIT_IO;
	}
	cp_html_report(f, hi);
	bad = fflush(f) != 0 || ferror(f);
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "chokepoint report: cannot write '%s'\n", path);
		if (f != stdout)
			remove(path);
		return CP_EXIT_IO;
	}
	return CP_EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "output", 1, 0, 'o' }, { "title", 1, 0, OPT_TITLE },
		{ "collapse", 1, 0, OPT_COLLAPSE }, { "from", 1, 0, OPT_FROM }, { "to", 1, 0, OPT_TO },
		{ "threshold", 1, 0, OPT_THRESHOLD }, CLI_SCORE_OPTIONS, CLI_DRAW_OPTIONS, CLI_INPUT_OPTIONS,
		{ 0, 0, 0, 0 }
	};
	static const cli_options spec = { "report", usage, "ho:q", opts, report_option, help_more };
	report_cli o;
	cli_input in;
	cli_side side;
	cp_timeline *t = NULL;
	cp_html_sources src;
	cp_html_input hi;
	cp_draws *draws = NULL;
	cp_log scratch;
	char *diagram = NULL, *chart = NULL, **paths = NULL;
	char tl_note[256], dg_note[512], ch_note[512];
	int rc, i, n;
	cp_render_group collapse;
	cp_status st;

	snprintf(help_more, sizeof help_more, "%s%s", cli_score_help, cli_draws_help);
	memset(&o, 0, sizeof o);
	o.collapse = -1;
	cp_timeline_opts_default(&o.to);
	cp_score_opts_default(&o.so);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	if (optind >= argc) {
		cli_usage_error("report", "missing GRAPH");
		return CP_EXIT_USAGE;
	}
	if (!o.output) {
		cli_usage_error("report", "missing -o FILE");
		return CP_EXIT_USAGE;
	}
	if (o.draws.out && !o.draws.n) {
		cli_usage_error("report", "--draws-out goes with --draws");
		return CP_EXIT_USAGE;
	}
	if (o.has_from && o.has_to && o.to.to < o.to.from) {
		cli_usage_error("report", "--to is before --from");
		return CP_EXIT_USAGE;
	}
	o.so.flags = CP_SCORE_EXPLAIN | CP_SCORE_SHARES;
	n = argc - optind;
	rc = cli_side_score(&in, argv[optind], argv + optind + 1, n - 1, &o.so, &side);
	if (rc != CP_EXIT_OK)
		return rc;

	if (o.draws.n) {
		rc = cli_side_draws("report", &in, &o.draws, &o.so, &side, &draws);
		if (rc != CP_EXIT_OK) {
			cli_side_free(&side);
			return rc;
		}
	}
	tl_note[0] = dg_note[0] = ch_note[0] = '\0';
	run_timeline(&o, &side, in.quiet, &t, tl_note, sizeof tl_note);

	collapse = o.collapse >= 0 ? (cp_render_group)o.collapse
	         : side.g->n_nodes > AUTO_COLLAPSE_NODES ? CP_GROUP_COUNTRY : CP_GROUP_NONE;
	cp_log_init(&scratch);
	st = cp_html_diagram(&diagram, side.r, collapse, &scratch);
	if (st != CP_OK)
		note_from(dg_note, sizeof dg_note, cp_status_str(st), &scratch, in.quiet);
	else if (collapse == CP_GROUP_COUNTRY)
		snprintf(dg_note, sizeof dg_note, "Producers of the same stage in the same country are merged "
		         "(%d nodes in all); their fill is the output-weighted mean.", side.g->n_nodes);
	else if (collapse == CP_GROUP_KIND)
		snprintf(dg_note, sizeof dg_note, "Producers of the same stage are merged; their fill is the "
		         "output-weighted mean.");
	cp_log_free(&scratch);

	if (t) {
		cp_log_init(&scratch);
		if ((st = cp_html_chart(&chart, t, &scratch)) != CP_OK)
			note_from(ch_note, sizeof ch_note, cp_status_str(st), &scratch, in.quiet);
		cp_log_free(&scratch);
	}

	memset(&src, 0, sizeof src);
	rc = CP_EXIT_INTERNAL;
	if (!(paths = calloc((size_t)n, sizeof *paths))) {
		fprintf(stderr, "chokepoint report: out of memory\n");
		goto done;
	}
	for (i = 0; i < n; i++)
		paths[i] = argv[optind + i];
	cp_log_init(&scratch);
	st = cp_html_sources_read(&src, paths, n,
	                          in.lim.max_file_bytes < MAX_SOURCES_BYTES ? in.lim.max_file_bytes : MAX_SOURCES_BYTES,
	                          &scratch);
	if (st != CP_OK) {
		size_t printed = 0;
		cli_print_log(&scratch, &printed, in.quiet);
		fprintf(stderr, "chokepoint report: cannot read the sources: %s\n", cp_status_str(st));
		cp_log_free(&scratch);
		rc = cli_exit_for(st);
		goto done;
	}
	cp_log_free(&scratch);

	memset(&hi, 0, sizeof hi);
	hi.title = o.title;
	hi.r = side.r;
	hi.warnings = &side.log;
	hi.t = t;
	hi.timeline_note = tl_note[0] ? tl_note : NULL;
	hi.diagram_svg = diagram;
	hi.diagram_note = dg_note[0] ? dg_note : NULL;
	hi.chart_svg = chart;
	hi.chart_note = ch_note[0] ? ch_note : NULL;
	hi.sources = &src;
	hi.draws = draws;
	rc = write_page(o.output, &hi);
done:
	cp_html_sources_free(&src);
	free(paths);
	free(diagram);
	free(chart);
	cp_timeline_free(t);
	cp_draws_free(draws);
	cli_side_free(&side);
	return rc;
}
