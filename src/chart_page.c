/* What the charts share on a PLplot page: colours, line styles, the text
 * size and its measure, and text placed in page fractions. */
#include <stdio.h>
#include <string.h>

#include <plplot.h>

#include "chart_internal.h"

/* cmap0: background, ink, grid, event markers, threshold, the series, then
 * the same series colours see-through for the bands.  The series colours
 * are Okabe and Ito's and Tol's, told apart by people with
 * colour-blindness; line styles cycle out of step with the colours so that
 * a grey print still tells neighbours apart. */
static const int palette[][3] = {
	{ 255, 255, 255 }, { 0, 0, 0 }, { 221, 221, 221 }, { 150, 150, 150 }, { 60, 60, 60 },
	{ 0, 114, 178 }, { 213, 94, 0 }, { 0, 158, 115 }, { 204, 121, 167 }, { 230, 159, 0 },
	{ 86, 180, 233 }, { 136, 34, 85 }, { 17, 119, 51 }, { 51, 34, 136 }, { 153, 153, 51 },
	{ 170, 68, 153 }, { 68, 170, 153 }
};
#define N_COLOURS ((int)(sizeof palette / sizeof *palette))
#define N_SERIES_COLOURS (N_COLOURS - C_SERIES)
/* A band's opacity: light enough that two overlapping bands and the lines
 * through them still read. */
#define BAND_ALPHA 0.2
/* Dash patterns as marks and spaces in thousandths of the page's width
 * (PLplot's own are in micrometres, too fine on a wide page: a dashed line
 * turns into thousands of SVG elements).  Solid, long dash, dash-dot,
 * medium dash. */
static const struct { int n, mark[2], space[2]; } styles[] = {
	{ 0, { 0, 0 }, { 0, 0 } }, { 1, { 16, 0 }, { 6, 0 } }, { 2, { 12, 3 }, { 4, 4 } }, { 1, { 7, 0 }, { 5, 0 } }
};
#define N_STYLES ((int)(sizeof styles / sizeof *styles))
static double page_w_um = 1000; /* the page's width in micrometres */

void chart_dash(int k)
{
	PLINT mark[2], space[2];
	int i;
	for (i = 0; i < styles[k].n; i++) {
		mark[i] = (PLINT)(styles[k].mark[i] * page_w_um / 1000);
		space[i] = (PLINT)(styles[k].space[i] * page_w_um / 1000);
	}
	if (styles[k].n)
		plstyl(styles[k].n, mark, space);
	else
		pllsty(1);
}

void chart_set_colours(void)
{
	PLINT r[2 * N_COLOURS], g[2 * N_COLOURS], b[2 * N_COLOURS];
	PLFLT a[2 * N_COLOURS];
	int i, n = N_COLOURS + N_SERIES_COLOURS;
	for (i = 0; i < N_COLOURS; i++) {
		r[i] = palette[i][0];
		g[i] = palette[i][1];
		b[i] = palette[i][2];
		a[i] = 1;
	}
	for (i = 0; i < N_SERIES_COLOURS; i++) {
		r[N_COLOURS + i] = palette[C_SERIES + i][0];
		g[N_COLOURS + i] = palette[C_SERIES + i][1];
		b[N_COLOURS + i] = palette[C_SERIES + i][2];
		a[N_COLOURS + i] = BAND_ALPHA;
	}
	plscmap0a(r, g, b, a, n);
}

void chart_series_pen(int i)
{
	plcol0(C_SERIES + i % N_SERIES_COLOURS);
	chart_dash((i + i / N_SERIES_COLOURS) % N_STYLES);
	plwidth(2.2);
}

void chart_series_colour(int i)
{
	plcol0(C_SERIES + i % N_SERIES_COLOURS);
}

void chart_band_colour(int i)
{
	plcol0(N_COLOURS + i % N_SERIES_COLOURS);
}

/* Width of text in mm, estimated: PLplot keeps its own measure (plstrl)
 * private.  CHAR_EM is a sans font's mean advance over the character
 * height plgchr reports, rounded up so that estimates err wide. */
#define CHAR_EM 0.78
static double ch_mm; /* the current character height */

double chart_text_mm(const char *s)
{
	double n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n += (*s == ' ' || *s == '.' || *s == ',' || *s == ';' || *s == 'i' || *s == 'l') ? 0.5 : 1;
	return n * CHAR_EM * ch_mm;
}

static double text_base = 1; /* scale giving the chart's body text height */

void chart_text_size(double scale)
{
	PLFLT def, ht;
	plschr(0, scale * text_base);
	plgchr(&def, &ht);
	ch_mm = ht;
}

/* Body text BODY_TEXT of the page's width high, whatever the device. */
#define BODY_TEXT 0.0095
void chart_text_init(void)
{
	PLFLT x0, x1, y0, y1, def, ht;
	plgspa(&x0, &x1, &y0, &y1);
	plgchr(&def, &ht);
	text_base = BODY_TEXT * (x1 - x0) / def;
	chart_text_size(1.0);
}

void chart_page_measure(chart_page *p)
{
	PLFLT x0, x1, y0, y1, def, ht;
	plgspa(&x0, &x1, &y0, &y1);
	plgchr(&def, &ht);
	p->w_mm = x1 - x0;
	p->h_mm = y1 - y0;
	p->ch = ht;
	p->lh = 1.75 * ht / p->h_mm;
	page_w_um = 1000 * p->w_mm;
}

void chart_page_text(double x, double y, double just, const char *text)
{
	char buf[512];
	chart_escape(text, buf, sizeof buf);
	plvpor(0, 1, 0, 1);
	plwind(0, 1, 0, 1);
	plptex(x, y, 1, 0, just, buf);
}

void chart_fit_text(const char *text, double width, char *buf, size_t size)
{
	char tmp[512];
	size_t n = strlen(text);
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, text, n);
	tmp[n] = '\0';
	while (n > 0 && chart_text_mm(tmp) > width) {
		n--;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--; /* whole characters only */
		memcpy(tmp, text, n);
		strcpy(tmp + n, "...");
	}
	chart_escape(tmp, buf, size);
}
