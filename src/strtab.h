/* Interned strings: each distinct string is stored once and named by a
 * dense index, so nodes, items, tags and countries cost an int each. */
#ifndef CP_STRTAB_H
#define CP_STRTAB_H
#include <stddef.h>
#include <stdint.h>

/* The hash and the string's pool offset sit beside the index, so a probe
 * touches the slot and, on a hash match, the bytes: two cache misses, not four. */
typedef struct cp_strslot { uint32_t hash; int32_t index; size_t off; } cp_strslot;

typedef struct cp_strtab {
	char *pool;          /* NUL-terminated strings back to back */
	size_t pool_n, pool_m;
	size_t *off;         /* per string: offset into pool */
	uint32_t *len;
	uint32_t *hash;       /* per string: its hash, compared before the bytes */
	size_t n, m;
	struct cp_strslot *slot;  /* open addressing: hash and string index (-1: empty) */
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
/* Then, once that slot is in cache, the bytes of the string it holds. */
static inline void cp_strtab_prefetch_bytes(const cp_strtab *t, uint32_t h)
{
	const cp_strslot *sl;
	if (!t->n_slot)
		return;
	sl = &t->slot[h & (t->n_slot - 1)];
	if (sl->index >= 0 && sl->hash == h)
		__builtin_prefetch(t->pool + sl->off);
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
