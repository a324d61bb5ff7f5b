/* The timeline as JSON (MODEL.md 7.4), a readable summary, or long CSV. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "clocale.h"
#include "meaning.h"
#include "numfmt.h"
#include "report_parts.h"

static void json_date(FILE *f, const cp_timeline *t, int32_t index)
{
	char d[11];
	if (index < 0) {
		fputs("null", f);
		return;
	}
	cp_date_format(t->from + index, d);
	fprintf(f, "\"%s\"", d);
}

static void json_series(FILE *f, const double *x, int32_t n)
{
	int32_t d;
	fputc('[', f);
	for (d = 0; d < n; d++) {
		fputs(d ? ", " : "", f);
		cp_json_number(f, x[d]);
	}
	fputc(']', f);
}

static void timeline_json(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log)
{
	cp_timeline_json_draws(f, t, show, NULL, log);
}

void cp_timeline_json_draws(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_draws *d, const cp_log *log)
{
	const cp_graph *g = t->g;
	size_t n = (size_t)t->n_days;
	int32_t i, k, first = 1;

	fputs("{\"chokepoint_timeline\": 1, \"from\": ", f);
	json_date(f, t, 0);
	fputs(", \"to\": ", f);
	json_date(f, t, t->n_days - 1);
	fputs(", \"threshold\": ", f);
	cp_json_number(f, t->threshold);
	fputs(",\n", f);
	cp_meaning_json(f, CP_MEANING_TIMELINE, 0, t->from, t->from + t->n_days - 1);
	fputs(",\n\"sectors\": [", f);
	for (i = 0; i < t->n_sector_nodes; i++) {
		int32_t s = t->sector_nodes[i];
		const cp_series_stats *st = &t->stats[i];
		if (show && !show[i])
			continue;
		fputs(first ? "\n  {\"id\": " : ",\n  {\"id\": ", f);
		first = 0;
		cp_json_sector_place(f, g, s);
		fputs(", \"output\": ", f);
		json_series(f, t->output + (size_t)i * n, t->n_days);
		fputs(", \"first_below\": ", f);
		json_date(f, t, st->first_below);
		fputs(", \"min\": ", f);
		cp_json_number(f, st->min);
		fputs(", \"min_date\": ", f);
		json_date(f, t, st->min_day);
		fprintf(f, ", \"days_below\": %d, \"recovered\": ", st->days_below);
		json_date(f, t, st->recovered);
		fputs(", \"lost_value\": ", f);
		cp_json_number(f, st->lost_value);
		fputc('}', f);
	}
	fputs("],\n\"groups\": [", f);
	for (k = 0; k < t->n_groups; k++) {
		fputs(k ? ",\n  {\"sector\": " : "\n  {\"sector\": ", f);
		cp_json_string(f, cp_graph_str(g, t->groups[k].sector));
		fputs(", \"output\": ", f);
		json_series(f, t->group_output + (size_t)k * n, t->n_days);
		fputc('}', f);
	}
	fputs("],\n\"flows\": [", f);
	for (k = 0; k < t->s->n_rules; k++) {
		fputs(k ? ",\n  {\"rule\": " : "\n  {\"rule\": ", f);
		cp_json_string(f, t->s->rules[k].id);
		fputs(", \"index\": ", f);
		if (t->flow_defined[k])
			json_series(f, t->flow + (size_t)k * n, t->n_days);
		else
			fputs("null", f);
		fputc('}', f);
	}
	cp_json_result_end(f, d, log);
}

void cp_timeline_json(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log)
{
	locale_t old = cp_clocale_enter();
	timeline_json(f, t, show, log);
	cp_clocale_leave(old);
}

static void timeline_csv(FILE *f, const cp_timeline *t, const uint8_t *show, int flows)
{
	const cp_graph *g = t->g;
	size_t n = (size_t)t->n_days;
	int32_t d, i;
	char date[11];
	fputs(flows ? "date,rule,index\n" : "date,id,sector,country,output\n", f);
	for (d = 0; d < t->n_days; d++) {
		cp_date_format(t->from + d, date);
		if (flows) {
			for (i = 0; i < t->s->n_rules; i++) {
				fprintf(f, "%s,", date);
				cp_csv_field(f, t->s->rules[i].id);
				fputc(',', f);
				if (t->flow_defined[i])
					cp_csv_number(f, t->flow[(size_t)i * n + (size_t)d]);
				fputc('\n', f);
			}
			continue;
		}
		for (i = 0; i < t->n_sector_nodes; i++) {
			int32_t s = t->sector_nodes[i];
			if (show && !show[i])
				continue;
			fprintf(f, "%s,", date);
			cp_csv_sector_place(f, g, s);
			cp_csv_number(f, t->output[(size_t)i * n + (size_t)d]);
			fputc('\n', f);
		}
	}
}

void cp_timeline_csv(FILE *f, const cp_timeline *t, const uint8_t *show, int flows)
{
	locale_t old = cp_clocale_enter();
	timeline_csv(f, t, show, flows);
	cp_clocale_leave(old);
}

/* ---- table ---- */

static void date_cell(char *buf, const cp_timeline *t, int32_t index)
{
	if (index < 0)
		strcpy(buf, "-");
	else
		cp_date_format(t->from + index, buf);
}

