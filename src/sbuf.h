/* A growable, always NUL-terminated string, for messages, paths and labels
 * of any length (nothing is cut to a fixed buffer).  Zero-initialise it
 * before use and free it with cp_sb_free.  Once an append runs out of
 * memory, oom stays set and appends do nothing. */
#ifndef CP_SBUF_H
#define CP_SBUF_H
#include <stdarg.h>
#include <stddef.h>

#include "log.h"

typedef struct cp_sbuf {
	char *a;
	size_t n, m;
	int oom;
} cp_sbuf;

/* Append the n bytes at s (which may hold no NUL). */
void cp_sb_putn(cp_sbuf *b, const char *s, size_t n);
/* Append the string s. */
void cp_sb_puts(cp_sbuf *b, const char *s);
/* Append printf output, however long. */
void cp_sb_printf(cp_sbuf *b, const char *fmt, ...) CP_PRINTF(2, 3);
void cp_sb_vprintf(cp_sbuf *b, const char *fmt, va_list ap);
/* Empty b, keeping its memory. */
void cp_sb_clear(cp_sbuf *b);
/* The text so far ("" before the first append). */
const char *cp_sb_str(const cp_sbuf *b);
void cp_sb_free(cp_sbuf *b);

#endif
