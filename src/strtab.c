/* madvise and its Linux advice values */
#define _DEFAULT_SOURCE
#include "strtab.h"

#include <string.h>
#include <sys/mman.h>

#include "alloc.h"

void cp_strtab_init(cp_strtab *t)
{
	memset(t, 0, sizeof *t);
}

void cp_strtab_free(cp_strtab *t)
{
	cp_free(t->pool);
	cp_free(t->off);
	cp_free(t->len);
	cp_free(t->hash);
	cp_free(t->slot_mem);
	cp_strtab_init(t);
}

/* The n < 8 bytes at p as memcpy would place them in a word on a
 * little-endian machine, the rest 0, without a call for a copy of
 * variable length. */
static uint64_t tail_word(const unsigned char *p, size_t n)
{
	uint64_t w = 0;
	switch (n) {
	case 7: w |= (uint64_t)p[6] << 48; /* fall through */
	case 6: w |= (uint64_t)p[5] << 40; /* fall through */
	case 5: w |= (uint64_t)p[4] << 32; /* fall through */
	case 4: w |= (uint64_t)p[3] << 24; /* fall through */
	case 3: w |= (uint64_t)p[2] << 16; /* fall through */
	case 2: w |= (uint64_t)p[1] << 8; /* fall through */
	case 1: w |= (uint64_t)p[0]; /* fall through */
	default: break;
	}
	return w;
}

/* Eight bytes at a time, each word multiplied in (FNV-1a's idea on words),
 * then a 64-bit finaliser (MurmurHash3's fmix64): ids such as "mat1-17@CN"
 * differ in a few middle bytes, and the finaliser spreads them to the low
 * bits that pick a slot.  The length goes in first, so a string and its
 * zero-padded extension differ. */
