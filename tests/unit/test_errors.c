/* One error discipline: every message carries a code a program can act on
 * without reading its text, and statuses merge by one precedence rule. */
#include <math.h>

#include "testutil.h"
#include "igraph_call.h"
#include "log.h"

/* The code of the first message of severity sev whose text holds needle;
 * -1 when there is none. */
static int code_of(const cp_log *log, cp_severity sev, const char *needle)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		if (log->d[i].severity == sev && strstr(log->d[i].text, needle))
			return (int)log->d[i].code;
	return -1;
}

static cp_status load_graph(const char *text, const cp_limits *lim, cp_log *log)
{
	cp_graph *g = NULL;
	cp_status st = cp_graph_load_buffer(&g, "g.json", text, strlen(text), lim, log);
	cp_graph_free(g);
	return st;
}

static void syntax_and_limits_have_their_codes(void **state)
{
	cp_log log;
	cp_limits lim;
	cp_log_init(&log);
	assert_int_equal(load_graph("{\"chokepoint\": 1, \"nodes\": [}", NULL, &log), CP_EINVAL);
	assert_int_equal(code_of(&log, CP_ERROR, "g.json:1:"), CP_DIAG_SYNTAX);
	cp_log_free(&log);

	cp_limits_default(&lim);
	lim.max_string = 4;
	assert_int_equal(load_graph("{\"chokepoint\": 1, \"nodes\": [{\"id\": \"long@CN\", \"kind\": \"material\","
	                            " \"country\": \"CN\"}]}", &lim, &log), CP_ELIMIT);
	assert_int_equal(code_of(&log, CP_ERROR, "string longer than the limit"), CP_DIAG_LIMIT);
	cp_log_free(&log);

	cp_limits_default(&lim);
	lim.max_nodes = 1;
	assert_int_equal(load_graph("{\"chokepoint\": 1, \"nodes\": ["
	                            "{\"id\": \"a@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	                            "{\"id\": \"b@CN\", \"kind\": \"material\", \"country\": \"CN\"}]}", &lim, &log), CP_ELIMIT);
	assert_int_equal(code_of(&log, CP_ERROR, "more than 1 nodes"), CP_DIAG_LIMIT);
	cp_log_free(&log);
}

static void warnings_have_their_codes(void **state)
{
	fixture f;
	/* an unknown field (and a slow cycle, which the exact cycle solver now
	 * settles: no warning of non-convergence either) */
	fx_run(&f, "{\"chokepoint\": 1, \"colour\": \"red\", \"nodes\": ["
	       "{\"id\": \"src@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	       "{\"id\": \"a@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"x\", \"suppliers\": {\"src@CN\": 0.000001, \"b@JP\": 1}}]},"
	       "{\"id\": \"b@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"y\", \"suppliers\": {\"a@JP\": 1}}]}]}",
	       "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"all\", \"origin\": \"CN\"}]}", NULL);
	fx_ok(&f);
	assert_int_equal(code_of(&f.log, CP_WARNING, "unknown field 'colour'"), CP_DIAG_UNKNOWN_FIELD);
	assert_int_equal(code_of(&f.log, CP_WARNING, "did not converge"), -1);
	fx_free(&f);
}

/* After the change m@JP buys all its dy (output 100, value share 0.5: 50 a
 * year) from dy@MY, whose output is 10: a capacity warning, by code. */
static void capacity_warning_has_its_code(void **state)
{
	fixture f;
	cp_graph *changed = NULL;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"output\": 1000},"
	       "{\"id\": \"dy@MY\", \"kind\": \"material\", \"country\": \"MY\", \"output\": 10},"
	       "{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"output\": 100, \"inputs\": ["
	       "  {\"item\": \"dy\", \"value_share\": 0.5, \"suppliers\": {\"dy@CN\": 1}}]}]}",
	       "{\"chokepoint_scenario\": 1, \"changes\": [{\"op\": \"shift\", \"at\": \"m@JP\", \"item\": \"dy\","
	       " \"from\": \"CN\", \"to\": \"MY\", \"fraction\": 1, \"to_node\": \"dy@MY\"}]}", NULL);
	fx_ok(&f);
	assert_int_equal(cp_graph_apply_changes(&changed, f.g, f.s, &f.log), CP_OK);
	assert_int_equal(code_of(&f.log, CP_WARNING, "consumers of 'dy@MY'"), CP_DIAG_CAPACITY);
	cp_graph_free(changed);
	fx_free(&f);
}

/* Messages are built in a growing buffer: a 3000-byte file name and a
 * long JSON path come out whole, not cut at a fixed size. */
static void long_messages_are_not_cut(void **state)
{
	static char name[3001];
	const char *graph = "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a@CN\", \"kind\": \"material\","
	                    " \"country\": \"CN\", \"output\": -1}]}";
	cp_graph *g = NULL;
	cp_log log;
	char want[3100];
	memset(name, 'f', sizeof name - 1);
	cp_log_init(&log);
	assert_int_equal(cp_graph_load_buffer(&g, name, graph, strlen(graph), NULL, &log), CP_EINVAL);
	assert_true(log.n >= 1);
	snprintf(want, sizeof want, "%s: nodes[0] (a@CN).output: ", name);
	assert_int_equal(strncmp(log.d[0].text, want, strlen(want)), 0);
	assert_int_equal(log.d[0].code, CP_DIAG_INVALID);
	assert_true(strlen(log.d[0].text) > strlen(want) + 5);
	cp_log_free(&log);
}

/* The one igraph mapping: out of memory is CP_ENOMEM without a message,
 * any other failure CP_EINTERNAL with a message coded CP_DIAG_INTERNAL. */
static void igraph_errors_map_one_way(void **state)
{
	cp_log log;
	cp_log_init(&log);
	assert_int_equal(cp_igraph_status(IGRAPH_SUCCESS, "x", &log), CP_OK);
	assert_int_equal(cp_igraph_status(IGRAPH_ENOMEM, "x", &log), CP_ENOMEM);
	assert_int_equal(log.n, 0);
	assert_int_equal(cp_igraph_status(IGRAPH_EINVAL, "sorting", &log), CP_EINTERNAL);
	assert_int_equal(code_of(&log, CP_ERROR, "igraph: sorting failed: "), CP_DIAG_INTERNAL);
	cp_log_free(&log);
}

static void caller_error_handler(const char *reason, const char *file, int line, igraph_error_t err)
{
	(void)reason; (void)file; (void)line; (void)err;
}

static void caller_warning_handler(const char *reason, const char *file, int line)
{
	(void)reason; (void)file; (void)line;
}

/* A program's own igraph handlers are in place again after the library
 * has used igraph (load, prepare, dominators, free). */
static void igraph_handlers_are_given_back(void **state)
{
	fixture f;
	cp_chokepoints *c = NULL;
	igraph_error_handler_t *old_error = igraph_set_error_handler(caller_error_handler);
	igraph_warning_handler_t *old_warning = igraph_set_warning_handler(caller_warning_handler);
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"a@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	       "{\"id\": \"s@JP\", \"kind\": \"sector\", \"sector\": \"x\", \"country\": \"JP\","
	       "  \"inputs\": [{\"item\": \"a\", \"suppliers\": {\"a@CN\": 1}}]}]}", NULL);
	fx_ok(&f);
	assert_int_equal(cp_chokepoints_compute(&c, f.r, 100, &f.log), CP_OK);
	cp_chokepoints_free(c);
	fx_free(&f);
	assert_ptr_equal(igraph_set_error_handler(old_error), caller_error_handler);
	assert_ptr_equal(igraph_set_warning_handler(old_warning), caller_warning_handler);
}

/* The precedence, and that the merge is symmetric. */
static void statuses_merge_by_one_rule(void **state)
{
	static const cp_status order[] = { CP_OK, CP_EINVAL, CP_ELIMIT, CP_EIO, CP_EINTERNAL, CP_ENOMEM };
	size_t i, j, n = sizeof order / sizeof *order;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			cp_status want = order[i > j ? i : j];
			assert_int_equal(cp_status_merge(order[i], order[j]), want);
		}
}

