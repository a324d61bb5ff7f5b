/* The timeline chart drawn with PLplot on a stream the caller opened:
 * title, event number strip, output panel, flow panel, date axis, event
 * list.  Sizes are worked out on the page (plgchr, text_mm) in millimetres
 * and placed in normalised page coordinates. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

#include "chart_internal.h"

#define PAGE_W 1400
#define PAGE_H 860
#define LIST_ROW_PX 21
#define LIST_COLUMNS 2
#define MAX_LIST_ROWS 24    /* beyond 48 events the list says how many it leaves out */
#define MAX_STRIP_ROWS 4

void chart_page_size(const cp_timeline *t, int *w, int *h)
{
	int rows = (int)((t->n_events + LIST_COLUMNS - 1) / LIST_COLUMNS);
	if (rows > MAX_LIST_ROWS)
		rows = MAX_LIST_ROWS;
	*w = PAGE_W;
	*h = PAGE_H + LIST_ROW_PX * rows;
}

/* A polyline of y (0..1, drawn in %) over days 0..n-1, broken at NaN.
 * Inside a run of equal values only the run's ends are kept: the series
 * are mostly steps, and every point costs bytes in an SVG. */
static void draw_series(const double *y, int32_t n, PLFLT *xs, PLFLT *ys)
{
	int32_t d, k = 0;
	for (d = 0; d <= n; d++) {
		if (d < n && !isnan(y[d])) {
			if (k >= 2 && ys[k - 1] == 100 * y[d] && ys[k - 2] == ys[k - 1])
				k--; /* the middle of a flat run */
			xs[k] = d;
			ys[k] = 100 * y[d];
			k++;
			continue;
		}
		if (k == 1)
			plpoin(1, xs, ys, 1);
		else if (k > 1)
			plline(k, xs, ys);
		k = 0;
	}
}

/* The 5-95 band of a series (band: n days x 3 floats, p5 p50 p95) filled
 * in the current colour, one polygon per run of days without NaN: the
 * upper edge forward, the lower edge back, flat runs cut to their ends.
 * xs and ys have room for 2 n + 2 points. */
static void edge(const float *band, int32_t a, int32_t b, int which, PLFLT *xs, PLFLT *ys, int32_t *k)
{
	int32_t d, step = a <= b ? 1 : -1, start = *k;
	for (d = a;; d += step) {
		double v = 100.0 * band[(size_t)d * 3 + (size_t)which];
		if (*k - start >= 2 && ys[*k - 1] == v && ys[*k - 2] == v)
			(*k)--;
		xs[*k] = d;
		ys[*k] = v;
		(*k)++;
		if (d == b)
			break;
	}
}

static int band_day_ok(const float *band, int32_t d)
{
	return !isnan(band[(size_t)d * 3]) && !isnan(band[(size_t)d * 3 + 2]);
}

static void draw_band(const float *band, int32_t n, PLFLT *xs, PLFLT *ys)
{
	int32_t a = 0, b;
	while (a < n) {
		int32_t k = 0;
		if (!band_day_ok(band, a)) {
			a++;
			continue;
		}
		for (b = a; b + 1 < n && band_day_ok(band, b + 1); b++)
			;
		if (a == b) { /* one day: a bar as wide as a line */
			xs[0] = xs[1] = a;
			ys[0] = 100.0 * band[(size_t)a * 3];
			ys[1] = 100.0 * band[(size_t)a * 3 + 2];
			plwidth(4);
			plline(2, xs, ys);
			plwidth(1);
		} else {
			edge(band, a, b, 2, xs, ys, &k);
			edge(band, b, a, 0, xs, ys, &k);
			plfill(k, xs, ys);
		}
		a = b + 1;
	}
}

typedef struct frame {
	double x0, x1;            /* panels' left and right, page fractions */
	double xmin, xmax;        /* world: days */
	const chart_tick *ticks;
	int n_ticks, years_only;
	const chart_mark *marks;
	int32_t n_marks;
} frame;

