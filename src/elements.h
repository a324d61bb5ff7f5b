/* Chemical element symbols and sets of them. */
#ifndef CP_ELEMENTS_H
#define CP_ELEMENTS_H
#include <chokepoint/chokepoint.h>

/* Atomic number of a symbol ("Dy" -> 66), 0 when it is not one. */
int cp_element_number(const char *sym);
const char *cp_element_symbol(int z);

static inline void cp_elemset_add(cp_elemset *s, int z)
{
	s->w[(z - 1) >> 6] |= (uint64_t)1 << ((z - 1) & 63);
}
static inline void cp_elemset_union(cp_elemset *a, const cp_elemset *b)
{
	a->w[0] |= b->w[0];
	a->w[1] |= b->w[1];
}
static inline int cp_elemset_meets(const cp_elemset *a, const cp_elemset *b)
{
	return (a->w[0] & b->w[0]) || (a->w[1] & b->w[1]);
}
static inline int cp_elemset_empty(const cp_elemset *a)
{
	return !a->w[0] && !a->w[1];
}

#endif
