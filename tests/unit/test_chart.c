/* The timeline chart: its layout worked out without PLplot (marks per day,
 * rows that keep event numbers apart, month ticks, short texts, escaping),
 * then whole charts through PLplot: written, drawn twice in one process,
 * and a failing write that leaves nothing behind. */
#include <dirent.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "chart_internal.h"

static int32_t day_of(const char *date)
{
	int32_t d;
	if (cp_date_parse(date, &d) != 0)
		fail_msg("bad date '%s'", date);
	return d;
}

static void marks_group_events_by_day(void **state)
{
	cp_event ev[5] = {
		{ 0, CP_EVENT_RULE_START, 0, 0 }, { 0, CP_EVENT_RULE_START, 1, 0 },
		{ 0, CP_EVENT_LEAD_END, 0, 0 }, { 0, CP_EVENT_RULE_END, 1, 0 }, { 0, CP_EVENT_RULE_END, 0, 0 }
	};
	cp_timeline t;
	chart_mark *m;
	int32_t n;
	(void)state;
	memset(&t, 0, sizeof t);
	t.from = day_of("2025-03-05");
	t.n_days = 400;
	ev[0].day = ev[1].day = day_of("2025-04-04");
	ev[2].day = day_of("2025-06-06");
	ev[3].day = ev[4].day = day_of("2025-12-31");
	t.events = ev;
	t.n_events = 5;
	n = chart_marks(&t, &m);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].day, 30);   /* 2025-03-05 + 30 days */
	assert_int_equal(m[0].first, 0);
	assert_int_equal(m[0].n, 2);
	assert_int_equal(m[1].day, 93);   /* 30 + 63 */
	assert_int_equal(m[1].n, 1);
	assert_int_equal(m[2].first, 3);
	assert_int_equal(m[2].n, 2);
	free(m);
	t.n_events = 0;
	assert_int_equal(chart_marks(&t, &m), 0);
	assert_null(m);
}

/* Labels in one row never overlap, rows are used from 0 up, and labels far
 * apart all stay in row 0. */
static void stagger_keeps_labels_apart(void **state)
{
	chart_label m[200];
	double left[200], right[200], end[4];
	int32_t n = 200, k;
	int rows, r, overlap;
	unsigned seed = 12345;
	(void)state;
	for (k = 0; k < n; k++) {
		double x;
		seed = seed * 1103515245u + 12345u;
		x = k * 5.0 + (seed >> 16) % 5; /* increasing, often closer than a label */
		left[k] = x - 4;
		right[k] = x + 4;
	}
	rows = chart_stagger(m, n, left, right, 1, 4, &overlap);
	assert_false(overlap);
	assert_true(rows >= 2 && rows <= 4);
	for (r = 0; r < 4; r++)
		end[r] = -1e9;
	for (k = 0; k < n; k++) {
		assert_true(m[k].row >= 0 && m[k].row < rows);
		/* a label and its gap span 9, centres are 1 to 9 apart: the label
		 * 4 back is clear, so 4 rows always leave one free */
		assert_true(end[m[k].row] + 1 <= left[k]);
		end[m[k].row] = right[k];
	}
	for (k = 0; k < 10; k++) {
		left[k] = k * 100.0;
		right[k] = k * 100.0 + 8;
	}
	assert_int_equal(chart_stagger(m, 10, left, right, 1, 4, &overlap), 1);
	assert_false(overlap);
	for (k = 0; k < 10; k++)
		assert_int_equal(m[k].row, 0);
	/* all on one day: one row each, then the row that frees up first */
	for (k = 0; k < 6; k++) {
		left[k] = 0;
		right[k] = 3;
	}
	assert_int_equal(chart_stagger(m, 6, left, right, 1, 4, &overlap), 4);
	assert_true(overlap);
	assert_int_equal(m[3].row, 3);
	assert_true(m[4].row >= 0 && m[4].row < 4);
}