/* A panel's box, grid, month ticks and event markers, 0..100 % high. */
static void panel(const frame *f, double y0, double y1, const char *ylabel, int month_labels)
{
	static const double yticks[] = { 0, 20, 40, 60, 80, 100 };
	double ymax = 104;
	size_t i;
	int k;
	plvpor(f->x0, f->x1, y0, y1);
	plwind(f->xmin, f->xmax, 0, ymax);
	pllsty(1);
	plwidth(0.8);
	plcol0(C_GRID);
	for (i = 0; i < sizeof yticks / sizeof *yticks; i++)
		pljoin(f->xmin, yticks[i], f->xmax, yticks[i]);
	for (k = 0; k < f->n_ticks; k++)
		pljoin(f->ticks[k].day, 0, f->ticks[k].day, ymax);
	plcol0(C_MARK);
	plwidth(1.0);
	for (k = 0; k < f->n_marks; k++)
		pljoin(f->marks[k].day, 0, f->marks[k].day, ymax);
	pllsty(1);
	plwidth(1.0);
	plcol0(C_INK);
	plbox("bc", 0, 0, "bc", 0, 0);
	for (k = 0; k < f->n_ticks; k++) {
		double pos = (f->ticks[k].day - f->xmin) / (f->xmax - f->xmin);
		pljoin(f->ticks[k].day, 0, f->ticks[k].day, 0.025 * ymax);
		pljoin(f->ticks[k].day, ymax, f->ticks[k].day, 0.975 * ymax);
		if (!month_labels)
			continue;
		if (f->years_only) {
			plmtex("b", 1.6, pos, 0.5, f->ticks[k].year[0] ? f->ticks[k].year : "");
		} else {
			plmtex("b", 1.6, pos, 0.5, f->ticks[k].month);
			if (f->ticks[k].year[0])
				plmtex("b", 2.9, pos, 0.5, f->ticks[k].year);
		}
	}
	for (i = 0; i < sizeof yticks / sizeof *yticks; i++) {
		char label[8];
		snprintf(label, sizeof label, "%g%%", yticks[i]);
		plmtex("lv", 0.6, yticks[i] / ymax, 1.0, label);
	}
	plmtex("l", 5.0, 0.5, 0.5, ylabel);
}

/* Legend lines right of a panel, from its top down: entries with style >= 0
 * get a line sample in chart_series_pen(style), the others (style -1: threshold,
 * -2: a rule that matches no edge, said so) as marked.  Entries that do not
 * fit are counted in a last line. */
typedef struct legend_entry {
	const char *text;
	int style;
	int band;                 /* a band swatch behind the line sample */
} legend_entry;

static void legend(const chart_page *p, double x, double top, double bottom, double width,
                   const legend_entry *e, int n)
{
	double sample = 9 / p->w_mm, row = 1.25 * p->lh, y = top - 0.7 * p->lh;
	int i, room = (int)((top - bottom) / row);
	char buf[512], text[512];
	if (room < 1)
		room = 1;
	plvpor(0, 1, 0, 1);
	plwind(0, 1, 0, 1);
	for (i = 0; i < n; i++, y -= row) {
		if (i == room - 1 && n > room) {
			snprintf(buf, sizeof buf, "... and %d more", n - i);
			plcol0(C_INK);
			plptex(x, y - 0.3 * p->lh, 1, 0, 0, buf);
			break;
		}
		if (e[i].style >= 0 && e[i].band) {
			PLFLT bx[4] = { x, x + sample, x + sample, x }, by[4];
			by[0] = by[1] = y - 0.3 * p->lh;
			by[2] = by[3] = y + 0.3 * p->lh;
			chart_band_colour(e[i].style);
			plfill(4, bx, by);
		}
		if (e[i].style >= 0) {
			chart_series_pen(e[i].style);
		} else {
			plcol0(C_THRESHOLD);
			chart_dash(3);
			plwidth(1.6);
		}
		if (e[i].style != -2)
			pljoin(x, y, x + sample, y);
		pllsty(1);
		plwidth(1.0);
		plcol0(C_INK);
		snprintf(text, sizeof text, "%s%s", e[i].text, e[i].style == -2 ? " (matches no edge)" : "");
		chart_fit_text(text, (width - sample) * p->w_mm - 2 * p->ch, buf, sizeof buf);
		plptex(x + sample + 0.8 * p->ch / p->w_mm, y - 0.3 * p->lh, 1, 0, 0, buf);
	}
}

/* "7", or "3-6" (an en dash) for a run of marks. */
static void label_text(const chart_label *l, char *buf, size_t size)
{
	if (l->first == l->last)
		snprintf(buf, size, "%d", (int)l->first + 1);
	else
		snprintf(buf, size, "%d\xe2\x80\x93%d", (int)l->first + 1, (int)l->last + 1);
}

