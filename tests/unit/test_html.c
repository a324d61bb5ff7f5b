/* The HTML report's library parts: SVG cut out of a document for inline
 * use, the citation tables read back from the files, and the page itself
 * for a hand-checked graph. */
#include "testutil.h"

#include <unistd.h>

#include "html.h"

static char *svg_of(const char *doc)
{
	return cp_html_svg_element(doc, strlen(doc));
}

static void svg_element_drops_the_prolog(void **state)
{
	char *s = svg_of("<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n"
	                 "<!-- <svg in a comment is not it --><svg width=\"10pt\" viewBox=\"0 0 10 5\"><g/></svg>\n");
	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "<svg width=\"10pt\" viewBox=\"0 0 10 5\"><g/></svg>\n");
	free(s);
}

static void svg_element_gains_a_view_box_from_its_size(void **state)
{
	char *s = svg_of("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" stroke-width=\"3\" "
	                 "width=\"720pt\" height=\"540.5pt\"><rect/></svg>");
	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "<svg viewBox=\"0 0 720 540.5\" xmlns=\"http://www.w3.org/2000/svg\" stroke-width=\"3\" "
	                       "width=\"720pt\" height=\"540.5pt\"><rect/></svg>");
	free(s);
	/* without a size nothing is added */
	s = svg_of("<svg><rect/></svg>");
	assert_non_null(s);
	assert_string_equal(s, "<svg><rect/></svg>");
	free(s);
}

static void svg_element_needs_an_svg(void **state)
{
	(void)state;
	assert_null(svg_of("<?xml version=\"1.0\"?><svgx/>"));
	assert_null(svg_of("not a drawing"));
	assert_null(svg_of("<svg"));
}

static const char graph_text[] =
	"{\"chokepoint\": 1, \"sources\": {\"a\": \"Source A\", \"b\": \"Source B\"},\n"
	" \"nodes\": [\n"
	"  {\"id\": \"ore@CN\", \"kind\": \"element\", \"country\": \"CN\", \"elements\": [\"Dy\"], \"source\": \"a\"},\n"
	"  {\"id\": \"mag@JP\", \"kind\": \"magnet\", \"country\": \"JP\",\n"
	"   \"inputs\": [{\"item\": \"dy\", \"value_share\": 0.1, \"source\": \"a\", \"suppliers\": {\"ore@CN\": 1}}]},\n"
	"  {\"id\": \"auto@JP\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"JP\", \"output\": 100,\n"
	"   \"inputs\": [{\"item\": \"mag\", \"value_share\": 0.5, \"suppliers\": {\"mag@JP\": 1}}]}]}\n";

static const char scenario_text[] =
	"{\"chokepoint_scenario\": 1, \"name\": \"Half of Dy\", \"source\": \"s1\", \"sources\": {\"s1\": \"Decree 1\"},\n"
	" \"controls\": [{\"id\": \"dy\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5,\n"
	"   \"source\": \"s1\", \"phases\": [{\"from\": \"2025-05-01\", \"denial\": 0.8, \"source\": \"a\"}],\n"
	"   \"start\": \"2025-04-01\"}]}\n";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static const cp_html_source *find_source(const cp_html_sources *s, int file, const char *key)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->a[i].file == file && strcmp(s->a[i].key, key) == 0)
			return &s->a[i];
	return NULL;
}

static void sources_list_each_key_with_who_cites_it(void **state)
{
	char dir[] = "/tmp/cp-html-test-XXXXXX", g[64], sc[64];
	char *paths[2];
	cp_html_sources src;
	cp_log log;
	const cp_html_source *e;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(g, sizeof g, "%s/g.json", dir);
	snprintf(sc, sizeof sc, "%s/s.json", dir);
	write_file(g, graph_text);
	write_file(sc, scenario_text);
	paths[0] = g;
	paths[1] = sc;
	cp_log_init(&log);
	assert_int_equal(cp_html_sources_read(&src, paths, 2, 1 << 20, &log), CP_OK);
	assert_int_equal(src.n_files, 2);
	assert_int_equal(src.n, 3);
	/* a: a node and a line in the graph; a phase in the scenario cites the graph's key */
	e = find_source(&src, 0, "a");
	assert_non_null(e);
	assert_string_equal(e->text, "Source A");
	assert_int_equal(e->n_cited, 3);
	assert_string_equal(e->cited_by, "ore@CN, mag@JP [dy], dy from 2025-05-01");
	e = find_source(&src, 0, "b");
	assert_non_null(e);
	assert_null(e->cited_by);
	assert_int_equal(e->n_cited, 0);
	/* s1: the file itself and the control */
	e = find_source(&src, 1, "s1");
	assert_non_null(e);
	assert_string_equal(e->text, "Decree 1");
	assert_string_equal(e->cited_by, "the file, dy");
	assert_int_equal(src.skipped[0] + src.skipped[1], 0);
	cp_html_sources_free(&src);
	/* a file over the cap is skipped, not an error */
	assert_int_equal(cp_html_sources_read(&src, paths, 2, 400, &log), CP_OK);
	assert_int_equal(src.skipped[0], 1);
	assert_int_equal(src.skipped[1], 0);
	assert_null(find_source(&src, 0, "a"));
	assert_non_null(find_source(&src, 1, "s1"));
	cp_html_sources_free(&src);
	cp_log_free(&log);
	unlink(g);
	unlink(sc);
	rmdir(dir);
}

