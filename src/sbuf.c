#include "sbuf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

void cp_sb_putn(cp_sbuf *b, const char *s, size_t n)
{
	if (b->oom || cp_grow((void **)&b->a, &b->m, b->n + n + 1, 1) < 0) {
		b->oom = 1;
		return;
	}
	memcpy(b->a + b->n, s, n);
	b->n += n;
	b->a[b->n] = '\0';
}

void cp_sb_puts(cp_sbuf *b, const char *s)
{
	cp_sb_putn(b, s, strlen(s));
}

void cp_sb_vprintf(cp_sbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;
	if (b->oom)
		return;
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0 || cp_grow((void **)&b->a, &b->m, b->n + (size_t)n + 1, 1) < 0) {
		b->oom = 1;
		return;
	}
	vsnprintf(b->a + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
}

void cp_sb_printf(cp_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cp_sb_vprintf(b, fmt, ap);
	va_end(ap);
}

void cp_sb_clear(cp_sbuf *b)
{
	b->n = 0;
	if (b->a)
		b->a[0] = '\0';
}

const char *cp_sb_str(const cp_sbuf *b)
{
	return b->a ? b->a : "";
}

void cp_sb_free(cp_sbuf *b)
{
	cp_free(b->a);
	memset(b, 0, sizeof *b);
}