uint32_t cp_strtab_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ ((uint64_t)len * 0x9e3779b97f4a7c15ull), w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	if (i < len) {
		h = (h ^ tail_word((const unsigned char *)s + i, len - i)) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* The first CP_STRSLOT_HEAD bytes of s, NUL-padded, as a slot holds them. */
static void head_of(const char *s, size_t len, uint64_t head[CP_STRSLOT_HEAD / 8])
{
	size_t i, at;
	for (i = 0; i < CP_STRSLOT_HEAD / 8; i++) {
		at = 8 * i;
		if (len >= at + 8)
			memcpy(&head[i], s + at, 8);
		else
			head[i] = len > at ? tail_word((const unsigned char *)s + at, len - at) : 0;
	}
}

/* The slot of s, or the empty slot where it would go.  Equal heads decide
 * for strings shorter than the head: the padding's NUL sits where the
 * shorter of two strings ends, and no string holds a NUL. */
static size_t probe(const cp_strtab *t, const char *s, size_t len, uint32_t h)
{
	size_t mask = t->n_slot - 1;
	size_t i = h & mask;
	uint64_t head[CP_STRSLOT_HEAD / 8];
	head_of(s, len, head);
	for (;;) {
		const cp_strslot *sl = &t->slot[i];
		if (sl->index < 0)
			return i;
		if (sl->hash == h && sl->head[0] == head[0] && sl->head[1] == head[1] && sl->head[2] == head[2]) {
			size_t k = (size_t)sl->index;
			if (len < CP_STRSLOT_HEAD ||
			    (t->len[k] == len &&
			     memcmp(t->pool + t->off[k] + CP_STRSLOT_HEAD, s + CP_STRSLOT_HEAD, len - CP_STRSLOT_HEAD) == 0))
				return i;
		}
		i = (i + 1) & mask;
	}
}

static void fill_slot(cp_strslot *sl, const cp_strtab *t, size_t k)
{
	sl->hash = t->hash[k];
	sl->index = (int32_t)k;
	head_of(t->pool + t->off[k], t->len[k], sl->head);
}

/* The table and the pool are read at random, once per supplier of every
 * line: on large graphs TLB misses dominate, and huge pages remove most. */
static void prefer_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t beg = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t end = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (end > beg)
		madvise((void *)beg, end - beg, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

static int rehash(cp_strtab *t, size_t n_slot)
{
	const uintptr_t align = sizeof(cp_strslot);
	void *mem = n_slot < SIZE_MAX / sizeof(cp_strslot) ? cp_malloc(n_slot * sizeof(cp_strslot) + align) : NULL;
	cp_strslot *slot;
	size_t i, mask = n_slot - 1;
	if (!mem)
		return -1;
	slot = (cp_strslot *)(((uintptr_t)mem + align - 1) & ~(align - 1));
	for (i = 0; i < n_slot; i++)
		slot[i].index = -1;
	cp_free(t->slot_mem);
	t->slot_mem = mem;
	t->slot = slot;
	t->n_slot = n_slot;
	prefer_huge_pages(slot, n_slot * sizeof *slot);
	/* every string is distinct: take the first free slot */
	for (i = 0; i < t->n; i++) {
		size_t j = t->hash[i] & mask;
		while (slot[j].index >= 0)
			j = (j + 1) & mask;
		fill_slot(&slot[j], t, i);
	}
	return 0;
}

void cp_strtab_clear(cp_strtab *t)
{
	size_t i;
	for (i = 0; i < t->n_slot; i++)
		t->slot[i].index = -1;
	t->n = 0;
	t->pool_n = 0;
}

int32_t cp_strtab_find(const cp_strtab *t, const char *s, size_t len)
{
	if (!t->n_slot)
		return -1;
	return t->slot[probe(t, s, len, cp_strtab_hash(s, len))].index;
}

static int32_t intern_hashed(cp_strtab *t, const char *s, size_t len, uint32_t h);

int32_t cp_strtab_intern_hashed(cp_strtab *t, const char *s, size_t len, uint32_t h)
{
	return intern_hashed(t, s, len, h);
}

int32_t cp_strtab_intern(cp_strtab *t, const char *s, size_t len)
{
	return intern_hashed(t, s, len, cp_strtab_hash(s, len));
}

int cp_strtab_intern_many(cp_strtab *t, size_t n, const char *const *s, int32_t *out)
{
	enum { BATCH = 32 };
	uint32_t h[BATCH];
	size_t len[BATCH], done, i;
	for (done = 0; done < n; done += BATCH) {
		size_t k = n - done < BATCH ? n - done : BATCH;
		size_t mask = t->n_slot ? t->n_slot - 1 : 0;
		for (i = 0; i < k; i++) {
			len[i] = strlen(s[done + i]);
			h[i] = cp_strtab_hash(s[done + i], len[i]);
			if (t->n_slot)
				__builtin_prefetch(&t->slot[h[i] & mask]);
		}
		for (i = 0; i < k; i++)
			if ((out[done + i] = intern_hashed(t, s[done + i], len[i], h[i])) < 0)
				return -1;
	}
	return 0;
}

static int32_t intern_hashed(cp_strtab *t, const char *s, size_t len, uint32_t h)
{
	size_t i;
	if (len > UINT32_MAX || t->n >= INT32_MAX)
		return -1;
	if ((t->n + 1) * 10 > t->n_slot * 7 && rehash(t, t->n_slot ? t->n_slot * 2 : 64) < 0)
		return -1;
	i = probe(t, s, len, h);
	if (t->slot[i].index >= 0)
		return t->slot[i].index;
	if (t->pool_n + len + 1 > t->pool_m) {
		if (cp_grow((void **)&t->pool, &t->pool_m, t->pool_n + len + 1, 1) < 0)
			return -1;
		prefer_huge_pages(t->pool, t->pool_m);
	}
	if (t->n == t->m) {
		size_t m = t->m;
		if (cp_grow((void **)&t->off, &m, t->n + 1, sizeof *t->off) < 0)
			return -1;
		m = t->m;
		if (cp_grow((void **)&t->len, &m, t->n + 1, sizeof *t->len) < 0)
			return -1;
		m = t->m;
		if (cp_grow((void **)&t->hash, &m, t->n + 1, sizeof *t->hash) < 0)
			return -1;
		t->m = m;
	}
	memcpy(t->pool + t->pool_n, s, len);
	t->pool[t->pool_n + len] = '\0';
	t->off[t->n] = t->pool_n;
	t->len[t->n] = (uint32_t)len;
	t->hash[t->n] = h;
	t->pool_n += len + 1;
	fill_slot(&t->slot[i], t, t->n);
	return (int32_t)t->n++;
}