static void stats_row(FILE *f, const cp_timeline *t, const char *label, int width, const cp_series_stats *st)
{
	char first[11], low[11], rec[11], buf[64];
	date_cell(first, t, st->first_below);
	date_cell(low, t, st->min_day);
	date_cell(rec, t, st->recovered);
	fprintf(f, "%-*s  %-11s %7.2f%% %-10s %6d  %-10s ", width, label, first, 100 * st->min, low, st->days_below, rec);
	fprintf(f, "%s\n", cp_format_value(st->lost_value, buf, sizeof buf));
}

static void print_event(FILE *f, const cp_timeline *t, const cp_event *e)
{
	const cp_scenario *s = t->s;
	char d[11], buf[32];
	cp_date_format(e->day, d);
	fprintf(f, "  %s  ", d);
	switch (e->kind) {
	case CP_EVENT_RULE_START:
		fprintf(f, "%s takes effect", s->rules[e->index].id);
		if (s->rules[e->index].lead_days > 0)
			fprintf(f, " (licence review: nothing ships for %g days)", s->rules[e->index].lead_days);
		break;
	case CP_EVENT_LEAD_END:
		fprintf(f, "%s: licence review time over, denials as set", s->rules[e->index].id);
		break;
	case CP_EVENT_PHASE: {
		const cp_phase *p = &s->rules[e->index].phases[e->phase - 1];
		fprintf(f, "%s: phase %d", s->rules[e->index].id, e->phase);
		if (p->has_denial)
			fprintf(f, ", denial %g", p->denial);
		if (p->has_end_use)
			fprintf(f, ", end-use denials replaced (%d)", p->n_end_use);
		if (p->has_buyers)
			fprintf(f, ", buyer denials replaced (%d)", p->n_buyers);
		break;
	}
	case CP_EVENT_RULE_END:
		fprintf(f, "%s no longer in force", s->rules[e->index].id);
		break;
	case CP_EVENT_OUTAGE_START:
		cp_print_text(f, cp_player_name(s, s->n_rules + e->index, buf, sizeof buf));
		fprintf(f, " begins (loss %g)", s->outages[e->index].loss);
		break;
	case CP_EVENT_OUTAGE_END:
		cp_print_text(f, cp_player_name(s, s->n_rules + e->index, buf, sizeof buf));
		fputs(" ends", f);
		break;
	}
	fputc('\n', f);
}

static void timeline_table(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log)
{
	const cp_graph *g = t->g;
	const cp_scenario *s = t->s;
	const char *unit = g->value_unit >= 0 ? cp_graph_str(g, g->value_unit) : "output units";
	char a[11], b[11], label[512];
	int32_t i, k, width = 24;
	size_t w;

	cp_date_format(t->from, a);
	cp_date_format(t->from + t->n_days - 1, b);
	fprintf(f, "timeline: %s to %s (%d days), day by day as in the files: controls, lead times, phases,\n"
	        "          transit and stocks as given; supply-driven, no re-routing, no demand feedback\n",
	        a, b, t->n_days);
	/* names from the files are echoed escaped: they may hold anything */
	if (g->title >= 0) {
		fputs("graph:    ", f);
		cp_print_text(f, cp_graph_str(g, g->title));
		fprintf(f, " (%d nodes, %d edges)\n", g->n_nodes, g->n_edges);
	}
	fputs("scenario: ", f);
	for (i = 0; i < s->n_files; i++) {
		fputs(i ? " + " : "", f);
		cp_print_text(f, s->names[i]);
	}
	fprintf(f, "%s (controls: %d, outages: %d)\n", s->n_files ? "" : "none", s->n_rules, s->n_outages);
	fprintf(f, "output below %.4g%% of normal counts as below; lost value in ", 100 * t->threshold);
	cp_print_text(f, unit);
	fputs(" x year / 365\n\n", f);
	for (i = 0; i < t->n_sector_nodes; i++) {
		int len = snprintf(label, sizeof label, "  %s", cp_node_id(g, t->sector_nodes[i]));
		if (len > width && len < (int)sizeof label)
			width = len;
	}
	fprintf(f, "%-*s  %-11s %8s %-10s %6s  %-10s %s\n", width, "sector", "first below", "lowest", "on",
	        "days", "recovered", "lost value");
	for (k = 0; k < t->n_groups; k++) {
		const cp_sector_group *gr = &t->groups[k];
		int any = 0;
		for (i = 0; i < gr->n_nodes; i++) {
			int32_t j = gr->slots[i];
			any |= !show || show[j];
		}
		if (!any)
			continue;
		stats_row(f, t, cp_graph_str(g, gr->sector), width, &t->group_stats[k]);
		for (i = 0; i < gr->n_nodes; i++) {
			int32_t j = gr->slots[i];
			if (show && !show[j])
				continue;
			snprintf(label, sizeof label, "  %s", cp_node_id(g, gr->nodes[i]));
			stats_row(f, t, label, width, &t->stats[j]);
		}
	}
	if (t->n_events) {
		fputs("\nevents:\n", f);
		for (i = 0; i < t->n_events; i++)
			print_event(f, t, &t->events[i]);
	}
	for (w = 0, k = 0; log && w < log->n; w++)
		if (log->d[w].severity == CP_WARNING)
			fprintf(f, "%swarning: %s\n", k++ ? "" : "\n", log->d[w].text);
}

void cp_timeline_table(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log)
{
	locale_t old = cp_clocale_enter();
	timeline_table(f, t, show, log);
	cp_clocale_leave(old);
}