/* Runs of marks within span of their first share a label, centred. */
static void close_marks_share_a_label(void **state)
{
	chart_mark m[6] = { { 0, 0, 1 }, { 1, 1, 1 }, { 4, 2, 1 }, { 6, 3, 1 }, { 50, 4, 1 }, { 51, 5, 1 } };
	chart_label l[6];
	(void)state;
	assert_int_equal(chart_cluster(m, 6, 0, l), 6);
	assert_int_equal(l[3].first, 3);
	assert_int_equal(l[3].last, 3);
	assert_near(l[3].x, 6);
	assert_int_equal(chart_cluster(m, 6, 5, l), 3);
	assert_int_equal(l[0].first, 0);
	assert_int_equal(l[0].last, 2);   /* 0, 1, 4: within 5 of day 0; 6 is not */
	assert_near(l[0].x, 2);
	assert_int_equal(l[1].first, 3);
	assert_int_equal(l[1].last, 3);
	assert_int_equal(l[2].first, 4);
	assert_int_equal(l[2].last, 5);
	assert_near(l[2].x, 50.5);
	assert_int_equal(chart_cluster(m, 6, 100, l), 1);
}

static void ticks_fall_on_month_starts(void **state)
{
	chart_tick tk[64];
	int n;
	(void)state;
	/* 2025-03-05 + 366 days: 2025-04-01 ... 2026-03-01 */
	n = chart_ticks(day_of("2025-03-05"), 366, 1, tk, 64);
	assert_int_equal(n, 12);
	assert_int_equal(tk[0].day, 27);       /* 2025-04-01 */
	assert_string_equal(tk[0].month, "Apr");
	assert_string_equal(tk[0].year, "2025");
	assert_string_equal(tk[1].year, "");
	assert_string_equal(tk[9].month, "Jan");
	assert_string_equal(tk[9].year, "2026");
	assert_int_equal(tk[9].day, day_of("2026-01-01") - day_of("2025-03-05"));
	assert_string_equal(tk[11].month, "Mar");
	/* every 3 months: quarters only; a first day on the 1st is a tick */
	n = chart_ticks(day_of("2025-01-01"), 365, 3, tk, 64);
	assert_int_equal(n, 4);
	assert_int_equal(tk[0].day, 0);
	assert_string_equal(tk[1].month, "Apr");
	assert_string_equal(tk[3].month, "Oct");
	/* a cap on the count */
	assert_int_equal(chart_ticks(day_of("2025-01-01"), 3650, 1, tk, 10), 10);
	/* a horizon inside one month has none */
	assert_int_equal(chart_ticks(day_of("2025-01-02"), 20, 1, tk, 64), 0);
	assert_int_equal(chart_month_step(366, 20), 1);
	assert_int_equal(chart_month_step(366, 8), 2);
	assert_int_equal(chart_month_step(3650, 20), 12);
	assert_int_equal(chart_month_step(36500, 20), 120); /* 1199 months: 60 gives 21 */
}

static void escape_doubles_plplot_escapes(void **state)
{
	char buf[8];
	(void)state;
	chart_escape("a#b", buf, sizeof buf);
	assert_string_equal(buf, "a##b");
	chart_escape("abcdefghij", buf, sizeof buf);
	assert_string_equal(buf, "abcdefg");
	chart_escape("abcdef#", buf, sizeof buf); /* no room for both #: neither */
	assert_string_equal(buf, "abcdef");
	chart_escape("abcd\xc3\xa9\xc3\xa9", buf, sizeof buf); /* cut before a split character */
	assert_string_equal(buf, "abcd\xc3\xa9");
}

/* ---- whole charts through PLplot ---- */

