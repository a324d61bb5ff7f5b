/* Drawings: render to DOT and read it back with cgraph to count nodes and
 * edges and check their attributes; render SVG and check it is well-formed
 * XML; escaping of hostile ids; focus, collapse and the size caps. */
#include <ctype.h>
#include <math.h>
#include <unistd.h>

#include <graphviz/cgraph.h>

#include "testutil.h"

#define HDR "{\"chokepoint\": 1, \"nodes\": ["
#define END "]}"
#define SCEN(body) "{\"chokepoint_scenario\": 1, " body "}"

/* graphs/example.json and its scenario, inlined so the test stands alone.
 * Disruptions (tests/cli golden): auto@EU 70.19%, defence@US 53.52%. */
static const char example[] =
	"{\"chokepoint\": 1, \"name\": \"Small example\", \"value_unit\": \"USD million per year\", \"nodes\": ["
	"{\"id\": \"hre-ore@MM\", \"kind\": \"element\", \"country\": \"MM\", \"elements\": [\"Dy\", \"Tb\", \"Y\"]},"
	"{\"id\": \"dy-oxide@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"], \"tech_origin\": \"CN\","
	"  \"inputs\": [{\"item\": \"hre-ore\", \"value_share\": 0.6, \"suppliers\": {\"hre-ore@MM\": 1}}]},"
	"{\"id\": \"dy-oxide@MY\", \"kind\": \"material\", \"country\": \"MY\", \"elements\": [\"Dy\"], \"output\": 50},"
	"{\"id\": \"ndpr-metal@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Nd\", \"Pr\"]},"
	"{\"id\": \"ndfeb@CN\", \"kind\": \"magnet\", \"country\": \"CN\", \"inputs\": ["
	"  {\"item\": \"ndpr-metal\", \"value_share\": 0.5, \"suppliers\": {\"ndpr-metal@CN\": 1}},"
	"  {\"item\": \"dy-oxide\", \"value_share\": 0.1, \"suppliers\": {\"dy-oxide@CN\": 1}}]},"
	"{\"id\": \"ndfeb@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	"  {\"item\": \"ndpr-metal\", \"value_share\": 0.5, \"suppliers\": {\"ndpr-metal@CN\": 1}},"
	"  {\"item\": \"dy-oxide\", \"value_share\": 0.1, \"substitutable\": 0.3, \"suppliers\": {\"dy-oxide@CN\": 0.8, \"dy-oxide@MY\": 0.2}}]},"
	"{\"id\": \"motor@DE\", \"kind\": \"component\", \"country\": \"DE\","
	"  \"inputs\": [{\"item\": \"magnet\", \"value_share\": 0.08, \"suppliers\": {\"ndfeb@CN\": 0.6, \"ndfeb@JP\": 0.4}}]},"
	"{\"id\": \"actuator@US\", \"kind\": \"component\", \"country\": \"US\", \"end_use\": \"defence\","
	"  \"inputs\": [{\"item\": \"magnet\", \"value_share\": 0.15, \"suppliers\": {\"ndfeb@JP\": 1}}]},"
	"{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 900000,"
	"  \"inputs\": [{\"item\": \"traction-motor\", \"value_share\": 0.02, \"suppliers\": {\"motor@DE\": 1}}]},"
	"{\"id\": \"defence@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\", \"output\": 150000,"
	"  \"inputs\": [{\"item\": \"actuator\", \"value_share\": 0.01, \"suppliers\": {\"actuator@US\": 1}}]}" END;

static const char example_scenario[] = SCEN(
	"\"name\": \"Example\", \"controls\": ["
	"{\"id\": \"dy-licence\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"kinds\": [\"material\", \"magnet\"],"
	" \"denial\": 0.5, \"end_use\": {\"defence\": 1.0}},"
	"{\"id\": \"dy-extraterritorial\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"kinds\": [\"magnet\", \"component\"],"
	" \"denial\": 0.3, \"extraterritorial\": {\"min_content\": 0.001, \"technology\": true}}],"
	"\"outages\": [{\"country\": \"MM\", \"kinds\": [\"element\"], \"loss\": 0.2}]");

/* Under LeakSanitizer (make san-check): Graphviz 2.42 leaks in its HTML
 * table sizing and dot's cluster code, and pango, fontconfig and cairo
 * keep caches for the process.  Leaks whose stack passes through those
 * libraries are theirs; chokepoint's own allocations (cp_malloc, called
 * from src/render.c) are still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\n"
	       "leak:libcgraph.so\n"
	       "leak:libgvplugin_\n"
	       "leak:libpango\n"
	       "leak:libfontconfig.so\n"
	       "leak:libcairo.so\n"
	       "leak:libglib-2.0.so\n"
	       "leak:libgobject-2.0.so\n"
	       "leak:libharfbuzz.so\n"
	       "leak:libfreetype.so\n";
}

/* ---- helpers ---- */

typedef struct drawing {
	char *buf;
	size_t len;
	cp_status st;
} drawing;

static drawing draw(fixture *f, const cp_render_opts *o)
{
	drawing d = { NULL, 0, CP_OK };
	FILE *m = open_memstream(&d.buf, &d.len);
	assert_non_null(m);
	d.st = cp_render(f->r, o, m, &f->log);
	assert_int_equal(fclose(m), 0);
	/* most failures here are refusals the test asks for: their messages
	 * are printed only on request, marked as expected */
	if (d.st != CP_OK && getenv("CP_TEST_VERBOSE"))
		log_dump_expected(&f->log);
	return d;
}

static cp_render_opts opts(cp_render_format format)
{
	cp_render_opts o;
	cp_render_opts_default(&o);
	o.format = format;
	return o;
}

/* The DOT text read back; fails the test when cgraph cannot parse it. */
static Agraph_t *parse_dot(const drawing *d)
{
	Agraph_t *g;
	assert_int_equal(d->st, CP_OK);
	assert_non_null(d->buf);
	g = agmemread(d->buf);
	if (!g)
		fail_msg("cgraph cannot read the DOT text:\n%s", d->buf);
	return g;
}

static const char *attr(void *obj, const char *name)
{
	char *v = agget(obj, (char *)name);
	return v ? v : "";
}

/* Graph nodes are named n0, n1, ...; stage headers and the rest are not. */
static int is_data(Agnode_t *n)
{
	const char *s = agnameof(n);
	if (s[0] != 'n' || !s[1])
		return 0;
	for (s++; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int count_nodes(Agraph_t *g)
{
	Agnode_t *n;
	int k = 0;
	for (n = agfstnode(g); n; n = agnxtnode(g, n))
		k += is_data(n);
	return k;
}

static int count_edges(Agraph_t *g)
{
	Agnode_t *n;
	Agedge_t *e;
	int k = 0;
	for (n = agfstnode(g); n; n = agnxtnode(g, n))
		for (e = agfstout(g, n); e; e = agnxtout(g, e))
			k += is_data(agtail(e)) && is_data(aghead(e));
	return k;
}

/* The drawn node whose label starts with the (escaped) text, then a line break. */
static Agnode_t *node_labelled(Agraph_t *g, const char *text)
{
	Agnode_t *n;
	size_t len = strlen(text);
	for (n = agfstnode(g); n; n = agnxtnode(g, n)) {
		const char *l = attr(n, "label");
		if (is_data(n) && strncmp(l, text, len) == 0 && strncmp(l + len, "\\n", 2) == 0)
			return n;
	}
	fail_msg("no node labelled '%s...'", text);
	return NULL;
}

static Agedge_t *edge_between(Agraph_t *g, const char *from, const char *to)
{
	Agnode_t *t = node_labelled(g, from), *h = node_labelled(g, to);
	Agedge_t *e = agedge(g, t, h, NULL, 0);
	if (!e)
		fail_msg("no edge '%s' -> '%s'", from, to);
	return e;
}

/* An edge's text, wherever the renderer put it (flat edges use xlabel). */
static const char *edge_text(Agedge_t *e)
{
	const char *l = attr(e, "label");
	return l[0] ? l : attr(e, "xlabel");
}

static int count_clusters(Agraph_t *g)
{
	Agraph_t *s;
	int k = 0;
	for (s = agfstsubg(g); s; s = agnxtsubg(s))
		k += strncmp(agnameof(s), "cluster", 7) == 0;
	return k;
}

/* ---- a strict well-formedness check for XML 1.0 ---- */

static size_t xml_char_at(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];
	size_t n, i;
	if (c < 0x80) {
		*cp = c;
		return c >= 0x20 || c == 0x9 || c == 0xA || c == 0xD;
	}
	if (c >= 0xC2 && c <= 0xDF) n = 2, *cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF) n = 3, *cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4) n = 4, *cp = c & 0x07;
	else return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF) || *cp == 0xFFFE || *cp == 0xFFFF)
		return 0;
	return n;
}

