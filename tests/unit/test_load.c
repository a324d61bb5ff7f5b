/* The loaders: located errors, all errors reported, warnings once, caps. */
#include <math.h>

#include "resolve.h"
#include "testutil.h"

static cp_status load(const char *text, const cp_limits *lim, cp_log *log, cp_graph **g)
{
	cp_log_init(log);
	return cp_graph_load_buffer(g, "g.json", text, strlen(text), lim, log);
}

static void syntax_error_gives_line_and_column(void **state)
{
	cp_log log;
	cp_graph *g;
	/* the '@' is line 3, column 5 */
	assert_int_equal(load("{\"chokepoint\": 1,\n \"nodes\": [\n    @ ]}", NULL, &log, &g), CP_EINVAL);
	assert_null(g);
	assert_true(log_has(&log, CP_ERROR, "g.json:3:5: "));
	cp_log_free(&log);
	/* inside a node, after a multi-byte character: columns count bytes */
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [\n{\"id\": \"\xc3\x98\", \"kind\" \"x\"}]}", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "g.json:2:"));
	cp_log_free(&log);
	/* truncated */
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "unexpected end of input"));
	cp_log_free(&log);
	/* text after the document */
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"}]} x",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "g.json:1:"));
	cp_log_free(&log);
}

static void every_error_is_reported_with_its_path(void **state)
{
	cp_log log;
	cp_graph *g;
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": ["
	                      "{\"id\": \"a@CN\", \"kind\": \"ore\", \"country\": \"CN\"},"
	                      "{\"id\": \"b@CN\", \"kind\": \"material\", \"country\": \"cn\", \"output\": -1},"
	                      "{\"id\": \"a@CN\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	                      "  {\"item\": \"x\", \"value_share\": 0.7, \"suppliers\": {\"zz\": 1}},"
	                      "  {\"item\": \"x\", \"value_share\": 0.7, \"suppliers\": {\"b@CN\": 0}}]}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "nodes[0] (a@CN).kind: unknown kind 'ore'"));
	assert_true(log_has(&log, CP_ERROR, "nodes[1] (b@CN).country: bad country code 'cn'"));
	assert_true(log_has(&log, CP_ERROR, "nodes[1] (b@CN).output: must be >= 0"));
	assert_true(log_has(&log, CP_ERROR, "nodes[2] (a@CN).id: duplicate id 'a@CN' (first at nodes[0])"));
	assert_true(log_has(&log, CP_ERROR, "nodes[2] (a@CN).inputs[1].item: item 'x' appears twice"));
	assert_true(log_has(&log, CP_ERROR, "nodes[2] (a@CN).inputs[1].suppliers['b@CN']: must be > 0"));
	assert_true(log_has(&log, CP_ERROR, "nodes[2] (a@CN).inputs: value shares sum to 1.4"));
	assert_true(log_has(&log, CP_ERROR, "nodes[2].inputs[0].suppliers: unknown node 'zz'"));
	assert_int_equal(log.n_errors, 8);
	cp_log_free(&log);
}

static void error_count_is_capped(void **state)
{
	char *text = malloc(200000);
	size_t n = 0;
	int i;
	cp_log log;
	cp_graph *g;
	n += (size_t)sprintf(text + n, "{\"chokepoint\": 1, \"nodes\": [");
	for (i = 0; i < 500; i++)
		n += (size_t)sprintf(text + n, "%s{\"id\": \"n%d\", \"kind\": \"bad\", \"country\": \"CN\"}", i ? "," : "", i);
	sprintf(text + n, "]}");
	assert_int_equal(load(text, NULL, &log, &g), CP_EINVAL);
	assert_int_equal(log.n_errors, 500);
	assert_int_equal(log.n, log.max_errors);
	assert_int_equal(log.suppressed, 500 - log.max_errors);
	cp_log_free(&log);
	free(text);
}

static void unknown_fields_warn_once_per_name(void **state)
{
	cp_log log;
	cp_graph *g;
	size_t i, hits = 0;
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": ["
	                      "{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\", \"colour\": 1},"
	                      "{\"id\": \"b\", \"kind\": \"magnet\", \"country\": \"JP\", \"colour\": 2, \"inputs\": ["
	                      "  {\"item\": \"a\", \"suplliers\": {}, \"suppliers\": {\"a\": 1}}]}]}",
	                      NULL, &log, &g), CP_OK);
	for (i = 0; i < log.n; i++)
		hits += strstr(log.d[i].text, "'colour'") != NULL;
	assert_int_equal(hits, 1);
	assert_true(log_has(&log, CP_WARNING, "nodes[1] (b).inputs[0].suplliers: unknown field 'suplliers'"));
	assert_int_equal(log.n_errors, 0);
	cp_graph_free(g);
	cp_log_free(&log);
}

