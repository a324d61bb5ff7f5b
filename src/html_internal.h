/* What the HTML report's parts share: escaping and table cells
 * (html_util.c).  Private to html_*.c. */
#ifndef CP_HTML_INTERNAL_H
#define CP_HTML_INTERNAL_H
#include <stdio.h>

#include <chokepoint/chokepoint.h>
#include "html.h"

/* s with & < > " ' escaped. */
void cp_html_esc(FILE *f, const char *s);
/* A number cell: the disruption (or output) x as a percentage with two
 * decimals on a white-yellow-red fill (heat set) or plain, exact in
 * data-value.  NaN prints a dash and an empty data-value. */
void cp_html_pct_cell(FILE *f, double x, int heat);
/* An amount (value at risk, lost value): thousands separated, exact in data-value. */
void cp_html_amount_cell(FILE *f, double x);
/* Percentage points (a share): two decimals, exact in data-value; title is
 * the hover text or NULL. */
void cp_html_pts_cell(FILE *f, double x, const char *title);
/* A date cell from a day number, or a dash for a negative index (day is
 * from + index). */
void cp_html_date_cell(FILE *f, int32_t from, int32_t index);
/* A text cell. */
void cp_html_text_cell(FILE *f, const char *s);
/* The colour of player p in the shares bars. */
const char *cp_html_player_colour(int32_t p);
/* "EU, US" for the regions of a group's sector nodes, in node order, once each. */
void cp_html_regions(FILE *f, const cp_graph *g, const cp_sector_group *gr);

/* The timeline section (html_timeline.c). */
void cp_html_timeline(FILE *f, const cp_html_input *in);
/* The ranges of the draws, when there are any (html_draws.c). */
void cp_html_draws(FILE *f, const cp_html_input *in);

#endif