/* The title: the scenarios' names and the horizon. */
static void title(const cp_timeline *t, const cp_draws *d, const chart_page *p, double y)
{
	char text[512], a[11], b[11];
	size_t len = 0;
	int32_t i;
	cp_date_format(t->from, a);
	cp_date_format(t->from + t->n_days - 1, b);
	for (i = 0; i < t->s->n_files && len + 4 < sizeof text; i++) {
		int k = snprintf(text + len, sizeof text - len, "%s%s", i ? " + " : "", t->s->names[i]);
		if (k < 0)
			break;
		len += (size_t)k < sizeof text - len ? (size_t)k : sizeof text - len - 1;
	}
	if (!t->s->n_files)
		snprintf(text, sizeof text, "no scenario");
	plcol0(C_INK);
	chart_text_size(1.25);
	{
		char buf[512];
		plvpor(0, 1, 0, 1);
		plwind(0, 1, 0, 1);
		chart_fit_text(text, 0.94 * p->w_mm, buf, sizeof buf);
		plptex(0.03, y, 1, 0, 0, buf);
	}
	chart_text_size(1.0);
	if (d)
		snprintf(text, sizeof text,
		         "%s to %s; output: median of %d draws, 5th to 95th percentile shaded; "
		         "flows at the means; grey lines: events", a, b, (int)d->n_draws);
	else
		snprintf(text, sizeof text, "%s to %s, day by day; grey lines: events, numbered and listed below", a, b);
	{
		char buf[512];
		chart_fit_text(text, 0.94 * p->w_mm, buf, sizeof buf);
		plptex(0.03, y - 1.25 * p->lh, 1, 0, 0, buf);
	}
}

