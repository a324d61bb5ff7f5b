#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <math.h>

#include "cli.h"
#include "overrides.h"
#include "checks.h"
#include "log.h"
#include "model.h"

/* The defaults are the library's own (cp_limits_default). */
void cli_print_input_help(FILE *f)
{
	cp_limits d;
	cp_limits_default(&d);
	fprintf(f, "Input limits (hostile or broken files fail with a clear error):\n"
	        "      --max-file-size=BYTES  largest input file (default %zu)\n"
	        "      --max-depth=N          JSON nesting depth (default %d)\n"
	        "      --max-string=BYTES     longest JSON string (default %zu)\n"
	        "      --max-nodes=N          nodes in a graph (default %zu)\n"
	        "      --max-lines=N          lines in one node (default %zu)\n"
	        "      --max-suppliers=N      suppliers in one line (default %zu)\n"
	        "      --max-fields=N         members of one JSON object (default %zu)\n"
	        "      --strict               fail (exit 1) when there is any warning, even with --quiet:\n"
	        "                             the input's before any output, the rest at the end\n"
	        "  -q, --quiet                do not print warnings\n",
	        d.max_file_bytes, d.max_depth, d.max_string, d.max_nodes, d.max_lines, d.max_suppliers, d.max_fields);
}

int cli_strict;
size_t cli_warnings_seen;

const char cli_toggle_help[] =
	"Toggles (applied to the loaded scenarios, files unchanged):\n"
	"      --without=NAME         drop the control with id NAME, or the outage called NAME\n"
	"                             ('outage N' for the N-th unnamed one); repeatable\n"
	"      --set=NAME.FIELD=X     set a field to X in [0, 1]: RULE.denial, RULE.end_use.TAG,\n"
	"                             RULE.buyers.NODE (also in every phase that gives the\n"
	"                             field) or OUTAGE.loss; repeatable, applied in order\n";

void cli_input_init(cli_input *in)
{
	memset(in, 0, sizeof *in);
	cp_limits_default(&in->lim);
	in->quiet = 0;
	in->strict = 0;
}

