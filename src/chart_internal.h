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
 * chosen sector nodes.  Names and values point into t.  Returns the
 * number written (at most t->n_groups or t->n_sector_nodes). */
typedef struct chart_series {
	const char *name;
	const double *y;          /* n_days values in [0, 1] */
} chart_series;
int32_t chart_top_series(const cp_timeline *t, const uint8_t *show, chart_series *out);

/* The page in pixels (points for PDF) that fits the chart's event list. */
void chart_page_size(const cp_timeline *t, int *w, int *h);
/* Load the chart's colour map 0 (before plinit). */
void chart_set_colours(void);

/* Draw the chart on an initialised PLplot stream (page already begun by
 * the caller's plinit).  Returns 0, or -1 when out of memory. */
int chart_draw(const cp_timeline *t, const uint8_t *show);

#endif