/* Messages kept for later are appended as if added then: in order, with
 * their codes, against the receiving log's caps, and what either log only
 * counted is counted as suppressed. */
static void appended_messages_keep_order_codes_and_caps(void **state)
{
	cp_log from, to;
	cp_log_init(&from);
	cp_log_init(&to);
	from.max_warnings = 2;
	cp_log_add(&from, CP_WARNING, CP_DIAG_MISSING_DATA, "first %d", 1);
	cp_log_add(&from, CP_ERROR, CP_DIAG_INVALID, "second");
	cp_log_add(&from, CP_WARNING, CP_DIAG_NOTE, "third");
	cp_log_add(&from, CP_WARNING, CP_DIAG_NOTE, "counted only");
	assert_int_equal(from.n, 3);
	assert_int_equal(from.suppressed, 1);
	to.max_warnings = 2;
	cp_log_add(&to, CP_WARNING, CP_DIAG_NOTE, "already there");
	cp_log_append(&to, &from);
	/* "already there", "first 1" and "second" fit; "third" is over to's cap */
	assert_int_equal(to.n, 3);
	assert_string_equal(to.d[1].text, "first 1");
	assert_int_equal(to.d[1].code, CP_DIAG_MISSING_DATA);
	assert_string_equal(to.d[2].text, "second");
	assert_int_equal(to.d[2].severity, CP_ERROR);
	assert_int_equal(to.n_warnings, 4);
	assert_int_equal(to.n_errors, 1);
	assert_int_equal(to.suppressed, 2);
	cp_log_free(&from);
	cp_log_free(&to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax_and_limits_have_their_codes),
		cmocka_unit_test(warnings_have_their_codes),
		cmocka_unit_test(capacity_warning_has_its_code),
		cmocka_unit_test(statuses_merge_by_one_rule),
		cmocka_unit_test(long_messages_are_not_cut),
		cmocka_unit_test(appended_messages_keep_order_codes_and_caps),
		cmocka_unit_test(igraph_errors_map_one_way),
		cmocka_unit_test(igraph_handlers_are_given_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
