/* The "how sure" section of the HTML report: with draws (MODEL.md 8), the
 * 5-50-95 range of each sector's disruption, drawn as a band, and the
 * uncertain number it hangs on most.  The same numbers as
 * `score --draws N --format json`. */
#include <math.h>
#include <stdio.h>

#include <chokepoint/chokepoint.h>
#include "html_internal.h"
#include "render_internal.h"

/* The 5-95 band with the median as a tick, on a 0-100% scale. */
static void range_bar(FILE *f, const cp_stat *st)
{
	char fill[8];
	const int w = 200;
	double a = isnan(st->p5) ? 0 : st->p5, b = isnan(st->p95) ? 0 : st->p95, m = isnan(st->p50) ? 0 : st->p50;
	cp_render_fill_colour(fill, m);
	fprintf(f, "<td><svg class=\"range\" width=\"%d\" height=\"14\" viewBox=\"0 0 %d 14\" aria-hidden=\"true\">"
	        "<rect width=\"%d\" height=\"14\" fill=\"#eef0f3\"/>"
	        "<rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"10\" fill=\"%s\" stroke=\"#b33\" stroke-width=\"0.6\"/>"
	        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"14\" stroke=\"#1d232b\" stroke-width=\"2\"/></svg></td>",
	        w, w, w, w * a, w * (b - a) < 1 ? 1 : w * (b - a), fill, w * m, w * m);
}

static void hangs_on(FILE *f, const cp_draws *d, const cp_sensitivity *s)
{
	fputs("<td>", f);
	if (s->n && fabs(s->rho[0]) > 0) {
		fputs("<code>", f);
		cp_html_esc(f, d->params[s->param[0]].name);
		fprintf(f, "</code> (&rho; %.2f)", s->rho[0]);
	}
	fputs("</td>", f);
}

static void row(FILE *f, const cp_draws *d, const char *name, const cp_stat *st, const cp_sensitivity *s)
{
	fputs("<tr>", f);
	cp_html_text_cell(f, name);
	cp_html_pct_cell(f, st->p5, 0);
	cp_html_pct_cell(f, st->p50, 1);
	cp_html_pct_cell(f, st->p95, 0);
	cp_html_pct_cell(f, st->mean, 0);
	range_bar(f, st);
	hangs_on(f, d, s);
	fputs("</tr>\n", f);
}

void cp_html_draws(FILE *f, const cp_html_input *in)
{
	const cp_draws *d = in->draws;
	const cp_graph *g;
	static const char head[] =
		"<th class=\"num\">5%</th><th class=\"num\">median</th><th class=\"num\">95%</th>"
		"<th class=\"num\">mean</th><th>range, 0-100%</th><th>hangs most on</th></tr></thead><tbody>\n";
	int32_t k;

	if (!d)
		return;
	g = d->g;
	fputs("<section id=\"draws\">\n<h2>How sure</h2>\n", f);
	fprintf(f, "<p>%d draws of the uncertain numbers in the files (%d of them", d->n_draws, d->n_params);
	if (d->unsampled)
		fprintf(f, "; %d more counted at their mean", d->unsampled);
	fprintf(f, "), seed %llu. Elsewhere in this page each counts as its mean. A sector's range runs from "
	        "the 5th to the 95th percentile of its disruption over the draws; it hangs most on the "
	        "number whose draws its disruption follows most closely (Spearman's &rho;).</p>\n",
	        (unsigned long long)d->seed);
	if (!d->n_params)
		fputs("<p class=\"note\">The files hold no distributions, so every draw is the same.</p>\n", f);
	fputs("<table id=\"draws-groups\"><thead><tr><th>sector</th>", f);
	fputs(head, f);
	for (k = 0; k < d->n_groups; k++)
		row(f, d, cp_graph_str(g, d->groups[k].sector), &d->group_stat[k], &d->sensitivity[d->n_sector_nodes + k]);
	fprintf(f, "</tbody></table>\n<details><summary>By sector node (%d rows)</summary>\n"
	        "<table id=\"draws-nodes\"><thead><tr><th>node</th>", d->n_sector_nodes);
	fputs(head, f);
	for (k = 0; k < d->n_sector_nodes; k++)
		row(f, d, cp_node_id(g, d->sector_nodes[k]), &d->sector_stat[k], &d->sensitivity[k]);
	fputs("</tbody></table>\n</details>\n</section>\n", f);
}
