/* A program that knows only the public header: it loads a graph and a
 * scenario, scores them and prints, per sector node, its id and disruption,
 * then per group its name and value at risk, through the accessors.  It
 * checks what it can on its own (versions, groups against their nodes). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

#if CHOKEPOINT_VERSION_NUMBER < 100
#error "CHOKEPOINT_VERSION_NUMBER is not defined by the header"
#endif

int main(int argc, char **argv)
{
	cp_graph *g = NULL;
	cp_scenario *s = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;
	int32_t i, k, bad = 0;
	size_t m;

	if (argc != 3) {
		fprintf(stderr, "usage: example GRAPH SCENARIO\n");
		return 2;
	}
	if (strcmp(cp_version(), CHOKEPOINT_VERSION) != 0) {
		fprintf(stderr, "library %s, header %s\n", cp_version(), CHOKEPOINT_VERSION);
		return 1;
	}
	cp_log_init(&log);
	st = cp_graph_load(&g, argv[1], NULL, &log);
	if (st == CP_OK && !(s = cp_scenario_new()))
		st = CP_ENOMEM;
	if (st == CP_OK)
		st = cp_scenario_load(s, g, argv[2], NULL, &log);
	if (st == CP_OK)
		st = cp_score(&r, g, s, 0, &log);
	for (m = 0; m < cp_log_count(&log); m++)
		fprintf(stderr, "%s (code %d): %s\n", cp_log_get(&log, m)->severity == CP_ERROR ? "error" : "warning",
		        (int)cp_log_get(&log, m)->code, cp_log_get(&log, m)->text);
	if (st != CP_OK) {
		fprintf(stderr, "example: %s\n", cp_status_str(st));
		return 1;
	}
	if (cp_result_graph(r) != g || cp_graph_find(g, "no such node") != -1)
		bad = 1;
	for (i = 0; i < cp_result_sector_count(r); i++) {
		int32_t v = cp_result_sector_node(r, i);
		if (cp_node_kind(g, v) != CP_SECTOR || !cp_node_sector(g, v) || cp_graph_find(g, cp_node_id(g, v)) != v)
			bad = 1;
		printf("node %s %s %.17g\n", cp_node_id(g, v), cp_node_country(g, v), cp_result_disruption(r, v));
	}
	for (k = 0; k < cp_result_group_count(r); k++) {
		const cp_sector_group *gr = cp_result_group(r, k);
		double var = 0;
		for (i = 0; i < gr->n_nodes; i++)
			var += cp_result_value_at_risk(r, gr->nodes[i]);
		if (gr->weighted && fabs(var - gr->value_at_risk) > 1e-9 * (1 + fabs(var)))
			bad = 1;
		printf("group %s %.17g\n", cp_result_group_name(r, k), gr->value_at_risk);
	}
	cp_result_free(r);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	if (bad)
		fprintf(stderr, "example: the accessors disagree with each other\n");
	return bad;
}
