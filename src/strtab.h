/* Interned strings: each distinct string is stored once and named by a
 * dense index, so nodes, items, tags and countries cost an int each. */
#ifndef CP_STRTAB_H
#define CP_STRTAB_H
#include <stddef.h>
#include <stdint.h>

/* A slot holds the hash, the index and the string's first
 * CP_STRSLOT_HEAD bytes, NUL-padded: a probe for a string shorter than
 * that (ids, items and tags mostly are) is decided in the slot, one cache
 * miss, without reading the pool.  Slots are aligned to their size, so
 * none straddles two cache lines.  Strings hold no NUL byte. */
#define CP_STRSLOT_HEAD 24
typedef struct cp_strslot { uint32_t hash; int32_t index; uint64_t head[CP_STRSLOT_HEAD / 8]; } cp_strslot;

typedef struct cp_strtab {
	char *pool;          /* NUL-terminated strings back to back */
	size_t pool_n, pool_m;
	size_t *off;         /* per string: offset into pool */
	uint32_t *len;
	uint32_t *hash;       /* per string: its hash, compared before the bytes */
	size_t n, m;
	struct cp_strslot *slot;  /* open addressing (index -1: empty), aligned */
	void *slot_mem;      /* the allocation slot lies in */
	size_t n_slot;       /* power of two */
} cp_strtab;

void cp_strtab_init(cp_strtab *t);
void cp_strtab_free(cp_strtab *t);
/* Index of s, adding it when new; -1 when memory runs out. */
int32_t cp_strtab_intern(cp_strtab *t, const char *s, size_t len);
/* Intern n strings at once: the slots (then the bytes) of all of them are
 * prefetched before any is compared, so their cache misses overlap.  Same
 * results as n calls of cp_strtab_intern; -1 when memory runs out. */
int cp_strtab_intern_many(cp_strtab *t, size_t n, const char *const *s, int32_t *out);

/* The hash the table keys s by. */
uint32_t cp_strtab_hash(const char *s, size_t len);
/* cp_strtab_intern with h = cp_strtab_hash(s, len) computed beforehand. */
int32_t cp_strtab_intern_hashed(cp_strtab *t, const char *s, size_t len, uint32_t h);
/* Start loading the slot a string of hash h would probe first. */
static inline void cp_strtab_prefetch(const cp_strtab *t, uint32_t h)
{
	if (t->n_slot)
		__builtin_prefetch(&t->slot[h & (t->n_slot - 1)]);
}
/* Forget every string, keeping the memory for reuse. */
void cp_strtab_clear(cp_strtab *t);

/* Index of s, or -1 when absent. */
int32_t cp_strtab_find(const cp_strtab *t, const char *s, size_t len);
static inline const char *cp_strtab_get(const cp_strtab *t, int32_t i)
{
	return t->pool + t->off[i];
}

#endif
