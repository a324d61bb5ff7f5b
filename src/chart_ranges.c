/* The range plot of static draws: one row per sector group, then its
 * sector nodes, each with the 5-95 percentile bar of its disruption, the
 * median as a dot and the mean as a tick, on a 0-100% axis, and the
 * numbers beside it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

#include "chart_internal.h"

#define RANGES_W 1100
#define RANGES_HEAD_PX 115   /* title, subtitle, top axis labels */
#define RANGES_FOOT_PX 70    /* bottom axis, its label */
#define RANGES_ROW_PX 24
#define RANGES_GAP 0.5       /* between groups, in rows */

int32_t chart_range_rows(const cp_draws *d, chart_range_row *out)
{
	const cp_graph *g = d->g;
	int32_t k, i, n = 0;
	for (k = 0; k < d->n_groups; k++) {
		out[n].group = k;
		out[n].node = -1;
		out[n].stat = &d->group_stat[k];
		n++;
		for (i = 0; i < d->n_sector_nodes; i++) {
			if (g->sector[d->sector_nodes[i]] != d->groups[k].sector)
				continue;
			out[n].group = k;
			out[n].node = i;
			out[n].stat = &d->sector_stat[i];
			n++;
		}
	}
	return n;
}

/* The height in rows, gaps between groups included. */
static double rows_height(int32_t n_rows, int32_t n_groups)
{
	return n_rows + (n_groups > 1 ? (n_groups - 1) * RANGES_GAP : 0);
}

void chart_ranges_page_size(const cp_draws *d, int *w, int *h)
{
	*w = RANGES_W;
	*h = RANGES_HEAD_PX + RANGES_FOOT_PX +
	     (int)ceil(RANGES_ROW_PX * (rows_height(d->n_groups + d->n_sector_nodes, d->n_groups) + 1));
}

/* Whole percent, or one decimal below 10% where whole ones would hide the spread. */
static void percent(double x, char *buf, size_t size)
{
	double v = 100 * x;
	if (isnan(x))
		snprintf(buf, size, "-");
	else if (v != 0 && fabs(v) < 9.95)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.0f", v);
}

void chart_range_text(const cp_stat *s, char *buf, size_t size)
{
	char a[16], b[16], c[16];
	percent(s->p50, b, sizeof b);
	percent(s->p5, a, sizeof a);
	percent(s->p95, c, sizeof c);
	snprintf(buf, size, "%s%% (%s\xe2\x80\x93%s)", b, a, c);
}

/* A filled circle of r mm at world (x, y), given the world units per mm. */
static void dot(double x, double y, double r, double per_mm_x, double per_mm_y)
{
	const double turn = 6.283185307179586;
	PLFLT px[24], py[24];
	int i;
	for (i = 0; i < 24; i++) {
		px[i] = x + r * per_mm_x * cos(i * turn / 24);
		py[i] = y + r * per_mm_y * sin(i * turn / 24);
	}
	plfill(24, px, py);
}

/* The title: the scenarios' names. */
static void ranges_title(const cp_draws *d, const chart_page *p, double y)
{
	const cp_scenario *s = d->s;
	char text[512], buf[512];
	size_t len = 0;
	int32_t i;
	text[0] = '\0';
	for (i = 0; s && i < s->n_files && len + 4 < sizeof text; i++) {
		int k = snprintf(text + len, sizeof text - len, "%s%s", i ? " + " : "", s->names[i]);
		if (k < 0)
			break;
		len += (size_t)k < sizeof text - len ? (size_t)k : sizeof text - len - 1;
	}
	if (!text[0])
		snprintf(text, sizeof text, "no scenario");
	plcol0(C_INK);
	chart_text_size(1.25);
	plvpor(0, 1, 0, 1);
	plwind(0, 1, 0, 1);
	chart_fit_text(text, 0.94 * p->w_mm, buf, sizeof buf);
	plptex(0.03, y, 1, 0, 0, buf);
	chart_text_size(1.0);
	snprintf(text, sizeof text,
	         "disruption of each sector group and sector node over %d draws (seed %llu): "
	         "bar from the 5th to the 95th percentile, dot the median, tick the mean",
	         (int)d->n_draws, (unsigned long long)d->seed);
	chart_fit_text(text, 0.94 * p->w_mm, buf, sizeof buf);
	plptex(0.03, y - 1.25 * p->lh, 1, 0, 0, buf);
}

