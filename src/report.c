/* Results as JSON (MODEL.md 5), a readable table, or CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "analyse.h"
#include "clocale.h"
#include "meaning.h"
#include "numfmt.h"
#include "report_parts.h"


/* ---- JSON ---- */

void cp_json_string(FILE *f, const char *s)
{
	const unsigned char *p;
	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void cp_json_number(FILE *f, double x)
{
	char buf[40];
	locale_t old;
	if (!isfinite(x)) {   /* JSON has no infinity: unknown, like NaN */
		fputs("null", f);
		return;
	}
	old = cp_clocale_enter();
	cp_format_exact(x, buf, sizeof buf);
	cp_clocale_leave(old);
	fputs(buf, f);
}

static void json_tag(FILE *f, const cp_graph *g, int32_t tag)
{
	if (tag < 0)
		fputs("null", f);
	else
		cp_json_string(f, cp_graph_str(g, tag));
}

void cp_json_warnings(FILE *f, const cp_log *log)
{
	size_t w;
	int first = 1;
	fputs("\"warnings\": [", f);
	for (w = 0; log && w < log->n; w++) {
		if (log->d[w].severity != CP_WARNING)
			continue;
		fputs(first ? "\n  " : ",\n  ", f);
		cp_json_string(f, log->d[w].text);
		first = 0;
	}
	fputc(']', f);
}

/* {"player": share, ...} of one sector node (column i of a player-major
 * table with n columns). */
static void json_shares(FILE *f, const cp_result *r, const double *table, int32_t n, int32_t i)
{
	char buf[32];
	int32_t p;
	fputc('{', f);
	for (p = 0; p < r->n_players; p++) {
		fputs(p ? ", " : "", f);
		cp_json_string(f, cp_player_name(r->s, p, buf, sizeof buf));
		fputs(": ", f);
		cp_json_number(f, table[(size_t)p * (size_t)n + (size_t)i]);
	}
	fputc('}', f);
}

void cp_report_json(FILE *f, const cp_result *r, const cp_log *log)
{
	cp_report_json_draws(f, r, NULL, log);
}

void cp_report_json_draws(FILE *f, const cp_result *r, const cp_draws *d, const cp_log *log)
{
	const cp_graph *g = r->g;
	const cp_scenario *s = r->s;
	int32_t v, e, k, i;
	locale_t old = cp_clocale_enter();

	fputs("{\"chokepoint_result\": 1,\n", f);
	cp_meaning_json(f, cp_meaning_of(r), r->at, 0, 0);
	fputs(",\n", f);
	if (r->has_at) {
		char date[11];
		cp_date_format(r->at, date);
		fprintf(f, "\"at\": \"%s\",\n", date);
	}
	fputs("\"nodes\": [", f);
	for (v = 0; v < g->n_nodes; v++) {
		fputs(v ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
		cp_json_string(f, cp_node_id(g, v));
		fputs(", \"disruption\": ", f);
		cp_json_number(f, r->disruption[v]);
		fputs(", \"end_use\": ", f);
		json_tag(f, g, r->tag[v]);
		fputs(", \"content\": {", f);
		for (k = 0; k < s->n_rules; k++) {
			fputs(k ? ", " : "", f);
			cp_json_string(f, s->rules[k].id);
			fputs(": ", f);
			cp_json_number(f, r->content[(size_t)k * (size_t)g->n_nodes + (size_t)v]);
		}
		fputs("}}", f);
	}
	fputs("],\n\"edges\": [", f);
	for (e = 0; e < g->n_edges; e++) {
		int extra = 0;
		fputs(e ? ",\n  {\"from\": " : "\n  {\"from\": ", f);
		cp_json_string(f, cp_node_id(g, g->supplier[e]));
		fputs(", \"to\": ", f);
		cp_json_string(f, cp_node_id(g, g->consumer[e]));
		fputs(", \"item\": ", f);
		cp_json_string(f, cp_graph_str(g, g->item[g->edge_line[e]]));
		fputs(", \"blocked\": ", f);
		cp_json_number(f, r->blocked[e]);
		fputs(", \"rules\": [", f);
		for (k = r->match_off[e]; k < r->match_off[e + 1]; k++) {
			fputs(k > r->match_off[e] ? ", " : "", f);
			cp_json_string(f, s->rules[r->match[k] & ~CP_MATCH_EXTRA].id);
			extra |= (r->match[k] & CP_MATCH_EXTRA) != 0;
		}
		fprintf(f, "], \"extraterritorial\": %s}", extra ? "true" : "false");
	}
	fputs("],\n\"sectors\": [", f);
	for (i = 0; i < r->n_sector_nodes; i++) {
		int32_t sn = r->sector_nodes[i];
		fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
		cp_json_sector_place(f, g, sn);
		fputs(", \"disruption\": ", f);
		cp_json_number(f, r->disruption[sn]);
		fputs(", \"value_at_risk\": ", f);
		cp_json_number(f, r->disruption[sn] * g->output[sn]);
		if (r->shares) {
			fputs(", \"shares\": ", f);
			json_shares(f, r, r->shares, r->n_sector_nodes, i);
		}
		if (r->shares_stderr) {
			fputs(", \"shares_stderr\": ", f);
			json_shares(f, r, r->shares_stderr, r->n_sector_nodes, i);
		}
		fputs("}", f);
	}
	/* An extension of MODEL.md 5: the sector summary of 3. */
	fputs("],\n\"groups\": [", f);
	for (k = 0; k < r->n_groups; k++) {
		const cp_sector_group *gr = &r->groups[k];
		fputs(k ? ",\n  {\"sector\": " : "\n  {\"sector\": ", f);
		cp_json_string(f, cp_graph_str(g, gr->sector));
		fputs(", \"disruption\": ", f);
		cp_json_number(f, gr->disruption);
		fputs(", \"value_at_risk\": ", f);
		cp_json_number(f, gr->value_at_risk);
		fprintf(f, ", \"weighted\": %s, \"nodes\": %d", gr->weighted ? "true" : "false", gr->n_nodes);
		fputs(", \"disruption_outside_origin\": ", f);
		cp_json_number(f, gr->disruption_outside);
		fputs(", \"value_at_risk_outside_origin\": ", f);
		cp_json_number(f, gr->value_at_risk_outside);
		if (r->group_shares) {
			fputs(", \"shares\": ", f);
			json_shares(f, r, r->group_shares, r->n_groups, k);
		}
		fputc('}', f);
	}
	cp_json_result_end(f, d, log);
	cp_clocale_leave(old);
}

void cp_json_sector_place(FILE *f, const cp_graph *g, int32_t v)
{
	cp_json_string(f, cp_node_id(g, v));
	fputs(", \"sector\": ", f);
	cp_json_string(f, cp_graph_str(g, g->sector[v]));
	fputs(", \"country\": ", f);
	cp_json_string(f, cp_node_country(g, v));
}

void cp_json_result_end(FILE *f, const cp_draws *d, const cp_log *log)
{
	fputs("],\n", f);
	if (d) {
		fputs("\"draws\": ", f);
		cp_draws_json(f, d);
		fputs(",\n", f);
	}
	cp_json_warnings(f, log);
	fputs("}\n", f);
}

/* ---- CSV ---- */

void cp_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
}

void cp_csv_number(FILE *f, double x)
{
	if (isfinite(x))
		cp_json_number(f, x);
}

void cp_csv_sector_place(FILE *f, const cp_graph *g, int32_t v)
{
	cp_csv_field(f, cp_node_id(g, v));
	fputc(',', f);
	cp_csv_field(f, cp_graph_str(g, g->sector[v]));
	fputc(',', f);
	cp_csv_field(f, cp_node_country(g, v));
	fputc(',', f);
}

static void report_csv(FILE *f, const cp_result *r, int sectors)
{
	const cp_graph *g = r->g;
	int32_t v, i;
	if (sectors) {
		fputs("id,sector,country,disruption,value_at_risk\n", f);
		for (i = 0; i < r->n_sector_nodes; i++) {
			v = r->sector_nodes[i];
			cp_csv_sector_place(f, g, v);
			cp_csv_number(f, r->disruption[v]);
			fputc(',', f);
			cp_csv_number(f, r->disruption[v] * g->output[v]);
			fputc('\n', f);
		}
		return;
	}
	fputs("id,kind,country,disruption,end_use\n", f);
	for (v = 0; v < g->n_nodes; v++) {
		cp_csv_field(f, cp_node_id(g, v));
		fputc(',', f);
		fputs(cp_kind_name(g->kind[v]), f);
		fputc(',', f);
		cp_csv_field(f, cp_node_country(g, v));
		fputc(',', f);
		cp_csv_number(f, r->disruption[v]);
		fputc(',', f);
		if (r->tag[v] >= 0)
			cp_csv_field(f, cp_graph_str(g, r->tag[v]));
		fputc('\n', f);
	}
}

void cp_report_csv(FILE *f, const cp_result *r, int sectors)
{
	locale_t old = cp_clocale_enter();
	report_csv(f, r, sectors);
	cp_clocale_leave(old);
}

/* ---- table ---- */

/* Characters on screen of a UTF-8 string (one per code point); control
 * characters cannot occur in ids, so this keeps columns straight. */
static int text_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void padded(FILE *f, const char *s, int width)
{
	int w = text_width(s);
	cp_print_text(f, s);
	for (; w < width; w++)
		fputc(' ', f);
}

/* "EU, US, JP" for the countries of a group, in node order, once each. */
/* Each node of the group as "EU 65.3%", in the group's order. */
static void group_regions(const cp_result *r, const cp_sector_group *gr, char *buf, size_t size)
{
	const cp_graph *g = r->g;
	size_t used = 0;
	int32_t i;
	buf[0] = '\0';
	for (i = 0; i < gr->n_nodes; i++) {
		int32_t v = gr->nodes[i];
		if (used + 24 >= size) {
			snprintf(buf + used, size - used, ", ...");
			return;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s %.1f%%", used ? ", " : "", cp_node_country(g, v),
		                         100 * r->disruption[v]);
	}
}

/* The column head for the mean outside the controlling countries. */
static void origins_label(const cp_result *r, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "outside");
	int32_t k, any = 0;
	for (k = 0; k < r->s->n_rules; k++)
		if (cp_first_of_origin(r, k) && used + 6 < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", any++ ? "," : " ",
			                         r->s->rules[k].origin_code);
	if (!any)
		snprintf(buf, size, "outside origin");
}

