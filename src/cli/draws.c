/* The draw options shared by score, compare and timeline, the progress line
 * and the --draws-out file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "model.h"

const char cli_draws_help[] =
	"      --draws=N              also N draws of every distribution in the files\n"
	"                             (MODEL.md 8): 5-50-95 ranges and what they hang on\n"
	"      --threads=T            draws on T threads (default: one per processor);\n"
	"                             the answer is the same for any T\n"
	"      --draws-out=FILE       one JSON line per draw: its numbers and sector results\n";

int cli_draws_option(const char *cmd, cli_draws *d, int opt, const char *arg)
{
	long v;
	switch (opt) {
	case CLI_OPT_DRAWS:
		if (cli_parse_long(cmd, "draws", arg, 1, 10000000, &v) < 0)
			return -1;
		d->n = (int32_t)v;
		return 1;
	case CLI_OPT_THREADS:
		if (cli_parse_long(cmd, "threads", arg, 1, 256, &v) < 0)
			return -1;
		d->threads = (int32_t)v;
		return 1;
	case CLI_OPT_DRAWS_OUT:
		d->out = arg;
		return 1;
	}
	return 0;
}

typedef struct progress {
	struct timespec start, last;
	int shown;
} progress;

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* After two seconds, a line that rewrites itself at most five times a second. */
static void show_progress(void *ctx, int32_t done, int32_t total)
{
	progress *p = ctx;
	struct timespec now;
	double run, rate;
	clock_gettime(CLOCK_MONOTONIC, &now);
	run = since(&p->start, &now);
	if (run < 2 || (p->shown && since(&p->last, &now) < 0.2 && done < total))
		return;
	rate = done / run;
	fprintf(stderr, "\rdraws: %d of %d, %.0f a second, about %.0f s left   ", done, total, rate,
	        rate > 0 ? (total - done) / rate : 0);
	p->last = now;
	p->shown = 1;
}

/* Into memory, then written beside the target and renamed over it, so a
 * failed write never leaves half a file or removes what was there. */
static int write_draws_out(const char *cmd, const char *path, const cp_draws *d)
{
	char *buf = NULL;
	size_t len = 0, printed = 0;
	FILE *f = open_memstream(&buf, &len);
	cp_log log;
	cp_status st;
	int32_t i;
	if (!f) {
		fprintf(stderr, "chokepoint %s: out of memory\n", cmd);
		return CP_EXIT_INTERNAL;
	}
	for (i = 0; i < d->n_draws; i++)
		cp_draws_line(f, d, i);
	if (ferror(f) | (fclose(f) != 0)) {
		fprintf(stderr, "chokepoint %s: out of memory\n", cmd);
		free(buf);
		return CP_EXIT_INTERNAL;
	}
	cp_log_init(&log);
	st = cp_output_file(path, buf, len, &log);
	cli_print_log(&log, &printed, 0);
	cp_log_free(&log);
	free(buf);
	return cli_exit_for(st);
}

int cli_side_draws(const char *cmd, const cli_input *in, const cli_draws *d, const cp_score_opts *so, cli_side *side,
                   cp_draws **out)
{
	cp_draw_opts o;
	cp_draw_opts_default(&o);
	o.at = *so;
	o.at.flags = 0;   /* a draw is a plain score */
	o.unchanged = side->unchanged;
	return cli_run_draws(cmd, in, d, so->seed, side->r->model, &o, out, &side->log);
}

int cli_run_draws(const char *cmd, const cli_input *in, const cli_draws *d, uint64_t seed, const cp_model *m,
                  cp_draw_opts *o, cp_draws **out, cp_log *log)
{
	progress p = { { 0, 0 }, { 0, 0 }, 0 };
	size_t printed = log->n;
	cp_status st;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	o->n_draws = d->n;
	o->seed = seed;
	o->threads = d->threads ? d->threads : cpus > 0 ? (int32_t)(cpus > 256 ? 256 : cpus) : 1;
	if (!in->quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &p.start);
		o->progress = show_progress;
		o->progress_ctx = &p;
	}
	st = cp_draws_run_model(out, m, o, log);
	if (p.shown)
		fputc('\n', stderr);
	cli_print_log(log, &printed, in->quiet);
	if (st != CP_OK) {
		fprintf(stderr, "chokepoint %s: draws failed: %s\n", cmd, cp_status_str(st));
		return cli_exit_for(st);
	}
	if (d->out) {
		int rc = write_draws_out(cmd, d->out, *out);
		if (rc != CP_EXIT_OK) {   /* the caller frees draws only on success */
			cp_draws_free(*out);
			*out = NULL;
		}
		return rc;
	}
	return CP_EXIT_OK;
}
