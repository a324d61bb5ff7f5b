/* The citation tables of the graph and scenario files, for the report: each
 * file's `sources` and where each key is cited.  The loaders check that
 * keys exist but keep no citations, so the files are read again here. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <chokepoint/chokepoint.h>
#include "alloc.h"
#include "fileio.h"
#include "html.h"
#include "log.h"
#include "render_internal.h"

#define MAX_CITED_NAMES 12    /* names listed per key before "and N more" */

static int add_entry(cp_html_sources *s, int file, const char *key, const char *text)
{
	cp_html_source *e;
	if (s->n == s->m) {
		size_t m = s->m ? 2 * s->m : 16;
		cp_html_source *grown = cp_reallocn(s->a, m, sizeof *grown);
		if (!grown)
			return -1;
		s->a = grown;
		s->m = m;
	}
	e = &s->a[s->n];
	memset(e, 0, sizeof *e);
	e->file = file;
	if (!(e->key = cp_strdup(key)) || (text && !(e->text = cp_strdup(text)))) {
		cp_free(e->key);
		return -1;
	}
	s->n++;
	return 0;
}

/* The entry for key: the citing file's own, else the first file's that has
 * it, else a new one without text. */
static cp_html_source *entry_for(cp_html_sources *s, int file, const char *key)
{
	size_t i;
	cp_html_source *any = NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->a[i].key, key) == 0) {
			if (s->a[i].file == file)
				return &s->a[i];
			if (!any)
				any = &s->a[i];
		}
	if (any)
		return any;
	if (add_entry(s, file, key, NULL) < 0)
		return NULL;
	return &s->a[s->n - 1];
}

static int cite(cp_html_sources *s, int file, const char *key, const char *who)
{
	cp_html_source *e = entry_for(s, file, key);
	cp_sbuf b = { 0 };
	if (!e)
		return -1;
	e->n_cited++;
	if (e->n_cited > MAX_CITED_NAMES)
		return 0;
	if (e->cited_by) {
		cp_sb_puts(&b, e->cited_by);
		cp_sb_puts(&b, ", ");
	}
	cp_sb_puts(&b, who);
	if (b.oom) {
		cp_free(b.a);
		return -1;
	}
	cp_free(e->cited_by);
	e->cited_by = b.a;
	return 0;
}

static const char *str_field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Who cites: the id of the object (or of its owner), with the line's item
 * or the phase's date; else its name; else where it is in the file. */
static void who_label(cp_sbuf *b, const cJSON *o, const char *owner, const char *where)
{
	const char *id = str_field(o, "id"), *item = str_field(o, "item"), *from = str_field(o, "from");
	const char *name = str_field(o, "name"), *op = str_field(o, "op");
	if (id)
		cp_sb_puts(b, id);
	else if ((item || from) && owner) {
		cp_sb_puts(b, owner);
		cp_sb_puts(b, item ? " [" : " from ");
		cp_sb_puts(b, item ? item : from);
		cp_sb_puts(b, item ? "]" : "");
	}
	else if (name)
		cp_sb_puts(b, name);
	else if (op) {
		cp_sb_puts(b, where);
		cp_sb_puts(b, " (");
		cp_sb_puts(b, op);
		cp_sb_puts(b, ")");
	}
	else
		cp_sb_puts(b, where);
}

static int walk(cp_html_sources *s, int file, const cJSON *v, const char *owner, const char *where, int top)
{
	const cJSON *c;
	cp_sbuf who = { 0 }, path = { 0 };
	int rc = 0, i = 0;

	if (cJSON_IsObject(v)) {
		const char *key = str_field(v, "source");
		who_label(&who, v, owner, where);
		if (who.oom)
			rc = -1;
		if (rc == 0 && key)
			rc = cite(s, file, key, top ? "the file" : who.a);
		for (c = v->child; c && rc == 0; c = c->next) {
			if (top && strcmp(c->string, "sources") == 0)
				continue;
			cp_sb_clear(&path);
			cp_sb_puts(&path, where);
			cp_sb_puts(&path, *where ? "." : "");
			cp_sb_puts(&path, c->string);
			rc = path.oom ? -1 : walk(s, file, c, top ? NULL : who.a, path.a, 0);
		}
	} else if (cJSON_IsArray(v)) {
		for (c = v->child; c && rc == 0; c = c->next, i++) {
			cp_sb_clear(&path);
			cp_sb_puts(&path, where);
			cp_sb_printf(&path, "[%d]", i);
			rc = path.oom ? -1 : walk(s, file, c, owner, path.a, 0);
		}
	}
	cp_free(who.a);
	cp_free(path.a);
	return rc;
}

static cp_status read_file(cp_html_sources *s, int file, const char *path, size_t max_bytes, cp_log *log)
{
	cp_file in;
	cJSON *doc, *src, *c;
	cp_status st;

	if ((st = cp_file_open(&in, path, max_bytes, log)) == CP_ELIMIT) {
		s->skipped[file] = 1;
		return CP_OK;
	}
	if (st != CP_OK)
		return st;
	doc = cJSON_ParseWithLength(in.buf, in.len);
	cp_file_close(&in);
	if (!doc) {
		/* it was valid when loaded: it changed since, or memory ran out */
		cp_warn(log, "%s: sources not read: the file no longer parses", path);
		return CP_OK;
	}
	src = cJSON_GetObjectItemCaseSensitive(doc, "sources");
	for (c = cJSON_IsObject(src) ? src->child : NULL; c; c = c->next)
		if (cJSON_IsString(c) && add_entry(s, file, c->string, c->valuestring) < 0) {
			cJSON_Delete(doc);
			return CP_ENOMEM;
		}
	st = walk(s, file, doc, NULL, "", 1) < 0 ? CP_ENOMEM : CP_OK;
	cJSON_Delete(doc);
	return st;
}

cp_status cp_html_sources_read(cp_html_sources *out, char *const *paths, int n, size_t max_bytes, cp_log *log)
{
	cp_status st = CP_OK;
	int i;
	memset(out, 0, sizeof *out);
	if (!(out->files = cp_callocn((size_t)n + 1, sizeof *out->files)) ||
	    !(out->skipped = cp_callocn((size_t)n + 1, 1))) {
		cp_free(out->files);
		memset(out, 0, sizeof *out);
		return CP_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (!(out->files[i] = cp_strdup(paths[i]))) {
			cp_html_sources_free(out);
			return CP_ENOMEM;
		}
		out->n_files++;
	}
	for (i = 0; i < n && st == CP_OK; i++)
		st = read_file(out, i, paths[i], max_bytes, log);
	if (st != CP_OK)
		cp_html_sources_free(out);
	return st;
}

void cp_html_sources_free(cp_html_sources *s)
{
	size_t i;
	int k;
	for (i = 0; i < s->n; i++) {
		cp_free(s->a[i].key);
		cp_free(s->a[i].text);
		cp_free(s->a[i].cited_by);
	}
	cp_free(s->a);
	for (k = 0; k < s->n_files; k++)
		cp_free(s->files[k]);
	cp_free(s->files);
	cp_free(s->skipped);
	memset(s, 0, sizeof *s);
}
