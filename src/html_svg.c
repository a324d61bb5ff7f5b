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

/* The number of a width="..." or height="..." attribute within the start
 * tag [tag, close), units ignored; 0 when absent. */
static double attr_number(const char *tag, const char *close, const char *name)
{
	size_t n = strlen(name);
	const char *p;
	for (p = tag + 4; p + n + 2 < close; p++)
		if ((p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t') && memcmp(p, name, n) == 0 && p[n] == '=' &&
		    (p[n + 1] == '"' || p[n + 1] == '\''))
			return strtod(p + n + 2, NULL);
	return 0;
}

char *cp_html_svg_element(const char *doc, size_t len)
{
	const char *p = doc, *end = doc + len, *close;
	char *out, box[96] = "";
	size_t nbox;
	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) > 4 && memcmp(p, "<svg", 4) == 0 && (p[4] == ' ' || p[4] == '\n' || p[4] == '>'))
			break;
		if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* a comment may mention anything: skip to its end */
			const char *q;
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0; q++)
				;
			p = q;
			continue;
		}
		p++;
	}
	if (!p || p >= end || !(close = memchr(p, '>', (size_t)(end - p))))
		return NULL;
	{
		int has_box = 0;
		const char *q;
		double w = attr_number(p, close, "width"), h = attr_number(p, close, "height");
		for (q = p; q + 7 < close; q++)
			has_box |= memcmp(q, "viewBox", 7) == 0;
		if (!has_box && w > 0 && h > 0)
			snprintf(box, sizeof box, " viewBox=\"0 0 %g %g\"", w, h);
	}
	nbox = strlen(box);
	if (!(out = malloc((size_t)(end - p) + nbox + 1)))
		return NULL;
	/* "<svg" + the viewBox + the rest */
	memcpy(out, p, 4);
	memcpy(out + 4, box, nbox);
	memcpy(out + 4 + nbox, p + 4, (size_t)(end - p) - 4);
	out[(size_t)(end - p) + nbox] = '\0';
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
	if (st == CP_OK && !(*svg = cp_html_svg_element(buf, len))) {
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
		} else if (!(*svg = cp_html_svg_element(doc, len))) {
			cp_error(log, "the chart has no <svg> element");
			st = CP_EINTERNAL;
		}
	}
	remove(file);
	rmdir(dir);
	free(doc);
	return st;
}