static void suppliers_may_come_before_their_node(void **state)
{
	cp_log log;
	cp_graph *g;
	assert_int_equal(load("{\"nodes\": ["
	                      "{\"id\": \"m\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	                      "  {\"item\": \"ox\", \"value_share\": 0.5, \"suppliers\": {\"ox@CN\": 1, \"ox@MY\": 3}}]},"
	                      "{\"id\": \"ox@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	                      "{\"id\": \"ox@MY\", \"kind\": \"material\", \"country\": \"MY\"}],"
	                      "\"chokepoint\": 1}", NULL, &log, &g), CP_OK);
	assert_int_equal(g->n_nodes, 3);
	assert_int_equal(g->n_lines, 1);
	assert_int_equal(g->n_edges, 2);
	assert_int_equal(g->supplier[0], 1);
	assert_int_equal(g->supplier[1], 2);
	assert_int_equal(g->consumer[1], 0);
	assert_near(g->shat[1], 0.75);
	assert_int_equal(cp_graph_find(g, "ox@MY"), 2);
	assert_int_equal(cp_graph_find(g, "nope"), -1);
	assert_string_equal(cp_node_country(g, 2), "MY");
	assert_int_equal(g->out_degree[1], 1);
	assert_int_equal(g->out_degree[0], 0);
	cp_graph_free(g);
	cp_log_free(&log);
}

/* Above CP_RESOLVE_THREAD_EDGES edges, suppliers are resolved on two
 * threads; the nodes come out as written, and a supplier that needs a
 * message still gets the one-by-one path's message, wherever it is. */
static void large_graphs_resolve_suppliers_on_two_threads(void **state)
{
	enum { N = 70000 };   /* 210,000 edges */
	static const struct { int at; const char *bad, *says; } cases[] = {
		{ 69990, "nowhere", "unknown node 'nowhere'" },
		{ 40000, "n40000", "node 'n40000' cannot supply itself" },
		{ 100, "n102", "supplier 'n102' is listed twice" },
	};
	cp_log log;
	cp_graph *g;
	char *t = ring_graph(N, -1, NULL);
	int32_t e;
	size_t i;
	assert_true(3 * N >= CP_RESOLVE_THREAD_EDGES);
	assert_int_equal(load(t, NULL, &log, &g), CP_OK);
	free(t);
	assert_int_equal(g->n_edges, 3 * N);
	for (e = 0; e < g->n_edges; e++)
		assert_int_equal(g->supplier[e], (g->consumer[e] + 1 + e % 3) % N);
	assert_near(g->shat[3 * 500 + 2], 0.5);
	cp_graph_free(g);
	cp_log_free(&log);
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char at[32];
		t = ring_graph(N, cases[i].at, cases[i].bad);
		assert_int_equal(load(t, NULL, &log, &g), CP_EINVAL);
		free(t);
		assert_null(g);
		snprintf(at, sizeof at, "nodes[%d]", cases[i].at);
		assert_int_equal(log.n, 1);
		assert_non_null(strstr(log.d[0].text, cases[i].says));
		assert_non_null(strstr(log.d[0].text, at));
		cp_log_free(&log);
	}
}

static void version_and_nodes_are_required(void **state)
{
	cp_log log;
	cp_graph *g;
	assert_int_equal(load("{\"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"}]}", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "missing 'chokepoint'"));
	cp_log_free(&log);
	assert_int_equal(load("{\"chokepoint\": 3, \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"}]}", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "chokepoint: unsupported format version"));
	cp_log_free(&log);
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": []}", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "nodes: must not be empty"));
	cp_log_free(&log);
	assert_int_equal(load("[1, 2]", NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "expected an object"));
	cp_log_free(&log);
}

static void strings_c_cannot_hold_are_rejected(void **state)
{
	cp_log log;
	cp_graph *g;
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\\u0000b\", \"kind\": \"element\", \"country\": \"CN\"}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "escaped NUL"));
	cp_log_free(&log);
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\xff\", \"kind\": \"element\", \"country\": \"CN\"}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "invalid UTF-8"));
	cp_log_free(&log);
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\\u0007\", \"kind\": \"element\", \"country\": \"CN\"}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "nodes[0].id: control character"));
	cp_log_free(&log);
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\", \"output\": 1e999}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "nodes[0] (a).output: number out of range"));
	cp_log_free(&log);
}

