/* Fail the N-th allocation, for every N along a full load, changes, score,
 * chokepoints and report: the library must return CP_ENOMEM (or succeed when the failure
 * fell on a message it may drop), never crash or leak (run under ASan). */
#include "testutil.h"
#include "alloc.h"

static long countdown;   /* allocations left before the failing one; <0: never fail */
static long calls;

static void *failing_malloc(size_t n)
{
	calls++;
	if (countdown >= 0 && countdown-- == 0)
		return NULL;
	return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
	calls++;
	if (countdown >= 0 && countdown-- == 0)
		return NULL;
	return realloc(p, n);
}

static const cp_alloc_hooks hooks = { failing_malloc, failing_realloc, free };

static const char graph[] =
	"{\"chokepoint\": 1, \"name\": \"g\", \"sources\": {\"s\": \"a source\"}, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"], \"source\": \"s\"},"
	"{\"id\": \"dy@MY\", \"kind\": \"material\", \"country\": \"MY\", \"elements\": [\"Dy\"], \"odd\": 1},"
	"{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"tech_origin\": \"CN\", \"inputs\": ["
	"  {\"item\": \"dy\", \"value_share\": 0.1, \"suppliers\": {\"dy@CN\": 3, \"dy@MY\": 1}},"
	"  {\"item\": \"scrap\", \"substitutable\": 0.5, \"suppliers\": {\"r@JP\": 1}}]},"
	"{\"id\": \"r@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	"  {\"item\": \"m\", \"value_share\": 0.2, \"suppliers\": {\"m@JP\": 1}}]},"
	"{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 10,"
	"  \"inputs\": [{\"item\": \"m\", \"value_share\": 0.01, \"suppliers\": {\"m@JP\": 1}}]},"
	"{\"id\": \"def@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\","
	"  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@JP\": 1}}]}]}";

static const char scenario[] =
	"{\"chokepoint_scenario\": 1, \"name\": \"s\", \"controls\": ["
	"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5, \"end_use\": {\"defence\": 1},"
	" \"buyers\": {\"auto@EU\": 0.1}, \"destinations\": [\"JP\", \"EU\"], \"exempt\": [\"US\"]},"
	"{\"id\": \"b\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.3,"
	" \"extraterritorial\": {\"min_content\": 0.001, \"technology\": true, \"listed_kinds\": [\"magnet\"]}}],"
	"\"outages\": [{\"country\": \"MY\", \"loss\": 0.5}],"
	"\"changes\": [{\"op\": \"shift\", \"at\": \"m@JP\", \"item\": \"dy\", \"from\": \"CN\", \"to\": \"MY\", \"fraction\": 0.5},"
	"{\"op\": \"add_node\", \"node\": {\"id\": \"dy@AU\", \"kind\": \"material\", \"country\": \"AU\", \"output\": 1}},"
	"{\"op\": \"add_supplier\", \"at\": {\"kind\": \"magnet\"}, \"item\": \"dy\", \"supplier\": \"dy@AU\", \"share\": 0.1},"
	"{\"op\": \"set\", \"at\": \"r@JP\", \"field\": \"end_use\", \"value\": \"recycling\"}]}";

/* One full run; returns the first status that was not CP_OK. */
static cp_status full_run(void)
{
	cp_graph *g = NULL;
	cp_scenario *s = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;
	FILE *sink = fopen("/dev/null", "w");

	cp_log_init(&log);
	st = cp_graph_load_buffer(&g, "g.json", graph, strlen(graph), NULL, &log);
	if (st == CP_OK && !(s = cp_scenario_new()))
		st = CP_ENOMEM;
	if (st == CP_OK)
		st = cp_scenario_load_buffer(s, g, "s.json", scenario, strlen(scenario), NULL, &log);
	if (st == CP_OK) {
		cp_graph *changed = NULL;
		st = cp_graph_apply_changes(&changed, g, s, &log);
		if (st == CP_OK) {
			cp_graph_free(g);
			g = changed;
		}
	}
	if (st == CP_OK)
		st = cp_score(&r, g, s, CP_SCORE_EXPLAIN, &log);
	if (st == CP_OK) {
		cp_chokepoints *c = NULL;
		st = cp_chokepoints_compute(&c, r, 100, &log);
		cp_chokepoints_free(c);
	}
	if (st == CP_OK) {
		cp_report_json(sink, r, &log);
		cp_report_table(sink, r);
		cp_report_csv(sink, r, 0);
	}
	fclose(sink);
	cp_result_free(r);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return st;
}

static void every_allocation_failure_is_survived(void **state)
{
	long n, total;
	countdown = -1;
	calls = 0;
	cp_alloc_set_hooks(&hooks);
	assert_int_equal(full_run(), CP_OK);
	total = calls;
	assert_true(total > 50);
	for (n = 0; n < total; n++) {
		cp_status st;
		countdown = n;
		st = full_run();
		/* a failure inside the message log only loses a message */
		if (st != CP_OK && st != CP_ENOMEM)
			fail_msg("allocation %ld of %ld failed: status %s", n, total, cp_status_str(st));
	}
	cp_alloc_set_hooks(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_failure_is_survived),
	};
	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