static int valid_char(unsigned long c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (unsigned char)c >= 0x80;
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* &amp; &lt; &gt; &quot; &apos; or a character reference to an XML Char. */
static const char *reference(const char *p)
{
	static const char *const names[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
	size_t i;
	unsigned long v = 0;
	p++;
	for (i = 0; i < 5; i++)
		if (strncmp(p, names[i], strlen(names[i])) == 0)
			return p + strlen(names[i]);
	if (*p++ != '#')
		return NULL;
	if (*p == 'x') {
		const char *q = ++p;
		for (; isxdigit((unsigned char)*p) && v < 0x110000; p++)
			v = v * 16 + (unsigned long)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
		if (p == q)
			return NULL;
	} else {
		const char *q = p;
		for (; isdigit((unsigned char)*p) && v < 0x110000; p++)
			v = v * 10 + (unsigned long)(*p - '0');
		if (p == q)
			return NULL;
	}
	return *p == ';' && valid_char(v) ? p + 1 : NULL;
}

/* Comment, processing instruction or doctype at p ('<' already seen);
 * returns past it, or NULL. */
static const char *misc(const char *p)
{
	if (strncmp(p, "<!--", 4) == 0) {
		const char *e = strstr(p + 4, "--");
		return e && e[2] == '>' ? e + 3 : NULL;
	}
	if (strncmp(p, "<?", 2) == 0) {
		const char *e = strstr(p + 2, "?>");
		return e ? e + 2 : NULL;
	}
	if (strncmp(p, "<!DOCTYPE", 9) == 0) {
		char q = 0;
		for (p += 9; *p; p++) {
			if (q) {
				if (*p == q)
					q = 0;
			} else if (*p == '"' || *p == '\'') {
				q = *p;
			} else if (*p == '[') {
				return NULL;   /* no internal subsets in our SVG */
			} else if (*p == '>') {
				return p + 1;
			}
		}
	}
	return NULL;
}

/* NULL when doc is well-formed XML, else what is wrong. */
static const char *xml_error(const char *doc)
{
	const unsigned char *u;
	const char *p, *stack[256];
	size_t depth = 0, n;
	unsigned cp;
	int root_done = 0;

	for (u = (const unsigned char *)doc; *u; u += n)
		if ((n = xml_char_at(u, &cp)) == 0)
			return "a byte that is not an XML character (or not UTF-8)";
	p = doc;
	for (;;) {
		p = skip_ws(p);
		if (!*p)
			break;
		if (*p != '<')
			return "text outside the root element";
		if (p[1] == '!' || p[1] == '?') {
			if (!(p = misc(p)))
				return "bad comment, processing instruction or doctype";
			continue;
		}
		if (root_done)
			return "a second root element";
		/* the root element and everything in it */
		for (;;) {
			if (*p == '<' && (p[1] == '!' || p[1] == '?')) {
				if (strncmp(p, "<![CDATA[", 9) == 0) {
					const char *e = strstr(p + 9, "]]>");
					if (!e)
						return "unterminated CDATA";
					p = e + 3;
				} else if (!(p = misc(p))) {
					return "bad comment or processing instruction";
				}
			} else if (*p == '<' && p[1] == '/') {
				const char *name = p + 2, *q = name;
				size_t len;
				while (name_char(*q))
					q++;
				len = (size_t)(q - name);
				if (!depth || strncmp(stack[depth - 1], name, len) != 0 || name_char(stack[depth - 1][len]))
					return "an end tag that does not match its start tag";
				q = skip_ws(q);
				if (*q != '>')
					return "bad end tag";
				p = q + 1;
				depth--;
			} else if (*p == '<') {
				const char *q = p + 1;
				if (!name_start(*q))
					return "bad element name";
				if (depth == sizeof stack / sizeof *stack)
					return "too deep";
				stack[depth++] = q;
				while (name_char(*q))
					q++;
				for (;;) {
					const char *ws = q;
					q = skip_ws(q);
					if (*q == '>' || (q[0] == '/' && q[1] == '>'))
						break;
					if (q == ws || !name_start(*q))
						return "bad attribute";
					while (name_char(*q))
						q++;
					q = skip_ws(q);
					if (*q++ != '=')
						return "attribute without '='";
					q = skip_ws(q);
					if (*q == '"' || *q == '\'') {
						char quote = *q++;
						while (*q && *q != quote) {
							if (*q == '<')
								return "'<' in an attribute value";
							if (*q == '&') {
								if (!(q = reference(q)))
									return "bad reference in an attribute value";
							} else {
								q++;
							}
						}
						if (!*q++)
							return "unterminated attribute value";
					} else {
						return "unquoted attribute value";
					}
				}
				if (*q == '/') {
					depth--;
					q++;
				}
				p = q + 1;
			} else if (*p == '&') {
				if (!(p = reference(p)))
					return "bad reference in text";
			} else if (!*p) {
				return "unclosed element";
			} else {
				if (p[0] == ']' && p[1] == ']' && p[2] == '>')
					return "']]>' in text";
				p++;
			}
			if (depth == 0)
				break;
		}
		root_done = 1;
	}
	return root_done ? NULL : "no root element";
}

static void assert_well_formed(const char *doc)
{
	const char *err = xml_error(doc);
	if (err)
		fail_msg("SVG is not well-formed XML: %s", err);
}

/* ---- tests ---- */

/* The checker must catch what a broken escaper would produce, or the SVG
 * tests below prove nothing. */
static void xml_checker_rejects_broken_documents(void **state)
{
	assert_null(xml_error("<?xml version=\"1.0\"?>\n<!-- ok -->\n<svg a=\"1\"><g><text>a &amp; b &#45;&#x3c;</text></g><br/></svg>\n"));
	assert_non_null(xml_error("<svg><g></svg></g>"));
	assert_non_null(xml_error("<svg>a & b</svg>"));
	assert_non_null(xml_error("<svg>&#1;</svg>"));
	assert_non_null(xml_error("<svg>\x01</svg>"));
	assert_non_null(xml_error("<svg>\xff</svg>"));
	assert_non_null(xml_error("<svg a=\"<\"></svg>"));
	assert_non_null(xml_error("<svg a=\"x\"\"></svg>"));
	assert_non_null(xml_error("<!-- a -- b --><svg/>"));
	assert_non_null(xml_error("<svg>"));
	assert_non_null(xml_error("<svg/><svg/>"));
}

static void dot_has_every_node_edge_and_stage(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 10);
	assert_int_equal(count_edges(g), 11);
	assert_string_equal(attr(g, "rankdir"), "LR");
	/* one rank=same stage per kind present, in stage order */
	assert_non_null(agsubg(g, "stage_element", 0));
	assert_non_null(agsubg(g, "stage_sector", 0));
	assert_null(agsubg(g, "stage_product", 0));
	assert_string_equal(attr(agsubg(g, "stage_magnet", 0), "rank"), "same");
	assert_non_null(agsubnode(agsubg(g, "stage_magnet", 0), node_labelled(g, "ndfeb@JP"), 0));
	assert_null(agsubnode(agsubg(g, "stage_magnet", 0), node_labelled(g, "motor@DE"), 0));
	assert_int_equal(count_clusters(g), 0);
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

/* dy-oxide@CN -> ndfeb@JP is 50% denied by dy-licence (direct); ndfeb@JP ->
 * motor@DE only by dy-extraterritorial's 0.1% clause (30%). */
static void blocked_edges_are_coloured_and_labelled(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	Agedge_t *e;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);

	e = edge_between(g, "dy-oxide@CN", "ndfeb@JP");
	assert_string_equal(attr(e, "color"), "#d7191c");
	assert_string_equal(edge_text(e), "dy-licence\\n50.0% blocked");
	assert_null(strstr(attr(e, "style"), "dashed"));

	e = edge_between(g, "ndfeb@JP", "motor@DE");
	assert_string_equal(attr(e, "color"), "#7b3294");
	assert_string_equal(attr(e, "style"), "dashed");
	assert_string_equal(edge_text(e), "dy-extraterritorial (extraterritorial)\\n30.0% blocked");

	/* ndfeb@CN -> motor@DE: both rules match directly (CN-made), 50% governs */
	e = edge_between(g, "ndfeb@CN", "motor@DE");
	assert_string_equal(attr(e, "color"), "#d7191c");
	assert_string_equal(edge_text(e), "dy-licence,\\ndy-extraterritorial\\n50.0% blocked");
	assert_null(strstr(attr(e, "style"), "dashed"));

	/* nothing matches: grey, no text, width by share (1 -> 4.00, 0.2 -> 1.20) */
	e = edge_between(g, "ndpr-metal@CN", "ndfeb@JP");
	assert_string_equal(attr(e, "color"), "#8c8c8c");
	assert_string_equal(edge_text(e), "");
	assert_string_equal(attr(e, "penwidth"), "4.00");
	assert_string_equal(attr(edge_between(g, "dy-oxide@MY", "ndfeb@JP"), "penwidth"), "1.20");
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

static void nodes_show_disruption_and_value_at_risk(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	Agnode_t *n;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	n = node_labelled(g, "auto@EU");
	assert_string_equal(attr(n, "label"), "auto@EU\\n70.2% disrupted\\nat risk 631,670");
	assert_string_equal(attr(n, "peripheries"), "2");
	n = node_labelled(g, "hre-ore@MM");
	assert_string_equal(attr(n, "label"), "hre-ore@MM\\noutage 20.0%\\n20.0% disrupted");
	assert_string_equal(attr(n, "color"), "#d7191c");
	/* white at 0, 20% of the way to yellow at 0.2 */
	assert_string_equal(attr(node_labelled(g, "dy-oxide@MY"), "fillcolor"), "#ffffff");
	assert_string_equal(attr(n, "fillcolor"), "#fff2bd");
	/* the legend is the graph label: colour scale and the three line styles */
	assert_true(aghtmlstr(agget(g, "label")));
	assert_non_null(strstr(attr(g, "label"), "BGCOLOR=\"#de2d26\""));
	assert_non_null(strstr(attr(g, "label"), "STYLE=\"dashed\""));
	assert_non_null(strstr(attr(g, "label"), "USD million per year"));
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

/* Denial 0.5 gives d = 0.5 (yellow); an outage of 1 gives d = 1 (red). */
static void fill_runs_white_yellow_red(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	fx_run(&f, HDR
	       "{\"id\": \"a@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"o@US\", \"kind\": \"material\", \"country\": \"US\"},"
	       "{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"a\", \"suppliers\": {\"a@CN\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.5}],"
	            "\"outages\": [{\"node\": \"o@US\", \"loss\": 1}]"), NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_string_equal(attr(node_labelled(g, "a@CN"), "fillcolor"), "#ffffff");
	assert_string_equal(attr(node_labelled(g, "m@JP"), "fillcolor"), "#ffde59");
	assert_string_equal(attr(node_labelled(g, "o@US"), "fillcolor"), "#de2d26");
	assert_string_equal(attr(node_labelled(g, "o@US"), "label"), "o@US\\noutage 100%\\n100% disrupted");
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

static void svg_is_well_formed(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_SVG);
	drawing d;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_well_formed(d.buf);
	assert_non_null(strstr(d.buf, "<svg"));
	assert_non_null(strstr(d.buf, ">dy&#45;extraterritorial (extraterritorial)</text>"));
	assert_non_null(strstr(d.buf, ">70.2% disrupted</text>"));
	assert_non_null(strstr(d.buf, "stroke-dasharray"));
	free(d.buf);
	fx_free(&f);
}

static void png_and_pdf_are_written(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_PNG);
	drawing d;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_true(d.len > 1000);
	assert_memory_equal(d.buf, "\x89PNG\r\n\x1a\n", 8);
	free(d.buf);
	o.format = CP_RENDER_PDF;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_memory_equal(d.buf, "%PDF-", 5);
	free(d.buf);
	fx_free(&f);
}

/* Ids, names, rule ids and titles holding quotes, <, >, &, backslashes
 * (one at the very end) and newlines; "&#1;" must not become a control
 * character, "\N" must not become the node's name. */
static const char hostile[] =
	"{\"chokepoint\": 1, \"name\": \"T \\\"q\\\" <b>&amp; end\\\\\", \"value_unit\": \"USD <m> & co\", \"nodes\": ["
	"{\"id\": \"q\\\"uote@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"],"
	"  \"name\": \"line one\\nline two &#1; \\\\N\"},"
	"{\"id\": \"<tag>&amp;@JP\", \"kind\": \"magnet\", \"country\": \"JP\","
	"  \"inputs\": [{\"item\": \"x\", \"value_share\": 0.1, \"suppliers\": {\"q\\\"uote@CN\": 1}}]},"
	"{\"id\": \"back\\\\slash\\\\\", \"kind\": \"component\", \"country\": \"DE\","
	"  \"inputs\": [{\"item\": \"m\", \"value_share\": 0.1, \"suppliers\": {\"<tag>&amp;@JP\": 1}}]},"
	"{\"id\": \"s--x]]>@EU\", \"kind\": \"sector\", \"country\": \"EU\", \"output\": 100,"
	"  \"inputs\": [{\"item\": \"c\", \"value_share\": 0.1, \"suppliers\": {\"back\\\\slash\\\\\": 1}}]}" END;

static const char hostile_scenario[] = SCEN(
	"\"name\": \"S \\\\ <&>\\nnext\", \"controls\": ["
	"{\"id\": \"r\\\"<&>\\\\\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5},"
	"{\"id\": \"x &#1;\\\\\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"kinds\": [\"magnet\", \"component\"],"
	" \"denial\": 0.3, \"extraterritorial\": {\"min_content\": 0.001}}]");

static void hostile_text_is_escaped_in_dot(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	fx_run(&f, hostile, hostile_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 4);
	assert_int_equal(count_edges(g), 3);
	/* read back, labels hold exactly the escaped text: \\ for a backslash,
	 * \n for a line break, &amp; for & */
	assert_string_equal(attr(node_labelled(g, "q\"uote@CN"), "label"),
	                    "q\"uote@CN\\nline one\\nline two &amp;#1; \\\\N\\n0% disrupted");
	assert_string_equal(attr(node_labelled(g, "<tag>&amp;amp;@JP"), "label"),
	                    "<tag>&amp;amp;@JP\\n50.0% disrupted");
	assert_string_equal(attr(node_labelled(g, "back\\\\slash\\\\"), "label"),
	                    "back\\\\slash\\\\\\n65.0% disrupted");
	assert_string_equal(edge_text(edge_between(g, "q\"uote@CN", "<tag>&amp;amp;@JP")),
	                    "r\"<&amp;>\\\\\\n50.0% blocked");
	assert_string_equal(edge_text(edge_between(g, "<tag>&amp;amp;@JP", "back\\\\slash\\\\")),
	                    "x &amp;#1;\\\\ (extraterritorial)\\n30.0% blocked");
	/* the title is HTML: XML-escaped, the newline a line break */
	assert_true(aghtmlstr(agget(g, "label")));
	assert_non_null(strstr(attr(g, "label"), "T &quot;q&quot; &lt;b&gt;&amp;amp; end\\<"));
	assert_non_null(strstr(attr(g, "label"), "S \\ &lt;&amp;&gt;<BR ALIGN=\"LEFT\"/>next"));
	assert_non_null(strstr(attr(g, "label"), "USD &lt;m&gt; &amp; co"));
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

static void hostile_text_gives_well_formed_svg(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_SVG);
	drawing d;
	fx_run(&f, hostile, hostile_scenario, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_well_formed(d.buf);
	/* shown as written: the SVG text is the id, XML-escaped once */
	assert_non_null(strstr(d.buf, ">q&quot;uote@CN</text>"));
	assert_non_null(strstr(d.buf, ">&lt;tag&gt;&amp;amp;@JP</text>"));
	assert_non_null(strstr(d.buf, ">back\\slash\\</text>"));
	assert_non_null(strstr(d.buf, ">line two &amp;#1; \\N</text>"));
	assert_non_null(strstr(d.buf, ">r&quot;&lt;&amp;&gt;\\</text>"));
	free(d.buf);
	o.format = CP_RENDER_PNG;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	free(d.buf);
	fx_free(&f);
}

/* U+FFFE and U+FFFF are valid UTF-8, which the loader takes, but not XML
 * characters: they become U+FFFD, not a broken SVG. */
static void non_xml_characters_give_well_formed_svg(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_SVG);
	drawing d;
	fx_run(&f, HDR "{\"id\": \"a\xef\xbf\xbf@CN\", \"kind\": \"material\", \"country\": \"CN\","
	       " \"name\": \"x \xef\xbf\xbf \xef\xbf\xbe y\"}" END, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_well_formed(d.buf);
	assert_non_null(strstr(d.buf, ">a\xef\xbf\xbd@CN</text>"));
	assert_non_null(strstr(d.buf, ">x \xef\xbf\xbd \xef\xbf\xbd y</text>"));
	free(d.buf);
	fx_free(&f);
}

/* What feeds defence@US: actuator@US, ndfeb@JP and ndfeb@JP's suppliers
 * ndpr-metal@CN, dy-oxide@CN (and hre-ore@MM behind it), dy-oxide@MY.
 * 7 nodes, 6 edges.  With min_share 0.3 the 0.2 share of dy-oxide@MY is
 * hidden and so is dy-oxide@MY: 6 nodes, 5 edges. */
static void focus_draws_the_upstream_closure(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	o.focus = node_of(&f, "defence@US");
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 7);
	assert_int_equal(count_edges(g), 6);
	node_labelled(g, "dy-oxide@MY");
	node_labelled(g, "hre-ore@MM");
	assert_string_equal(attr(node_labelled(g, "defence@US"), "penwidth"), "3");
	assert_non_null(strstr(attr(g, "label"), "only what feeds defence@US"));
	agclose(g);
	free(d.buf);

	o.min_share = 0.3;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 6);
	assert_int_equal(count_edges(g), 5);
	agclose(g);
	free(d.buf);

	/* focus on a source: itself only */
	o.min_share = 0;
	o.focus = node_of(&f, "hre-ore@MM");
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 1);
	assert_int_equal(count_edges(g), 0);
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

