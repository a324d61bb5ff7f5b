#include "jsonscan.h"

#include <string.h>

#include "alloc.h"

void cp_jscan_init(cp_jscan *s, const char *buf, size_t len, int max_depth, size_t max_string,
                   size_t max_fields)
{
	s->max_fields = max_fields;
	memset(s->members, 0, sizeof s->members);
	s->buf = buf;
	s->len = len;
	s->pos = 0;
	s->max_depth = max_depth;
	s->depth = 0;
	s->max_string = max_string;
	s->err = NULL;
	s->err_at = 0;
	s->err_code = CP_DIAG_SYNTAX;
	s->oom = 0;
	s->gone = s->gone_lines = s->gone_last = 0;
	s->gone_seen = 0;
	/* A UTF-8 byte order mark is not JSON, but editors write it. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		s->pos = 3;
}

static int fail_code(cp_jscan *s, cp_diag_code code, const char *what, size_t at)
{
	s->err = what;
	s->err_at = at;
	s->err_code = code;
	return -1;
}

static int fail(cp_jscan *s, const char *what, size_t at)
{
	return fail_code(s, CP_DIAG_SYNTAX, what, at);
}

static void skip_ws(cp_jscan *s)
{
	while (s->pos < s->len) {
		char c = s->buf[s->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		s->pos++;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 when invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t k, i;
	unsigned cp;
	if (c < 0x80) return 1;
	if (c >= 0xC2 && c <= 0xDF) k = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF) k = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4) k = 4, cp = c & 0x07;
	else return 0;
	if (n < k) return 0;
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80) return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

/* Bytes a string scan must stop at: the quote, a backslash, control
 * characters and the start of multi-byte UTF-8.  Everything else is copied
 * through, so the common case is one table look-up a byte. */
static const unsigned char stop_byte[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* At an opening quote: move past the closing one. */
static int skip_string(cp_jscan *s)
{
	size_t start = s->pos++;
	size_t saved = 0;   /* bytes the escapes take beyond what they stand for */
	const unsigned char *b = (const unsigned char *)s->buf;
	while (s->pos < s->len) {
		unsigned char c = b[s->pos];
		if (!stop_byte[c]) {
			s->pos++;
			continue;
		}
		if (c == '"') {
			if (s->pos - start - 1 - saved > s->max_string)
				return fail_code(s, CP_DIAG_LIMIT, "string longer than the limit", start);
			s->pos++;
			return 0;
		}
		if (c < 0x20)
			return fail(s, "control character in string", s->pos);
		if (c == '\\') {
			if (s->pos + 1 >= s->len)
				break;
			if (s->buf[s->pos + 1] == 'u') {
				int i, v = 0;
				if (s->pos + 6 > s->len)
					break;
				for (i = 2; i < 6; i++) {
					int h = hexval(s->buf[s->pos + i]);
					if (h < 0)
						return fail(s, "bad \\u escape in string", s->pos);
					v = v << 4 | h;
				}
				if (v == 0)
					return fail(s, "escaped NUL (\\u0000) in string", s->pos);
				/* a surrogate half stands for 2 of a pair's 4 bytes */
				saved += 6 - (v < 0x80 ? 1 : v < 0x800 || (v >= 0xd800 && v <= 0xdfff) ? 2 : 3);
				s->pos += 6;
			} else {
				saved += 1;
				s->pos += 2;
			}
			continue;
		}
		{
			size_t k = utf8_len(b + s->pos, s->len - s->pos);
			if (!k)
				return fail(s, "invalid UTF-8 in string", s->pos);
			s->pos += k;
		}
	}
	return fail(s, "unterminated string", start);
}

/* At '-' or a digit: move past a number of the JSON grammar,
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, which strtod (and so
 * cJSON) would read more loosely ("00.5", "1.", "1e"). */
static int skip_number(cp_jscan *s)
{
	const char *b = s->buf;
	size_t p = s->pos, n = s->len, start = s->pos;
#define DIGIT(i) ((i) < n && b[i] >= '0' && b[i] <= '9')
	if (p < n && b[p] == '-')
		p++;
	if (!DIGIT(p))
		return fail(s, "bad number", start);
	if (b[p] == '0')
		p++;
	else
		while (DIGIT(p))
			p++;
	if (p < n && b[p] == '.') {
		if (!DIGIT(p + 1))
			return fail(s, "bad number", start);
		for (p++; DIGIT(p); p++)
			;
	}
	if (p < n && (b[p] == 'e' || b[p] == 'E')) {
		p++;
		if (p < n && (b[p] == '+' || b[p] == '-'))
			p++;
		if (!DIGIT(p))
			return fail(s, "bad number", start);
		while (DIGIT(p))
			p++;
	}
	if (p < n && strchr("0123456789.eE+-", b[p]) && b[p])
		return fail(s, "bad number", start);
#undef DIGIT
	s->pos = p;
	return 0;
}

/* Move past one value, checking nesting, numbers and the fields of each
 * object; cJSON checks the rest later. */
static int skip_value(cp_jscan *s, int depth)
{
	size_t start;
	skip_ws(s);
	if (s->pos >= s->len)
		return fail(s, "unexpected end of input", s->pos);
	start = s->pos;
	switch (s->buf[s->pos]) {
	case '"':
		return skip_string(s);
	case '{':
	case '[': {
		/* members of each open object, by depth below this value */
		size_t fields[1024];
		int d = depth;
		while (s->pos < s->len) {
			char c = s->buf[s->pos];
			if (c == '"') {
				if (skip_string(s) < 0)
					return -1;
				continue;
			}
			if (c == '-' || (c >= '0' && c <= '9')) {
				if (skip_number(s) < 0)
					return -1;
				continue;
			}
			if (c == '{' || c == '[') {
				if (++d > s->max_depth)
					return fail_code(s, CP_DIAG_LIMIT, "nesting deeper than the limit", s->pos);
				if (d - depth < 1024)
					fields[d - depth] = 0;
			} else if (c == ':') {
				if (s->max_fields && d > depth && d - depth < 1024 && ++fields[d - depth] > s->max_fields)
					return fail_code(s, CP_DIAG_LIMIT, "more fields in one object than the limit (see --max-fields)", s->pos);
			} else if (c == '}' || c == ']') {
				if (--d == depth) {
					s->pos++;
					return 0;
				}
			}
			s->pos++;
		}
		return fail(s, "unexpected end of input", start);
	}
	case '}':
	case ']':
	case ',':
	case ':':
		return fail(s, "expected a value", s->pos);
	default:
		if (s->buf[s->pos] == '-' || (s->buf[s->pos] >= '0' && s->buf[s->pos] <= '9'))
			return skip_number(s);
		while (s->pos < s->len && !strchr(",]}: \t\r\n\"{[", s->buf[s->pos]))
			s->pos++;
		return 0;
	}
}

int cp_jscan_open(cp_jscan *s, char bracket)
{
	skip_ws(s);
	if (s->pos >= s->len)
		return fail(s, "unexpected end of input", s->pos);
	if (s->buf[s->pos] != bracket)
		return fail(s, bracket == '{' ? "expected an object" : "expected an array", s->pos);
	if (++s->depth > s->max_depth)
		return fail_code(s, CP_DIAG_LIMIT, "nesting deeper than the limit", s->pos);
	if (s->depth <= 8)
		s->members[s->depth - 1] = 0;
	s->pos++;
	return 0;
}

/* Before a member or element: ',' between them, the closing bracket at the end. */
static int separator(cp_jscan *s, int first, char close)
{
	skip_ws(s);
	if (s->pos >= s->len)
		return fail(s, "unexpected end of input", s->pos);
	if (s->buf[s->pos] == close) {
		s->pos++;
		s->depth--;
		return 0;
	}
	if (!first) {
		if (s->buf[s->pos] != ',')
			return fail(s, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'", s->pos);
		s->pos++;
		skip_ws(s);
	}
	return 1;
}

int cp_jscan_member(cp_jscan *s, int first, cJSON **key)
{
	size_t kbeg;
	int r = separator(s, first, '}');
	*key = NULL;
	if (r <= 0)
		return r;
	if (s->pos >= s->len || s->buf[s->pos] != '"')
		return fail(s, "expected a member name", s->pos);
	if (s->max_fields && s->depth <= 8 && ++s->members[s->depth - 1] > s->max_fields)
		return fail(s, "more fields in one object than the limit (see --max-fields)", s->pos);
	kbeg = s->pos;
	if (skip_string(s) < 0)
		return -1;
	if (!(*key = cp_jscan_parse(s, kbeg, s->pos)))
		return -1;
	skip_ws(s);
	if (s->pos >= s->len || s->buf[s->pos] != ':') {
		cJSON_Delete(*key);
		*key = NULL;
		return fail(s, "expected ':'", s->pos);
	}
	s->pos++;
	skip_ws(s);
	return 1;
}

int cp_jscan_value(cp_jscan *s, size_t *vbeg, size_t *vend)
{
	skip_ws(s);
	*vbeg = s->pos;
	if (skip_value(s, s->depth) < 0)
		return -1;
	*vend = s->pos;
	return 0;
}

int cp_jscan_element(cp_jscan *s, int first, size_t *vbeg, size_t *vend)
{
	int r = separator(s, first, ']');
	if (r <= 0)
		return r;
	if (cp_jscan_value(s, vbeg, vend) < 0)
		return -1;
	return 1;
}

int cp_jscan_finish(cp_jscan *s)
{
	skip_ws(s);
	if (s->pos < s->len)
		return fail(s, "unexpected text after the document", s->pos);
	return 0;
}

cJSON *cp_jscan_parse(cp_jscan *s, size_t beg, size_t end)
{
	const char *stop = NULL;
	cJSON *v;
	cp_alloc_take_failure();
	v = cJSON_ParseWithLengthOpts(s->buf + beg, end - beg, &stop, 0);
	if (!v && cp_alloc_take_failure()) {
		s->oom = 1;
		fail_code(s, CP_DIAG_NOMEM, "out of memory", beg);
		return NULL;
	}
	if (!v) {
		/* on failure cJSON points stop at the error; cJSON_GetErrorPtr()
		 * would read a process-wide copy that another thread may change */
		const char *at = stop;
		size_t off = end;
		if (at && at >= s->buf + beg && at <= s->buf + end)
			off = (size_t)(at - s->buf);
		/* cJSON points at the start of the token it could not read. */
		fail(s, "syntax error", off);
		return NULL;
	}
	if (stop && stop < s->buf + end) {
		size_t off = (size_t)(stop - s->buf);
		while (off < end && strchr(" \t\r\n", s->buf[off]))
			off++;
		if (off < end) {
			cJSON_Delete(v);
			fail(s, "syntax error", off);
			return NULL;
		}
	}
	return v;
}

void cp_jscan_linecol(const cp_jscan *s, size_t off, size_t *line, size_t *col)
{
	size_t i, l = 1 + s->gone_lines, last = s->gone_last;
	int seen = s->gone_seen;
	if (off > s->len)
		off = s->len;
	if (off < s->gone)
		off = s->gone;
	for (i = s->gone; i < off; i++)
		if (s->buf[i] == '\n') {
			l++;
			last = i;
			seen = 1;
		}
	*line = l;
	*col = seen ? off - last : off + 1;
}

void cp_jscan_forget(cp_jscan *s, size_t upto)
{
	const char *p = s->buf + s->gone, *end = s->buf + (upto < s->len ? upto : s->len), *nl;
	if (upto <= s->gone)
		return;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		s->gone_lines++;
		s->gone_last = (size_t)(nl - s->buf);
		s->gone_seen = 1;
		p = nl + 1;
	}
	s->gone = (size_t)(end - s->buf);
}
