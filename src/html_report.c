/* The HTML report: one page an analyst can send.  Assumptions first, then
 * the findings in a few sentences and a bar chart, the scenario, the sector
 * tables, who causes what (Shapley shares), the critical paths, the diagram,
 * the timeline, warnings and sources.  Everything inline: no scripts, no
 * fonts, no fetches.  Numbers are rounded for reading and exact in each
 * cell's data-value, so a program can check them against the JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <chokepoint/chokepoint.h>
#include "analyse.h"
#include "elements.h"
#include "html.h"
#include "html_internal.h"
#include "render_internal.h"

static const char style[] =
	"<style>\n"
	":root{--ink:#1d232b;--muted:#5b6470;--rule:#d9dde3;--band:#f5f7fa;--accent:#1f4e79}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
	"'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
	"main{max-width:1120px;margin:0 auto;padding:28px 32px 48px}\n"
	"header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:8px}\n"
	"h1{font-size:27px;line-height:1.25;margin:0 0 6px;color:var(--accent)}\n"
	"h2{font-size:19px;margin:34px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--rule)}\n"
	"h3{font-size:15px;margin:20px 0 6px}\n"
	"p,ul{margin:6px 0 10px;max-width:820px}\n"
	"li{margin:2px 0}\n"
	".sub{color:var(--muted);margin:0}\n"
	".note{color:var(--muted);font-size:13px}\n"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0}\n"
	".card{flex:1 1 200px;border:1px solid var(--rule);border-left:4px solid var(--accent);"
	"border-radius:4px;padding:8px 12px;background:var(--band)}\n"
	".card b{display:block;font-size:22px;color:var(--ink)}\n"
	".card span{color:var(--muted);font-size:13px}\n"
	"table{border-collapse:collapse;margin:8px 0 14px;font-size:13.5px}\n"
	"th,td{padding:4px 9px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}\n"
	"th{background:var(--band);font-weight:600;border-bottom:2px solid var(--rule)}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.num{white-space:nowrap}\n"
	"td.zero{color:#b0b6be}\n"
	"td.when{white-space:nowrap}\n"
	".wide{overflow-x:auto;max-width:100%}\n"
	"details{margin:6px 0 12px}\n"
	"summary{cursor:pointer;color:var(--accent);font-weight:600;font-size:14px}\n"
	"tr.group td{font-weight:600}\n"
	".bar{display:flex;width:220px;height:12px;background:#eef0f3;border-radius:2px;overflow:hidden;margin-top:4px}\n"
	".bar i{display:block;height:100%}\n"
	".key{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}\n"
	".path{font-size:13px}\n"
	".path code{background:var(--band);padding:0 3px;border-radius:2px}\n"
	"figure{margin:10px 0 16px}\n"
	"figure svg{max-width:100%;height:auto;border:1px solid var(--rule);border-radius:4px}\n"
	"figcaption{color:var(--muted);font-size:13px;margin-top:4px;max-width:820px}\n"
	"footer{margin-top:40px;border-top:1px solid var(--rule);padding-top:8px;color:var(--muted);font-size:12.5px}\n"
	"@media print{main{padding:0}h2{break-after:avoid}table,figure{break-inside:avoid}}\n"
	"</style>\n";

static const char *str(const cp_graph *g, int32_t s)
{
	return cp_graph_str(g, s);
}

static void title_text(FILE *f, const cp_html_input *in)
{
	const cp_scenario *s = in->r->s;
	int32_t i;
	if (in->title) {
		cp_html_esc(f, in->title);
		return;
	}
	if (!s->n_files) {
		fputs("Exposure of the supply graph", f);
		return;
	}
	for (i = 0; i < s->n_files; i++) {
		fputs(i ? " + " : "", f);
		cp_html_esc(f, s->names[i]);
	}
}

/* ---- what the numbers mean ---- */

/* 1 when a control or outage carries a date and the score is not at a
 * date: then the static numbers put together what the dates keep apart. */
static int dates_ignored(const cp_result *r)
{
	const cp_scenario *s = r->s;
	int32_t k;
	if (r->has_at)
		return 0;
	for (k = 0; k < s->n_rules; k++)
		if (s->rules[k].start != CP_DAY_NEVER_BEFORE || s->rules[k].end != CP_DAY_NEVER_AFTER ||
		    s->rules[k].n_phases)
			return 1;
	for (k = 0; k < s->n_outages; k++)
		if (s->outages[k].start != CP_DAY_NEVER_BEFORE || s->outages[k].end != CP_DAY_NEVER_AFTER)
			return 1;
	return 0;
}