/* min_share alone hides edges, not nodes: of the 11 edges, 2 have a share
 * below 0.5 (dy-oxide@MY -> ndfeb@JP 0.2, ndfeb@JP -> motor@DE 0.4). */
static void min_share_hides_thin_edges(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	o.min_share = 0.5;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 10);
	assert_int_equal(count_edges(g), 9);
	assert_non_null(strstr(attr(g, "label"), "2 edges with a share below 0.5 not drawn"));
	assert_null(agedge(g, node_labelled(g, "dy-oxide@MY"), node_labelled(g, "ndfeb@JP"), NULL, 0));
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

/* By kind and country the example has 9 groups (dy-oxide@CN and
 * ndpr-metal@CN merge) and 9 merged edges (material@CN -> magnet@CN and
 * material@CN -> magnet@JP each carry two).  By kind: 5 nodes, 4 edges. */
static void collapse_merges_nodes_and_edges(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	char want[128];
	double auto_d, def_d;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	o.collapse = CP_GROUP_COUNTRY;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 9);
	assert_int_equal(count_edges(g), 9);
	/* dy-oxide@CN 0.2, ndpr-metal@CN 0 (no outputs: plain mean 0.1) */
	assert_string_equal(attr(node_labelled(g, "material @ CN"), "label"),
	                    "material @ CN\\n2 nodes\\nmean 10.0% disrupted");
	/* a group of one keeps its id */
	assert_string_equal(edge_text(edge_between(g, "material @ CN", "ndfeb@JP")),
	                    "dy-licence\\nup to 50.0% blocked (1 of 2 flows)");
	assert_string_equal(attr(edge_between(g, "material @ CN", "ndfeb@JP"), "color"), "#d7191c");
	assert_string_equal(edge_text(edge_between(g, "material @ CN", "ndfeb@CN")), "");
	agclose(g);
	free(d.buf);

	o.collapse = CP_GROUP_KIND;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 5);
	assert_int_equal(count_edges(g), 4);
	/* output-weighted: (900000 d(auto) + 150000 d(defence)) / 1050000 */
	auto_d = disruption(&f, "auto@EU");
	def_d = disruption(&f, "defence@US");
	snprintf(want, sizeof want, "sector\\n2 nodes\\nmean %.1f%% disrupted\\nat risk 711,950",
	         100 * (900000 * auto_d + 150000 * def_d) / 1050000);
	assert_string_equal(attr(node_labelled(g, "sector"), "label"), want);
	assert_string_equal(attr(edge_between(g, "magnet", "component"), "style"), "dashed");
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

