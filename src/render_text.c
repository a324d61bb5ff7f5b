/* The renderer's text helpers: label text escaped for
 * Graphviz (plain and HTML-like labels, UTF-8 checked), numbers as the
 * drawings print them, and the fill colour scale. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "render_internal.h"

/* ---- label text ---- */

/* Length of the valid UTF-8 sequence at s holding an XML character, or 0.
 * Overlong forms, surrogates and code points past U+10FFFF are refused, as
 * are U+FFFE and U+FFFF (well-formed UTF-8, not XML characters): an SVG
 * holding them would not be well-formed.  *skip is how many bytes one
 * replacement character stands for: the whole sequence for U+FFFE and
 * U+FFFF, else one byte. */
static size_t utf8_char(const unsigned char *s, size_t *skip)
{
	unsigned c = s[0], cp;
	size_t n, i;
	*skip = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp == 0xFFFE || cp == 0xFFFF) {
		*skip = n;
		return 0;
	}
	return n;
}

/* Append s as label text that Graphviz shows as written, in every format:
 * - '\' doubles: in a label, \n, \l, \N, \G ... are escapes;
 * - '&' becomes "&amp;": Graphviz decodes entities in plain labels, so
 *   "&#1;" would otherwise become a control character in the SVG;
 * - a newline becomes the \n escape, other control characters a space;
 * - bytes that are not valid UTF-8 become U+FFFD.
 * '"', '<' and '>' stay: cgraph quotes strings when it writes DOT, and the
 * SVG renderer escapes them.  Since backslashes always come in pairs or
 * as our own \n, no label ends in a lone backslash, which DOT could not
 * read back.  At most max_chars characters are kept, then an ellipsis. */
void cp_sb_label(cp_sbuf *b, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, n, skip;
	while (*p) {
		if (chars == max_chars) {
			cp_sb_puts(b, "\xE2\x80\xA6");
			return;
		}
		chars++;
		if (*p == '\\') {
			cp_sb_puts(b, "\\\\");
			p++;
		} else if (*p == '&') {
			cp_sb_puts(b, "&amp;");
			p++;
		} else if (*p == '\n') {
			cp_sb_puts(b, "\\n");
			p++;
		} else if (*p < 0x20 || *p == 0x7F) {
			cp_sb_puts(b, " ");
			p++;
		} else if ((n = utf8_char(p, &skip)) == 0) {
			cp_sb_puts(b, "\xEF\xBF\xBD");
			p += skip;
		} else {
			cp_sb_putn(b, (const char *)p, n);
			p += n;
		}
	}
}

/* Append s as text of an HTML-like label: XML-escaped, a newline becomes
 * a line break, control characters a space, bad UTF-8 U+FFFD. */
void cp_sb_html(cp_sbuf *b, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, n, skip;
	while (*p) {
		if (chars++ == max_chars) {
			cp_sb_puts(b, "&#8230;");
			return;
		}
		switch (*p) {
		case '&': cp_sb_puts(b, "&amp;"); break;
		case '<': cp_sb_puts(b, "&lt;"); break;
		case '>': cp_sb_puts(b, "&gt;"); break;
		case '"': cp_sb_puts(b, "&quot;"); break;
		case '\n': cp_sb_puts(b, "<BR ALIGN=\"LEFT\"/>"); break;
		default:
			if (*p < 0x20 || *p == 0x7F) {
				cp_sb_puts(b, " ");
			} else if ((n = utf8_char(p, &skip)) == 0) {
				cp_sb_puts(b, "&#65533;");
				p += skip;
				continue;
			} else {
				cp_sb_putn(b, (const char *)p, n);
				p += n;
				continue;
			}
		}
		p++;
	}
}

/* ---- numbers and colours ---- */

/* "53.5%", without claiming 0% or 100% for what is only close to it. */
void cp_render_fmt_pct(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "?");
	else if (x <= 0)
		snprintf(buf, size, "0%%");
	else if (x < 0.0005)
		snprintf(buf, size, "<0.1%%");
	else if (x >= 1)
		snprintf(buf, size, "100%%");
	else if (x > 0.9995)
		snprintf(buf, size, ">99.9%%");
	else
		snprintf(buf, size, "%.1f%%", 100 * x);
}

/* 631,670 for large amounts, three significant digits for small ones. */
void cp_render_fmt_amount(char *buf, size_t size, double x)
{
	char tmp[64];
	size_t len, i, o = 0, lead;
	if (!isfinite(x) || fabs(x) < 100 || fabs(x) >= 1e18) {
		snprintf(buf, size, "%.3g", x);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.0f", x);
	len = strlen(tmp);
	lead = tmp[0] == '-';
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > lead && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* The fill for a disruption d: white (0), yellow (0.5), red (1). */
void cp_render_fill_colour(char buf[8], double d)
{
	static const double stop[3][3] = { { 255, 255, 255 }, { 255, 222, 89 }, { 222, 45, 38 } };
	const double *a, *b;
	double t;
	int i, rgb[3];
	if (isnan(d) || d < 0)
		d = 0;
	if (d > 1)
		d = 1;
	if (d <= 0.5) {
		a = stop[0], b = stop[1], t = d / 0.5;
	} else {
		a = stop[1], b = stop[2], t = (d - 0.5) / 0.5;
	}
	for (i = 0; i < 3; i++)
		rgb[i] = (int)lround(a[i] + (b[i] - a[i]) * t);
	snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}
