/* The timeline section of the HTML report: the horizon, the chart (when
 * the chart module can draw one), the summary per sector and node, and the
 * events.  The same numbers as cp_timeline_json. */
#include <math.h>
#include <stdio.h>

#include "internal.h"
#include "html_internal.h"

static void stats_cells(FILE *f, const cp_timeline *t, const cp_series_stats *st)
{
	cp_html_date_cell(f, t->from, st->first_below);
	cp_html_pct_cell(f, st->min, 0);
	cp_html_date_cell(f, t->from, st->min_day);
	fprintf(f, "<td class=\"num\" data-value=\"%d\">%d</td>", st->days_below, st->days_below);
	cp_html_date_cell(f, t->from, st->recovered);
	cp_html_amount_cell(f, st->lost_value);
}

/* A small line of the series (output against days, 0 to 1) with the
 * threshold dashed.  Each drawn point is the lowest of its days, so that
 * a short dip still shows. */
static void sparkline(FILE *f, const cp_timeline *t, const double *x)
{
	const int w = 160, h = 30, n = t->n_days;
	int px, points = n < w ? n : w;
	double ty = 2 + (h - 4) * (1 - t->threshold);
	fprintf(f, "<td><svg class=\"spark\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-hidden=\"true\">"
	        "<rect width=\"%d\" height=\"%d\" fill=\"#f5f7fa\"/>"
	        "<line x1=\"0\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa3ad\" stroke-dasharray=\"3 2\"/>"
	        "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" points=\"",
	        w, h, w, h, w, h, w, ty, ty);
	for (px = 0; px < points; px++) {
		int a = (int)((long)px * n / points), b = (int)((long)(px + 1) * n / points), d;
		double lo = 1;
		for (d = a; d < b; d++)
			if (x[d] < lo)
				lo = x[d];
		if (lo < 0)
			lo = 0;
		fprintf(f, "%s%.1f,%.1f", px ? " " : "", points > 1 ? (double)px * (w - 1) / (points - 1) : 0.0,
		        2 + (h - 4) * (1 - lo));
	}
	fputs("\"/></svg></td>", f);
}

static void event_text(FILE *f, const cp_timeline *t, const cp_event *e)
{
	const cp_scenario *s = t->s;
	char buf[32];
	switch (e->kind) {
	case CP_EVENT_RULE_START:
		cp_html_esc(f, s->rules[e->index].id);
		fputs(" takes effect", f);
		if (s->rules[e->index].lead_days > 0)
			fprintf(f, "; licence review: nothing ships for %g days", s->rules[e->index].lead_days);
		break;
	case CP_EVENT_LEAD_END:
		cp_html_esc(f, s->rules[e->index].id);
		fputs(": licence review time over, denials as set", f);
		break;
	case CP_EVENT_PHASE: {
		const cp_phase *p = &s->rules[e->index].phases[e->phase - 1];
		cp_html_esc(f, s->rules[e->index].id);
		fprintf(f, ": phase %d", e->phase);
		if (p->has_denial)
			fprintf(f, ", denial %.1f%%", 100 * p->denial);
		if (p->has_end_use && p->n_end_use)
			fprintf(f, ", end-use denials set anew (%d)", p->n_end_use);
		else if (p->has_end_use)
			fputs(", no end-use denials", f);
		if (p->has_buyers && p->n_buyers)
			fprintf(f, ", buyer terms set anew (%d)", p->n_buyers);
		else if (p->has_buyers)
			fputs(", no buyer terms", f);
		break;
	}
	case CP_EVENT_RULE_END:
		cp_html_esc(f, s->rules[e->index].id);
		fputs(" no longer in force", f);
		break;
	case CP_EVENT_OUTAGE_START:
		cp_html_esc(f, cp_player_name(s, s->n_rules + e->index, buf, sizeof buf));
		fprintf(f, " begins (loss %g%%)", 100 * s->outages[e->index].loss);
		break;
	case CP_EVENT_OUTAGE_END:
		cp_html_esc(f, cp_player_name(s, s->n_rules + e->index, buf, sizeof buf));
		fputs(" ends", f);
		break;
	}
}

