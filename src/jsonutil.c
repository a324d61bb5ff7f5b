#include "jsonutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "elements.h"
#include "suggest.h"
#include "text.h"

void cp_jctx_init(cp_jctx *c, cp_log *log, const char *file)
{
	c->log = log;
	c->file = file;
	c->errors = 0;
	c->oom = 0;
	cp_strtab_init(&c->unknown);
	cp_strtab_init(&c->keys);
	c->dup_next = NULL;
	c->dup_pos = 0;
	c->dup_hashed = 0;
}

void cp_jctx_free(cp_jctx *c)
{
	cp_strtab_free(&c->unknown);
	cp_strtab_free(&c->keys);
}

static void path_into(cp_sbuf *b, const cp_jpath *p, size_t start)
{
	if (p->up)
		path_into(b, p->up, start);
	if (p->index == CP_JPATH_LABEL) {
		if (p->key)
			cp_sb_printf(b, " (%.*s)", CP_CUT(p->key));
	} else if (p->field)
		cp_sb_printf(b, "%s%s", b->n > start ? "." : "", p->field);
	else if (p->key)
		cp_sb_printf(b, "['%.*s']", CP_CUT(p->key));
	if (p->index >= 0)
		cp_sb_printf(b, "[%ld]", p->index);
}

void cp_jpath_format(const cp_jpath *p, cp_sbuf *b)
{
	if (p)
		path_into(b, p, b->n);
}

static void jmsg(cp_jctx *c, cp_severity sev, cp_diag_code code, const cp_jpath *path, const char *fmt, va_list ap)
{
	cp_sbuf text = { 0 };
	size_t before;
	if (!cp_log_has_room(c->log, sev)) {
		cp_log_add(c->log, sev, code, "%s", "");   /* counted, not kept */
		return;
	}
	cp_sb_printf(&text, "%s: ", c->file);
	before = text.n;
	cp_jpath_format(path, &text);
	if (text.n > before)
		cp_sb_puts(&text, ": ");
	cp_sb_vprintf(&text, fmt, ap);
	if (text.oom)
		c->log->oom = 1;
	else
		cp_log_add(c->log, sev, code, "%s", cp_sb_str(&text));
	cp_sb_free(&text);
}

void cp_jerr(cp_jctx *c, const cp_jpath *path, const char *fmt, ...)
{
	va_list ap;
	c->errors++;
	va_start(ap, fmt);
	jmsg(c, CP_ERROR, CP_DIAG_INVALID, path, fmt, ap);
	va_end(ap);
}

void cp_jlimit(cp_jctx *c, const cp_jpath *path, const char *fmt, ...)
{
	va_list ap;
	c->errors++;
	va_start(ap, fmt);
	jmsg(c, CP_ERROR, CP_DIAG_LIMIT, path, fmt, ap);
	va_end(ap);
}

void cp_jwarn(cp_jctx *c, const cp_jpath *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jmsg(c, CP_WARNING, CP_DIAG_NOTE, path, fmt, ap);
	va_end(ap);
}

static void jwarn_code(cp_jctx *c, cp_diag_code code, const cp_jpath *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jmsg(c, CP_WARNING, code, path, fmt, ap);
	va_end(ap);
}

void cp_junknown(cp_jctx *c, const cp_jpath *path, const char *field)
{
	cp_junknown_near(c, path, field, NULL);
}

void cp_junknown_near(cp_jctx *c, const cp_jpath *path, const char *field, const char *const *known)
{
	char hint[160] = "";
	size_t before = c->unknown.n;
	size_t len = strlen(field);
	if (cp_strtab_intern(&c->unknown, field, len) < 0) {
		c->oom = 1;
		return;
	}
	if (c->unknown.n != before)
		jwarn_code(c, CP_DIAG_UNKNOWN_FIELD, path, "unknown field '%.*s'%s ignored (reported once)", CP_CUT(field),
		           known ? cp_suggest_list(field, known, hint, sizeof hint) : "");
}

/* Members this far into an object are compared one by one; past it, by hash. */
enum { DUP_LINEAR = 16 };

static int duplicate_linear(cp_jctx *c, const cJSON *item, const cp_jpath *path)
{
	const cJSON *e;
	/* cJSON links the first member's prev to the last member */
	for (e = item->prev; e && e->next; e = e->prev) {
		if (e->string && strcmp(e->string, item->string) == 0) {
			cp_jerr(c, path, "given twice");
			return 1;
		}
	}
	return 0;
}

int cp_jduplicate(cp_jctx *c, const cJSON *item, const cp_jpath *path)
{
	const cJSON *e;
	size_t before;
	if (!item->string)
		return 0;
	if (!item->prev || !item->prev->next) {   /* the object's first member */
		c->dup_next = item->next;
		c->dup_pos = 1;
		c->dup_hashed = 0;
		return 0;
	}
	if (item != c->dup_next) {
		/* a walk taken up again after a nested object's (or out of order):
		 * its state is rebuilt once, from the members before this one */
		size_t pos = 1;
		for (e = item->prev; e && e->next; e = e->prev)
			pos++;
		c->dup_pos = pos;
		c->dup_hashed = 0;
		c->dup_next = item->next;
		if (pos <= DUP_LINEAR)
			return duplicate_linear(c, item, path);
	} else {
		c->dup_next = item->next;
		if (++c->dup_pos <= DUP_LINEAR)
			return duplicate_linear(c, item, path);
	}
	if (!c->dup_hashed) {
		cp_strtab_clear(&c->keys);
		for (e = item->prev; e && e->next; e = e->prev)
			if (e->string && cp_strtab_intern(&c->keys, e->string, strlen(e->string)) < 0)
				goto nomem;
		c->dup_hashed = 1;
	}
	before = c->keys.n;
	if (cp_strtab_intern(&c->keys, item->string, strlen(item->string)) < 0)
		goto nomem;
	if (c->keys.n == before) {
		cp_jerr(c, path, "given twice");
		return 1;
	}
	return 0;
nomem:
	c->oom = 1;
	c->dup_next = NULL;
	return 0;
}

