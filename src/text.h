/* Text that reaches a terminal or a strict parser: UTF-8 checked, control
 * characters escaped, truncation at character boundaries. */
#ifndef CP_TEXT_H
#define CP_TEXT_H
#include <stddef.h>

/* Bytes of the longest prefix of s, at most max, that ends on a character
 * boundary: "%.*s" with cp_utf8_cut(s, max), s never splits a character. */
int cp_utf8_cut(const char *s, size_t max);
/* The arguments for "%.*s" that echo at most 200 bytes of a name. */
#define CP_CUT(s) cp_utf8_cut((s), 200), (s)

/* Length of the UTF-8 sequence at p (1-4), or 0 when p does not start a
 * valid one (overlong, surrogate, above U+10FFFF, cut short). */
size_t cp_utf8_seq(const unsigned char *p);

/* s with every control character (C0, DEL, C1) and every byte that is not
 * part of valid UTF-8 written as an escape: "\x1b" for a byte, "\u009b" for
 * a C1 character.  A new string (cp_free), NULL when out of memory. */
char *cp_text_escape(const char *s);

#endif