/* Edges inside one merged node are not drawn; a labelled edge between two
 * nodes of one stage (a flat edge) gets an xlabel, and laying it out must
 * not crash (dot 2.42 double-frees flat edges with labels). */
static void flat_and_inner_edges(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	Agedge_t *e;
	fx_run(&f, HDR
	       "{\"id\": \"ox@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"metal@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"ox\", \"suppliers\": {\"ox@CN\": 1}}]},"
	       "{\"id\": \"alloy@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"metal\", \"suppliers\": {\"metal@JP\": 1}}]},"
	       "{\"id\": \"s@EU\", \"kind\": \"sector\", \"country\": \"EU\", \"inputs\": ["
	       "  {\"item\": \"alloy\", \"suppliers\": {\"alloy@JP\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.4}]"), NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	e = edge_between(g, "ox@CN", "metal@JP");
	assert_string_equal(attr(e, "label"), "");
	assert_string_equal(attr(e, "xlabel"), "r\\n40.0% blocked");
	agclose(g);
	free(d.buf);

	o.format = CP_RENDER_SVG;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_well_formed(d.buf);
	free(d.buf);

	o.format = CP_RENDER_DOT;
	o.collapse = CP_GROUP_KIND;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 2);
	assert_int_equal(count_edges(g), 1);   /* material -> sector; the two inside are gone */
	agclose(g);
	free(d.buf);

	o.collapse = CP_GROUP_COUNTRY;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 3);   /* material@CN, material@JP (2), sector@EU */
	assert_int_equal(count_edges(g), 2);
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