int cp_jnumber(cp_jctx *c, const cJSON *v, const cp_jpath *path, double lo, int lo_open, double hi, double *out)
{
	double x;
	if (!cJSON_IsNumber(v)) {
		cp_jerr(c, path, "must be a number");
		return -1;
	}
	x = v->valuedouble;
	if (!isfinite(x)) {
		cp_jerr(c, path, "number out of range (not finite)");
		return -1;
	}
	if (x < lo || (lo_open && x == lo) || x > hi) {
		if (isinf(hi))
			cp_jerr(c, path, "must be %s %g, got %.17g", lo_open ? ">" : ">=", lo, x);
		else
			cp_jerr(c, path, "must be in %s%g, %g], got %.17g", lo_open ? "(" : "[", lo, hi, x);
		return -1;
	}
	*out = x;
	return 0;
}

int cp_jstring(cp_jctx *c, const cJSON *v, const cp_jpath *path, size_t max_len, const char **out)
{
	const unsigned char *p;
	size_t n;
	if (!cJSON_IsString(v) || !v->valuestring) {
		cp_jerr(c, path, "must be a string");
		return -1;
	}
	n = strlen(v->valuestring);
	if (n == 0 || n > max_len) {
		cp_jerr(c, path, "must be 1 to %zu bytes long, got %zu", max_len, n);
		return -1;
	}
	for (p = (const unsigned char *)v->valuestring; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			cp_jerr(c, path, "control character (0x%02x) in '%.*s'", *p, CP_CUT(v->valuestring));
			return -1;
		}
		/* C1 controls (U+0080-U+009F) are control characters too */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			cp_jerr(c, path, "control character (U+%04X) in '%.*s'", p[1], CP_CUT(v->valuestring));
			return -1;
		}
	}
	*out = v->valuestring;
	return 0;
}

int cp_is_country(const char *s)
{
	size_t n = strlen(s), i;
	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

int cp_jcountry(cp_jctx *c, const cJSON *v, const cp_jpath *path, const char **out)
{
	if (!cJSON_IsString(v) || !v->valuestring) {
		cp_jerr(c, path, "must be a country code string");
		return -1;
	}
	if (!cp_is_country(v->valuestring)) {
		cp_jerr(c, path, "bad country code '%.*s' (2-3 upper-case letters, e.g. 'CN', 'EU')", CP_CUT(v->valuestring));
		return -1;
	}
	*out = v->valuestring;
	return 0;
}

static const char *const kind_names[CP_NKINDS] = {
	"element", "material", "magnet", "component", "product", "sector"
};

const char *cp_kind_name(int kind)
{
	return kind >= 0 && kind < CP_NKINDS ? kind_names[kind] : NULL;
}

int cp_kind_parse(const char *s)
{
	int k;
	for (k = 0; k < CP_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

int cp_jkinds(cp_jctx *c, const cJSON *v, const cp_jpath *path, unsigned *out)
{
	char hint[160];
	const cJSON *e;
	int i = 0, bad = 0;
	*out = 0;
	if (!cJSON_IsArray(v)) {
		cp_jerr(c, path, "must be an array of kinds");
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		int k = cJSON_IsString(e) ? cp_kind_parse(e->valuestring) : -1;
		if (k < 0) {
			cp_jpath sub = { path, NULL, NULL, i };
			if (cJSON_IsString(e))
				cp_jerr(c, &sub, "unknown kind '%.*s'%s (element, material, magnet, component, product, sector)",
				        CP_CUT(e->valuestring), cp_kind_hint(e->valuestring, hint, sizeof hint));
			else
				cp_jerr(c, &sub, "must be a kind name");
			bad = 1;
		} else {
			*out |= 1u << k;
		}
		i++;
	}
	return bad ? -1 : 0;
}

int cp_jelements(cp_jctx *c, const cJSON *v, const cp_jpath *path, cp_elemset *out)
{
	char hint[160];
	const cJSON *e;
	int i = 0, bad = 0;
	memset(out, 0, sizeof *out);
	if (!cJSON_IsArray(v)) {
		cp_jerr(c, path, "must be an array of element symbols");
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		int z = cJSON_IsString(e) ? cp_element_number(e->valuestring) : 0;
		if (!z) {
			cp_jpath sub = { path, NULL, NULL, i };
			if (cJSON_IsString(e))
				cp_jerr(c, &sub, "unknown element symbol '%.*s'%s", CP_CUT(e->valuestring),
				        cp_element_hint(e->valuestring, hint, sizeof hint));
			else
				cp_jerr(c, &sub, "must be an element symbol");
			bad = 1;
		} else {
			cp_elemset_add(out, z);
		}
		i++;
	}
	return bad ? -1 : 0;
}
