/* Load a graph, apply scenarios and print one sector node's disruption.
 *
 *   cc sector_disruption.c $(pkg-config --cflags --libs chokepoint)
 *   ./a.out GRAPH SECTOR-NODE [SCENARIO...]
 *
 * prints e.g. "defence@US 0.535211" (the disruption as a fraction, the
 * same number as `chokepoint score --format json` gives the node). */
#include <stdio.h>
#include <stdlib.h>

#include <chokepoint/chokepoint.h>

static void print_errors(const cp_log *log)
{
	size_t i;
	for (i = 0; i < cp_log_count(log); i++)
		if (cp_log_get(log, i)->severity == CP_ERROR)
			fprintf(stderr, "error: %s\n", cp_log_get(log, i)->text);
}

int main(int argc, char **argv)
{
	cp_graph *g = NULL;
	cp_scenario *s = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;
	int32_t v;
	int i, rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: %s GRAPH SECTOR-NODE [SCENARIO...]\n", argv[0]);
		return 2;
	}
	cp_log_init(&log);
	if ((st = cp_graph_load(&g, argv[1], NULL, &log)) != CP_OK)
		goto done;
	if (!(s = cp_scenario_new())) {
		st = CP_ENOMEM;
		goto done;
	}
	for (i = 3; i < argc; i++)
		if ((st = cp_scenario_load(s, g, argv[i], NULL, &log)) != CP_OK)
			goto done;
	if ((v = cp_graph_find(g, argv[2])) < 0) {
		fprintf(stderr, "error: no node '%s' in %s\n", argv[2], argv[1]);
		goto done;
	}
	if ((st = cp_score(&r, g, s, 0, &log)) != CP_OK)
		goto done;
	printf("%s %.6f\n", argv[2], cp_result_disruption(r, v));
	rc = 0;
done:
	if (st != CP_OK) {
		print_errors(&log);
		fprintf(stderr, "error: %s\n", cp_status_str(st));
	}
	cp_result_free(r);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return rc;
}
