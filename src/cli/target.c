/* chokepoint target GRAPH SCENARIO... --change FILE --sector NAME --below X
 *
 * The least fraction of a shift (or share of an add_supplier) that brings a
 * sector's disruption below X: the ends first, then bisection to 1e-6,
 * with an 11-point grid to say whether the response is monotone. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: chokepoint target GRAPH [SCENARIO...] --change FILE --sector NAME --below X [options]\n"
	"\n"
	"Find the least amount of one diversification change that keeps a sector's\n"
	"disruption below X.  FILE is a scenario whose changes hold exactly one 'shift'\n"
	"(its fraction is searched) or 'add_supplier' (its share is searched); its value\n"
	"in the file is ignored.  SCENARIO files (controls, outages, other changes) are\n"
	"applied first.  NAME is a sector node id (auto@JP) or a sector name (auto: the\n"
	"output-weighted group).  The search checks 0 and 1 first, then bisects to 1e-6.\n"
	"\n"
	"      --change=FILE          the scenario with the change to size (required)\n"
	"      --sector=NAME          sector node id or sector name (required)\n"
	"      --below=X              target disruption, a fraction in (0, 1] (required)\n"
	"  -f, --format=FORMAT        table (default) or json\n";

#define TOLERANCE 1e-6
#define GRID 11

typedef struct text { char *name, *buf; size_t len; } text;

typedef struct search {
	const cli_input *in;
	cp_graph *g;
	text *texts;              /* the scenarios, then the change file last */
	int n_texts;
	int32_t change;           /* index of the searched change among all changes */
	const char *sector;
	int evaluations;
} search;

/* The file's text, read once and loaded again at every amount tried. */
static int read_text(const cli_input *in, const char *path, text *t)
{
	cp_log log;
	size_t printed = 0;
	cp_status st;
	t->name = (char *)path;
	cp_log_init(&log);
	st = cp_read_file(path, in->lim.max_file_bytes, &t->buf, &t->len, &log);
	cli_print_log(&log, &printed, in->quiet);
	cp_log_free(&log);
	return st == CP_OK ? 0 : -cli_exit_for(st);
}

/* All texts as one scenario, against g. */
static cp_status load_all(const search *x, const cp_graph *g, cp_scenario *s, cp_log *log)
{
	cp_status st = CP_OK;
	int i;
	for (i = 0; i < x->n_texts && st == CP_OK; i++)
		st = cp_scenario_load_buffer(s, g, x->texts[i].name, x->texts[i].buf, x->texts[i].len, &x->in->lim, log);
	return st;
}

static double sector_value(const cp_result *r, const char *name)
{
	int32_t v = cp_graph_find(r->g, name), k;
	if (v >= 0 && r->g->kind[v] == CP_SECTOR)
		return r->disruption[v];
	for (k = 0; k < r->n_groups; k++)
		if (strcmp(cp_graph_str(r->g, r->groups[k].sector), name) == 0)
			return r->groups[k].disruption;
	return NAN;
}

/* The sector's disruption with the searched change at amount p in *value
 * (NaN when the graph has no such sector).  An exit code after printing
 * why it could not be computed: the change's own error, exit 1, when the
 * change is invalid at this amount.  With show, the capacity warnings of
 * the changed graph go to stderr too. */
static int evaluate(search *x, double p, int show, double *out)
{
	cp_scenario *s = cp_scenario_new(), *again = cp_scenario_new();
	cp_graph *changed = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;
	double value = NAN;
	size_t printed = 0;

	cp_log_init(&log);
	x->evaluations++;
	st = s && again ? load_all(x, x->g, s, &log) : CP_ENOMEM;
	if (st == CP_OK) {
		s->changes[x->change].amount = p;
		st = cp_graph_apply_changes(&changed, x->g, s, &log);
	}
	if (st == CP_OK)
		st = load_all(x, changed, again, &log);
	if (st == CP_OK)
		st = cp_score(&r, changed, again, 0, &log);
	if (st == CP_OK) {
		size_t i;
		value = sector_value(r, x->sector);
		for (i = 0; show && i < log.n; i++)
			if (log.d[i].severity == CP_WARNING &&
			    (strstr(log.d[i].text, "capacity:") || strstr(log.d[i].text, "moves nothing"))) {
				if (!x->in->quiet)
					fprintf(stderr, "warning: at %g: %s\n", p, log.d[i].text);
				if (x->in->strict)
					st = CP_EINVAL;
			}
		if (st != CP_OK)
			fprintf(stderr, "chokepoint target: --strict: warnings taken as errors\n");
	} else {
		cli_print_log(&log, &printed, 1);
		if (st == CP_EINVAL)
			fprintf(stderr, "chokepoint target: the change is invalid at amount %g\n", p);
		else
			fprintf(stderr, "chokepoint target: cannot score at %g: %s\n", p, cp_status_str(st));
	}
	cp_result_free(r);
	cp_graph_free(changed);
	cp_scenario_free(s);
	cp_scenario_free(again);
	cp_log_free(&log);
	*out = value;
	return cli_exit_for(st);
}

