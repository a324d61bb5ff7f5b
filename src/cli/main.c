/* chokepoint: which sectors an export control reaches, how much, and why. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cp_command commands[] = {
	{ "validate", cmd_validate, "check a graph and scenarios against the format" },
	{ "score", cmd_score, "score a graph under scenarios: sectors, paths, attribution" },
	{ "sweep", cmd_sweep, "many scenario files, each scored on its own, side by side" },
	{ "compare", cmd_compare, "two sets of scenarios side by side, e.g. with diversification" },
	{ "target", cmd_target, "the least diversification that keeps a sector below a disruption" },
	{ "chokepoints", cmd_chokepoints, "knockouts, single points of failure and concentration per sector" },
	{ "render", cmd_render, "draw the graph and where the shock travels (Graphviz)" },
	{ "import", cmd_import, "a graph file from two spreadsheet tables (CSV)" },
	{ "export", cmd_export, "the scored graph as GraphML or GML for Gephi, yEd, NetworkX" },
	{ "timeline", cmd_timeline, "play the controls day by day: when each sector stops, how deep, how long" },
	{ "report", cmd_report, "one self-contained HTML page of it all, for a reader" },
};

static void help(FILE *f)
{
	size_t i;
	fputs("Usage: chokepoint COMMAND [ARGS...]\n"
	      "       chokepoint --help | --version\n"
	      "\n"
	      "Shows who is exposed when a country turns its grip on a critical material\n"
	      "into an export control.  Graph and scenario files are JSON (MODEL.md).\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'chokepoint COMMAND --help' for a command's options.\n"
	      "Exit codes: 0 ok, 1 invalid input, 2 usage, 3 I/O error, 4 input over a limit,\n"
	      "5 internal error or out of memory.\n", f);
}

/* Every command's output is checked once it is all written: a full disk
 * or a closed pipe on stdout is an I/O error (exit 3), said on stderr. */
static int finish(const char *cmd, int rc)
{
	int err = 0;
	int sticky;
	errno = 0;
	if (fflush(stdout) != 0)
		err = errno ? errno : EIO;
	/* a write that failed earlier, which the command may have reported */
	sticky = !err && ferror(stdout);
	if (sticky)
		err = EIO;
	if (fclose(stdout) != 0 && !err)
		err = errno ? errno : EIO;
	if (err && !(sticky && rc == CP_EXIT_IO))
		fprintf(stderr, "chokepoint%s%s: cannot write the output: %s\n", cmd ? " " : "", cmd ? cmd : "",
		        strerror(err));
	if (err && rc == CP_EXIT_OK)
		rc = CP_EXIT_IO;
	return rc;
}

int main(int argc, char **argv)
{
	size_t i;
	if (argc < 2) {
		help(stderr);
		return CP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		help(stdout);
		return finish(NULL, CP_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("chokepoint %s (format version %d)\n", CHOKEPOINT_VERSION, CP_FORMAT_VERSION);
		return finish(NULL, CP_EXIT_OK);
	}
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt names the program by argv[0] in its messages */
			static char name[64];
			snprintf(name, sizeof name, "chokepoint %s", commands[i].name);
			argv[1] = name;
			int rc = commands[i].run(argc - 1, argv + 1);
			/* warnings that came after loading (scoring, compare's sides)
			 * under --strict; cli_load already failed on the input's own */
			if (rc == CP_EXIT_OK && cli_strict && cli_warnings_seen) {
				fprintf(stderr, "chokepoint: %zu warning%s and --strict: exit %d\n", cli_warnings_seen,
				        cli_warnings_seen == 1 ? "" : "s", CP_EXIT_INVALID);
				rc = CP_EXIT_INVALID;
			}
			return finish(commands[i].name, rc);
		}
	cli_errorf("chokepoint: unknown command '%s'", argv[1]);
	fputs("Try 'chokepoint --help'.\n", stderr);
	return CP_EXIT_USAGE;
}
