/* The HTML report: one self-contained page (no scripts, fonts or fetches)
 * with what the numbers mean, the sector tables, shares, critical paths,
 * the diagram and chart inline as SVG, the timeline, warnings and sources.
 * Private to the library and the command-line tool. */
#ifndef CP_HTML_H
#define CP_HTML_H
#include <stdio.h>

#include <chokepoint/chokepoint.h>

/* One citation key of a graph or scenario file and where it is cited. */
typedef struct cp_html_source {
	int file;                 /* index into the paths given */
	char *key;
	char *text;               /* the file's `sources` entry; NULL when no file lists the key */
	char *cited_by;           /* "dy-oxide@CN, mofcom-2025-18 ..." or NULL when not cited */
	int n_cited;
} cp_html_source;

typedef struct cp_html_sources {
	int n_files;
	char **files;             /* the paths, copied */
	unsigned char *skipped;   /* per file: 1 when it was over the size cap and not read */
	size_t n, m;
	cp_html_source *a;        /* by file, then in the file's order */
} cp_html_sources;

/* Read every file's top-level `sources` and each `source` key cited in it
 * (node, line, control, phase, outage, change), with cJSON.  The files have
 * been loaded already, so they are valid; a file over max_bytes is skipped
 * (skipped[i] set), since the whole of it is parsed into memory.  CP_ENOMEM,
 * or CP_EIO when a file has gone. */
cp_status cp_html_sources_read(cp_html_sources *out, char *const *paths, int n, size_t max_bytes, cp_log *log);
void cp_html_sources_free(cp_html_sources *s);

/* The drawing of r as an <svg> element (Graphviz, rendered to memory,
 * without its XML prolog), merged as collapse says.  *svg is the caller's
 * (free()). */
cp_status cp_html_diagram(char **svg, const cp_result *r, cp_render_group collapse, cp_log *log);
/* The timeline chart (cp_chart_timeline into a temporary file) as an <svg>
 * element.  On failure *svg is NULL and log says why. */
cp_status cp_html_chart(char **svg, const cp_timeline *t, cp_log *log);

/* The <svg ...> element of an SVG document (what follows its prolog), with
 * a viewBox from its width and height when it has none, so a page can scale
 * it; NULL when there is no <svg element or memory ran out (free()). */
char *cp_html_svg_element(const char *doc, size_t len);

typedef struct cp_html_input {
	const char *title;            /* NULL: from the scenarios' names */
	const cp_result *r;           /* scored with CP_SCORE_EXPLAIN | CP_SCORE_SHARES */
	const cp_log *warnings;       /* loading and scoring messages (warnings are listed) */
	const cp_timeline *t;         /* NULL without one */
	const char *timeline_note;    /* why there is no timeline, or NULL */
	const char *diagram_svg;      /* NULL: diagram_note says why */
	const char *diagram_note;     /* e.g. "merged by country" */
	const char *chart_svg;        /* NULL: chart_note says why */
	const char *chart_note;
	const cp_html_sources *sources;
	const cp_draws *draws;        /* static draws (MODEL.md 8), or NULL */
} cp_html_input;

/* Write the page.  The numbers are those of cp_report_json and
 * cp_timeline_json: rounded for reading, exact in data-value attributes. */
void cp_html_report(FILE *f, const cp_html_input *in);

#endif
