#include "alloc.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static cp_alloc_hooks hooks = { malloc, realloc, free };

/* Set by any allocation that fails, cJSON's included: cJSON reports an
 * allocation failure like a syntax error, and this tells them apart. */
static _Thread_local int failed;

int cp_alloc_take_failure(void)
{
	int f = failed;
	failed = 0;
	return f;
}

static void *json_malloc(size_t n)
{
	void *p = hooks.malloc_fn(n);
	if (!p)
		failed = 1;
	return p;
}

void cp_alloc_set_hooks(const cp_alloc_hooks *h)
{
	cJSON_Hooks jh;
	if (h) {
		hooks = *h;
	} else {
		hooks.malloc_fn = malloc;
		hooks.realloc_fn = realloc;
		hooks.free_fn = free;
	}
	jh.malloc_fn = h ? json_malloc : malloc;
	jh.free_fn = hooks.free_fn;
	cJSON_InitHooks(&jh);
}

void *cp_malloc(size_t n)
{
	void *p = hooks.malloc_fn(n ? n : 1);
	if (!p)
		failed = 1;
	return p;
}

void *cp_realloc(void *p, size_t n)
{
	void *q = hooks.realloc_fn(p, n ? n : 1);
	if (!q)
		failed = 1;
	return q;
}
void cp_free(void *p) { if (p) hooks.free_fn(p); }

void *cp_mallocn(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return cp_malloc(n * size);
}

void *cp_callocn(size_t n, size_t size)
{
	void *p = cp_mallocn(n, size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *cp_reallocn(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return cp_realloc(p, n * size);
}

char *cp_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = cp_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

int cp_grow(void **a, size_t *m, size_t need, size_t sz)
{
	size_t nm;
	void *p;
	if (need <= *m)
		return 0;
	nm = *m ? *m : 16;
	while (nm < need) {
		if (nm > SIZE_MAX / 2)
			return -1;
		nm *= 2;
	}
	p = cp_reallocn(*a, nm, sz);
	if (!p)
		return -1;
	*a = p;
	*m = nm;
	return 0;
}