static void print_value(FILE *f, double x)
{
	char buf[64];
	fputs(cp_format_value(x, buf, sizeof buf), f);
}

static void rules_of_edge(FILE *f, const cp_result *r, int32_t e)
{
	int32_t k;
	for (k = r->match_off[e]; k < r->match_off[e + 1]; k++) {
		int32_t ri = r->match[k] & ~CP_MATCH_EXTRA;
		fprintf(f, "%s%s%s", k > r->match_off[e] ? ", " : "", r->s->rules[ri].id,
		        r->match[k] & CP_MATCH_EXTRA ? " (extraterritorial)" : "");
	}
}

static void print_path(FILE *f, const cp_result *r, const cp_path *p)
{
	const cp_graph *g = r->g;
	int32_t i;
	fputs("    critical path: ", f);
	if (p->n_edges == 0 && p->stop == CP_STOP_NONE) {
		fputs("none (nothing lost)\n", f);
		return;
	}
	if (p->n_edges)
		fputs(cp_node_id(g, g->consumer[p->edges[0]]), f);
	for (i = 0; i < p->n_edges; i++) {
		int32_t e = p->edges[i];
		fprintf(f, " <- %s [%s]", cp_node_id(g, g->supplier[e]), cp_graph_str(g, g->item[g->edge_line[e]]));
	}
	switch (p->stop) {
	case CP_STOP_BLOCKED: {
		int32_t e = p->edges[p->n_edges - 1];
		fprintf(f, "\n      blocked %.1f%% by ", 100 * r->blocked[e]);
		rules_of_edge(f, r, e);
		fputc('\n', f);
		break;
	}
	case CP_STOP_OUTAGE:
		fprintf(f, "%soutage: %s loses %.1f%% of its output\n", p->n_edges ? "\n      " : "",
		        cp_node_id(g, p->stop_node), 100 * r->loss[p->stop_node]);
		break;
	case CP_STOP_SOURCE:
	case CP_STOP_NONE:
		fputs(" (runs round a cycle)\n", f);
		break;
	}
}