static void cluster_boxes_nodes_by_country(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g, *c;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	o.cluster = CP_GROUP_COUNTRY;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 10);
	assert_int_equal(count_clusters(g), 7);   /* MM CN MY JP DE US EU */
	c = agsubg(g, "cluster_0", 0);
	assert_non_null(c);
	assert_string_equal(attr(c, "label"), "MM");
	assert_non_null(agsubnode(c, node_labelled(g, "hre-ore@MM"), 0));
	agclose(g);
	free(d.buf);

	o.format = CP_RENDER_SVG;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	assert_well_formed(d.buf);
	free(d.buf);

	/* merged by kind, there is no country left to cluster by */
	o.collapse = CP_GROUP_KIND;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "no country to cluster by"));
	free(d.buf);
	fx_free(&f);
}

/* A chain of n material nodes (JSON text, caller frees). */
static char *chain(int n)
{
	size_t size = (size_t)n * 160 + 64, used;
	char *s = malloc(size);
	int i;
	assert_non_null(s);
	used = (size_t)snprintf(s, size, HDR "{\"id\": \"c0@CN\", \"kind\": \"material\", \"country\": \"CN\"}");
	for (i = 1; i < n; i++)
		used += (size_t)snprintf(s + used, size - used,
		                         ",{\"id\": \"c%d@CN\", \"kind\": \"material\", \"country\": \"CN\","
		                         " \"inputs\": [{\"item\": \"c\", \"suppliers\": {\"c%d@CN\": 1}}]}", i, i - 1);
	snprintf(s + used, size - used, END);
	return s;
}