static void assumptions(FILE *f, const cp_html_input *in)
{
	const cp_graph *g = in->r->g;
	const char *unit = g->value_unit >= 0 ? str(g, g->value_unit) : "the graph's output units";
	fputs("<section id=\"assumptions\">\n<h2>What the numbers mean</h2>\n<ul>\n", f);
	fputs("<li><b>Disruption</b> is the fraction of a sector's normal output that can no longer be "
	      "produced once the shock has worked through the supply chain: stocks used up, no new "
	      "suppliers found, no change in demand. It is a steady state, not a forecast of a "
	      "date.</li>\n", f);
	fputs("<li>Each input is bought from fixed suppliers in fixed shares. A producer runs as far "
	      "as its scarcest input allows; the part of an input marked substitutable makes up that "
	      "much of a shortfall.</li>\n", f);
	if (dates_ignored(in->r))
		fputs("<li>The sector numbers count <b>every control and outage in force at once</b>, each "
		      "with its own terms, whatever its dates: the worst case the scenario describes. The "
		      "day-by-day section follows the dates.</li>\n", f);
	fputs("<li>A control blocks a flow by its <b>denial</b>: the share of licence applications "
	      "not granted. Where several controls reach the same flow, the strictest governs.</li>\n",
	      f);
	fputs("<li><b>Value at risk</b> is disruption times annual output, in ", f);
	cp_html_esc(f, unit);
	fputs(". A sector's figure is the output-weighted mean of its regions.</li>\n", f);
	fputs("<li><b>Shares</b> split each disruption among the controls and outages (Shapley "
	      "values): what each adds on average over every order in which they could have come. "
	      "They add up to the disruption.</li>\n", f);
	if (in->t)
		fputs("<li>The <b>timeline</b> plays the same chain day by day with the dates, licensing "
		      "lead times, shipping times and stocks given in the files; output below the "
		      "threshold counts as below.</li>\n", f);
	fputs("<li>The numbers are as good as the graph's shares and the scenario's denials; the "
	      "sources they rest on are listed at the end.</li>\n</ul>\n</section>\n", f);
}

/* "outside CN" (or "outside CN, US"): the head of the mean over sector nodes
 * outside the countries whose controls are in force. */
static void outside_label(FILE *f, const cp_result *r)
{
	int32_t k, any = 0;
	fputs("outside", f);
	for (k = 0; k < r->s->n_rules; k++) {
		if (!cp_first_of_origin(r, k))
			continue;
		fputs(any++ ? ", " : " ", f);
		cp_html_esc(f, r->s->rules[k].origin_code);
	}
	if (!any)
		fputs(" the origin", f);
}

/* ---- findings ---- */

/* Group indexes, most disrupted first (ties in file order); NULL when
 * memory runs out.  Insertion sort: there are a few groups. */
static int32_t *groups_ranked(const cp_result *r)
{
	int32_t *order = malloc(((size_t)r->n_groups + 1) * sizeof *order), k, j;
	if (!order)
		return NULL;
	for (k = 0; k < r->n_groups; k++) {
		for (j = k; j > 0 && r->groups[order[j - 1]].disruption < r->groups[k].disruption; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	return order;
}

/* Horizontal bars of the groups' disruption, most disrupted first. */
static void group_bars(FILE *f, const cp_result *r, const int32_t *order)
{
	const cp_graph *g = r->g;
	const int label = 120, width = 460, row = 26, top = 8;
	int h = top + row * r->n_groups + 22, k;
	char fill[8];
	fprintf(f, "<figure><svg id=\"group-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"disruption by sector\" "
	        "font-family=\"system-ui,sans-serif\" font-size=\"13\">\n",
	        label + width + 70, h, label + width + 70, h);
	for (k = 0; k <= 4; k++) {
		int x = label + width * k / 4;
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d9dde3\"/>"
		        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#5b6470\" font-size=\"11\">%d%%</text>\n",
		        x, top - 2, x, h - 18, x, h - 4, 25 * k);
	}
	for (k = 0; k < r->n_groups; k++) {
		const cp_sector_group *gr = &r->groups[order[k]];
		double d = isnan(gr->disruption) ? 0 : gr->disruption;
		int y = top + row * k;
		cp_render_fill_colour(fill, d);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label - 8, y + 17);
		cp_html_esc(f, str(g, gr->sector));
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#b33\" "
		        "stroke-width=\"%s\"/><text x=\"%.1f\" y=\"%d\">%.1f%%</text>\n",
		        label, y + 4, width * d, row - 8, fill, d > 0 ? "0.6" : "0", label + width * d + 6, y + 17,
		        100 * d);
	}
	fprintf(f, "</svg><figcaption>Disruption by sector, all regions together (output-weighted)%s.</figcaption>"
	        "</figure>\n", dates_ignored(r) ? ", with every control and outage at once" : "");
}