static void sources_of_a_missing_file_fail_with_its_name(void **state)
{
	char *paths[1] = { "/nonexistent/chokepoint.json" };
	cp_html_sources src;
	cp_log log;
	(void)state;
	cp_log_init(&log);
	assert_int_equal(cp_html_sources_read(&src, paths, 1, 1 << 20, &log), CP_EIO);
	assert_true(log_has(&log, CP_ERROR, "/nonexistent/chokepoint.json"));
	assert_int_equal(src.n, 0);
	cp_log_free(&log);
}

/* The page of a chain where a half denial of the only supplier leaves the
 * sector at 50%: the number is in the tables, text from the files is
 * escaped, and nothing is fetched. */
static void page_shows_the_numbers_and_escapes_text(void **state)
{
	static const char g[] =
		"{\"chokepoint\": 1, \"name\": \"A <b>bold</b> & graph\", \"nodes\": [\n"
		"  {\"id\": \"ore@CN\", \"kind\": \"element\", \"country\": \"CN\", \"elements\": [\"Dy\"]},\n"
		"  {\"id\": \"auto@JP\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"JP\", \"output\": 100,\n"
		"   \"inputs\": [{\"item\": \"dy\", \"value_share\": 0.5, \"suppliers\": {\"ore@CN\": 1}}]}]}\n";
	static const char s[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"dy<x>\", \"origin\": \"CN\", \"denial\": 0.5}]}";
	fixture f;
	cp_result *r = NULL;
	cp_score_opts o;
	cp_html_input in;
	char *page = NULL;
	size_t len = 0;
	FILE *out;
	(void)state;
	fx_run(&f, g, s, NULL);
	assert_int_equal(f.st, CP_OK);
	cp_score_opts_default(&o);
	o.flags = CP_SCORE_EXPLAIN | CP_SCORE_SHARES;
	assert_int_equal(cp_score_with(&r, f.g, f.s, &o, &f.log), CP_OK);
	memset(&in, 0, sizeof in);
	in.r = r;
	in.warnings = &f.log;
	in.timeline_note = "no dates";
	in.diagram_note = "not drawn here";
	out = open_memstream(&page, &len);
	assert_non_null(out);
	cp_html_report(out, &in);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(page, "A &lt;b&gt;bold&lt;/b&gt; &amp; graph"));
	assert_null(strstr(page, "<b>bold</b>"));
	assert_non_null(strstr(page, "dy&lt;x&gt;"));
	assert_null(strstr(page, "dy<x>"));
	/* auto@JP: 50.00%, value at risk 50, and dy<x>'s whole share of it */
	assert_non_null(strstr(page, "data-value=\"0.5\">50.00%</td>"));
	assert_non_null(strstr(page, "data-value=\"50\">50</td>"));
	assert_non_null(strstr(page, "<td class=\"num\" data-value=\"0.5\">50.00</td>"));
	assert_non_null(strstr(page, "No timeline: no dates."));
	assert_non_null(strstr(page, "No diagram: not drawn here."));
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "https://"));
	free(page);
	cp_result_free(r);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(svg_element_drops_the_prolog),
		cmocka_unit_test(svg_element_gains_a_view_box_from_its_size),
		cmocka_unit_test(svg_element_needs_an_svg),
		cmocka_unit_test(sources_list_each_key_with_who_cites_it),
		cmocka_unit_test(sources_of_a_missing_file_fail_with_its_name),
		cmocka_unit_test(page_shows_the_numbers_and_escapes_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