/* Check the files once, with every message, and find the searched change
 * among the change file's own (the last file's changes end the list). */
static int prepare(search *x)
{
	cp_scenario *s = cp_scenario_new();
	cp_log log;
	size_t printed = 0;
	cp_status st = s ? CP_OK : CP_ENOMEM;
	int32_t i, first = 0, found = -1;
	const char *file = x->texts[x->n_texts - 1].name;
	int rc = CP_EXIT_OK;

	cp_log_init(&log);
	for (i = 0; i < x->n_texts && st == CP_OK; i++) {
		first = s->n_changes;
		st = cp_scenario_load_buffer(s, x->g, x->texts[i].name, x->texts[i].buf, x->texts[i].len,
		                             &x->in->lim, &log);
	}
	cli_print_log(&log, &printed, x->in->quiet);
	if (st == CP_OK && x->in->strict && log.n_warnings) {
		fprintf(stderr, "chokepoint target: --strict: warnings taken as errors\n");
		st = CP_EINVAL;
	}
	if (st != CP_OK) {
		rc = cli_exit_for(st);
		goto done;
	}
	for (i = first; i < s->n_changes; i++) {
		if (s->changes[i].op != CP_CHANGE_SHIFT && s->changes[i].op != CP_CHANGE_ADD_SUPPLIER)
			continue;
		if (found >= 0) {
			cli_errorf("chokepoint target: %s has more than one shift or add_supplier change", file);
			rc = CP_EXIT_USAGE;
			goto done;
		}
		found = i;
	}
	if (found < 0) {
		cli_errorf("chokepoint target: %s has no shift or add_supplier change to size", file);
		rc = CP_EXIT_USAGE;
		goto done;
	}
	x->change = found;
done:
	cp_scenario_free(s);
	cp_log_free(&log);
	return rc;
}

static int run(search *x, double below, int json)
{
	double grid[GRID], lo = 0, hi = 1, at0, at1, answer = NAN, ignored;
	int i, monotone = 1, reachable, rc;

	if ((rc = evaluate(x, 0, 0, &at0)) != CP_EXIT_OK || (rc = evaluate(x, 1, 0, &at1)) != CP_EXIT_OK)
		return rc;
	if (isnan(at0) || isnan(at1)) {
		cli_errorf("chokepoint target: no sector node or sector named '%s'", x->sector);
		return CP_EXIT_USAGE;
	}
	for (i = 0; i < GRID; i++) {
		if (i == 0 || i == GRID - 1)
			grid[i] = i ? at1 : at0;
		else if ((rc = evaluate(x, (double)i / (GRID - 1), 0, &grid[i])) != CP_EXIT_OK)
			return rc;
		if (i && grid[i] > grid[i - 1] + 1e-9)
			monotone = 0;
	}
	reachable = at1 < below;
	if (at0 < below) {
		answer = 0;
	} else if (reachable) {
		/* invariant: f(lo) >= below > f(hi) */
		while (hi - lo > TOLERANCE) {
			double mid = (lo + hi) / 2, at;
			if ((rc = evaluate(x, mid, 0, &at)) != CP_EXIT_OK)
				return rc;
			if (at < below)
				hi = mid;
			else
				lo = mid;
		}
		answer = hi;
	}
	/* the capacity the answer (or, unreachable, the whole change) would need */
	if ((rc = evaluate(x, isnan(answer) ? 1 : answer, 1, &ignored)) != CP_EXIT_OK)
		return rc;
	if (json) {
		printf("{\"sector\": ");
		cp_json_string(stdout, x->sector);
		printf(", \"below\": ");
		cp_json_number(stdout, below);
		printf(", \"reachable\": %s, \"amount\": ", reachable || at0 < below ? "true" : "false");
		cp_json_number(stdout, answer);
		printf(", \"at_0\": ");
		cp_json_number(stdout, at0);
		printf(", \"at_1\": ");
		cp_json_number(stdout, at1);
		printf(", \"monotone_on_grid\": %s, \"grid\": [", monotone ? "true" : "false");
		for (i = 0; i < GRID; i++) {
			printf("%s[%g, ", i ? ", " : "", (double)i / (GRID - 1));
			cp_json_number(stdout, grid[i]);
			printf("]");
		}
		printf("], \"evaluations\": %d}\n", x->evaluations);
		return CP_EXIT_OK;
	}
	fputs("target:  ", stdout);
	cp_print_text(stdout, x->sector);
	printf(" disruption below %.4g%%\nchange:  ", 100 * below);
	cp_print_text(stdout, x->texts[x->n_texts - 1].name);
	fputc('\n', stdout);
	printf("at 0:    %.4f%%\nat 1:    %.4f%%\n", 100 * at0, 100 * at1);
	if (at0 < below)
		printf("result:  already below without the change (0 is enough)\n");
	else if (!reachable)
		printf("result:  unreachable: even at 1 (100%%) the disruption is %.4f%%\n", 100 * at1);
	else
		printf("result:  least amount %.6f (to within %g)\n", answer, TOLERANCE);
	printf("grid:   ");
	for (i = 0; i < GRID; i++)
		printf(" %g:%.2f%%", (double)i / (GRID - 1), 100 * grid[i]);
	printf("\n%s\n", monotone ? "the response falls (or holds) at every grid step"
	                          : "warning: the response is not monotone on the grid: bisection may have found one of several crossings");
	return CP_EXIT_OK;
}

