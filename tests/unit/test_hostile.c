/* Hostile input at the library level: escaping and cutting text, the JSON
 * number grammar, duplicate fields by hash, the field cap, shares that
 * would overflow, and reading files that are not plain files. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cp_print_text(f, s);
	fclose(f);
	return buf;
}

static void control_characters_are_escaped(void **state)
{
	char *a = escaped("a\x1b[2Jb\x07\x7f"), *b = cp_text_escape("x\xc2\x9by\xc2\xa0z");
	char *c = escaped("cut \xc3"), *d = escaped("\xed\xa0\x80");
	(void)state;
	assert_string_equal(a, "a\\x1b[2Jb\\x07\\x7f");
	/* C1 as its code point; a no-break space (U+00A0) is text */
	assert_string_equal(b, "x\\u009by\xc2\xa0z");
	/* a sequence cut short, and a surrogate, are bytes that are not UTF-8 */
	assert_string_equal(c, "cut \\xc3");
	assert_string_equal(d, "\\xed\\xa0\\x80");
	free(a);
	cp_text_free(b);
	free(c);
	free(d);
}

static void cuts_end_on_character_boundaries(void **state)
{
	(void)state;
	/* e-acute is 2 bytes: 3 bytes hold one of them, not one and a half */
	assert_int_equal(cp_utf8_cut("\xc3\xa9\xc3\xa9", 3), 2);
	assert_int_equal(cp_utf8_cut("\xc3\xa9\xc3\xa9", 4), 4);
	assert_int_equal(cp_utf8_cut("ab\xe2\x82\xac", 4), 2);
	assert_int_equal(cp_utf8_cut("ab", 200), 2);
	/* a trailing sequence already cut by snprintf is dropped */
	assert_int_equal(cp_utf8_cut("ab\xe2\x82", 200), 2);
}

static cp_status load(const char *text, const cp_limits *lim, cp_log *log, cp_graph **g)
{
	cp_log_init(log);
	return cp_graph_load_buffer(g, "g.json", text, strlen(text), lim, log);
}

static void numbers_follow_the_json_grammar(void **state)
{
	static const char *const bad[] = { "00.5", "01", "1.", "-01", "1e", "1e+", "-", "1.e5" };
	static const char *const good[] = { "0.5", "0", "-0", "1e5", "1E-5", "0e0", "10", "1.25e+2" };
	char text[256];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad + sizeof good / sizeof *good; i++) {
		int ok = i >= sizeof bad / sizeof *bad;
		const char *n = ok ? good[i - sizeof bad / sizeof *bad] : bad[i];
		cp_graph *g = NULL;
		cp_log log;
		cp_status st;
		snprintf(text, sizeof text, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", "
		         "\"country\": \"CN\", \"inventory_days\": %s}]}", n);
		st = load(text, NULL, &log, &g);
		if (ok != (st == CP_OK) || ok != (st != CP_EINVAL)) {
			fprintf(stderr, "number %s: status %d\n", n, st);
			log_dump(&log);
			fail();
		}
		cp_graph_free(g);
		cp_log_free(&log);
	}
}

/* An object with n fields f0.. and, when dup >= 0, f<dup> again at the end. */
static char *wide_node(int n, int dup)
{
	size_t m = (size_t)n * 24 + 256, k;
	char *s = malloc(m);
	int i;
	k = (size_t)snprintf(s, m, "{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"");
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, m - k, ", \"f%d\": 1", i);
	if (dup >= 0)
		k += (size_t)snprintf(s + k, m - k, ", \"f%d\": 2", dup);
	snprintf(s + k, m - k, "}]}");
	return s;
}

static void duplicate_fields_are_found_near_and_far(void **state)
{
	static const int cases[][2] = { { 5, 3 }, { 40, 2 }, { 40, 39 }, { 20000, 12345 }, { 20000, -1 } };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *text = wide_node(cases[i][0], cases[i][1]), want[64];
		cp_graph *g = NULL;
		cp_log log;
		cp_status st = load(text, NULL, &log, &g);
		if (cases[i][1] < 0) {
			assert_int_equal(st, CP_OK);
		} else {
			assert_int_equal(st, CP_EINVAL);
			snprintf(want, sizeof want, "nodes[0] (a).f%d: given twice", cases[i][1]);
			assert_true(log_has(&log, CP_ERROR, want));
		}
		cp_graph_free(g);
		cp_log_free(&log);
		free(text);
	}
}

static void fields_per_object_are_capped(void **state)
{
	char *text = wide_node(100, -1);
	cp_limits lim;
	cp_graph *g = NULL;
	cp_log log;
	(void)state;
	cp_limits_default(&lim);
	lim.max_fields = 102;   /* id, kind, country and 100 more: one too many */
	assert_int_equal(load(text, &lim, &log, &g), CP_ELIMIT);
	assert_true(log_has(&log, CP_ERROR, "more fields in one object than the limit"));
	cp_log_free(&log);
	lim.max_fields = 103;
	assert_int_equal(load(text, &lim, &log, &g), CP_OK);
	cp_graph_free(g);
	cp_log_free(&log);
	free(text);
}

static void huge_shares_normalise_to_halves(void **state)
{
	cp_graph *g = NULL;
	cp_log log;
	(void)state;
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": ["
	                      "{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"},"
	                      "{\"id\": \"b\", \"kind\": \"element\", \"country\": \"AU\"},"
	                      "{\"id\": \"m\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"x\","
	                      " \"suppliers\": {\"a\": 1e308, \"b\": 1e308}}]}]}", NULL, &log, &g), CP_OK);
	assert_true(g->shat[0] == 0.5 && g->shat[1] == 0.5);
	cp_graph_free(g);
	cp_log_free(&log);
}

static void outputs_that_overflow_are_located(void **state)
{
	cp_graph *g = NULL;
	cp_log log;
	(void)state;
	assert_int_equal(load("{\"chokepoint\": 1, \"nodes\": ["
	                      "{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\", \"output\": 1e308},"
	                      "{\"id\": \"b\", \"kind\": \"element\", \"country\": \"AU\", \"output\": 1e308}]}",
	                      NULL, &log, &g), CP_EINVAL);
	assert_true(log_has(&log, CP_ERROR, "g.json: nodes[1].output:"));
	cp_log_free(&log);
}

static void special_files_fail_at_once(void **state)
{
	char dir[] = "/tmp/cp-test-XXXXXX", fifo[64];
	char *buf = NULL;
	size_t len = 0;
	cp_log log;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	cp_log_init(&log);
	/* no writer: neither open() nor read() may wait for one */
	assert_int_equal(cp_read_file(fifo, 1000, &buf, &len, &log), CP_EIO);
	assert_true(log_has(&log, CP_ERROR, "no process writes to it"));
	assert_int_equal(cp_read_file("/dev/zero", 1000, &buf, &len, &log), CP_EIO);
	assert_int_equal(cp_read_file(dir, 1000, &buf, &len, &log), CP_EIO);
	assert_true(log_has(&log, CP_ERROR, "is a directory"));
	cp_log_free(&log);
	unlink(fifo);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(control_characters_are_escaped),
		cmocka_unit_test(cuts_end_on_character_boundaries),
		cmocka_unit_test(numbers_follow_the_json_grammar),
		cmocka_unit_test(duplicate_fields_are_found_near_and_far),
		cmocka_unit_test(fields_per_object_are_capped),
		cmocka_unit_test(huge_shares_normalise_to_halves),
		cmocka_unit_test(outputs_that_overflow_are_located),
		cmocka_unit_test(special_files_fail_at_once),
	};
	return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
