/* "did you mean" for a misspelt name: the closest of a set of candidates
 * within an edit distance of 2 (and less than the word's length). */
#ifndef CP_SUGGEST_H
#define CP_SUGGEST_H
#include <stddef.h>

typedef struct cp_suggest {
	const char *word;         /* what was written */
	const char *best;         /* closest candidate so far, NULL for none */
	int dist;                 /* its distance */
} cp_suggest;

void cp_suggest_init(cp_suggest *s, const char *word);
/* Offer a candidate; kept when closer than the best so far and within 2. */
void cp_suggest_offer(cp_suggest *s, const char *candidate);
/* " (did you mean 'x'?)", or "" when nothing was close; points into buf. */
const char *cp_suggest_text(const cp_suggest *s, char *buf, size_t size);
/* Edit distance (insert, delete, substitute, swap of neighbours) of a and b,
 * or max + 1 when it is above max.  Time O(len(a) * len(b)), strings of
 * more than 64 bytes only compared for equality. */
int cp_edit_distance(const char *a, const char *b, int max);
/* The closest of a NULL-terminated list, as cp_suggest_text. */
const char *cp_suggest_list(const char *word, const char *const *list, char *buf, size_t size);
/* The closest kind name, and the closest element symbol (by case too:
 * "DY" suggests "Dy"), as cp_suggest_text. */
const char *cp_kind_hint(const char *word, char *buf, size_t size);
const char *cp_element_hint(const char *word, char *buf, size_t size);

#endif