/* 2,001 nodes is over the default cap: refused before Graphviz runs, with
 * a message that points to --focus and --collapse, and nothing written. */
static void too_large_is_refused(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_SVG);
	drawing d;
	Agraph_t *g;
	char *text = chain(2001), path[] = "/tmp/cp-render-test-XXXXXX";
	int fd;
	fx_run(&f, text, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_ELIMIT);
	assert_int_equal(d.len, 0);
	assert_true(log_has(&f.log, CP_ERROR, "2001 nodes, more than 2000"));
	assert_true(log_has(&f.log, CP_ERROR, "--focus"));
	assert_true(log_has(&f.log, CP_ERROR, "--collapse"));
	free(d.buf);

	/* a file is not even created */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(cp_render_file(f.r, &o, path, &f.log), CP_ELIMIT);
	assert_int_equal(access(path, F_OK), -1);

	/* focused, it fits: c1999 and its 1,999 suppliers */
	o.format = CP_RENDER_DOT;
	o.focus = node_of(&f, "c1999@CN");
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_OK);
	free(d.buf);

	/* collapsed, one node */
	o.focus = -1;
	o.collapse = CP_GROUP_COUNTRY;
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_nodes(g), 1);
	assert_int_equal(count_edges(g), 0);
	agclose(g);
	free(d.buf);

	/* the edge cap */
	o.collapse = CP_GROUP_NONE;
	o.max_nodes = 5000;
	o.max_edges = 1999;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_ELIMIT);
	assert_true(log_has(&f.log, CP_ERROR, "2000 edges, more than 1999"));
	free(d.buf);
	free(text);
	fx_free(&f);
}

