/* A copy of the graph with attributes, handed to igraph's writer.  The C
 * attribute handler is installed only while exporting (under the igraph
 * mutex, see igraph_call.h), so the rest of the library keeps its
 * attribute-free (cheaper) graphs. */
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "graph_internal.h"
#include "igraph_call.h"
#include "log.h"

#define CHECK(x) do { if ((x) != IGRAPH_SUCCESS) goto fail; } while (0)

static int rules_text(const cp_result *r, int32_t e, char *buf, size_t size, int *extra)
{
	size_t used = 0;
	int32_t k;
	buf[0] = '\0';
	*extra = 0;
	for (k = r->match_off[e]; k < r->match_off[e + 1]; k++) {
		int32_t ri = r->match[k] & ~CP_MATCH_EXTRA;
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", r->s->rules[ri].id);
		*extra |= (r->match[k] & CP_MATCH_EXTRA) != 0;
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

cp_status cp_export(const cp_result *r, cp_export_format format, FILE *f, cp_log *log)
{
	const cp_graph *g = r->g;
	const cp_scenario *s = r->s;
	const igraph_attribute_table_t *old;
	igraph_vector_int_t ev;
	igraph_t ig;
	int have_ev = 0, have_ig = 0, extra;
	cp_status st = CP_EINTERNAL;
	char rules[4096], scen[4096] = "";
	int32_t v, e, i;
	size_t used = 0;
	cp_igraph_guard gd;

	/* the attribute table is igraph's global state too */
	cp_igraph_enter(&gd);
	old = igraph_set_attribute_table(&igraph_cattribute_table);
	if (igraph_vector_int_init(&ev, 2 * (igraph_integer_t)g->n_edges) != IGRAPH_SUCCESS) {
		st = CP_ENOMEM;
		goto fail;
	}
	have_ev = 1;
	for (e = 0; e < g->n_edges; e++) {
		VECTOR(ev)[2 * e] = g->supplier[e];
		VECTOR(ev)[2 * e + 1] = g->consumer[e];
	}
	CHECK(igraph_create(&ig, &ev, g->n_nodes, IGRAPH_DIRECTED));
	have_ig = 1;
	for (i = 0; i < s->n_files; i++) {
		int n = snprintf(scen + used, sizeof scen - used, "%s%s", i ? " + " : "", s->names[i]);
		if (n > 0 && (size_t)n < sizeof scen - used)
			used += (size_t)n;
	}
	CHECK(SETGAS(&ig, "title", g->title >= 0 ? cp_graph_str(g, g->title) : ""));
	CHECK(SETGAS(&ig, "scenario", scen));
	CHECK(SETGAS(&ig, "model", r->has_at ? "the state on a date: steady state, an upper bound"
	                                      : "static: steady state, shock held indefinitely, an upper bound"));
	for (v = 0; v < g->n_nodes; v++) {
		CHECK(SETVAS(&ig, "name", v, cp_node_id(g, v)));
		CHECK(SETVAS(&ig, "label", v, cp_node_id(g, v)));
		CHECK(SETVAS(&ig, "kind", v, cp_kind_name(g->kind[v])));
		CHECK(SETVAS(&ig, "country", v, cp_node_country(g, v)));
		CHECK(SETVAS(&ig, "sector", v, g->sector[v] >= 0 ? cp_graph_str(g, g->sector[v]) : ""));
		CHECK(SETVAS(&ig, "end_use", v, r->tag[v] >= 0 ? cp_graph_str(g, r->tag[v]) : ""));
		CHECK(SETVAN(&ig, "output", v, g->output[v]));
		CHECK(SETVAN(&ig, "disruption", v, r->disruption[v]));
		CHECK(SETVAN(&ig, "value_at_risk", v, r->disruption[v] * g->output[v]));
	}
	for (e = 0; e < g->n_edges; e++) {
		if (rules_text(r, e, rules, sizeof rules, &extra) < 0) {
			cp_error(log, "export: the rules of edge %d do not fit in %zu bytes", e, sizeof rules);
			goto fail;
		}
		CHECK(SETEAS(&ig, "item", e, cp_graph_str(g, g->item[g->edge_line[e]])));
		CHECK(SETEAN(&ig, "share", e, g->shat[e]));
		CHECK(SETEAN(&ig, "blocked", e, r->blocked[e]));
		CHECK(SETEAS(&ig, "rules", e, rules));
		CHECK(SETEAN(&ig, "extraterritorial", e, extra));
	}
	if (format == CP_EXPORT_GRAPHML)
		CHECK(igraph_write_graph_graphml(&ig, f, 0));
	else
		CHECK(igraph_write_graph_gml(&ig, f, IGRAPH_WRITE_GML_DEFAULT_SW, NULL, "chokepoint " CHOKEPOINT_VERSION));
	st = CP_OK;
fail:
	if (st != CP_OK && st != CP_ENOMEM)
		cp_error(log, "export: igraph could not write the graph");
	if (have_ig)
		igraph_destroy(&ig);
	if (have_ev)
		igraph_vector_int_destroy(&ev);
	igraph_set_attribute_table(old);
	cp_igraph_leave(&gd);
	return st;
}