static const char graph[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"ore@CN\", \"kind\": \"element\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"magnet@JP\", \"kind\": \"magnet\", \"country\": \"JP\","
	"  \"inputs\": [{\"item\": \"ore\", \"value_share\": 0.5, \"suppliers\": {\"ore@CN\": 1}}]},"
	"{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 100,"
	"  \"inputs\": [{\"item\": \"magnet\", \"value_share\": 0.1, \"suppliers\": {\"magnet@JP\": 1}}]},"
	"{\"id\": \"defence@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\", \"output\": 50,"
	"  \"inputs\": [{\"item\": \"magnet\", \"value_share\": 0.1, \"suppliers\": {\"magnet@JP\": 1}}]}]}";
static const char scenario[] =
	"{\"chokepoint_scenario\": 1, \"name\": \"Dy #1 <&>\", \"controls\": ["
	"{\"id\": \"dy#1\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5,"
	" \"start\": \"2025-04-04\", \"lead_days\": 10, \"end\": \"2025-08-01\","
	" \"phases\": [{\"from\": \"2025-05-01\", \"denial\": 0.25}]}]}";

typedef struct chart_fx {
	fixture f;
	cp_timeline *t;
	char dir[64];
} chart_fx;

static void chart_setup(chart_fx *c)
{
	cp_timeline_opts o;
	memset(c, 0, sizeof *c);
	cp_log_init(&c->f.log);
	c->f.st = cp_graph_load_buffer(&c->f.g, "g.json", graph, strlen(graph), NULL, &c->f.log);
	fx_ok(&c->f);
	c->f.s = cp_scenario_new();
	c->f.st = cp_scenario_load_buffer(c->f.s, c->f.g, "s.json", scenario, strlen(scenario), NULL, &c->f.log);
	fx_ok(&c->f);
	cp_timeline_opts_default(&o);
	o.from = day_of("2025-03-05");
	o.to = day_of("2025-12-31");
	c->f.st = cp_timeline_run(&c->t, c->f.g, c->f.s, &o, &c->f.log);
	fx_ok(&c->f);
	assert_int_equal(c->t->n_events, 4);
	strcpy(c->dir, "/tmp/cp-chart-XXXXXX");
	assert_non_null(mkdtemp(c->dir));
}

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void chart_teardown(chart_fx *c)
{
	DIR *d = opendir(c->dir);
	struct dirent *e;
	char path[160];
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", c->dir, e->d_name);
		if (rmdir(path) != 0)
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(c->dir);
	cp_timeline_free(c->t);
	fx_free(&c->f);
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Each format, one after the other in one process: PLplot's global state
 * is set up and torn down every time. */
static void charts_in_every_format(void **state)
{
	static const char *names[] = { "a.svg", "b.png", "c.pdf", "d.SVG" };
	static const char *magic[] = { "<?xml", "\x89PNG", "%PDF-", "<?xml" };
	chart_fx c;
	size_t i;
	(void)state;
	chart_setup(&c);
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		char path[128], head[8] = { 0 };
		FILE *f;
		snprintf(path, sizeof path, "%s/%s", c.dir, names[i]);
		if (cp_chart_timeline(c.t, NULL, path, &c.f.log) != CP_OK)
			log_dump(&c.f.log);
		assert_true(file_size(path) > 1000);
		assert_non_null(f = fopen(path, "rb"));
		assert_true(fread(head, 1, 5, f) == 5);
		fclose(f);
		assert_memory_equal(head, magic[i], strlen(magic[i]));
	}
	assert_int_equal(files_in(c.dir), 4); /* no temporary file left */
	chart_teardown(&c);
}

static void chart_write_failures(void **state)
{
	chart_fx c;
	char path[128];
	FILE *f;
	char text[8] = { 0 };
	(void)state;
	chart_setup(&c);
	/* a folder that does not exist */
	snprintf(path, sizeof path, "%s/none/x.svg", c.dir);
	assert_int_equal(cp_chart_timeline(c.t, NULL, path, &c.f.log), CP_EIO);
	assert_true(log_has(&c.f.log, CP_ERROR, "cannot create '"));
	/* the target is a folder: drawn, then the rename fails; nothing is left */
	snprintf(path, sizeof path, "%s/d.svg", c.dir);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(cp_chart_timeline(c.t, NULL, path, &c.f.log), CP_EIO);
	assert_true(log_has(&c.f.log, CP_ERROR, "cannot write '"));
	assert_int_equal(files_in(c.dir), 1);
	/* an unknown format touches nothing, even an existing file */
	snprintf(path, sizeof path, "%s/keep.jpeg", c.dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("old", f);
	fclose(f);
	assert_int_equal(cp_chart_timeline(c.t, NULL, path, &c.f.log), CP_EINVAL);
	assert_true(log_has(&c.f.log, CP_ERROR, "cannot tell the format of '"));
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(text, sizeof text, f));
	fclose(f);
	assert_string_equal(text, "old");
	assert_int_equal(files_in(c.dir), 2);
	chart_teardown(&c);
}

/* The chart's text about the events, with the rule id's '#' kept. */
static void event_texts_name_the_events(void **state)
{
	chart_fx c;
	char buf[256];
	(void)state;
	chart_setup(&c);
	chart_event_text(c.t, &c.t->events[0], buf, sizeof buf);
	assert_string_equal(buf, "dy#1 in force, 10-day licence review");
	chart_event_text(c.t, &c.t->events[1], buf, sizeof buf);
	assert_string_equal(buf, "dy#1 licence review over");
	chart_event_text(c.t, &c.t->events[2], buf, sizeof buf);
	assert_string_equal(buf, "dy#1 phase 1, denial 0.25");
	chart_event_text(c.t, &c.t->events[3], buf, sizeof buf);
	assert_string_equal(buf, "dy#1 ends");
	chart_event_text(c.t, &c.t->events[0], buf, 12);
	assert_string_equal(buf, "dy#1 in ...");
	chart_teardown(&c);
}

/* ---- the draws' charts ---- */

/* The fixture's scenario with the control's denial drawn from dist. */
static void draws_setup(chart_fx *c, const char *dist, int timeline, int32_t n_draws, cp_draws **d)
{
	char text[1024];
	cp_timeline_opts o;
	cp_draw_opts dopts;
	memset(c, 0, sizeof *c);
	cp_log_init(&c->f.log);
	c->f.st = cp_graph_load_buffer(&c->f.g, "g.json", graph, strlen(graph), NULL, &c->f.log);
	fx_ok(&c->f);
	snprintf(text, sizeof text,
	         "{\"chokepoint_scenario\": 1, \"name\": \"drawn\", \"controls\": ["
	         "{\"id\": \"dy\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": %s,"
	         " \"start\": \"2025-04-04\", \"lead_days\": 10, \"end\": \"2025-08-01\"}]}", dist);
	c->f.s = cp_scenario_new();
	c->f.st = cp_scenario_load_buffer(c->f.s, c->f.g, "s.json", text, strlen(text), NULL, &c->f.log);
	fx_ok(&c->f);
	cp_timeline_opts_default(&o);
	o.from = day_of("2025-03-05");
	o.to = day_of("2025-12-31");
	c->f.st = cp_timeline_run(&c->t, c->f.g, c->f.s, &o, &c->f.log);
	fx_ok(&c->f);
	cp_draw_opts_default(&dopts);
	dopts.n_draws = n_draws;
	dopts.timeline = timeline;
	dopts.tl = o;
	c->f.st = cp_draws_run(d, c->f.g, c->f.s, &dopts, &c->f.log);
	fx_ok(&c->f);
	strcpy(c->dir, "/tmp/cp-chart-XXXXXX");
	assert_non_null(mkdtemp(c->dir));
}

/* A degenerate distribution: every draw is the run at the means, so each
 * series' band is that run on every day (as floats), groups and nodes. */
static void bands_of_a_fixed_number_are_the_run(void **state)
{
	chart_fx c;
	cp_draws *d;
	chart_series sr[4];
	uint8_t show[2] = { 0, 1 };
	int32_t n, i, k, below = 0;
	(void)state;
	draws_setup(&c, "{\"uniform\": [0.5, 0.5]}", 1, 5, &d);
	assert_null(chart_draws_mismatch(c.t, d));
	n = chart_top_series(c.t, NULL, d, sr);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_true(sr[i].y == c.t->group_output + (size_t)i * (size_t)c.t->n_days);
		for (k = 0; k < c.t->n_days; k++) {
			assert_true(sr[i].band[3 * k] == (float)sr[i].y[k]);
			assert_true(sr[i].band[3 * k + 1] == (float)sr[i].y[k]);
			assert_true(sr[i].band[3 * k + 2] == (float)sr[i].y[k]);
			below += sr[i].y[k] < 0.99;
		}
	}
	assert_true(below > 0); /* the control bites: the series are not all 1 */
	n = chart_top_series(c.t, show, d, sr);
	assert_int_equal(n, 1);
	assert_string_equal(sr[0].name, "defence@US");
	for (k = 0; k < c.t->n_days; k++)
		assert_true(sr[0].band[3 * k + 1] == (float)c.t->output[(size_t)c.t->n_days + (size_t)k]);
	/* without draws, no bands */
	chart_top_series(c.t, NULL, NULL, sr);
	assert_null(sr[0].band);
	cp_draws_free(d);
	chart_teardown(&c);
}