typedef struct target_opts {
	int format;
	const char *change, *sector;
	double below;
} target_opts;

static int target_option(void *ctx, int opt, const char *arg)
{
	target_opts *o = ctx;
	char *end;
	switch (opt) {
	case 'f':
		if ((o->format = cli_parse_format("target", arg)) == CLI_CSV)
			cli_usage_error("target", "--format is table or json");
		return o->format < 0 || o->format == CLI_CSV ? CP_EXIT_USAGE : CLI_GO_ON;
	case 'c':
		o->change = arg;
		return CLI_GO_ON;
	case 's':
		o->sector = arg;
		return CLI_GO_ON;
	default:   /* --below */
		o->below = strtod(arg, &end);
		if (*end || end == arg || !(o->below > 0 && o->below <= 1)) {
			cli_usage_error("target", "--below takes a fraction in (0, 1], got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		return CLI_GO_ON;
	}
}

int cmd_target(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "change", 1, 0, 'c' }, { "sector", 1, 0, 's' },
		{ "below", 1, 0, 'b' }, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "target", usage, "hf:q", opts, target_option, NULL };
	target_opts o = { CLI_TABLE, NULL, NULL, NAN };
	cli_input in;
	search x;
	cp_log log;
	const char *change;
	double below;
	size_t printed = 0;
	cp_status st;
	int i, format, rc;

	memset(&x, 0, sizeof x);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		return rc;
	change = o.change;
	x.sector = o.sector;
	below = o.below;
	format = o.format;
	if (optind >= argc || !change || !x.sector || isnan(below)) {
		cli_usage_error("target", "needs GRAPH, --change, --sector and --below");
		return CP_EXIT_USAGE;
	}
	x.in = &in;
	x.n_texts = argc - optind;   /* the scenarios, plus the change file */
	if (!(x.texts = calloc((size_t)x.n_texts, sizeof *x.texts)))
		return CP_EXIT_INTERNAL;
	for (i = 0; i < x.n_texts; i++) {
		int k = read_text(&in, i < x.n_texts - 1 ? argv[optind + 1 + i] : change, &x.texts[i]);
		if (k < 0) {
			rc = -k;
			goto done;
		}
	}
	cp_log_init(&log);
	st = cp_graph_load(&x.g, argv[optind], &in.lim, &log);
	cli_print_log(&log, &printed, in.quiet);
	cp_log_free(&log);
	if (st != CP_OK) {
		rc = cli_exit_for(st);
		goto done;
	}
	if ((rc = prepare(&x)) == CP_EXIT_OK)
		rc = run(&x, below, format == CLI_JSON);
done:
	for (i = 0; i < x.n_texts; i++)
		cp_text_free(x.texts[i].buf);
	free(x.texts);
	cp_graph_free(x.g);
	return rc;
}