void cp_html_timeline(FILE *f, const cp_html_input *in)
{
	const cp_timeline *t = in->t;
	const cp_graph *g;
	char from[11], to[11];
	int32_t i, k;
	static const char head[] =
		"<th>first below</th><th class=\"num\">lowest</th><th>on</th><th class=\"num\">days below</th>"
		"<th>recovered</th><th class=\"num\">lost value</th><th>output, day by day</th></tr></thead><tbody>\n";

	fputs("<section id=\"timeline\">\n<h2>Day by day</h2>\n", f);
	if (!t) {
		fputs("<p>No timeline: ", f);
		cp_html_esc(f, in->timeline_note ? in->timeline_note : "not asked for");
		fputs(".</p>\n</section>\n", f);
		return;
	}
	g = t->g;
	cp_date_format(t->from, from);
	cp_date_format(t->from + t->n_days - 1, to);
	fprintf(f, "<p>From <b>%s</b> to <b>%s</b> (%d days). Output below <b>%g%%</b> of normal counts as "
	        "below; lost value is the output lost over those days", from, to, t->n_days, 100 * t->threshold);
	if (g->value_unit >= 0) {
		fputs(", in ", f);
		cp_html_esc(f, cp_graph_str(g, g->value_unit));
		fputs(" &times; years", f);
	}
	fputs(". Supply-driven: no re-routing to other suppliers, no demand feedback.</p>\n", f);
	if (t->unconverged_days)
		fprintf(f, "<p class=\"note\">On %d days a supply loop did not settle; see the warnings.</p>\n",
		        t->unconverged_days);

	if (in->chart_svg) {
		fputs("<figure>\n", f);
		fputs(in->chart_svg, f);
		fputs("\n<figcaption>Output of each sector as a fraction of normal, day by day, with the "
		      "threshold and the events; below, the flow of the controlled goods.</figcaption>\n"
		      "</figure>\n", f);
	} else {
		fputs("<p class=\"note\" id=\"no-chart\">No chart: ", f);
		cp_html_esc(f, in->chart_note ? in->chart_note : "not drawn");
		fputs(". The tables below hold the same story.</p>\n", f);
	}

	fputs("<h3>By sector</h3>\n<table id=\"timeline-groups\"><thead><tr><th>sector</th>", f);
	fputs(head, f);
	for (k = 0; k < t->n_groups; k++) {
		fputs("<tr>", f);
		cp_html_text_cell(f, cp_graph_str(g, t->groups[k].sector));
		stats_cells(f, t, &t->group_stats[k]);
		sparkline(f, t, t->group_output + (size_t)k * (size_t)t->n_days);
		fputs("</tr>\n", f);
	}
	fprintf(f, "</tbody></table>\n<details><summary>By sector node (%d rows)</summary>\n"
	        "<table id=\"timeline-nodes\"><thead><tr><th>node</th>", t->n_sector_nodes);
	fputs(head, f);
	for (i = 0; i < t->n_sector_nodes; i++) {
		fputs("<tr>", f);
		cp_html_text_cell(f, cp_node_id(g, t->sector_nodes[i]));
		stats_cells(f, t, &t->stats[i]);
		sparkline(f, t, t->output + (size_t)i * (size_t)t->n_days);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</details>\n", f);

	fputs("<h3>Events</h3>\n", f);
	if (!t->n_events) {
		fputs("<p>None inside the horizon.</p>\n", f);
	} else {
		fputs("<table id=\"events\"><thead><tr><th>date</th><th>what happens</th></tr></thead><tbody>\n", f);
		for (k = 0; k < t->n_events; k++) {
			char d[11];
			cp_date_format(t->events[k].day, d);
			fprintf(f, "<tr><td>%s</td><td>", d);
			event_text(f, t, &t->events[k]);
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	fputs("</section>\n", f);
}
