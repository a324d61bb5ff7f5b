/* Fail the N-th allocation, for every N along a full load, changes, score,
 * chokepoints and report: the library must return CP_ENOMEM (or succeed when the failure
 * fell on a message it may drop), never crash or leak (run under ASan).  A run
 * that succeeds must write exactly what the run without failures writes;
 * only the messages may lack the one that was lost (log.oom set).
 * igraph's own allocations are not faulted: igraph 0.10 calls the C
 * library's malloc directly and has no allocator hooks. */
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

/* What a run wrote: the reports (without messages), and the messages. */
typedef struct output {
	char *reports;
	char *messages;
	int lost;                 /* a message was lost (log.oom) */
} output;

static void output_free(output *o)
{
	free(o->reports);
	free(o->messages);
	memset(o, 0, sizeof *o);
}

/* One full run; returns the first status that was not CP_OK, and on
 * success what it wrote. */
static cp_status full_run(output *out)
{
	cp_graph *g = NULL;
	cp_scenario *s = NULL;
	cp_result *r = NULL;
	cp_log log;
	cp_status st;
	size_t len = 0, i;
	FILE *sink;

	memset(out, 0, sizeof *out);
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
		if (st == CP_OK) {
			/* open_memstream allocates with the C library, not the hooks */
			sink = open_memstream(&out->reports, &len);
			assert_non_null(sink);
			cp_report_json(sink, r, NULL);
			cp_report_table(sink, r);
			cp_report_csv(sink, r, 0);
			cp_report_csv(sink, r, 1);
			fprintf(sink, "chokepoints: %d candidates, exact %d\n", c->n_candidates, c->exact);
			for (i = 0; i < (size_t)c->n_candidates * (size_t)r->n_sector_nodes; i++)
				fprintf(sink, "%.17g\n", cp_chokepoints_added(c, (int32_t)(i / (size_t)r->n_sector_nodes),
				                                              (int32_t)(i % (size_t)r->n_sector_nodes)));
			for (i = 0; i < (size_t)g->n_nodes; i++)
				fprintf(sink, "%d ", c->idom[i]);
			fclose(sink);
			sink = open_memstream(&out->messages, &len);
			assert_non_null(sink);
			for (i = 0; i < log.n; i++)
				fprintf(sink, "%d %d %s\n", (int)log.d[i].severity, (int)log.d[i].code, log.d[i].text);
			fclose(sink);
			out->lost = log.oom;
		}
		cp_chokepoints_free(c);
	}
	cp_result_free(r);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return st;
}

/* Every line of part is a line of whole, in order. */
static int lines_within(const char *part, const char *whole)
{
	while (*part) {
		const char *end = strchr(part, '\n');
		size_t n = end ? (size_t)(end - part) + 1 : strlen(part);
		const char *at = whole;
		while (*at && strncmp(at, part, n) != 0) {
			at = strchr(at, '\n');
			if (!at)
				return 0;
			at++;
		}
		if (!*at)
			return 0;
		whole = at + n;
		part += n;
	}
	return 1;
}

static void every_allocation_failure_is_survived(void **state)
{
	long n, total, survived = 0;
	output ref, got;
	countdown = -1;
	calls = 0;
	cp_alloc_set_hooks(&hooks);
	assert_int_equal(full_run(&ref), CP_OK);
	assert_false(ref.lost);
	assert_non_null(strstr(ref.reports, "chokepoints: "));
	total = calls;
	assert_true(total > 50);
	for (n = 0; n < total; n++) {
		cp_status st;
		countdown = n;
		st = full_run(&got);
		/* a failure inside the message log only loses a message */
		if (st != CP_OK && st != CP_ENOMEM)
			fail_msg("allocation %ld of %ld failed: status %s", n, total, cp_status_str(st));
		if (st == CP_OK) {
			survived++;
			if (strcmp(got.reports, ref.reports) != 0)
				fail_msg("allocation %ld of %ld failed and the run succeeded with different output", n, total);
			if (got.lost ? !lines_within(got.messages, ref.messages) : strcmp(got.messages, ref.messages) != 0)
				fail_msg("allocation %ld of %ld failed and the messages differ beyond the one lost", n, total);
		}
		output_free(&got);
	}
	cp_alloc_set_hooks(NULL);
	output_free(&ref);
	/* some failures fall where the run can go on (a dropped message) */
	fprintf(stderr, "alloc: %ld allocations, each failed once; %ld runs still succeeded, with the same output\n",
	        total, survived);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_failure_is_survived),
	};
	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