int chart_draw_ranges(const cp_draws *d)
{
	static const double xticks[] = { 0, 20, 40, 60, 80, 100 };
	chart_range_row *rows;
	chart_page p;
	int32_t n, i;
	double label_w = 0, num_w, x0, x1, y0, y1, height, ypos, per_mm_x, per_mm_y;
	char buf[512], text[64];
	size_t k;

	if (!(rows = malloc(((size_t)d->n_groups + (size_t)d->n_sector_nodes + 1) * sizeof *rows)))
		return -1;
	n = chart_range_rows(d, rows);

	pladv(0);
	chart_text_init();
	chart_page_measure(&p);

	/* Horizontal: labels (nodes indented), the axis, the numbers. */
	for (i = 0; i < n; i++) {
		const char *name = rows[i].node < 0 ? cp_graph_str(d->g, d->groups[rows[i].group].sector)
		                                    : cp_node_id(d->g, d->sector_nodes[rows[i].node]);
		double w = chart_text_mm(name) + (rows[i].node < 0 ? 0 : 2 * p.ch);
		if (w > label_w)
			label_w = w;
	}
	num_w = chart_text_mm("100% (100-100)") + 2 * p.ch;
	x0 = 0.03 + (label_w + 2 * p.ch) / p.w_mm;
	if (x0 > 0.4)
		x0 = 0.4;
	x1 = 1 - 0.03 - num_w / p.w_mm;

	/* Vertical: the title, then the rows between the axes. */
	ypos = 1 - 1.6 * p.lh;
	ranges_title(d, &p, ypos);
	height = rows_height(n, d->n_groups);
	{
		int w, h;
		chart_ranges_page_size(d, &w, &h);
		y0 = (double)RANGES_FOOT_PX / h;
		y1 = 1 - (double)RANGES_HEAD_PX / h;
	}

	plvpor(x0, x1, y0, y1);
	plwind(0, 100, height + 0.5, -0.5); /* row 0 at the top */
	per_mm_x = 100 / ((x1 - x0) * p.w_mm);
	per_mm_y = -(height + 1) / ((y1 - y0) * p.h_mm);

	/* grid, and a faint line between groups */
	pllsty(1);
	plwidth(0.8);
	plcol0(C_GRID);
	for (k = 0; k < sizeof xticks / sizeof *xticks; k++)
		pljoin(xticks[k], -0.5, xticks[k], height + 0.5);
	{
		double y = 0;
		for (i = 0; i < n; i++) {
			if (i > 0 && rows[i].node < 0) {
				y += RANGES_GAP;
				pljoin(0, y - 0.5 - RANGES_GAP / 2, 100, y - 0.5 - RANGES_GAP / 2);
			}
			y += 1;
		}
	}
	plcol0(C_INK);
	plwidth(1.0);
	plbox("bc", 0, 0, "bc", 0, 0);
	for (k = 0; k < sizeof xticks / sizeof *xticks; k++) {
		snprintf(text, sizeof text, "%g%%", xticks[k]);
		plmtex("b", 1.6, xticks[k] / 100, 0.5, text);
		plmtex("t", 0.8, xticks[k] / 100, 0.5, text);
	}
	plmtex("b", 3.4, 0.5, 0.5, "disruption: the share of the sector's output lost");

	/* the rows */
	{
		double y = 0;
		for (i = 0; i < n; i++) {
			const cp_stat *st = rows[i].stat;
			int group = rows[i].node < 0;
			double half = group ? 0.3 : 0.2, lo, hi;
			PLFLT bx[4], by[4];
			const char *name;
			if (i > 0 && group)
				y += RANGES_GAP;
			name = group ? cp_graph_str(d->g, d->groups[rows[i].group].sector)
			             : cp_node_id(d->g, d->sector_nodes[rows[i].node]);
			/* label, left of the axis */
			plvpor(0, 1, 0, 1);
			plwind(0, 1, 0, 1);
			plcol0(C_INK);
			plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, group ? PL_FCI_BOLD : PL_FCI_MEDIUM);
			chart_fit_text(name, (x0 - 0.03) * p.w_mm - (group ? 1 : 3) * p.ch, buf, sizeof buf);
			{
				double fy = y1 - (y + 0.5) / (height + 1) * (y1 - y0);
				plptex(0.03 + (group ? 0 : 2 * p.ch / p.w_mm), fy - 0.3 * p.lh, 1, 0, 0, buf);
				chart_range_text(st, text, sizeof text);
				chart_escape(text, buf, sizeof buf);
				plptex(x1 + 1.5 * p.ch / p.w_mm, fy - 0.3 * p.lh, 1, 0, 0, buf);
			}
			plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);
			plvpor(x0, x1, y0, y1);
			plwind(0, 100, height + 0.5, -0.5);
			if (isnan(st->p5) || isnan(st->p95) || isnan(st->p50)) {
				y += 1;
				continue;
			}
			lo = 100 * st->p5;
			hi = 100 * st->p95;
			/* the bar: see-through fill, outlined, at least a line wide */
			bx[0] = bx[3] = lo;
			bx[1] = bx[2] = hi;
			by[0] = by[1] = y - half;
			by[2] = by[3] = y + half;
			chart_band_colour(rows[i].group);
			plfill(4, bx, by);
			chart_series_colour(rows[i].group);
			plwidth(group ? 1.4 : 1.0);
			plline(4, bx, by);
			pljoin(bx[3], by[3], bx[0], by[0]);
			/* the mean: a tick across the bar */
			if (!isnan(st->mean)) {
				plcol0(C_INK);
				plwidth(1.6);
				pljoin(100 * st->mean, y - half - 0.12, 100 * st->mean, y + half + 0.12);
			}
			/* the median: a dot */
			chart_series_colour(rows[i].group);
			dot(100 * st->p50, y, group ? 1.6 : 1.2, per_mm_x, per_mm_y);
			plwidth(1.0);
			y += 1;
		}
	}
	free(rows);
	return 0;
}