/* Each player's Shapley share of sector node i, in points. */
static void print_shares(FILE *f, const cp_result *r, int32_t i)
{
	char buf[32];
	int32_t p;
	size_t ns = (size_t)r->n_sector_nodes;
	fputs("    share of the disruption:", f);
	for (p = 0; p < r->n_players; p++) {
		fputs(p ? ", " : " ", f);
		cp_print_text(f, cp_player_name(r->s, p, buf, sizeof buf));   /* an outage's name is free text */
		fprintf(f, " %.2f", 100 * r->shares[(size_t)p * ns + (size_t)i]);
		if (r->shares_stderr)
			fprintf(f, " +/- %.2f", 100 * r->shares_stderr[(size_t)p * ns + (size_t)i]);
		fputs(" pts", f);
	}
	if (!r->shares_exact)
		fprintf(f, " (estimated from %d random orders)", r->share_samples);
	fputc('\n', f);
}

void cp_report_table(FILE *f, const cp_result *r)
{
	cp_report_table_opts(f, r, NULL);
}

void cp_report_table_opts(FILE *f, const cp_result *r, const cp_table_opts *opts)
{
	const cp_graph *g = r->g;
	const cp_scenario *s = r->s;
	int32_t i, k, j, unweighted = 0, n_groups, n_nodes;
	int wname = 6;
	char regions[512], origins[64];
	cp_sort sort = opts ? opts->sort : CP_SORT_FILE;
	int32_t *gorder = malloc(((size_t)r->n_groups + 1) * sizeof *gorder);
	int32_t *norder = malloc(((size_t)r->n_sector_nodes + 1) * sizeof *norder);
	const char *unit = g->value_unit >= 0 ? cp_graph_str(g, g->value_unit) : "output units";
	locale_t old = cp_clocale_enter();

	if (!gorder || !norder) {
		fputs("(out of memory)\n", f);
		goto done;
	}
	n_groups = cp_result_order(r, sort, 1, gorder);
	n_nodes = cp_result_order(r, sort, 0, norder);
	if (opts && opts->top > 0) {
		n_groups = n_groups < opts->top ? n_groups : opts->top;
		n_nodes = n_nodes < opts->top ? n_nodes : opts->top;
	}

	cp_meaning_line(f, cp_meaning_of(r), r->at, 0, 0);
	/* names from the files are echoed escaped: they may hold anything */
	if (g->title >= 0) {
		fputs("graph:    ", f);
		cp_print_text(f, cp_graph_str(g, g->title));
		fprintf(f, " (%d nodes, %d edges)\n", g->n_nodes, g->n_edges);
	} else
		fprintf(f, "graph:    %d nodes, %d edges\n", g->n_nodes, g->n_edges);
	fputs("scenario: ", f);
	for (i = 0; i < s->n_files; i++) {
		fputs(i ? " + " : "", f);
		cp_print_text(f, s->names[i]);
	}
	fprintf(f, "%s (controls: %d, outages: %d, changes: %d)\n", s->n_files ? "" : "none", s->n_rules,
	        s->n_outages, s->n_changes);
	if (r->has_at) {
		char d[11];
		int32_t on_r = 0, on_o = 0;
		cp_date_format(r->at, d);
		for (k = 0; k < s->n_rules; k++)
			on_r += r->rule_on[k];
		for (k = 0; k < s->n_outages; k++)
			on_o += r->outage_on[k];
		fprintf(f, "at:       %s (in force then: controls %d of %d, outages %d of %d)\n", d, on_r, s->n_rules,
		        on_o, s->n_outages);
	}
	fputc('\n', f);

	for (k = 0; k < r->n_groups; k++) {
		int w = text_width(cp_graph_str(g, r->groups[k].sector));
		if (w > wname)
			wname = w;
	}
	origins_label(r, origins, sizeof origins);
	padded(f, "sector", wname);
	fprintf(f, "  %10s  %14s  %14s   by region\n", "disruption", origins, "value at risk");
	for (j = 0; j < n_groups; j++) {
		const cp_sector_group *gr = &r->groups[gorder[j]];
		group_regions(r, gr, regions, sizeof regions);
		padded(f, cp_graph_str(g, gr->sector), wname);
		fprintf(f, "  %9.2f%%%s ", 100 * gr->disruption, gr->weighted ? " " : "*");
		if (isnan(gr->disruption_outside))
			fprintf(f, "%14s  ", "-");
		else
			fprintf(f, "%13.2f%%  ", 100 * gr->disruption_outside);
		{
			char buf[64];
			fprintf(f, "%14s", cp_format_value(gr->value_at_risk, buf, sizeof buf));
		}
		fprintf(f, "   %s\n", regions);
		unweighted |= !gr->weighted;
	}
	fputs("value at risk in ", f);
	cp_print_text(f, unit);   /* from the file: escaped */
	fprintf(f, "; \"%s\": the mean over the sector nodes outside the countries whose controls are in force\n",
	        origins);
	if (unweighted)
		fputs("* plain mean: some sector nodes of the group have no output\n", f);

	if (n_groups < r->n_groups || n_nodes < r->n_sector_nodes)
		fprintf(f, "(top %d of %d groups and %d of %d sector nodes)\n", n_groups, r->n_groups, n_nodes,
		        r->n_sector_nodes);
	for (j = 0; j < n_nodes; j++) {
		int32_t sn = r->sector_nodes[i = norder[j]];
		fputc('\n', f);
		cp_print_text(f, cp_node_id(g, sn));
		fputs(" (", f);
		cp_print_text(f, cp_graph_str(g, g->sector[sn]));
		fprintf(f, ", %s): disruption %.2f%%, value at risk ", cp_node_country(g, sn), 100 * r->disruption[sn]);
		print_value(f, r->disruption[sn] * g->output[sn]);
		fputc('\n', f);
		if (!r->paths)
			continue;
		print_path(f, r, &r->paths[i]);
		if (r->shares && r->n_players)
			print_shares(f, r, i);
		if (s->n_rules) {
			fputs("    if lifted alone:", f);
			for (k = 0; k < s->n_rules; k++)
				fprintf(f, "%s %s -%.2f pts", k ? "," : "", s->rules[k].id,
				        100 * r->attribution[(size_t)k * (size_t)r->n_sector_nodes + (size_t)i]);
			fputc('\n', f);
		}
	}
done:
	cp_clocale_leave(old);
	free(gorder);
	free(norder);
}
