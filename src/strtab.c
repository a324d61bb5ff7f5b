#include "strtab.h"

#include <string.h>

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
	cp_free(t->slot);
	cp_strtab_init(t);
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;  /* FNV-1a */
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

static size_t probe(const cp_strtab *t, const char *s, size_t len)
{
	size_t mask = t->n_slot - 1;
	size_t i = (size_t)hash_bytes(s, len) & mask;
	for (;;) {
		int32_t k = t->slot[i];
		if (k < 0 || (t->len[k] == len && memcmp(t->pool + t->off[k], s, len) == 0))
			return i;
		i = (i + 1) & mask;
	}
}

static int rehash(cp_strtab *t, size_t n_slot)
{
	int32_t *slot = cp_mallocn(n_slot, sizeof *slot);
	size_t i;
	if (!slot)
		return -1;
	for (i = 0; i < n_slot; i++)
		slot[i] = -1;
	cp_free(t->slot);
	t->slot = slot;
	t->n_slot = n_slot;
	for (i = 0; i < t->n; i++)
		t->slot[probe(t, t->pool + t->off[i], t->len[i])] = (int32_t)i;
	return 0;
}

int32_t cp_strtab_find(const cp_strtab *t, const char *s, size_t len)
{
	if (!t->n_slot)
		return -1;
	return t->slot[probe(t, s, len)];
}

int32_t cp_strtab_intern(cp_strtab *t, const char *s, size_t len)
{
	size_t i;
	if (len > UINT32_MAX || t->n >= INT32_MAX)
		return -1;
	if ((t->n + 1) * 2 > t->n_slot && rehash(t, t->n_slot ? t->n_slot * 2 : 64) < 0)
		return -1;
	i = probe(t, s, len);
	if (t->slot[i] >= 0)
		return t->slot[i];
	if (cp_grow((void **)&t->pool, &t->pool_m, t->pool_n + len + 1, 1) < 0)
		return -1;
	if (t->n == t->m) {
		size_t m = t->m;
		if (cp_grow((void **)&t->off, &m, t->n + 1, sizeof *t->off) < 0)
			return -1;
		m = t->m;
		if (cp_grow((void **)&t->len, &m, t->n + 1, sizeof *t->len) < 0)
			return -1;
		t->m = m;
	}
	memcpy(t->pool + t->pool_n, s, len);
	t->pool[t->pool_n + len] = '\0';
	t->off[t->n] = t->pool_n;
	t->len[t->n] = (uint32_t)len;
	t->pool_n += len + 1;
	t->slot[i] = (int32_t)t->n;
	return (int32_t)t->n++;
}
