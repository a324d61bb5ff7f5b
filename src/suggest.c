/* Optimal string alignment distance with an early cut at max: the names
 * compared are short (ids, field names, codes), so a quadratic table on the
 * stack is enough. */
#include <stdio.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

#include "elements.h"
#include "suggest.h"

#define MAXLEN 64

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;
	return m < c ? m : c;
}

int cp_edit_distance(const char *a, const char *b, int max)
{
	int d[MAXLEN + 1][MAXLEN + 1];
	size_t n = strlen(a), m = strlen(b), i, j;

	if (n > MAXLEN || m > MAXLEN)
		return strcmp(a, b) == 0 ? 0 : max + 1;
	if ((n > m ? n - m : m - n) > (size_t)max)
		return max + 1;
	for (i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= n; i++) {
		int row_min = max + 1;
		for (j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1];
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
			if (d[i][j] < row_min)
				row_min = d[i][j];
		}
		if (row_min > max)
			return max + 1;
	}
	return d[n][m] > max ? max + 1 : d[n][m];
}

void cp_suggest_init(cp_suggest *s, const char *word)
{
	size_t n = strlen(word);
	s->word = word;
	s->best = NULL;
	/* within 2 edits, but fewer than the word's length: any two-letter
	 * code is 2 edits from every other, which suggests nothing */
	s->dist = n >= 3 ? 3 : (int)n;
}

void cp_suggest_offer(cp_suggest *s, const char *candidate)
{
	int d;
	if (!candidate || !*candidate || strcmp(candidate, s->word) == 0)
		return;
	d = cp_edit_distance(s->word, candidate, s->dist - 1);
	if (d < s->dist) {
		s->dist = d;
		s->best = candidate;
	}
}

const char *cp_suggest_text(const cp_suggest *s, char *buf, size_t size)
{
	if (!s->best || size == 0)
		return "";
	snprintf(buf, size, " (did you mean '%.100s'?)", s->best);
	return buf;
}

const char *cp_suggest_list(const char *word, const char *const *list, char *buf, size_t size)
{
	cp_suggest s;
	cp_suggest_init(&s, word);
	for (; *list; list++)
		cp_suggest_offer(&s, *list);
	return cp_suggest_text(&s, buf, size);
}

const char *cp_kind_hint(const char *word, char *buf, size_t size)
{
	cp_suggest s;
	int k;
	cp_suggest_init(&s, word);
	for (k = 0; k < CP_NKINDS; k++)
		cp_suggest_offer(&s, cp_kind_name(k));
	return cp_suggest_text(&s, buf, size);
}

const char *cp_element_hint(const char *word, char *buf, size_t size)
{
	cp_suggest s;
	int z;
	cp_suggest_init(&s, word);
	/* a symbol written in the wrong case is the likeliest slip */
	for (z = 1; z <= 118; z++) {
		const char *sym = cp_element_symbol(z);
		size_t i;
		if (!sym || strlen(sym) != strlen(word))
			continue;
		for (i = 0; sym[i] && (sym[i] | 0x20) == (word[i] | 0x20); i++)
			;
		if (!sym[i]) {
			s.best = sym;
			s.dist = 0;
			return cp_suggest_text(&s, buf, size);
		}
	}
	for (z = 1; z <= 118; z++)
		cp_suggest_offer(&s, cp_element_symbol(z));
	return cp_suggest_text(&s, buf, size);
}