static void findings(FILE *f, const cp_html_input *in, const int32_t *order)
{
	const cp_result *r = in->r;
	const cp_graph *g = r->g;
	const cp_scenario *s = r->s;
	const char *unit = g->value_unit >= 0 ? str(g, g->value_unit) : "output units";
	double total = 0, worst = -1;
	int32_t i, k, worst_node = -1, any_var = 0;
	char buf[64];

	for (k = 0; k < r->n_groups; k++)
		if (!isnan(r->groups[k].value_at_risk)) {
			total += r->groups[k].value_at_risk;
			any_var = 1;
		}
	for (i = 0; i < r->n_sector_nodes; i++)
		if (r->disruption[r->sector_nodes[i]] > worst) {
			worst = r->disruption[r->sector_nodes[i]];
			worst_node = r->sector_nodes[i];
		}

	fputs("<section id=\"findings\">\n<h2>Findings</h2>\n<div class=\"cards\">\n", f);
	if (r->n_groups) {
		const cp_sector_group *top = &r->groups[order[0]];
		fputs("<div class=\"card\"><b>", f);
		fprintf(f, "%.1f%%", 100 * top->disruption);
		fputs("</b><span>of ", f);
		cp_html_esc(f, str(g, top->sector));
		fputs(" output lost, the hardest-hit sector", f);
		fputs(dates_ignored(r) ? " (every control at once)" : "", f);
		fputs("</span></div>\n", f);
	}
	if (worst_node >= 0) {
		fprintf(f, "<div class=\"card\"><b>%.1f%%</b><span>", 100 * worst);
		cp_html_esc(f, cp_node_id(g, worst_node));
		fputs(", the hardest-hit sector in one region</span></div>\n", f);
	}
	if (any_var) {
		cp_render_fmt_amount(buf, sizeof buf, total);
		fprintf(f, "<div class=\"card\"><b>%s</b><span>", buf);
		cp_html_esc(f, unit);
		fputs(" of output at risk, all sectors</span></div>\n", f);
	}
	fprintf(f, "<div class=\"card\"><b>%d</b><span>control%s in the scenario", s->n_rules, s->n_rules == 1 ? "" : "s");
	if (s->n_outages)
		fprintf(f, " and %d outage%s", s->n_outages, s->n_outages == 1 ? "" : "s");
	else
		fputs(", no outages", f);
	fputs("</span></div>\n", f);
	fputs("</div>\n<ul>\n", f);
	if (in->t && in->t->n_groups) {
		const cp_timeline *t = in->t;
		int32_t first = -1, deep = -1;
		for (k = 0; k < t->n_groups; k++) {
			const cp_series_stats *st = &t->group_stats[k];
			if (st->first_below >= 0 && (first < 0 || st->first_below < t->group_stats[first].first_below))
				first = k;
			if (deep < 0 || st->min < t->group_stats[deep].min)
				deep = k;
		}
		if (first >= 0) {
			char d[11];
			cp_date_format(t->from + t->group_stats[first].first_below, d);
			fputs("<li>As the dates unfold, <b>", f);
			cp_html_esc(f, str(g, t->groups[first].sector));
			fprintf(f, "</b> is the first sector below %g%% of normal output, on %s", 100 * t->threshold, d);
			cp_date_format(t->from + t->group_stats[deep].min_day, d);
			fputs("; the deepest fall is <b>", f);
			cp_html_esc(f, str(g, t->groups[deep].sector));
			fprintf(f, "</b>'s, to %.1f%% on %s.</li>\n", 100 * t->group_stats[deep].min, d);
		}
	}
	for (k = 0; k < r->n_groups && k < 3; k++) {
		const cp_sector_group *gr = &r->groups[order[k]];
		int32_t p, best = -1;
		if (!(gr->disruption > 0))
			break;
		fputs(k == 0 && dates_ignored(r) ? "<li>With every control at once, <b>" : "<li><b>", f);
		cp_html_esc(f, str(g, gr->sector));
		fprintf(f, "</b> loses %.1f%% of its output", 100 * gr->disruption);
		if (!isnan(gr->disruption_outside) && gr->n_outside < gr->n_nodes) {
			fprintf(f, ", %.1f%% ", 100 * gr->disruption_outside);
			outside_label(f, r);
		}
		if (!isnan(gr->value_at_risk)) {
			cp_render_fmt_amount(buf, sizeof buf, gr->value_at_risk);
			fprintf(f, " (%s ", buf);
			cp_html_esc(f, unit);
			fputs(")", f);
		}
		for (p = 0; r->group_shares && p < r->n_players; p++)
			if (best < 0 || r->group_shares[(size_t)p * (size_t)r->n_groups + (size_t)order[k]] >
			                    r->group_shares[(size_t)best * (size_t)r->n_groups + (size_t)order[k]])
				best = p;
		if (best >= 0) {
			char name[32];
			fprintf(f, "; the largest part, %.1f points, comes from ",
			        100 * r->group_shares[(size_t)best * (size_t)r->n_groups + (size_t)order[k]]);
			cp_html_esc(f, cp_player_name(s, best, name, sizeof name));
		}
		fputs(".</li>\n", f);
	}
	/* regions whose every sector node is untouched */
	for (k = 0; k < g->n_countries; k++) {
		int32_t n = 0, lost = 0;
		for (i = 0; i < r->n_sector_nodes; i++)
			if (g->country[r->sector_nodes[i]] == k) {
				n++;
				lost += r->disruption[r->sector_nodes[i]] > 1e-9;
			}
		if (n > 1 && lost == 0) {
			fputs("<li>No sector in <b>", f);
			cp_html_esc(f, str(g, g->country_code[k]));
			fputs("</b> loses output.</li>\n", f);
		}
	}
	fputs("</ul>\n", f);
	if (r->n_groups)
		group_bars(f, r, order);
	fputs("</section>\n", f);
}