static int parse_size(const char *opt, const char *arg, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v == 0 || v > max) {
		cli_errorf("chokepoint: --%s takes a whole number from 1 to %llu, got '%s'", opt, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int input_option(cli_input *in, int opt, const char *arg)
{
	unsigned long long v;
	switch (opt) {
	case 'q':
		in->quiet = 1;
		return 1;
	case CLI_OPT_WITHOUT:
	case CLI_OPT_SET:
		if ((opt == CLI_OPT_SET ? in->n_set : in->n_without) >= CLI_MAX_TOGGLES) {
			fprintf(stderr, "chokepoint: more than %d --%s options\n", CLI_MAX_TOGGLES,
			        opt == CLI_OPT_SET ? "set" : "without");
			return -1;
		}
		if (opt == CLI_OPT_SET)
			in->set[in->n_set++] = arg;
		else
			in->without[in->n_without++] = arg;
		return 1;
	case 1000:
		if (parse_size("max-file-size", arg, (unsigned long long)SIZE_MAX / 2, &v) < 0) return -1;
		in->lim.max_file_bytes = (size_t)v;
		return 1;
	case 1001:
		if (parse_size("max-depth", arg, 1000, &v) < 0) return -1;
		in->lim.max_depth = (int)v;
		return 1;
	case 1002:
		if (parse_size("max-string", arg, 1u << 30, &v) < 0) return -1;
		in->lim.max_string = (size_t)v;
		return 1;
	case 1003:
		if (parse_size("max-nodes", arg, 1u << 30, &v) < 0) return -1;
		in->lim.max_nodes = (size_t)v;
		return 1;
	case 1004:
		if (parse_size("max-lines", arg, 1u << 30, &v) < 0) return -1;
		in->lim.max_lines = (size_t)v;
		return 1;
	case 1005:
		if (parse_size("max-suppliers", arg, 1u << 30, &v) < 0) return -1;
		in->lim.max_suppliers = (size_t)v;
		return 1;
	case 1007:
		/* the input's warnings fail cli_load; later ones fail in main */
		in->strict = 1;
		cli_strict = 1;
		return 1;
	case 1006:
		if (parse_size("max-fields", arg, 1u << 30, &v) < 0) return -1;
		in->lim.max_fields = (size_t)v;
		return 1;
	}
	return 0;
}

void cli_print_log(cp_log *log, size_t *printed, int quiet)
{
	for (; *printed < log->n; (*printed)++) {
		const cp_diag *d = &log->d[*printed];
		cli_warnings_seen += d->severity == CP_WARNING;
		if (d->severity == CP_ERROR)
			fprintf(stderr, "error: %s\n", d->text);
		else if (!quiet)
			fprintf(stderr, "warning: %s\n", d->text);
	}
}

void cli_table_warnings(FILE *f, const cp_log *log, const char *label, int *first)
{
	size_t i;
	int own = 1;
	if (!first)
		first = &own;
	for (i = 0; log && i < log->n; i++) {
		if (log->d[i].severity != CP_WARNING)
			continue;
		fprintf(f, "%s%s%s%s\n", *first ? "\nwarnings:\n  " : "  ", label ? label : "", label ? ": " : "",
		        log->d[i].text);
		*first = 0;
	}
}

static void print_summary(const cp_log *log)
{
	if (log->suppressed)
		fprintf(stderr, "chokepoint: %zu more messages not shown\n", log->suppressed);
	if (log->oom)
		fprintf(stderr, "chokepoint: some messages were lost: out of memory\n");
	if (log->n_errors)
		fprintf(stderr, "chokepoint: %zu error%s\n", log->n_errors, log->n_errors == 1 ? "" : "s");
}

int cli_exit_for(cp_status st)
{
	switch (st) {
	case CP_OK: return CP_EXIT_OK;
	case CP_EINVAL: return CP_EXIT_INVALID;
	case CP_EIO: return CP_EXIT_IO;
	case CP_ELIMIT: return CP_EXIT_LIMIT;
	case CP_ENOMEM:
	case CP_EINTERNAL: break;
	}
	return CP_EXIT_INTERNAL;
}

/* 1 when a change amount of s is a distribution: draws then apply the
 * changes again to the graph before them. */
static int changes_uncertain(const cp_scenario *s)
{
	int32_t k;
	for (k = 0; k < s->n_uncertain; k++)
		if (s->uncertain[k].target == CP_UNC_CHANGE)
			return 1;
	return 0;
}

/* Replace *g by the graph after the scenarios' changes, and *s by the
 * scenarios loaded again against it, so that controls and outages see the
 * nodes and countries the changes added.  When unchanged is given and a
 * change amount is a distribution, the graph before the changes goes
 * there instead of being freed. */
static cp_status apply_changes(const cli_input *in, char **paths, int n, cp_graph **g, cp_scenario **s,
                               cp_graph **unchanged, cp_log *log)
{
	cp_graph *changed;
	cp_scenario *again;
	cp_log scratch;
	cp_status st;
	int i;

	if ((st = cp_graph_apply_changes(&changed, *g, *s, log)) != CP_OK)
		return st;
	if (!(again = cp_scenario_new())) {
		cp_graph_free(changed);
		return CP_ENOMEM;
	}
	/* the files were checked once already: their messages are not repeated */
	cp_log_init(&scratch);
	for (i = 0; i < n && st == CP_OK; i++)
		st = cp_scenario_load(again, changed, paths[i], &in->lim, &scratch);
	cp_log_free(&scratch);
	if (st != CP_OK) {
		cp_scenario_free(again);
		cp_graph_free(changed);
		return st;
	}
	cp_scenario_free(*s);
	if (unchanged && changes_uncertain(again))
		*unchanged = *g;
	else
		cp_graph_free(*g);
	*s = again;
	*g = changed;
	return CP_OK;
}

/* --without, then --set, each in command-line order; every error logged. */
static cp_status apply_toggles(const cli_input *in, const cp_graph *g, cp_scenario *s, cp_log *log)
{
	cp_status st, worst = CP_OK;
	int i;
	for (i = 0; i < in->n_without; i++)
		if ((st = cp_scenario_without(s, in->without[i], log)) != CP_OK)
			worst = st;
	for (i = 0; i < in->n_set; i++)
		if ((st = cp_scenario_set(s, g, in->set[i], log)) != CP_OK)
			worst = st;
	return worst;
}

/* The checks on a model prepared here, kept in prep when given. */
static cp_status check(const cp_graph *g, const cp_scenario *s, cli_prepared *prep, cp_log *log)
{
	cp_status st;
	if (!prep)
		return cp_scenario_check(g, s, log);
	if ((st = cp_model_prepare(&prep->m, g, s, &prep->log)) == CP_OK)
		st = cp_scenario_check_model(prep->m, log);
	if (st != CP_OK) {
		cp_model_free(prep->m);
		cp_log_free(&prep->log);
		prep->m = NULL;
	}
	return st;
}

cp_model *cli_prepared_take(cli_prepared *prep, cp_log *log)
{
	cp_model *m = prep->m;
	cp_log_append(log, &prep->log);
	cp_log_free(&prep->log);
	prep->m = NULL;
	return m;
}

int cli_load(const cli_input *in, const char *graph_path, char **scenario_paths, int n_scenarios,
             cp_graph **g, cp_scenario **s, cp_log *log)
{
	return cli_load_prepared(in, graph_path, scenario_paths, n_scenarios, g, s, NULL, log);
}

int cli_load_prepared(const cli_input *in, const char *graph_path, char **scenario_paths, int n_scenarios,
                      cp_graph **g, cp_scenario **s, cli_prepared *prep, cp_log *log)
{
	size_t printed = 0;
	cp_status st, worst = CP_OK;
	int i, toggles_failed = 0;

	*g = NULL;
	*s = NULL;
	if (prep) {
		prep->m = NULL;
		prep->unchanged = NULL;
		cp_log_init(&prep->log);
	}
	st = cp_graph_load(g, graph_path, &in->lim, log);
	if (st == CP_ENOMEM)
		cli_errorf("error: %s: out of memory", graph_path);
	if (st != CP_OK) {
		cli_print_log(log, &printed, in->quiet);
		print_summary(log);
		return cli_exit_for(st);
	}
	if (!(*s = cp_scenario_new())) {
		cp_graph_free(*g);
		*g = NULL;
		fprintf(stderr, "error: out of memory\n");
		return CP_EXIT_INTERNAL;
	}
	/* Every scenario is checked, so one run reports all their errors. */
	for (i = 0; i < n_scenarios; i++) {
		st = cp_scenario_load(*s, *g, scenario_paths[i], &in->lim, log);
		if (st == CP_ENOMEM)
			cli_errorf("error: %s: out of memory", scenario_paths[i]);
		worst = cp_status_merge(worst, st);
	}
	if (worst == CP_OK && (*s)->n_changes)
		worst = apply_changes(in, scenario_paths, n_scenarios, g, s, prep ? &prep->unchanged : NULL, log);
	if (worst == CP_OK && apply_toggles(in, *g, *s, log) != CP_OK)
		worst = CP_EINVAL, toggles_failed = 1;
	if (worst == CP_OK)
		worst = check(*g, *s, prep, log);
	cli_print_log(log, &printed, in->quiet);
	if (worst == CP_OK && in->strict && log->n_warnings) {
		fprintf(stderr, "chokepoint: --strict: %zu warning%s taken as errors\n", log->n_warnings,
		        log->n_warnings == 1 ? "" : "s");
		worst = CP_EINVAL;
	}
	if (worst != CP_OK) {
		print_summary(log);
		if (prep && prep->m)
			cp_model_free(cli_prepared_take(prep, log));
		cp_scenario_free(*s);
		cp_graph_free(*g);
		*s = NULL;
		*g = NULL;
		if (prep) {
			cp_graph_free(prep->unchanged);
			prep->unchanged = NULL;
		}
		return toggles_failed ? CP_EXIT_USAGE : cli_exit_for(worst);
	}
	return CP_EXIT_OK;
}

/* The message, escaped: it may echo argv or a file's names. */
static void print_escaped(const char *fmt, va_list ap)
{
	char small[512], *text = small;
	va_list again;
	int n;
	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL)
		vsnprintf(text, (size_t)n + 1, fmt, again);
	else if (!text)
		text = small;
	va_end(again);
	cp_print_text(stderr, text);
	if (text != small)
		free(text);
}

void cli_errorf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_escaped(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "chokepoint %s: ", cmd);
	va_start(ap, fmt);
	print_escaped(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'chokepoint %s --help'.\n", cmd);
}

int cli_side_score(const cli_input *in, const char *graph, char **scenarios, int n, const cp_score_opts *o,
                   cli_side *side)
{
	size_t printed;
	cli_prepared prep;
	cp_status st;
	int rc;
	memset(side, 0, sizeof *side);
	cp_log_init(&side->log);
	rc = cli_load_prepared(in, graph, scenarios, n, &side->g, &side->s, &prep, &side->log);
	if (rc != CP_EXIT_OK) {
		cp_log_free(&side->log);
		return rc;
	}
	printed = side->log.n;
	side->unchanged = prep.unchanged;
	st = cp_score_prepared(&side->r, cli_prepared_take(&prep, &side->log), o, &side->log);
	cli_print_log(&side->log, &printed, in->quiet);
	if (st != CP_OK) {
		fprintf(stderr, "chokepoint: scoring failed: %s\n", cp_status_str(st));
		cli_side_free(side);
		return cli_exit_for(st);
	}
	return CP_EXIT_OK;
}

void cli_side_free(cli_side *side)
{
	cp_result_free(side->r);
	cp_scenario_free(side->s);
	cp_graph_free(side->g);
	cp_graph_free(side->unchanged);
	cp_log_free(&side->log);
	memset(side, 0, sizeof *side);
}

int cli_parse_format(const char *cmd, const char *arg)
{
	if (strcmp(arg, "table") == 0)
		return CLI_TABLE;
	if (strcmp(arg, "json") == 0)
		return CLI_JSON;
	if (strcmp(arg, "csv") == 0)
		return CLI_CSV;
	cli_usage_error(cmd, "unknown format '%s' (table, json or csv)", arg);
	return -1;
}

/* 1 + has_arg when name (up to any '=') is one of the command's long
 * options, else 0. */
static int known_long(const cli_options *spec, const char *name)
{
	const struct option *o;
	size_t n = strcspn(name, "=");
	for (o = spec->longopts; o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return 1 + o->has_arg;
	return 0;
}

int cli_parse_options(int argc, char **argv, const cli_options *spec, cli_input *in, void *ctx)
{
	int c;
	cli_input_init(in);
	optind = 1;
	opterr = 0;   /* getopt would echo argv raw: the messages are ours */
	while ((c = getopt_long(argc, argv, spec->shortopts, spec->longopts, NULL)) != -1) {
		int k = input_option(in, c, optarg);
		if (k < 0)
			return CP_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			fputs(spec->usage, stdout);
			if (spec->more_help)
				fputs(spec->more_help, stdout);
			for (c = 0; spec->longopts[c].name; c++)
				if (spec->longopts[c].val == CLI_OPT_WITHOUT)
					fputs(cli_toggle_help, stdout);
			fputs("  -h, --help                 show this help\n", stdout);
			cli_print_input_help(stdout);
			return CP_EXIT_OK;
		}
		if (c == '?' || c == ':' || !spec->own) {
			const char *bad = optind > 1 && optind <= argc ? argv[optind - 1] : "";
			if (strncmp(bad, "--", 2) == 0)
				cli_usage_error(spec->cmd, known_long(spec, bad + 2) == 1 ? "option '%s' takes no value"
				                : known_long(spec, bad + 2) ? "option '%s' needs a value"
				                : "unknown option '%s'", bad);
			else if (optopt && strchr(spec->shortopts, optopt))
				cli_usage_error(spec->cmd, "option '-%c' needs a value", optopt);
			else
				cli_usage_error(spec->cmd, "unknown option '-%c'", optopt ? optopt : '?');
			return CP_EXIT_USAGE;
		}
		if ((k = spec->own(ctx, c, optarg)) != CLI_GO_ON)
			return k;
	}
	return CLI_GO_ON;
}

#define AT_HELP \
	"      --at=DATE              the state of the world on DATE (YYYY-MM-DD): only the\n" \
	"                             controls and outages in force then, each with the\n" \
	"                             fields of its phase then (MODEL.md 7.5)\n"
const char cli_at_help[] = AT_HELP;
const char cli_score_help[] = AT_HELP
	"      --share-samples=N      random orders for shares above " CP_STR(CP_SHARES_EXACT_MAX) " players (default "
	CP_STR(CP_SHARE_SAMPLES_DEFAULT) ")\n"
	"      --seed=S               seed for those orders (default " CP_STR(CP_SHARE_SEED_DEFAULT) ")\n";

int cli_parse_date(const char *cmd, const char *opt, const char *arg, int32_t *day)
{
	if (cp_date_parse(arg, day) == 0)
		return 0;
	cli_usage_error(cmd, "--%s takes a calendar date YYYY-MM-DD, got '%s'", opt, arg);
	return -1;
}

int cli_parse_long(const char *cmd, const char *opt, const char *arg, long lo, long hi, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		cli_usage_error(cmd, "--%s takes a whole number from %ld to %ld, got '%s'", opt, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_score_option(const char *cmd, cp_score_opts *o, int opt, const char *arg)
{
	long v;
	switch (opt) {
	case CLI_OPT_AT:
		if (cli_parse_date(cmd, "at", arg, &o->at) < 0)
			return -1;
		o->has_at = 1;
		return 1;
	case CLI_OPT_SHARE_SAMPLES:
		if (cli_parse_long(cmd, "share-samples", arg, 1, 10000000, &v) < 0)
			return -1;
		o->share_samples = (int32_t)v;
		return 1;
	case CLI_OPT_SEED:
		if (cli_parse_long(cmd, "seed", arg, 0, LONG_MAX, &v) < 0)
			return -1;
		o->seed = (uint64_t)v;
		return 1;
	}
	return 0;
}