int chart_draw(const cp_timeline *t, const uint8_t *show, const cp_draws *d)
{
	const cp_scenario *s = t->s;
	chart_mark *marks = NULL;
	chart_label *labels = NULL;
	chart_series *series = NULL;
	chart_tick ticks[64];
	legend_entry *entries = NULL;
	PLFLT *xs = NULL, *ys = NULL;
	double *median = NULL;
	double *left = NULL, *right = NULL;
	int32_t n_marks, n_labels = 0, n_series, i, n_entries, n_days = t->n_days;
	double span, legend_w, x0 = 0.08, x1, y, strip_h, top0, top1, bot0, bot1, list_top, per_mm;
	int rows = 0, list_rows, rc = -1, step, attempt;
	chart_page p;
	frame f;
	char buf[1024], num[16];
	size_t n_alloc = (size_t)(t->n_groups > t->n_sector_nodes ? t->n_groups : t->n_sector_nodes) + 1;

	if ((n_marks = chart_marks(t, &marks)) < 0)
		goto done;
	series = malloc(n_alloc * sizeof *series);
	entries = malloc((n_alloc + (size_t)s->n_rules + 2) * sizeof *entries);
	xs = malloc((2 * (size_t)n_days + 2) * sizeof *xs);
	ys = malloc((2 * (size_t)n_days + 2) * sizeof *ys);
	median = malloc(((size_t)n_days + 1) * sizeof *median);
	labels = malloc(((size_t)n_marks + 1) * sizeof *labels);
	left = malloc(((size_t)n_marks + 1) * sizeof *left);
	right = malloc(((size_t)n_marks + 1) * sizeof *right);
	if (!series || !entries || !xs || !ys || !median || !labels || !left || !right)
		goto done;
	n_series = chart_top_series(t, show, d, series);

	pladv(0);
	chart_text_init();
	chart_page_measure(&p);

	/* Horizontal: y labels left, legends right as wide as their longest name. */
	legend_w = 0;
	for (i = 0; i < n_series; i++)
		if (chart_text_mm(series[i].name) > legend_w)
			legend_w = chart_text_mm(series[i].name);
	for (i = 0; i < s->n_rules; i++) {
		snprintf(buf, sizeof buf, "%s%s", s->rules[i].id, t->flow_defined[i] ? "" : " (matches no edge)");
		if (chart_text_mm(buf) > legend_w)
			legend_w = chart_text_mm(buf);
	}
	legend_w = (legend_w + 9 + 3 * p.ch) / p.w_mm;
	if (legend_w > 0.3)
		legend_w = 0.3;
	if (legend_w < 0.12)
		legend_w = 0.12;
	x1 = 1 - legend_w - 0.02;
	f.x0 = x0;
	f.x1 = x1;
	f.xmin = 0;
	f.xmax = n_days > 1 ? n_days - 1 : 1;
	if (n_days <= 1) {
		f.xmin = -0.5;
		f.xmax = 0.5;
	}
	step = chart_month_step(n_days, (int)((x1 - x0) * p.w_mm / (4.5 * p.ch)));
	f.n_ticks = chart_ticks(t->from, n_days, step, ticks, (int)(sizeof ticks / sizeof *ticks));
	f.ticks = ticks;
	f.years_only = step >= 12;
	f.marks = marks;
	f.n_marks = n_marks;

	/* The strip of event numbers: as many rows as keep them apart, and
	 * where even MAX_STRIP_ROWS rows do not, runs of close marks share a
	 * label "a-b", closer runs first. */
	per_mm = (f.xmax - f.xmin) / ((x1 - x0) * p.w_mm);
	span = 0;
	for (attempt = 0; attempt < 40; attempt++) {
		int overlap;
		n_labels = chart_cluster(marks, n_marks, span, labels);
		for (i = 0; i < n_labels; i++) {
			double half;
			label_text(&labels[i], num, sizeof num);
			half = (chart_text_mm(num) / 2 + 0.4 * p.ch) * per_mm;
			/* inside the panel's width */
			if (labels[i].x - half < f.xmin)
				labels[i].x = f.xmin + half;
			if (labels[i].x + half > f.xmax)
				labels[i].x = f.xmax - half;
			left[i] = labels[i].x - half;
			right[i] = labels[i].x + half;
		}
		rows = chart_stagger(labels, n_labels, left, right, 0.3 * p.ch * per_mm, MAX_STRIP_ROWS, &overlap);
		if (!overlap)
			break;
		span = span ? 1.25 * span : 2 * p.ch * per_mm;
	}

	/* Vertical, from the top: title, strip, output panel, flow panel, dates, list. */
	list_rows = (int)((t->n_events + LIST_COLUMNS - 1) / LIST_COLUMNS);
	if (list_rows > MAX_LIST_ROWS)
		list_rows = MAX_LIST_ROWS;
	y = 1 - 1.6 * p.lh;
	title(t, d, &p, y);
	y -= 2.6 * p.lh;
	strip_h = (rows ? rows : 1) * 1.1 * p.lh;
	top1 = y - strip_h;
	list_top = (list_rows ? (list_rows + 1.0) * 1.1 * p.lh : 0) + 1.2 * p.lh;
	bot0 = list_top + 3.8 * p.lh;
	{
		/* the flow panel a third of the room, or as tall as its legend
		 * needs (which may reach 2 lines below it), up to a half */
		double avail = top1 - bot0 - 1.2 * p.lh;
		double h2 = s->n_rules * 1.25 * p.lh - 1.3 * p.lh;
		if (h2 < 0.36 * avail)
			h2 = 0.36 * avail;
		if (h2 > 0.5 * avail)
			h2 = 0.5 * avail;
		bot1 = bot0 + h2;
		top0 = bot1 + 1.2 * p.lh;
	}

	/* The output panel. */
	panel(&f, top0, top1, show ? "output of the chosen sectors" : "output of the sector groups", 0);
	plwind(f.xmin, f.xmax, 0, 104);
	plcol0(C_THRESHOLD);
	chart_dash(3);
	plwidth(1.6);
	pljoin(f.xmin, 100 * t->threshold, f.xmax, 100 * t->threshold);
	/* with draws: every band first, so no band hides a median line */
	for (i = 0; i < n_series; i++)
		if (series[i].band) {
			chart_band_colour((int)i);
			draw_band(series[i].band, n_days, xs, ys);
		}
	for (i = 0; i < n_series; i++) {
		const double *y_line = series[i].y;
		if (series[i].band) {
			int32_t k;
			for (k = 0; k < n_days; k++)
				median[k] = series[i].band[(size_t)k * 3 + 1];
			y_line = median;
		}
		chart_series_pen((int)i);
		draw_series(y_line, n_days, xs, ys);
	}
	n_entries = 0;
	for (i = 0; i < n_series; i++) {
		entries[n_entries].text = series[i].name;
		entries[n_entries].band = series[i].band != NULL;
		entries[n_entries++].style = (int)i;
	}
	snprintf(buf, sizeof buf, "threshold %g%%", 100 * t->threshold);
	entries[n_entries].text = buf;
	entries[n_entries].band = 0;
	entries[n_entries++].style = -1;
	legend(&p, x1 + 0.015, top1, top0, legend_w, entries, n_entries);

	/* Event numbers above the output panel, joined to their markers; each
	 * on a white patch, so a higher number's line passes behind a lower one. */
	plvpor(x0, x1, top1, y);
	plwind(f.xmin, f.xmax, 0, strip_h / (1.1 * p.lh));
	plcol0(C_MARK);
	plwidth(1.0);
	for (i = 0; i < n_labels; i++) {
		int32_t k;
		for (k = labels[i].first; k <= labels[i].last; k++)
			pljoin(marks[k].day, 0, marks[k].day, labels[i].row + 0.3);
	}
	for (i = 0; i < n_labels; i++) {
		PLFLT bx[4], by[4];
		double row_y = labels[i].row + 0.3;
		bx[0] = bx[3] = left[i];
		bx[1] = bx[2] = right[i];
		by[0] = by[1] = row_y;
		by[2] = by[3] = row_y + 0.85;
		plcol0(C_BG);
		plfill(4, bx, by);
		plcol0(C_INK);
		label_text(&labels[i], num, sizeof num);
		plptex(labels[i].x, row_y + 0.42, 1, 0, 0.5, num);
	}

	/* The flow panel. */
	panel(&f, bot0, bot1, "flow index", 1);
	plwind(f.xmin, f.xmax, 0, 104);
	n_entries = 0;
	for (i = 0; i < s->n_rules; i++) {
		entries[n_entries].text = s->rules[i].id;
		entries[n_entries].style = (int)i;
		entries[n_entries].band = 0;
		if (t->flow_defined[i]) {
			chart_series_pen((int)i);
			draw_series(t->flow + (size_t)i * (size_t)n_days, n_days, xs, ys);
		} else {
			entries[n_entries].style = -2;
		}
		n_entries++;
	}
	legend(&p, x1 + 0.015, bot1, bot0 - 2 * p.lh, legend_w, entries, n_entries);

	/* The list of events, one a line, in columns: each mark's number and
	 * date on its first line (and again at the top of a column). */
	plcol0(C_INK);
	pllsty(1);
	if (t->n_events) {
		double col_w = 0.94 / LIST_COLUMNS, ly = list_top - 0.2 * p.lh;
		double text_x = 3.2 * p.ch + chart_text_mm("0000-00-00") + 1.5 * p.ch;
		int32_t cap = LIST_COLUMNS * MAX_LIST_ROWS, k = -1;
		int32_t shown = t->n_events > cap ? cap - 1 : t->n_events;
		chart_page_text(0.03, ly, 0, "events:");
		for (i = 0; i < shown; i++) {
			int col = (int)(i / list_rows), row = (int)(i % list_rows);
			double x = 0.03 + col * col_w, yy = ly - (row + 1) * 1.1 * p.lh;
			int first = k < 0 || marks[k].first + marks[k].n <= i;
			if (first)
				k++;
			plvpor(0, 1, 0, 1);
			plwind(0, 1, 0, 1);
			if (first || row == 0) {
				char date[11];
				cp_date_format(t->from + marks[k].day, date);
				snprintf(num, sizeof num, "%d", (int)k + 1);
				plptex(x + 2.2 * p.ch / p.w_mm, yy, 1, 0, 1, num);
				plptex(x + 3.2 * p.ch / p.w_mm, yy, 1, 0, 0, date);
			}
			chart_event_text(t, &t->events[i], buf, sizeof buf);
			{
				char fitted[600];
				chart_fit_text(buf, (col_w - 0.02) * p.w_mm - text_x, fitted, sizeof fitted);
				plptex(x + text_x / p.w_mm, yy, 1, 0, 0, fitted);
			}
		}
		if (shown < t->n_events) {
			snprintf(buf, sizeof buf, "... and %d more events: see the table", (int)(t->n_events - shown));
			chart_page_text(0.03 + (LIST_COLUMNS - 1) * col_w + text_x / p.w_mm, ly - list_rows * 1.1 * p.lh, 0, buf);
		}
	}
	rc = 0;
done:
	free(marks);
	free(labels);
	free(series);
	free(entries);
	free(xs);
	free(ys);
	free(median);
	free(left);
	free(right);
	return rc;
}