/* ---- the scenario ---- */

static void elements_text(FILE *f, const cp_rule *rule)
{
	int z, first = 1;
	if (!rule->has_elements) {
		fputs("every good", f);
		return;
	}
	for (z = 1; z <= 118; z++)
		if (rule->elements.w[(z - 1) >> 6] >> ((z - 1) & 63) & 1) {
			fputs(first ? "" : ", ", f);
			cp_html_esc(f, cp_element_symbol(z));
			first = 0;
		}
}

static void kinds_text(FILE *f, unsigned kinds)
{
	int k, first = 1;
	for (k = 0; k < CP_NKINDS; k++)
		if (kinds >> k & 1) {
			fputs(first ? "" : ", ", f);
			fputs(cp_kind_name(k), f);
			first = 0;
		}
}

static void when_text(FILE *f, int32_t start, int32_t end)
{
	char d[11];
	if (start == CP_DAY_NEVER_BEFORE && end == CP_DAY_NEVER_AFTER) {
		fputs("always", f);
		return;
	}
	if (start != CP_DAY_NEVER_BEFORE) {
		cp_date_format(start, d);
		fprintf(f, "from %s", d);
	}
	if (end != CP_DAY_NEVER_AFTER) {
		cp_date_format(end, d);
		fprintf(f, "%suntil %s", start != CP_DAY_NEVER_BEFORE ? "<br>" : "", d);
	}
}