static void render_file_writes_the_drawing(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_SVG);
	char path[] = "/tmp/cp-render-test-XXXXXX", buf[64];
	FILE *in;
	int fd;
	size_t n;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(cp_render_file(f.r, &o, path, &f.log), CP_OK);
	in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(buf, 1, sizeof buf - 1, in);
	buf[n] = '\0';
	fclose(in);
	assert_non_null(strstr(buf, "<?xml"));
	unlink(path);
	assert_int_equal(cp_render_file(f.r, &o, "/nonexistent-dir/x.svg", &f.log), CP_EIO);
	assert_true(log_has(&f.log, CP_ERROR, "cannot create '/nonexistent-dir/x.svg'"));
	fx_free(&f);
}

static void formats_by_name_and_extension(void **state)
{
	cp_render_format fm;
	assert_int_equal(cp_render_format_parse("svg", &fm), 0);
	assert_int_equal(fm, CP_RENDER_SVG);
	assert_int_equal(cp_render_format_parse("PDF", &fm), 0);
	assert_int_equal(fm, CP_RENDER_PDF);
	assert_int_equal(cp_render_format_parse("gv", &fm), 0);
	assert_int_equal(fm, CP_RENDER_DOT);
	assert_int_equal(cp_render_format_parse("jpeg", &fm), -1);
	assert_int_equal(cp_render_format_of_path("docs/a.b/x.PNG", &fm), 0);
	assert_int_equal(fm, CP_RENDER_PNG);
	assert_int_equal(cp_render_format_of_path("out.dot", &fm), 0);
	assert_int_equal(fm, CP_RENDER_DOT);
	assert_int_equal(cp_render_format_of_path("a.svg/x", &fm), -1);
	assert_int_equal(cp_render_format_of_path(".svg", &fm), -1);
	assert_int_equal(cp_render_format_of_path("x", &fm), -1);
	assert_string_equal(cp_render_format_name(CP_RENDER_PDF), "pdf");
	assert_null(cp_render_format_name((cp_render_format)7));
}