static void caps_stop_hostile_input(void **state)
{
	cp_limits lim;
	cp_log log;
	cp_graph *g;
	const char *two = "{\"chokepoint\": 1, \"nodes\": ["
	                  "{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\", \"name\": \"0123456789\"},"
	                  "{\"id\": \"b\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	                  "  {\"item\": \"x\", \"suppliers\": {\"a\": 1}}, {\"item\": \"y\", \"suppliers\": {\"a\": 1, \"c\": 1}}]},"
	                  "{\"id\": \"c\", \"kind\": \"element\", \"country\": \"CN\"}]}";
	char deep[400];
	int i;

	cp_limits_default(&lim);
	assert_int_equal(load(two, &lim, &log, &g), CP_OK);
	cp_graph_free(g);
	cp_log_free(&log);

	lim.max_nodes = 2;
	assert_int_equal(load(two, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "more than 2 nodes"));
	cp_log_free(&log);
	cp_limits_default(&lim);
	lim.max_lines = 1;
	assert_int_equal(load(two, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "nodes[1] (b).inputs: more than 1 lines"));
	cp_log_free(&log);
	cp_limits_default(&lim);
	lim.max_suppliers = 1;
	assert_int_equal(load(two, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "nodes[1] (b).inputs[1].suppliers: more than 1 suppliers"));
	cp_log_free(&log);
	cp_limits_default(&lim);
	lim.max_string = 9;
	assert_int_equal(load(two, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "string longer than the limit"));
	cp_log_free(&log);
	cp_limits_default(&lim);
	lim.max_file_bytes = 100;
	assert_int_equal(load(two, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "more than the limit of 100"));
	cp_log_free(&log);

	cp_limits_default(&lim);
	strcpy(deep, "{\"chokepoint\": 1, \"note\": ");
	for (i = 0; i < 100; i++)
		strcat(deep, "[");
	for (i = 0; i < 100; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	assert_int_equal(load(deep, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "nesting deeper than the limit"));
	cp_log_free(&log);
}

static void id_length_is_bounded(void **state)
{
	char text[1024], id[300];
	cp_log log;
	cp_graph *g;
	memset(id, 'x', 256);
	id[256] = '\0';
	snprintf(text, sizeof text, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"%s\", \"kind\": \"element\", \"country\": \"CN\"}]}", id);
	assert_int_equal(load(text, NULL, &log, &g), CP_OK);
	cp_graph_free(g);
	cp_log_free(&log);
	strcat(id, "x");
	snprintf(text, sizeof text, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"%s\", \"kind\": \"element\", \"country\": \"CN\"}]}", id);
	assert_int_equal(load(text, NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "nodes[0].id: must be 1 to 256 bytes long, got 257"));
	cp_log_free(&log);
}

static void scenario_errors_are_located(void **state)
{
	fixture f;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a@CN\", \"kind\": \"element\", \"country\": \"CN\"}]}",
	       "{\"chokepoint_scenario\": 1, \"controls\": ["
	       "{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 1.5, \"kinds\": [\"planet\"], \"buyers\": {\"zz\": 1}},"
	       "{\"id\": \"r\", \"origin\": \"China\", \"start\": \"April\"}],"
	       "\"outages\": [{\"loss\": 0.5}, {\"node\": \"a@CN\", \"country\": \"CN\", \"loss\": 2}]}", NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "s.json: controls[0].denial: must be in [0, 1], got 1.5"));
	assert_true(log_has(&f.log, CP_ERROR, "controls[0].kinds[0]: unknown kind 'planet'"));
	assert_true(log_has(&f.log, CP_ERROR, "controls[0].buyers: unknown node 'zz'"));
	assert_true(log_has(&f.log, CP_ERROR, "controls[1].id: duplicate control id 'r'"));
	assert_true(log_has(&f.log, CP_ERROR, "controls[1].origin: bad country code 'China'"));
	assert_true(log_has(&f.log, CP_ERROR, "controls[1].start: must be an ISO date"));
	assert_true(log_has(&f.log, CP_ERROR, "outages[0]: must select nodes"));
	assert_true(log_has(&f.log, CP_ERROR, "outages[1]: select by 'node' alone"));
	assert_true(log_has(&f.log, CP_ERROR, "outages[1].loss: must be in [0, 1]"));
	fx_free(&f);
}

static void a_field_given_twice_is_an_error(void **state)
{
	fixture f;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a@CN\", \"kind\": \"element\", \"country\": \"CN\", \"output\": 1, \"output\": 2}]}", NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "nodes[0] (a@CN).output: given twice"));
	fx_free(&f);
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a@CN\", \"kind\": \"element\", \"country\": \"CN\"}]}",
	       "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\","
	       " \"end_use\": {\"defence\": 1}, \"end_use\": {\"defence\": 0}}]}", NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "controls[0].end_use: given twice"));
	fx_free(&f);
}

static void missing_value_share_is_flagged_for_content_rules(void **state)
{
	fixture f;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]}]}",
	       "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r61\", \"origin\": \"CN\", \"elements\": [\"Dy\"],"
	       " \"extraterritorial\": {\"min_content\": 0.001}}]}", NULL);
	fx_ok(&f);
	assert_true(log_has(&f.log, CP_WARNING, "nodes[1].inputs[0]: no value_share, so rule 'r61'"));
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax_error_gives_line_and_column),
		cmocka_unit_test(every_error_is_reported_with_its_path),
		cmocka_unit_test(error_count_is_capped),
		cmocka_unit_test(unknown_fields_warn_once_per_name),
		cmocka_unit_test(suppliers_may_come_before_their_node),
		cmocka_unit_test(large_graphs_resolve_suppliers_on_two_threads),
		cmocka_unit_test(version_and_nodes_are_required),
		cmocka_unit_test(strings_c_cannot_hold_are_rejected),
		cmocka_unit_test(caps_stop_hostile_input),
		cmocka_unit_test(id_length_is_bounded),
		cmocka_unit_test(scenario_errors_are_located),
		cmocka_unit_test(a_field_given_twice_is_an_error),
		cmocka_unit_test(missing_value_share_is_flagged_for_content_rules),
	};
	return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
