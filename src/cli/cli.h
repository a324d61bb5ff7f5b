/* The command-line tool: one file per subcommand, a table in main.c.  Only
 * this layer prints, reads argv and chooses exit codes. */
#ifndef CP_CLI_H
#define CP_CLI_H
#include "internal.h"
#include <getopt.h>
#include <stdio.h>

typedef enum cp_exit {
	CP_EXIT_OK = 0,
	CP_EXIT_INVALID = 1,   /* the input breaks the format */
	CP_EXIT_USAGE = 2,     /* bad command line */
	CP_EXIT_IO = 3,        /* a file could not be read or written */
	CP_EXIT_LIMIT = 4,     /* the input exceeds a cap (see --max-*) */
	CP_EXIT_INTERNAL = 5   /* out of memory, or a library failed */
} cp_exit;

typedef struct cp_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cp_command;

int cmd_validate(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_target(int argc, char **argv);
int cmd_chokepoints(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Options every command that reads input shares. */
#define CLI_MAX_TOGGLES 64
typedef struct cli_input {
	cp_limits lim;
	int quiet;                /* no warnings on stderr */
	int n_without, n_set;     /* --without RULE and --set NAME.FIELD=X, in order */
	const char *without[CLI_MAX_TOGGLES];
	const char *set[CLI_MAX_TOGGLES];
	int strict;               /* warnings fail the run (exit 1) */
} cli_input;

void cli_input_init(cli_input *in);
/* A command's options as data, parsed by cli_parse_options: --help and the
 * input options are handled there; own gets every other option and returns
 * CLI_GO_ON, or an exit code (after printing why) to stop with. */
#define CLI_GO_ON (-1)
typedef struct cli_options {
	const char *cmd;
	const char *usage;           /* printed by --help, before cli_print_input_help */
	const char *shortopts;       /* must include "hq" */
	const struct option *longopts;
	int (*own)(void *ctx, int opt, const char *arg);   /* NULL: no options of its own */
	const char *more_help;       /* printed by --help after usage, or NULL */
} cli_options;

/* Parse argv (getopt_long, from optind 1).  CLI_GO_ON when the command
 * should run with its operands at argv[optind..], else the exit code. */
int cli_parse_options(int argc, char **argv, const cli_options *spec, cli_input *in, void *ctx);
/* The input options and their defaults, for --help. */
void cli_print_input_help(FILE *f);
#define CLI_INPUT_OPTIONS \
	{ "max-file-size", 1, 0, 1000 }, { "max-depth", 1, 0, 1001 }, \
	{ "max-string", 1, 0, 1002 }, { "max-nodes", 1, 0, 1003 }, \
	{ "max-lines", 1, 0, 1004 }, { "max-suppliers", 1, 0, 1005 }, \
	{ "max-fields", 1, 0, 1006 }, { "strict", 0, 0, 1007 }, \
	{ "quiet", 0, 0, 'q' }

/* --without and --set, for the commands that score (see src/overrides.h);
 * cli_load applies them once the scenarios are loaded. */
#define CLI_OPT_WITHOUT 1200
#define CLI_OPT_SET 1201
#define CLI_TOGGLE_OPTIONS { "without", 1, 0, CLI_OPT_WITHOUT }, { "set", 1, 0, CLI_OPT_SET }
extern const char cli_toggle_help[];

/* Load the graph and scenarios, printing every message; *g is the graph
 * after the scenarios' changes.  On failure returns the exit code and
 * leaves nothing allocated. */
int cli_load(const cli_input *in, const char *graph_path, char **scenario_paths, int n_scenarios,
             cp_graph **g, cp_scenario **s, cp_log *log);
/* A model prepared while loading, for the checks, kept for the run: its
 * own messages wait in log until the run adds them where preparing would
 * have given them (cli_prepared_take).  When a change amount is a
 * distribution, unchanged is the graph before the changes (for draws:
 * cp_draw_opts.unchanged), the caller's to free; else NULL. */
typedef struct cli_prepared {
	cp_model *m;
	cp_log log;
	cp_graph *unchanged;
} cli_prepared;
/* cli_load, keeping the model it prepared in *prep (on success only). */
int cli_load_prepared(const cli_input *in, const char *graph_path, char **scenario_paths, int n_scenarios,
                      cp_graph **g, cp_scenario **s, cli_prepared *prep, cp_log *log);
/* The prepared model, its messages appended to log; it is the caller's now. */
cp_model *cli_prepared_take(cli_prepared *prep, cp_log *log);
/* Print the log's messages not printed yet (warnings only unless quiet is 0).
 * Every warning passed counts towards --strict, printed or not. */
void cli_print_log(cp_log *log, size_t *printed, int quiet);
/* --strict was given, and the warnings seen so far: main turns a
 * successful exit into CP_EXIT_INVALID when both are set. */
extern int cli_strict;
extern size_t cli_warnings_seen;
/* "warnings:" (once: *first is cleared; NULL for a log on its own) and each
 * warning of the log, prefixed by label when given, for the foot of a table. */
void cli_table_warnings(FILE *f, const cp_log *log, const char *label, int *first);
int cli_exit_for(cp_status st);

void cli_usage_error(const char *cmd, const char *fmt, ...);
/* A message line on stderr with every echoed name escaped (cp_print_text). */
void cli_errorf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* One scored state: a graph after its scenarios' changes, and its result. */
typedef struct cli_side {
	cp_graph *g;
	cp_scenario *s;
	cp_graph *unchanged;      /* before the changes, when a change amount is a distribution; else NULL */
	cp_result *r;
	cp_log log;
} cli_side;

/* Load and score; on failure everything printed and freed, exit code returned. */
int cli_side_score(const cli_input *in, const char *graph, char **scenarios, int n, const cp_score_opts *o,
                   cli_side *side);

/* Options of commands that score: --at DATE, --share-samples N, --seed S. */
#define CLI_OPT_AT 1100
#define CLI_OPT_SHARE_SAMPLES 1101
#define CLI_OPT_SEED 1102
#define CLI_AT_OPTION { "at", 1, 0, CLI_OPT_AT }
#define CLI_SCORE_OPTIONS \
	CLI_AT_OPTION, { "share-samples", 1, 0, CLI_OPT_SHARE_SAMPLES }, { "seed", 1, 0, CLI_OPT_SEED }
extern const char cli_at_help[], cli_score_help[];
/* 1 when opt was one of those (o updated), 0 when not, -1 after a usage error. */
int cli_score_option(const char *cmd, cp_score_opts *o, int opt, const char *arg);
/* Draw options of score, compare and timeline: --draws N, --threads T,
 * --draws-out FILE (the seed is --seed). */
#define CLI_OPT_DRAWS 1110
#define CLI_OPT_THREADS 1111
#define CLI_OPT_DRAWS_OUT 1112
#define CLI_DRAW_OPTIONS \
	{ "draws", 1, 0, CLI_OPT_DRAWS }, { "threads", 1, 0, CLI_OPT_THREADS }, \
	{ "draws-out", 1, 0, CLI_OPT_DRAWS_OUT }
typedef struct cli_draws {
	int32_t n;                /* 0: no draws */
	int32_t threads;          /* 0: one per online processor */
	const char *out;
} cli_draws;
extern const char cli_draws_help[];
/* 1 when opt was a draw option (d updated), 0 when not, -1 after a usage error. */
int cli_draws_option(const char *cmd, cli_draws *d, int opt, const char *arg);
/* Run the draws o describes (o->n_draws etc. filled from d and seed; the
 * caller sets o->unchanged from cli_prepared) on m, with a
 * progress line on a terminal unless quiet, and write --draws-out.  Prints
 * what went wrong; returns an exit code. */
int cli_run_draws(const char *cmd, const cli_input *in, const cli_draws *d, uint64_t seed, const cp_model *m,
                  cp_draw_opts *o, cp_draws **out, cp_log *log);

/* The draws of a scored side (static draws, at so's date if it has one,
 * with the side's graph before its changes for drawn change amounts). */
int cli_side_draws(const char *cmd, const cli_input *in, const cli_draws *d, const cp_score_opts *so, cli_side *side,
                   cp_draws **out);

/* An ISO date argument; 0, or -1 after a usage error naming the option. */
int cli_parse_date(const char *cmd, const char *opt, const char *arg, int32_t *day);
/* A whole number in [lo, hi]; 0, or -1 after a usage error naming the option. */
int cli_parse_long(const char *cmd, const char *opt, const char *arg, long lo, long hi, long *out);
void cli_side_free(cli_side *side);

/* "table", "json" or "csv"; -1 (after a usage message) for anything else. */
enum cli_format { CLI_TABLE, CLI_JSON, CLI_CSV };
int cli_parse_format(const char *cmd, const char *arg);

#endif
