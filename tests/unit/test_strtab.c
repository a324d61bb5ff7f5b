/* The string table: one index per distinct string, whatever their lengths
 * and shared prefixes (slots keep the first CP_STRSLOT_HEAD bytes). */
#include "strtab.h"
#include "testutil.h"

/* Strings of every length from 1 to 3 heads, each a prefix of the next,
 * and a twin of each that differs only in its last byte.  With one hash
 * for all (same_hash), every probe compares heads and tails. */
#define LONGEST (3 * CP_STRSLOT_HEAD)

static int32_t intern(cp_strtab *t, const char *s, size_t len, int same_hash)
{
	return same_hash ? cp_strtab_intern_hashed(t, s, len, 7) : cp_strtab_intern(t, s, len);
}

static void prefixes_and_twins(int same_hash, int longest_first)
{
	cp_strtab t;
	char s[LONGEST + 1];
	int32_t first[LONGEST + 1], twin[LONGEST + 1];
	size_t len, i;
	int round;
	cp_strtab_init(&t);
	for (i = 0; i < LONGEST; i++)
		s[i] = (char)('a' + i % 26);
	for (round = 0; round < 2; round++) {
		/* each length once, shortest or longest first */
		for (i = 1; i <= LONGEST; i++) {
			int32_t k, k2;
			len = longest_first ? LONGEST + 1 - i : i;
			k = intern(&t, s, len, same_hash);
			s[len - 1] ^= 0x20;   /* the same letter in the other case */
			k2 = intern(&t, s, len, same_hash);
			s[len - 1] ^= 0x20;
			if (round == 0) {
				first[len] = k;
				twin[len] = k2;
				assert_int_equal(k, 2 * (int32_t)(i - 1));
				assert_int_equal(k2, k + 1);
			} else {
				assert_int_equal(k, first[len]);
				assert_int_equal(k2, twin[len]);
			}
			if (!same_hash)
				assert_int_equal(cp_strtab_find(&t, s, len), first[len]);
			assert_int_equal((int)strlen(cp_strtab_get(&t, k)), (int)len);
			assert_memory_equal(cp_strtab_get(&t, k), s, len);
		}
	}
	assert_int_equal((int)t.n, 2 * LONGEST);
	assert_int_equal(cp_strtab_find(&t, "zz", 2), -1);
	cp_strtab_free(&t);
}

static void prefixes_and_twins_are_distinct(void **state)
{
	prefixes_and_twins(0, 0);
	prefixes_and_twins(1, 0);
	prefixes_and_twins(0, 1);
	prefixes_and_twins(1, 1);
}

/* Many strings (the table grows through several rehashes), found again
 * after it has, both one at a time and through cp_strtab_intern_many. */
static void growth_keeps_every_index(void **state)
{
	enum { N = 50000 };
	cp_strtab t;
	static char text[N][40];
	static const char *ptr[N];
	static int32_t out[N];
	int i;
	cp_strtab_init(&t);
	for (i = 0; i < N; i++) {
		/* lengths 5..35: under, at and over the head */
		snprintf(text[i], sizeof text[i], "%0*d", 5 + i % 31, i);
		ptr[i] = text[i];
		assert_int_equal(cp_strtab_intern(&t, text[i], strlen(text[i])), i);
	}
	assert_int_equal(cp_strtab_intern_many(&t, N, ptr, out), 0);
	for (i = 0; i < N; i++) {
		assert_int_equal(out[i], i);
		assert_int_equal(cp_strtab_find(&t, text[i], strlen(text[i])), i);
	}
	assert_int_equal((int)t.n, N);
	cp_strtab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes_and_twins_are_distinct),
		cmocka_unit_test(growth_keeps_every_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
