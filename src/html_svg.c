/* Pictures for the HTML report: the Graphviz diagram rendered to memory and
 * the timeline chart read back from a temporary file, each cut down to its
 * <svg> element so it can sit inline in the page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <chokepoint/chokepoint.h>
#include "html.h"
#include "log.h"

/* The <svg ...> element of an SVG document, without the XML declaration,
 * doctype and comments before it; NULL when there is none or memory ran out. */
static char *svg_element(const char *doc, size_t len)
{
	const char *p = doc, *end = doc + len;
	char *out;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) > 4 && memcmp(p, "<svg", 4) == 0 && (p[4] == ' ' || p[4] == '\n' || p[4] == '>'))
			break;
		p++;
	}
	if (!p || p >= end)
		return NULL;
	if (!(out = malloc((size_t)(end - p) + 1)))
		return NULL;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return out;
}

cp_status cp_html_diagram(char **svg, const cp_result *r, cp_render_group collapse, cp_log *log)
{
	cp_render_opts o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	cp_status st;

	*svg = NULL;
	cp_render_opts_default(&o);
	o.format = CP_RENDER_SVG;
	o.collapse = collapse;
	if (!(f = open_memstream(&buf, &len)))
		return CP_ENOMEM;
	st = cp_render(r, &o, f, log);
	if (fclose(f) != 0 && st == CP_OK)
		st = CP_ENOMEM;
	if (st == CP_OK && !(*svg = svg_element(buf, len))) {
		cp_error(log, "the diagram has no <svg> element");
		st = CP_EINTERNAL;
	}
	free(buf);
	return st;
}

/* The whole of a small file into memory. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t m = 0, n = 0, got;
	if (!f)
		return NULL;
	for (;;) {
		if (n + 1 >= m) {
			char *grown = realloc(buf, m = m ? 2 * m : 65536);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		if ((got = fread(buf + n, 1, m - n - 1, f)) == 0)
			break;
		n += got;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

cp_status cp_html_chart(char **svg, const cp_timeline *t, cp_log *log)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], file[4096 + 16];
	char *doc = NULL;
	size_t len = 0;
	cp_status st;

	*svg = NULL;
	if (!tmp || !*tmp || strlen(tmp) > 4000)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/chokepoint-chart-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		cp_error(log, "cannot make a temporary directory for the chart in '%s': %s", tmp, strerror(errno));
		return CP_EIO;
	}
	snprintf(file, sizeof file, "%s/chart.svg", dir);
	st = cp_chart_timeline(t, NULL, file, log);
	if (st == CP_OK) {
		if (!(doc = slurp(file, &len))) {
			cp_error(log, "cannot read the chart back from '%s'", file);
			st = CP_EIO;
		} else if (!(*svg = svg_element(doc, len))) {
			cp_error(log, "the chart has no <svg> element");
			st = CP_EINTERNAL;
		}
	}
	remove(file);
	rmdir(dir);
	free(doc);
	return st;
}