static void scenario(FILE *f, const cp_html_input *in)
{
	const cp_result *r = in->r;
	const cp_graph *g = r->g;
	const cp_scenario *s = r->s;
	int32_t k;
	char name[32];

	fputs("<section id=\"scenario\">\n<h2>The scenario</h2>\n", f);
	fputs("<p>The graph: ", f);
	cp_html_esc(f, g->title >= 0 ? str(g, g->title) : g->file);
	fprintf(f, " (%d producers, %d supply links).", g->n_nodes, g->n_edges);
	if (s->n_changes)
		fprintf(f, " The scenario changes the graph first (%d changes: new suppliers, shifted shares).",
		        s->n_changes);
	fputs("</p>\n", f);
	if (s->n_rules) {
		fputs("<table id=\"controls\"><thead><tr><th>control</th><th>origin</th><th>goods</th>"
		      "<th>reaches</th><th class=\"num\">denial</th><th>overrides</th><th>in force</th>"
		      "<th class=\"num\">lead days</th><th>extraterritorial</th></tr></thead><tbody>\n", f);
		for (k = 0; k < s->n_rules; k++) {
			const cp_rule *ru = &s->rules[k];
			fputs("<tr><td><b>", f);
			cp_html_esc(f, ru->id);
			fputs("</b></td>", f);
			cp_html_text_cell(f, ru->origin_code);
			fputs("<td>", f);
			elements_text(f, ru);
			fputs("</td><td>", f);
			kinds_text(f, ru->kinds);
			fputs("</td>", f);
			cp_html_pct_cell(f, ru->denial, 0);
			fputs("<td>", f);
			if (ru->n_end_use)
				fprintf(f, "%d end use%s", ru->n_end_use, ru->n_end_use == 1 ? "" : "s");
			if (ru->n_buyers)
				fprintf(f, "%s%d buyer%s", ru->n_end_use ? ", " : "", ru->n_buyers, ru->n_buyers == 1 ? "" : "s");
			if (ru->n_phases)
				fprintf(f, "%s%d phase%s", ru->n_end_use || ru->n_buyers ? ", " : "", ru->n_phases,
				        ru->n_phases == 1 ? "" : "s");
			fputs("</td><td class=\"when\">", f);
			when_text(f, ru->start, ru->end);
			fprintf(f, "</td><td class=\"num\">%g</td><td>", ru->lead_days);
			if (ru->has_min_content)
				fprintf(f, "content &ge; %g%%", 100 * ru->min_content);
			if (ru->technology)
				fprintf(f, "%stechnology", ru->has_min_content ? ", " : "");
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	if (s->n_outages) {
		fputs("<table id=\"outages\"><thead><tr><th>outage</th><th>where</th><th class=\"num\">loss</th>"
		      "<th>in force</th></tr></thead><tbody>\n", f);
		for (k = 0; k < s->n_outages; k++) {
			const cp_outage *o = &s->outages[k];
			fputs("<tr>", f);
			cp_html_text_cell(f, cp_player_name(s, s->n_rules + k, name, sizeof name));
			fputs("<td>", f);
			if (o->node >= 0)
				cp_html_esc(f, cp_node_id(g, o->node));
			else {
				if (o->has_country)
					cp_html_esc(f, o->country >= 0 ? str(g, g->country_code[o->country]) : "(no node)");
				fputs(o->has_country ? ": " : "", f);
				if (o->kinds == (1u << CP_NKINDS) - 1)
					fputs("every kind", f);
				else
					kinds_text(f, o->kinds);
			}
			fputs("</td>", f);
			cp_html_pct_cell(f, o->loss, 0);
			fputs("<td class=\"when\">", f);
			when_text(f, o->start, o->end);
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	if (!s->n_rules && !s->n_outages)
		fputs("<p>No controls and no outages: every number below is zero.</p>\n", f);
	if (r->has_at) {
		char d[11];
		cp_date_format(r->at, d);
		fprintf(f, "<p>Scored as the world stands on <b>%s</b>: only what is in force then, with the terms "
		        "of that date.</p>\n", d);
	}
	fputs("</section>\n", f);
}

/* ---- sectors ---- */

static void sector_tables(FILE *f, const cp_result *r)
{
	const cp_graph *g = r->g;
	const char *unit = g->value_unit >= 0 ? str(g, g->value_unit) : "output units";
	int16_t *regions = NULL;
	int32_t n_regions = 0, i, j, k, unweighted = 0;

	fputs("<section id=\"sectors\">\n<h2>Sectors</h2>\n", f);
	fputs("<h3>By sector</h3>\n<table id=\"groups\"><thead><tr><th>sector</th><th>regions</th>"
	      "<th class=\"num\">disruption</th><th></th><th class=\"num\">value at risk (", f);
	cp_html_esc(f, unit);
	fputs(")</th><th class=\"num\">", f);
	outside_label(f, r);
	fputs("</th><th class=\"num\">value at risk ", f);
	outside_label(f, r);
	fputs("</th></tr></thead><tbody>\n", f);
	for (k = 0; k < r->n_groups; k++) {
		const cp_sector_group *gr = &r->groups[k];
		char fill[8];
		fputs("<tr>", f);
		cp_html_text_cell(f, str(g, gr->sector));
		fputs("<td>", f);
		cp_html_regions(f, g, gr);
		fputs("</td>", f);
		cp_html_pct_cell(f, gr->disruption, 1);
		cp_render_fill_colour(fill, gr->disruption);
		fprintf(f, "<td><div class=\"bar\"><i style=\"width:%.1f%%;background:%s\"></i></div>%s</td>",
		        100 * (isnan(gr->disruption) ? 0 : gr->disruption), fill, gr->weighted ? "" : "plain mean");
		cp_html_amount_cell(f, gr->value_at_risk);
		cp_html_pct_cell(f, gr->disruption_outside, 1);
		cp_html_amount_cell(f, gr->value_at_risk_outside);
		fputs("</tr>\n", f);
		unweighted |= !gr->weighted;
	}
	fputs("</tbody></table>\n", f);
	fputs("<p class=\"note\">The last two columns leave out the sectors in the controlling countries, "
	      "which their own controls do not reach, so that they do not dilute the mean.</p>\n", f);
	if (unweighted)
		fputs("<p class=\"note\">Plain mean: some regions of the sector have no output in the graph, so "
		      "they count equally and the value at risk is not summed.</p>\n", f);

	/* the sector x region grid */
	if ((regions = malloc(((size_t)r->n_sector_nodes + 1) * sizeof *regions)) != NULL) {
		for (i = 0; i < r->n_sector_nodes; i++) {
			int16_t c = g->country[r->sector_nodes[i]];
			for (j = 0; j < n_regions && regions[j] != c; j++)
				;
			if (j == n_regions)
				regions[n_regions++] = c;
		}
		fputs("<h3>By sector and region</h3>\n<table id=\"grid\"><thead><tr><th>sector</th>", f);
		for (j = 0; j < n_regions; j++) {
			fputs("<th class=\"num\">", f);
			cp_html_esc(f, str(g, g->country_code[regions[j]]));
			fputs("</th>", f);
		}
		fputs("</tr></thead><tbody>\n", f);
		for (k = 0; k < r->n_groups; k++) {
			const cp_sector_group *gr = &r->groups[k];
			fputs("<tr>", f);
			cp_html_text_cell(f, str(g, gr->sector));
			for (j = 0; j < n_regions; j++) {
				int32_t v = -1, n = 0;
				for (i = 0; i < gr->n_nodes; i++)
					if (g->country[gr->nodes[i]] == regions[j]) {
						v = gr->nodes[i];
						n++;
					}
				if (n == 1)
					cp_html_pct_cell(f, r->disruption[v], 1);
				else
					fputs(n ? "<td class=\"num\">several</td>" : "<td class=\"num\"></td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
		free(regions);
	}

	fputs("<h3>Every sector node</h3>\n<table id=\"sector-nodes\"><thead><tr><th>node</th><th>sector</th>"
	      "<th>region</th><th class=\"num\">disruption</th><th class=\"num\">value at risk</th></tr></thead>"
	      "<tbody>\n", f);
	for (i = 0; i < r->n_sector_nodes; i++) {
		int32_t v = r->sector_nodes[i];
		fputs("<tr>", f);
		cp_html_text_cell(f, cp_node_id(g, v));
		cp_html_text_cell(f, str(g, g->sector[v]));
		cp_html_text_cell(f, cp_node_country(g, v));
		cp_html_pct_cell(f, r->disruption[v], 1);
		cp_html_amount_cell(f, r->disruption[v] * g->output[v]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

/* ---- shares ---- */

static void share_bar(FILE *f, const cp_result *r, const double *table, int32_t n, int32_t col)
{
	int32_t p;
	fputs("<td><div class=\"bar\">", f);
	for (p = 0; p < r->n_players; p++) {
		double x = table[(size_t)p * (size_t)n + (size_t)col];
		if (x > 0)
			fprintf(f, "<i style=\"width:%.2f%%;background:%s\"></i>", 100 * x, cp_html_player_colour(p));
	}
	fputs("</div></td>", f);
}

static void shares_table(FILE *f, const cp_result *r, const char *id, int groups)
{
	const cp_graph *g = r->g;
	int32_t n = groups ? r->n_groups : r->n_sector_nodes, i, p;
	const double *table = groups ? r->group_shares : r->shares;
	char name[32], tip[64];

	fprintf(f, "<table id=\"%s\"><thead><tr><th>%s</th>", id, groups ? "sector" : "node");
	for (p = 0; p < r->n_players; p++) {
		fputs("<th class=\"num\">", f);
		cp_html_esc(f, cp_player_name(r->s, p, name, sizeof name));
		fputs("</th>", f);
	}
	fputs("<th class=\"num\">disruption</th><th></th></tr></thead><tbody>\n", f);
	for (i = 0; i < n; i++) {
		fputs("<tr>", f);
		cp_html_text_cell(f, groups ? str(g, r->groups[i].sector) : cp_node_id(g, r->sector_nodes[i]));
		for (p = 0; p < r->n_players; p++) {
			size_t at = (size_t)p * (size_t)n + (size_t)i;
			if (!groups && r->shares_stderr) {
				snprintf(tip, sizeof tip, "standard error %.2f points", 100 * r->shares_stderr[at]);
				cp_html_pts_cell(f, table[at], tip);
			} else {
				cp_html_pts_cell(f, table[at], NULL);
			}
		}
		cp_html_pct_cell(f, groups ? r->groups[i].disruption : r->disruption[r->sector_nodes[i]], 0);
		share_bar(f, r, table, n, i);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void shares(FILE *f, const cp_result *r)
{
	char name[32];
	int32_t p;
	fputs("<section id=\"shares\">\n<h2>Who causes it</h2>\n", f);
	if (!r->shares || !r->n_players) {
		fputs("<p>No controls or outages, so nothing to share out.</p>\n</section>\n", f);
		return;
	}
	fputs("<p>Each disruption split among the controls and outages, in percentage points: the points "
	      "of a row add up to its disruption. Where rules overlap, lifting one alone gives little back, "
	      "yet each gets its fair part here.", f);
	if (!r->shares_exact)
		fprintf(f, " With %d players the shares are estimated from %d random orders; hover over a "
		        "node's share for its standard error.", r->n_players, r->share_samples);
	fputs("</p>\n<p>", f);
	for (p = 0; p < r->n_players; p++) {
		fprintf(f, "<span class=\"key\" style=\"background:%s\"></span>", cp_html_player_colour(p));
		cp_html_esc(f, cp_player_name(r->s, p, name, sizeof name));
	}
	fputs("</p>\n<h3>By sector</h3>\n<div class=\"wide\">\n", f);
	shares_table(f, r, "group-shares", 1);
	fprintf(f, "</div>\n<details><summary>By sector node (%d rows)</summary>\n<div class=\"wide\">\n",
	        r->n_sector_nodes);
	shares_table(f, r, "shares-nodes", 0);
	fputs("</div>\n</details>\n</section>\n", f);
}

/* ---- critical paths ---- */

static void rules_of_edge(FILE *f, const cp_result *r, int32_t e)
{
	int32_t k;
	for (k = r->match_off[e]; k < r->match_off[e + 1]; k++) {
		fputs(k > r->match_off[e] ? ", " : "", f);
		cp_html_esc(f, r->s->rules[r->match[k] & ~CP_MATCH_EXTRA].id);
		if (r->match[k] & CP_MATCH_EXTRA)
			fputs(" (extraterritorial)", f);
	}
}

static void paths(FILE *f, const cp_result *r)
{
	const cp_graph *g = r->g;
	int32_t i, k;
	fputs("<section id=\"paths\">\n<h2>Critical paths</h2>\n<p>From where the shock starts to the "
	      "sector, following at each step the input that binds and the supplier whose loss weighs "
	      "most.</p>\n<table id=\"critical-paths\"><thead><tr><th>node</th><th class=\"num\">disruption</th>"
	      "<th>path, upstream first</th><th>where it starts</th></tr></thead><tbody>\n", f);
	for (i = 0; i < r->n_sector_nodes; i++) {
		const cp_path *p = &r->paths[i];
		int32_t v = r->sector_nodes[i];
		fputs("<tr>", f);
		cp_html_text_cell(f, cp_node_id(g, v));
		cp_html_pct_cell(f, r->disruption[v], 1);
		fputs("<td class=\"path\">", f);
		if (p->n_edges == 0 && p->stop == CP_STOP_NONE) {
			fputs("nothing lost</td><td></td></tr>\n", f);
			continue;
		}
		for (k = p->n_edges - 1; k >= 0; k--) {
			int32_t e = p->edges[k];
			fputs("<code>", f);
			cp_html_esc(f, cp_node_id(g, g->supplier[e]));
			fputs("</code> &rarr; ", f);
		}
		fputs("<code>", f);
		cp_html_esc(f, cp_node_id(g, v));
		fputs("</code></td><td>", f);
		switch (p->stop) {
		case CP_STOP_BLOCKED: {
			int32_t e = p->edges[p->n_edges - 1];
			fprintf(f, "%.1f%% of ", 100 * r->blocked[e]);
			cp_html_esc(f, str(g, g->item[g->edge_line[e]]));
			fputs(" blocked by ", f);
			rules_of_edge(f, r, e);
			break;
		}
		case CP_STOP_OUTAGE:
			fputs("outage: ", f);
			cp_html_esc(f, cp_node_id(g, p->stop_node));
			fprintf(f, " loses %.1f%% of its output", 100 * r->loss[p->stop_node]);
			break;
		case CP_STOP_SOURCE:
		case CP_STOP_NONE:
			fputs("runs round a cycle", f);
			break;
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

/* ---- diagram, warnings, sources ---- */

static void diagram(FILE *f, const cp_html_input *in)
{
	fputs("<section id=\"diagram\">\n<h2>The shocked supply chain</h2>\n", f);
	if (!in->diagram_svg) {
		fputs("<p class=\"note\">No diagram: ", f);
		cp_html_esc(f, in->diagram_note ? in->diagram_note : "not drawn");
		fputs(".</p>\n</section>\n", f);
		return;
	}
	fputs("<figure>\n", f);
	fputs(in->diagram_svg, f);
	fputs("\n<figcaption>Stages from left (mines) to right (sectors). Nodes are filled white, yellow, "
	      "red by disruption; links are as wide as their share of supply; red links are blocked by a "
	      "control (with its name and blocked percentage), dashed purple ones by an extraterritorial "
	      "clause.", f);
	if (in->diagram_note) {
		fputc(' ', f);
		cp_html_esc(f, in->diagram_note);
	}
	fputs("</figcaption>\n</figure>\n</section>\n", f);
}

static void warnings(FILE *f, const cp_log *log)
{
	size_t i, n = 0;
	fputs("<section id=\"warnings\">\n<h2>Warnings</h2>\n", f);
	for (i = 0; log && i < log->n; i++)
		if (log->d[i].severity == CP_WARNING) {
			fputs(n++ ? "<li>" : "<ul id=\"warning-list\">\n<li>", f);
			cp_html_esc(f, log->d[i].text);
			fputs("</li>\n", f);
		}
	fputs(n ? "</ul>\n" : "<p>None: the files load without a warning.</p>\n", f);
	if (log && log->suppressed)
		fprintf(f, "<p class=\"note\">%zu more messages not shown.</p>\n", log->suppressed);
	fputs("</section>\n", f);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void sources(FILE *f, const cp_html_sources *src)
{
	size_t i;
	int k;
	fputs("<section id=\"sources\">\n<h2>Sources</h2>\n", f);
	for (k = 0; src && k < src->n_files; k++)
		if (src->skipped[k]) {
			fputs("<p class=\"note\">", f);
			cp_html_esc(f, src->files[k]);
			fputs(" is too large to read its sources again for this page.</p>\n", f);
		}
	if (!src || !src->n) {
		fputs("<p>The files cite no sources.</p>\n</section>\n", f);
		return;
	}
	fputs("<table id=\"source-table\"><thead><tr><th>file</th><th>key</th><th>source</th><th>cited by</th>"
	      "</tr></thead><tbody>\n", f);
	for (i = 0; i < src->n; i++) {
		const cp_html_source *e = &src->a[i];
		fputs("<tr>", f);
		cp_html_text_cell(f, base_name(src->files[e->file]));
		fputs("<td><code>", f);
		cp_html_esc(f, e->key);
		fputs("</code></td>", f);
		cp_html_text_cell(f, e->text ? e->text : "(not in any file's sources)");
		fputs("<td class=\"note\">", f);
		if (e->cited_by)
			cp_html_esc(f, e->cited_by);
		else
			fputs("not cited", f);
		if (e->n_cited > 12)
			fprintf(f, " and %d more", e->n_cited - 12);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

void cp_html_report(FILE *f, const cp_html_input *in)
{
	const cp_result *r = in->r;
	const cp_graph *g = r->g;
	int32_t *order = groups_ranked(r), i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"chokepoint " CHOKEPOINT_VERSION "\">\n<title>", f);
	title_text(f, in);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<main>\n<header>\n<h1>", f);
	title_text(f, in);
	fputs("</h1>\n<p class=\"sub\">", f);
	cp_html_esc(f, g->title >= 0 ? str(g, g->title) : g->file);
	if (r->has_at) {
		char d[11];
		cp_date_format(r->at, d);
		fprintf(f, " &middot; as on %s", d);
	}
	fputs("</p>\n</header>\n", f);
	assumptions(f, in);
	if (order)
		findings(f, in, order);
	scenario(f, in);
	/* when the scenarios carry dates, what happens when comes before the
	 * worst case of everything at once */
	if (in->t)
		cp_html_timeline(f, in);
	sector_tables(f, r);
	cp_html_draws(f, in);
	shares(f, r);
	paths(f, r);
	diagram(f, in);
	if (!in->t)
		cp_html_timeline(f, in);
	warnings(f, in->warnings);
	sources(f, in->sources);
	fputs("<footer>Made with chokepoint " CHOKEPOINT_VERSION " from ", f);
	cp_html_esc(f, g->file);
	for (i = 0; in->sources && i < in->sources->n_files; i++)
		if (i > 0) {
			fputs(", ", f);
			cp_html_esc(f, in->sources->files[i]);
		}
	fputs(". The numbers are those of <code>chokepoint score --format json --shares</code>", f);
	if (in->t)
		fputs(" and <code>chokepoint timeline --format json</code>", f);
	fputs(" for the same files; each table cell carries its exact value in <code>data-value</code>.</footer>\n"
	      "</main>\n</body>\n</html>\n", f);
	free(order);
}
