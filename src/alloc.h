/* Allocation through replaceable hooks, so tests can fail the N-th
 * allocation and prove every caller copes. */
#ifndef CP_ALLOC_H
#define CP_ALLOC_H
#include <stddef.h>

typedef struct cp_alloc_hooks {
	void *(*malloc_fn)(size_t);
	void *(*realloc_fn)(void *, size_t);
	void (*free_fn)(void *);
} cp_alloc_hooks;

/* NULL restores the C library's allocator.  Also routes cJSON. */
void cp_alloc_set_hooks(const cp_alloc_hooks *hooks);

void *cp_malloc(size_t n);
void *cp_realloc(void *p, size_t n);
void cp_free(void *p);
/* n * size bytes, NULL on overflow or failure; calloc zeroes. */
void *cp_mallocn(size_t n, size_t size);
void *cp_callocn(size_t n, size_t size);
void *cp_reallocn(void *p, size_t n, size_t size);
char *cp_strdup(const char *s);
/* 1 when an allocation failed since the last call (this thread). */
int cp_alloc_take_failure(void);

/* Grow *a (element size sz, capacity *m) to hold at least need elements.
 * Returns 0, or -1 with *a untouched when memory runs out. */
int cp_grow(void **a, size_t *m, size_t need, size_t sz);

#endif