static void bad_options_are_refused(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	fx_run(&f, example, example_scenario, NULL);
	fx_ok(&f);
	o.focus = 10;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_EINVAL);
	free(d.buf);
	o.focus = -1;
	o.min_share = NAN;
	d = draw(&f, &o);
	assert_int_equal(d.st, CP_EINVAL);
	free(d.buf);
	fx_free(&f);
}

/* No scenario at all: nothing blocked, nothing labelled. */
static void no_scenario_draws_a_quiet_graph(void **state)
{
	fixture f;
	cp_render_opts o = opts(CP_RENDER_DOT);
	drawing d;
	Agraph_t *g;
	Agnode_t *n;
	Agedge_t *e;
	fx_run(&f, example, NULL);
	fx_ok(&f);
	d = draw(&f, &o);
	g = parse_dot(&d);
	assert_int_equal(count_edges(g), 11);
	for (n = agfstnode(g); n; n = agnxtnode(g, n))
		for (e = agfstout(g, n); e; e = agnxtout(g, e))
			if (is_data(agtail(e)))
				assert_string_equal(edge_text(e), "");
	assert_non_null(strstr(attr(g, "label"), "scenario: none"));
	agclose(g);
	free(d.buf);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xml_checker_rejects_broken_documents),
		cmocka_unit_test(dot_has_every_node_edge_and_stage),
		cmocka_unit_test(blocked_edges_are_coloured_and_labelled),
		cmocka_unit_test(nodes_show_disruption_and_value_at_risk),
		cmocka_unit_test(fill_runs_white_yellow_red),
		cmocka_unit_test(svg_is_well_formed),
		cmocka_unit_test(png_and_pdf_are_written),
		cmocka_unit_test(hostile_text_is_escaped_in_dot),
		cmocka_unit_test(hostile_text_gives_well_formed_svg),
		cmocka_unit_test(non_xml_characters_give_well_formed_svg),
		cmocka_unit_test(focus_draws_the_upstream_closure),
		cmocka_unit_test(min_share_hides_thin_edges),
		cmocka_unit_test(collapse_merges_nodes_and_edges),
		cmocka_unit_test(flat_and_inner_edges),
		cmocka_unit_test(cluster_boxes_nodes_by_country),
		cmocka_unit_test(too_large_is_refused),
		cmocka_unit_test(render_file_writes_the_drawing),
		cmocka_unit_test(formats_by_name_and_extension),
		cmocka_unit_test(bad_options_are_refused),
		cmocka_unit_test(no_scenario_draws_a_quiet_graph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
