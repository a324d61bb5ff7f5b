/* The charts into a file through PLplot (svg: its own SVG driver;
 * png and pdf: its cairo drivers).
 *
 * PLplot keeps global state (the current stream, its exit and abort
 * handlers), so this is not reentrant: one chart at a time per process.
 * PLplot may print to stdout, which carries the table or JSON: while it
 * runs, file descriptor 1 is pointed at stderr.  Its fatal errors call an
 * exit handler that would end the process; ours jumps back here instead.
 * The chart is written to a temporary file beside the target and renamed
 * over it only once complete, so a failure leaves no partial file. */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <plplot.h>

#include "chart_internal.h"
#include "log.h"

static jmp_buf *chart_jump;   /* where a PLplot exit returns to */
static char chart_msg[256];   /* PLplot's first complaint */
static int chart_failed;

static void remember(const char *msg)
{
	size_t n;
	if (chart_failed++)
		return;
	snprintf(chart_msg, sizeof chart_msg, "%s", msg ? msg : "");
	for (n = strlen(chart_msg); n > 0 && (chart_msg[n - 1] == '\n' || chart_msg[n - 1] == ' '); n--)
		chart_msg[n - 1] = '\0';
}

static int on_plexit(PLCHAR_VECTOR msg)
{
	remember(msg);
	if (chart_jump)
		longjmp(*chart_jump, 1);
	return 1;
}

static void on_plabort(PLCHAR_VECTOR msg)
{
	remember(msg);
}

/* The PLplot device for the file name's extension; NULL when unknown. */
static const char *device_for(const char *path, int *raster)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	*raster = 0;
	if (!dot || (slash && dot < slash))
		return NULL;
	if (strcasecmp(dot, ".svg") == 0)
		return "svg";
	if (strcasecmp(dot, ".pdf") == 0)
		return "pdfcairo";
	if (strcasecmp(dot, ".png") == 0) {
		*raster = 1;
		return "pngcairo";
	}
	return NULL;
}

/* 1 when this PLplot has the device: plinit would otherwise ask on stdin. */
static int device_available(const char *dev)
{
	const char *menu[256], *names[256];
	const char **pm = menu, **pn = names;
	int n = 256, i;
	plgDevs(&pm, &pn, &n);
	for (i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], dev) == 0)
			return 1;
	return 0;
}

/* A new empty file beside path (its folder, a hidden name): *tmp is
 * malloc'ed.  Returns 0, or -1 with errno set. */
static int temp_beside(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	mode_t mask;
	int fd;
	if (!(*tmp = malloc(strlen(path) + 16))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(*tmp, path, dir);
	sprintf(*tmp + dir, ".%s.XXXXXX", path + dir);
	if ((fd = mkstemp(*tmp)) < 0) {
		int err = errno;
		free(*tmp);
		*tmp = NULL;
		errno = err;
		return -1;
	}
	/* mkstemp makes it 0600; the chart gets the mode fopen would give */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0) {
		int err = errno;
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		errno = err;
		return -1;
	}
	return 0;
}

/* Put the finished chart at path: renamed over a regular file (or none);
 * a device, pipe or symbolic link is written through, never replaced.
 * 1 when tmp was renamed, 0 when it was copied (and is still there), or
 * -1 after a message. */
static int put_chart(const char *tmp, const char *path, cp_log *log)
{
	struct stat sb;
	FILE *f;
	char *buf;
	long n;
	int rc;
	if (lstat(path, &sb) != 0 || S_ISREG(sb.st_mode)) {
		if (rename(tmp, path) == 0)
			return 1;
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!(f = fopen(tmp, "rb")) || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)n + 1)) ||
	    (fread(buf, 1, (size_t)n, f) != (size_t)n && (free(buf), 1))) {
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	rc = cp_output_file(path, buf, (size_t)n, log) == CP_OK ? 0 : -1;
	free(buf);
	return rc;
}

/* What to draw: the timeline (with the draws' bands when d is given), or
 * with t NULL the range plot of static draws d. */
typedef struct chart_job {
	const cp_timeline *t;
	const uint8_t *show;
	const cp_draws *d;
} chart_job;

static void job_page_size(const chart_job *j, int *w, int *h)
{
	if (j->t)
		chart_page_size(j->t, w, h);
	else
		chart_ranges_page_size(j->d, w, h);
}

