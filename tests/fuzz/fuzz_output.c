/* libFuzzer target: everything the tool writes must be valid whatever the
 * input.  The input is a graph file, optionally followed by a NUL byte and a
 * scenario file.  Once loaded and scored, the JSON report must parse (cJSON)
 * and hold no non-finite number, the CSV and table reports and every message
 * must be UTF-8 without control characters (bar line breaks, and tabs in
 * nothing), and small drawings rendered to memory must be well-formed XML
 * (SVG, libxml2) or DOT text that is UTF-8.  A violation aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>

#include "internal.h"
#include "load_score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, size_t len)
{
	fprintf(stderr, "fuzz_output: %s\n%.*s\n", what, (int)(len > 4000 ? 4000 : len), text ? text : "");
	abort();
}

/* 1 when s[0..len) is UTF-8 (no overlongs, no surrogates, <= U+10FFFF) with
 * no control character but those in allow (C0, DEL or C1). */
static int clean_utf8(const char *s, size_t len, const char *allow)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	while (p < e) {
		unsigned c = *p;
		size_t n, i;
		unsigned cp;
		if (c < 0x80) {
			if ((c < 0x20 || c == 0x7f) && !strchr(allow, (int)c))
				return 0;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef) n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4) n = 3, cp = c & 0x07;
		else return 0;
		if ((size_t)(e - p) <= n)
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void no_nonfinite(const cJSON *j, const char *text, size_t len)
{
	const cJSON *c;
	if (cJSON_IsNumber(j) && (j->valuedouble != j->valuedouble || j->valuedouble - j->valuedouble != 0))
		fail("non-finite number in the JSON report", text, len);
	for (c = j->child; c; c = c->next)
		no_nonfinite(c, text, len);
}

typedef struct mem { char *buf; size_t len; FILE *f; } mem;

static int mem_open(mem *m)
{
	m->buf = NULL;
	m->len = 0;
	return (m->f = open_memstream(&m->buf, &m->len)) != NULL;
}

static void mem_close(mem *m)
{
	fclose(m->f);
	m->f = NULL;
}

/* Every record of an RFC 4180 text has its field col (0-based) empty or a
 * finite number; a and b are the same column, or -1 to skip.  Quoted
 * fields are read whole, so a name holding commas or "nan" is no number. */
static void check_csv_numbers(const char *t, size_t len, int a, int b)
{
	size_t i = 0;
	int col = 0, header = 1;
	char field[64];
	size_t n = 0;
	int quoted = 0, number_col;
	while (i <= len) {
		char c = i < len ? t[i] : '\n';
		number_col = col == a || col == b;
		if (quoted) {
			if (c == '"' && i + 1 < len && t[i + 1] == '"')
				i++;
			else if (c == '"')
				quoted = 0;
			else if (n + 1 < sizeof field)
				field[n++] = c;
			i++;
			continue;
		}
		if (c == '"') {
			quoted = 1;
			if (number_col && !header)
				fail("a quoted field in a number column of the CSV report", t, len);
			i++;
			continue;
		}
		if (c == ',' || c == '\n') {
			field[n] = '\0';
			if (number_col && !header && n) {
				char *end;
				double x = strtod(field, &end);
				if (*end || x != x || x - x != 0)
					fail("a CSV number that is not a finite number", t, len);
			}
			n = 0;
			if (c == '\n') {
				col = 0;
				header = 0;
				if (i + 1 >= len)
					break;
			} else {
				col++;
			}
			i++;
			continue;
		}
		if (n + 1 < sizeof field)
			field[n++] = c;
		i++;
	}
}

static void check_reports(const cp_result *r, const cp_log *log)
{
	mem m;
	cJSON *j;
	int sectors;
	if (mem_open(&m)) {
		cp_report_json(m.f, r, log);
		mem_close(&m);
		if (!clean_utf8(m.buf, m.len, "\n"))
			fail("JSON report is not clean UTF-8", m.buf, m.len);
		if (!(j = cJSON_ParseWithLength(m.buf, m.len)))
			fail("JSON report does not parse", m.buf, m.len);
		no_nonfinite(j, m.buf, m.len);
		cJSON_Delete(j);
		free(m.buf);
	}
	for (sectors = 0; sectors < 2; sectors++) {
		if (!mem_open(&m))
			continue;
		cp_report_csv(m.f, r, sectors);
		mem_close(&m);
		/* CSV fields may hold quoted line breaks */
		if (!clean_utf8(m.buf, m.len, "\n\r"))
			fail("CSV report is not clean UTF-8", m.buf, m.len);
		check_csv_numbers(m.buf, m.len, sectors ? 3 : -1, 3);
		if (sectors)
			check_csv_numbers(m.buf, m.len, 4, 4);
		free(m.buf);
	}
	if (mem_open(&m)) {
		cp_report_table(m.f, r);
		mem_close(&m);
		if (!clean_utf8(m.buf, m.len, "\n"))
			fail("table report is not clean UTF-8", m.buf, m.len);
		free(m.buf);
	}
}

static void check_render(const cp_result *r)
{
	cp_render_opts o;
	cp_log log;
	mem m;
	int f;
	cp_render_opts_default(&o);
	o.max_nodes = 40;
	o.max_edges = 120;
	for (f = 0; f < 2; f++) {
		cp_log_init(&log);
		o.format = f ? CP_RENDER_DOT : CP_RENDER_SVG;
		if (mem_open(&m)) {
			cp_status st = cp_render(r, &o, m.f, &log);
			mem_close(&m);
			if (st == CP_OK) {
				if (!clean_utf8(m.buf, m.len, "\n\t"))
					fail(f ? "DOT is not clean UTF-8" : "SVG is not clean UTF-8", m.buf, m.len);
				if (!f) {
					xmlDocPtr d = xmlReadMemory(m.buf, (int)m.len, "render.svg", NULL,
					                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
					if (!d)
						fail("SVG is not well-formed XML", m.buf, m.len);
					xmlFreeDoc(d);
				}
			}
			free(m.buf);
		}
		cp_log_free(&log);
	}
}

static void check_log(const cp_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		if (!clean_utf8(log->d[i].text, strlen(log->d[i].text), ""))
			fail("a message is not clean UTF-8", log->d[i].text, strlen(log->d[i].text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cp_fuzz_input in;
	if (cp_fuzz_open(&in, data, size)) {
		check_reports(in.r, &in.log);
		check_render(in.r);
	}
	check_log(&in.log);
	cp_fuzz_close(&in);
	return 0;
}
