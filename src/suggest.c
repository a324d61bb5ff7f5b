/* Optimal string alignment distance with an early cut at max: the names
 * compared are short (ids, field names, codes), so a quadratic table on the
 * stack is enough. */
#include <stdio.h>
#include <string.h>

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
	s->word = word;
	s->best = NULL;
	s->dist = 3;
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