static int job_draw(const chart_job *j)
{
	return j->t ? chart_draw(j->t, j->show, j->d) : chart_draw_ranges(j->d);
}

/* Run PLplot with stdout set aside: 0, or -1 with chart_msg saying why.
 * Only what must survive the jump lives outside the registers. */
static int plot(const chart_job *j, const char *dev, const char *file, int raster)
{
	jmp_buf here, again;
	volatile int rc = -1, started = 0;
	int w, h;
	job_page_size(j, &w, &h);
	if (setjmp(here) == 0) {
		chart_jump = &here;
		plsexit(on_plexit);
		plsabort(on_plabort);
		plsdev(dev);
		plsfnam(file);
		plspage(raster ? 0 : 72, raster ? 0 : 72, w, h, 0, 0);
		chart_set_colours();
		plspause(0);
		plinit();
		started = 1;
		if (job_draw(j) != 0)
			remember("out of memory");
		started = 0;
		plend();
		rc = chart_failed ? -1 : 0;
	} else if (started && setjmp(again) == 0) {
		/* PLplot gave up inside the drawing: close its stream all the same */
		chart_jump = &again;
		plend();
	}
	chart_jump = NULL;
	plsexit(NULL);
	plsabort(NULL);
	return rc;
}

static cp_status chart_write(const chart_job *j, const char *path, cp_log *log)
{
	const char *dev;
	char *tmp = NULL;
	struct stat sb;
	int raster, saved, put = -1;
	cp_status st = CP_EIO;

	if (!(dev = device_for(path, &raster))) {
		cp_error(log, "chart: cannot tell the format of '%s' from its name (use .svg, .png or .pdf)", path);
		return CP_EINVAL;
	}
	if (!device_available(dev)) {
		cp_error(log, "chart: PLplot has no '%s' driver here (is plplot-driver-cairo installed?)", dev);
		return CP_EINTERNAL;
	}
	if (temp_beside(path, &tmp) != 0) {
		cp_error(log, "cannot create '%s': %s", path, strerror(errno));
		return errno == ENOMEM ? CP_ENOMEM : CP_EIO;
	}
	fflush(stdout);
	if ((saved = dup(STDOUT_FILENO)) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		cp_error(log, "chart: cannot set stdout aside: %s", strerror(errno));
		if (saved >= 0)
			close(saved);
		st = CP_EINTERNAL;
		goto fail;
	}
	chart_failed = 0;
	chart_msg[0] = '\0';
	if (plot(j, dev, tmp, raster) != 0) {
		int oom = strcmp(chart_msg, "out of memory") == 0;
		cp_error(log, "chart: PLplot could not draw '%s': %s", path, chart_msg[0] ? chart_msg : "no reason given");
		st = oom ? CP_ENOMEM : CP_EINTERNAL;
	} else if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
		cp_error(log, "cannot write '%s': PLplot wrote nothing", path);
	} else if ((put = put_chart(tmp, path, log)) >= 0) {
		st = CP_OK;
	}
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	if (st == CP_OK) {
		if (put == 0)
			unlink(tmp);   /* copied through to a device, pipe or link target */
		free(tmp);
		return CP_OK;
	}
fail:
	unlink(tmp);
	free(tmp);
	return st;
}

cp_status cp_chart_timeline(const cp_timeline *t, const uint8_t *show, const char *path, cp_log *log)
{
	chart_job j = { t, show, NULL };
	return chart_write(&j, path, log);
}

cp_status cp_chart_timeline_draws(const cp_timeline *t, const cp_draws *d, const uint8_t *show, const char *path,
                                  cp_log *log)
{
	chart_job j = { t, show, d };
	const char *why;
	if (d && (why = chart_draws_mismatch(t, d)) != NULL) {
		cp_error(log, "chart: cannot draw bands for '%s' from these draws: %s", path, why);
		return CP_EINVAL;
	}
	return chart_write(&j, path, log);
}

cp_status cp_chart_ranges(const cp_draws *d, const char *path, cp_log *log)
{
	chart_job j = { NULL, NULL, d };
	if (d->timeline || !d->group_stat || !d->sector_stat) {
		cp_error(log, "chart: cannot draw ranges for '%s': they need draws of the static score", path);
		return CP_EINVAL;
	}
	return chart_write(&j, path, log);
}