/* Count of needle in the file at path. */
static int count_in(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;
	int n = 0;
	const char *p;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_non_null(buf = malloc((size_t)size + 1));
	assert_true(fread(buf, 1, (size_t)size, f) == (size_t)size);
	buf[size] = '\0';
	fclose(f);
	for (p = buf; (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(buf);
	return n;
}

/* PLplot's SVG driver writes text as character references: the needle
 * (ASCII) as it appears there, with whole set: as the whole of a text. */
static const char *svg_chars(const char *s, int whole)
{
	static char buf[1024];
	size_t n = 0;
	if (whole)
		buf[n++] = '>';
	for (; *s && n + 16 < sizeof buf; s++)
		n += (size_t)sprintf(buf + n, "&#x%x;", (unsigned char)*s);
	if (whole)
		n += (size_t)sprintf(buf + n, "</tspan>");
	buf[n] = '\0';
	return buf;
}

/* The see-through fills: each band and its legend swatch. */
#define BAND_FILL "fill-opacity=\"0.200000\""

static void timeline_chart_with_bands(void **state)
{
	chart_fx c;
	cp_draws *d;
	char path[128];
	uint8_t show[2] = { 1, 0 };
	(void)state;
	draws_setup(&c, "{\"uniform\": [0.3, 0.7]}", 1, 40, &d);
	snprintf(path, sizeof path, "%s/bands.svg", c.dir);
	if (cp_chart_timeline_draws(c.t, d, NULL, path, &c.f.log) != CP_OK)
		log_dump(&c.f.log);
	assert_int_equal(count_in(path, BAND_FILL), 2 * 2); /* two groups */
	assert_int_equal(count_in(path, svg_chars("median of 40 draws", 0)), 1);
	snprintf(path, sizeof path, "%s/one.svg", c.dir);
	assert_int_equal(cp_chart_timeline_draws(c.t, d, show, path, &c.f.log), CP_OK);
	assert_int_equal(count_in(path, BAND_FILL), 2); /* auto@EU alone */
	/* no draws: today's chart, no bands */
	snprintf(path, sizeof path, "%s/plain.svg", c.dir);
	assert_int_equal(cp_chart_timeline_draws(c.t, NULL, NULL, path, &c.f.log), CP_OK);
	assert_int_equal(count_in(path, BAND_FILL), 0);
	assert_int_equal(count_in(path, svg_chars("median of", 0)), 0);
	assert_int_equal(files_in(c.dir), 3);
	cp_draws_free(d);
	chart_teardown(&c);
}

/* Draws that do not fit the timeline, or static draws, are refused before
 * anything is written. */
static void draws_that_do_not_fit_are_refused(void **state)
{
	chart_fx c;
	cp_draws *d, *other;
	cp_draw_opts dopts;
	char path[128];
	(void)state;
	draws_setup(&c, "{\"uniform\": [0.3, 0.7]}", 0, 10, &d);
	snprintf(path, sizeof path, "%s/x.svg", c.dir);
	assert_string_equal(chart_draws_mismatch(c.t, d), "they are not timeline draws");
	assert_int_equal(cp_chart_timeline_draws(c.t, d, NULL, path, &c.f.log), CP_EINVAL);
	assert_true(log_has(&c.f.log, CP_ERROR, "cannot draw bands for '"));
	/* timeline draws over another horizon */
	cp_draw_opts_default(&dopts);
	dopts.n_draws = 3;
	dopts.timeline = 1;
	dopts.tl.from = c.t->from;
	dopts.tl.to = c.t->from + c.t->n_days; /* a day longer */
	assert_int_equal(cp_draws_run(&other, c.f.g, c.f.s, &dopts, &c.f.log), CP_OK);
	assert_string_equal(chart_draws_mismatch(c.t, other), "their horizon is not the timeline's");
	assert_int_equal(cp_chart_timeline_draws(c.t, other, NULL, path, &c.f.log), CP_EINVAL);
	/* ranges need static draws */
	assert_int_equal(cp_chart_ranges(other, path, &c.f.log), CP_EINVAL);
	assert_true(log_has(&c.f.log, CP_ERROR, "they need draws of the static score"));
	assert_int_equal(files_in(c.dir), 0);
	cp_draws_free(other);
	cp_draws_free(d);
	chart_teardown(&c);
}

/* By hand: medians and ranges in whole percent, one decimal below 10%. */
static void range_texts_round_to_percent(void **state)
{
	cp_stat a = { 0.65, 0.04, 0.578, 0.658, 0.717 };
	cp_stat b = { 0.04, 0.005, 0.035, 0.043, 0.0521 };
	cp_stat z = { 0, 0, 0, 0, 0 };
	cp_stat full = { 1, 0, 0.9951, 1, 1 };
	char buf[64];
	(void)state;
	chart_range_text(&a, buf, sizeof buf);
	assert_string_equal(buf, "66% (58\xe2\x80\x93" "72)");
	chart_range_text(&b, buf, sizeof buf);
	assert_string_equal(buf, "4.3% (3.5\xe2\x80\x93" "5.2)");
	chart_range_text(&z, buf, sizeof buf);
	assert_string_equal(buf, "0% (0\xe2\x80\x93" "0)");
	chart_range_text(&full, buf, sizeof buf);
	assert_string_equal(buf, "100% (100\xe2\x80\x93" "100)");
}

/* Rows: each group, then its nodes in file order, with their stats; then
 * the chart in each format with one bar per row. */
static void ranges_rows_and_charts(void **state)
{
	static const char *names[] = { "r.svg", "r.png", "r.pdf" };
	static const char *magic[] = { "<?xml", "\x89PNG", "%PDF-" };
	chart_fx c;
	cp_draws *d;
	chart_range_row rows[8];
	char path[128];
	size_t i;
	(void)state;
	draws_setup(&c, "{\"uniform\": [0.3, 0.7]}", 0, 50, &d);
	assert_int_equal(d->n_groups, 2);
	assert_int_equal(chart_range_rows(d, rows), 4);
	assert_int_equal(rows[0].node, -1);
	assert_true(rows[0].stat == &d->group_stat[0]);
	assert_int_equal(rows[1].node, 0);
	assert_true(rows[1].stat == &d->sector_stat[0]);
	assert_int_equal(rows[2].group, 1);
	assert_int_equal(rows[2].node, -1);
	assert_int_equal(rows[3].node, 1);
	assert_true(d->sector_stat[0].p95 > d->sector_stat[0].p5); /* the bars have a width */
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		char head[8] = { 0 };
		FILE *f;
		snprintf(path, sizeof path, "%s/%s", c.dir, names[i]);
		if (cp_chart_ranges(d, path, &c.f.log) != CP_OK)
			log_dump(&c.f.log);
		assert_non_null(f = fopen(path, "rb"));
		assert_true(fread(head, 1, 5, f) == 5);
		fclose(f);
		assert_memory_equal(head, magic[i], strlen(magic[i]));
	}
	snprintf(path, sizeof path, "%s/r.svg", c.dir);
	assert_int_equal(count_in(path, BAND_FILL), 4);
	assert_int_equal(count_in(path, svg_chars("auto@EU", 1)), 1);
	assert_int_equal(count_in(path, svg_chars("defence@US", 1)), 1);
	assert_int_equal(count_in(path, svg_chars("defence", 1)), 1);
	assert_int_equal(count_in(path, svg_chars("over 50 draws", 0)), 1);
	/* the groups' labels and numbers in bold, the nodes' not */
	assert_int_equal(count_in(path, "font-weight=\"bold\""), 2 * 2);
	/* a folder that does not exist: nothing written */
	snprintf(path, sizeof path, "%s/none/r.svg", c.dir);
	assert_int_equal(cp_chart_ranges(d, path, &c.f.log), CP_EIO);
	assert_int_equal(files_in(c.dir), 3);
	cp_draws_free(d);
	chart_teardown(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marks_group_events_by_day),
		cmocka_unit_test(stagger_keeps_labels_apart),
		cmocka_unit_test(close_marks_share_a_label),
		cmocka_unit_test(ticks_fall_on_month_starts),
		cmocka_unit_test(escape_doubles_plplot_escapes),
		cmocka_unit_test(event_texts_name_the_events),
		cmocka_unit_test(charts_in_every_format),
		cmocka_unit_test(chart_write_failures),
		cmocka_unit_test(bands_of_a_fixed_number_are_the_run),
		cmocka_unit_test(timeline_chart_with_bands),
		cmocka_unit_test(draws_that_do_not_fit_are_refused),
		cmocka_unit_test(range_texts_round_to_percent),
		cmocka_unit_test(ranges_rows_and_charts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
