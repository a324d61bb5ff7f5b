/* The timeline chart's pieces: what to draw (series, marks, ticks, texts),
 * worked out without PLplot so it can be tested alone, and the drawing. */
#ifndef CP_CHART_INTERNAL_H
#define CP_CHART_INTERNAL_H
#include <chokepoint/chokepoint.h>

/* One marker on the date axis: the events of one day, numbered from 1 in
 * date order. */
typedef struct chart_mark {
	int32_t day;              /* index into the horizon */
	int32_t first, n;         /* t->events[first .. first + n) */
} chart_mark;

/* A label in the strip above the top panel: the number of one mark, or
 * "a-b" for marks a..b too close to tell apart at the chart's scale. */
typedef struct chart_label {
	int32_t first, last;      /* marks, 0-based */
	double x;                 /* centre, in days */
	int row;                  /* the strip's row, 0 nearest the panel */
} chart_label;

/* One tick of the date axis: a month's first day inside the horizon. */
typedef struct chart_tick {
	int32_t day;              /* index into the horizon */
	char month[4];            /* "Jan" */
	char year[5];             /* "2025" when this tick shows its year, else "" */
} chart_tick;

/* Group the events by day into marks; *out is malloc'ed (NULL when there
 * are none).  Returns the number of marks, -1 when out of memory. */
int32_t chart_marks(const cp_timeline *t, chart_mark **out);

/* Labels for the marks, in order: consecutive marks whose first and last
 * days are at most span apart share one.  Returns the number written
 * into out (room for n). */
int32_t chart_cluster(const chart_mark *m, int32_t n, double span, chart_label *out);

/* Give each label a row so that no two labels in a row overlap: label k
 * spans [left[k], right[k]] in the axis' units and needs gap before the
 * next.  Rows fill from 0; at most max_rows, after which a label goes to
 * the row that frees up first and *overlap is set (else cleared).
 * Returns the number of rows used. */
int chart_stagger(chart_label *l, int32_t n, const double *left, const double *right,
                  double gap, int max_rows, int *overlap);

/* Month ticks for a horizon of n_days from day `from`, every `step` months
 * (1, 2, 3, 6 or a multiple of 12), at most max; the first tick and every
 * January show the year.  Returns the number written. */
int chart_ticks(int32_t from, int32_t n_days, int step, chart_tick *out, int max);
/* The smallest month step from 1, 2, 3, 6, 12, 24, 60, 120, ... that
 * leaves at most max_ticks ticks over n_days. */
int chart_month_step(int32_t n_days, int max_ticks);

/* An event, short: "mofcom-2025-18 in force, 63-day licence review".
 * Written into buf (cut at size - 1 with "..."). */
void chart_event_text(const cp_timeline *t, const cp_event *e, char *buf, size_t size);

/* s with PLplot's escape character doubled (buf of size bytes, cut to fit
 * at a character boundary). */
void chart_escape(const char *s, char *buf, size_t size);

/* The series drawn in the top panel: the sector groups, or with show the
 * chosen sector nodes.  Names and values point into t, the bands into d
 * (NULL without draws).  Returns the number written (at most t->n_groups
 * or t->n_sector_nodes). */
typedef struct chart_series {
	const char *name;
	const double *y;          /* n_days values in [0, 1]: the run at the means */
	const float *band;        /* n_days x 3: p5, p50, p95 of the draws, or NULL */
} chart_series;
int32_t chart_top_series(const cp_timeline *t, const uint8_t *show, const cp_draws *d, chart_series *out);
/* NULL when d's bands fit t (timeline draws over the same horizon, sector
 * nodes and groups), else what does not. */
const char *chart_draws_mismatch(const cp_timeline *t, const cp_draws *d);

/* The page in pixels (points for PDF) that fits the chart's event list. */
void chart_page_size(const cp_timeline *t, int *w, int *h);

/* Draw the chart on an initialised PLplot stream (page already begun by
 * the caller's plinit); d (or NULL) adds the bands.  Returns 0, or -1 when
 * out of memory. */
int chart_draw(const cp_timeline *t, const uint8_t *show, const cp_draws *d);

/* ---- the range plot of static draws ---- */

/* One row: a sector group (node -1) or one of its sector nodes. */
typedef struct chart_range_row {
	int32_t group;            /* index into d->groups */
	int32_t node;             /* index into d->sector_nodes, or -1 for the group */
	const cp_stat *stat;      /* disruption */
} chart_range_row;

/* The rows, each group followed by its nodes (file order): at most
 * d->n_groups + d->n_sector_nodes written. */
int32_t chart_range_rows(const cp_draws *d, chart_range_row *out);
/* The page that fits d's rows. */
void chart_ranges_page_size(const cp_draws *d, int *w, int *h);
/* "66% (58-72)": the median and the 5-95 range in whole percent (one
 * decimal under 10%). */
void chart_range_text(const cp_stat *s, char *buf, size_t size);
int chart_draw_ranges(const cp_draws *d);

/* ---- shared by both (chart_page.c) ---- */

/* cmap0 indexes: background, ink, grid, event markers, threshold, the
 * series from C_SERIES on. */
enum { C_BG, C_INK, C_GRID, C_MARK, C_THRESHOLD, C_SERIES };
/* Load the charts' colour map 0 (before plinit). */
void chart_set_colours(void);
/* Series i's colour and line style; its colour alone; its see-through
 * colour for a band. */
void chart_series_pen(int i);
void chart_series_colour(int i);
void chart_band_colour(int i);
/* Line style k: solid, long dash, dash-dot, medium dash. */
void chart_dash(int k);

/* The page and the text size, for turning millimetres into page fractions. */
typedef struct chart_page {
	double w_mm, h_mm;        /* subpage */
	double ch;                /* character height, mm */
	double lh;                /* a line of text, page fraction */
} chart_page;
/* Text of the body size (after plinit and pladv), then scaled. */
void chart_text_init(void);
void chart_text_size(double scale);
/* Width of text in mm at the current size, estimated on the wide side. */
double chart_text_mm(const char *s);
void chart_page_measure(chart_page *p);
/* Text on the page at page fractions (x, y), left (0), centre (0.5) or right (1). */
void chart_page_text(double x, double y, double just, const char *text);
/* text cut (with "...") to at most width mm, escaped, into buf. */
void chart_fit_text(const char *text, double width, char *buf, size_t size);

#endif
