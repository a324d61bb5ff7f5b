#include "text.h"

#include <stdio.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

#include "alloc.h"

size_t cp_utf8_seq(const unsigned char *p)
{
	unsigned c = p[0], cp;
	size_t n, i;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)   /* also stops at the terminating NUL */
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

int cp_utf8_cut(const char *s, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (p[n] && n < max) {
		size_t k = cp_utf8_seq(p + n);
		if (k == 0) {
			/* a sequence cut short by an earlier truncation ends the text;
			 * any other stray byte is one character of its own */
			size_t j = 1;
			while (p[n + j] && (p[n + j] & 0xc0) == 0x80)
				j++;
			if (!p[n + j] && p[n] >= 0xc0)
				break;
			k = 1;
		}
		if (n + k > max)
			break;
		n += k;
	}
	return n > 0x7fffffff ? 0x7fffffff : (int)n;
}

/* The escaped form of the character at p (k bytes), or NULL to copy it. */
static const char *escape_of(const unsigned char *p, size_t k, char buf[8])
{
	if (k == 0 || (k == 1 && (*p < 0x20 || *p == 0x7f))) {
		snprintf(buf, 8, "\\x%02x", *p);
		return buf;
	}
	if (k == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
		snprintf(buf, 8, "\\u%04x", (unsigned)p[1]);
		return buf;
	}
	return NULL;
}

char *cp_text_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, i = 0, k;
	char buf[8], *out;
	const char *e;
	/* sized first: at most 6 bytes out per byte in */
	while (p[i]) {
		k = cp_utf8_seq(p + i);
		e = escape_of(p + i, k, buf);
		n += e ? strlen(e) : k;
		i += k ? k : 1;
	}
	if (!(out = cp_malloc(n + 1)))
		return NULL;
	for (i = 0, n = 0; p[i];) {
		k = cp_utf8_seq(p + i);
		if ((e = escape_of(p + i, k, buf))) {
			memcpy(out + n, e, strlen(e));
			n += strlen(e);
		} else {
			memcpy(out + n, p + i, k);
			n += k;
		}
		i += k ? k : 1;
	}
	out[n] = '\0';
	return out;
}

void cp_print_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char buf[8];
	while (*p) {
		size_t k = cp_utf8_seq(p);
		const char *e = escape_of(p, k, buf);
		if (e)
			fputs(e, f);
		else
			fwrite(p, 1, k, f);
		p += k ? k : 1;
	}
}
