/* Escaping and table cells of the HTML report. */
#include <math.h>
#include <stdio.h>

#include <chokepoint/chokepoint.h>
#include "html_internal.h"
#include "render_internal.h"

void cp_html_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void data_value(FILE *f, double x)
{
	fputs(" data-value=\"", f);
	if (!isnan(x))
		cp_json_number(f, x);
	fputc('"', f);
}

void cp_html_pct_cell(FILE *f, double x, int heat)
{
	char fill[8];
	fputs("<td class=\"num\"", f);
	if (heat && !isnan(x)) {
		cp_render_fill_colour(fill, x);
		fprintf(f, " style=\"background:%s%s\"", fill, x > 0.8 ? ";color:#fff" : "");
	}
	data_value(f, x);
	if (isnan(x))
		fputs(">&ndash;</td>", f);
	else
		fprintf(f, ">%.2f%%</td>", 100 * x);
}

void cp_html_amount_cell(FILE *f, double x)
{
	char buf[64];
	fputs("<td class=\"num\"", f);
	data_value(f, x);
	if (isnan(x)) {
		fputs(">&ndash;</td>", f);
		return;
	}
	cp_render_fmt_amount(buf, sizeof buf, x);
	fprintf(f, ">%s</td>", buf);
}

void cp_html_pts_cell(FILE *f, double x, const char *title)
{
	/* shares that round to nothing fade, so the ones that count stand out */
	fputs(fabs(x) < 0.00005 ? "<td class=\"num zero\"" : "<td class=\"num\"", f);
	if (title) {
		fputs(" title=\"", f);
		cp_html_esc(f, title);
		fputc('"', f);
	}
	data_value(f, x);
	fprintf(f, ">%.2f</td>", 100 * x);
}

void cp_html_date_cell(FILE *f, int32_t from, int32_t index)
{
	char d[11];
	if (index < 0) {
		fputs("<td data-value=\"\">&ndash;</td>", f);
		return;
	}
	cp_date_format(from + index, d);
	fprintf(f, "<td data-value=\"%s\">%s</td>", d, d);
}

void cp_html_text_cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	cp_html_esc(f, s);
	fputs("</td>", f);
}

const char *cp_html_player_colour(int32_t p)
{
	/* ColorBrewer Dark2, then Set1: distinct on screen and in print */
	static const char *const colours[] = {
		"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
		"#377eb8", "#4daf4a", "#984ea3", "#ff7f00"
	};
	return colours[p % (int32_t)(sizeof colours / sizeof *colours)];
}

void cp_html_regions(FILE *f, const cp_graph *g, const cp_sector_group *gr)
{
	int32_t i, j;
	int first = 1;
	for (i = 0; i < gr->n_nodes; i++) {
		int16_t c = g->country[gr->nodes[i]];
		int dup = 0;
		for (j = 0; j < i; j++)
			dup |= g->country[gr->nodes[j]] == c;
		if (dup)
			continue;
		fputs(first ? "" : ", ", f);
		cp_html_esc(f, cp_graph_str(g, g->country_code[c]));
		first = 0;
	}
}
