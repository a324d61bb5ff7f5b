/* Numbers that may be distributions (MODEL.md 8), for the loaders. */
#ifndef CP_DIST_H
#define CP_DIST_H
#include "jsonutil.h"
#include "strtab.h"

/* A finite number in [lo, hi] (lo excluded when lo_open), or a
 * distribution object whose support lies there: *out gets the number or
 * the distribution's mean, and *unc (when the value was a distribution)
 * its description with lo and hi set and the target left to the caller.
 * Returns 1 for a distribution, 0 for a number, -1 after an error. */
int cp_jvalue(cp_jctx *c, const cJSON *v, const cp_jpath *path, double lo, int lo_open, double hi,
              double *out, cp_uncertain *unc);

/* The range each key was first seen with, so a key that joins numbers of
 * different ranges is found in O(1) per number (MODEL.md 8). */
typedef struct cp_keyranges {
	cp_strtab keys;
	double (*range)[2];       /* per key: lo, hi */
	size_t m;
} cp_keyranges;

void cp_keyranges_init(cp_keyranges *k);
void cp_keyranges_free(cp_keyranges *k);
/* 0 when u's key (if any) is new or has u's range; 1 when it had another
 * (*lo, *hi: that range); -1 when memory runs out. */
int cp_keyranges_check(cp_keyranges *k, const cp_uncertain *u, double *lo, double *hi);

/* Append u to (*list, *n); -1 when memory runs out. */
int cp_uncertain_add(cp_uncertain **list, int32_t *n, const cp_uncertain *u);
void cp_uncertain_free_all(cp_uncertain *list, int32_t n);

#endif
