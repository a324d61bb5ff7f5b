/* Thousands separators for the tables, against strings written by hand. */
#include <math.h>
#include <stdint.h>

#include "testutil.h"
#include "numfmt.h"

static void groups_of_three_from_the_point(void **state)
{
	char b[64];
	(void)state;
	assert_string_equal(cp_format_thousands(829598.3, 0, b, sizeof b), "829,598");
	assert_string_equal(cp_format_thousands(1234567.25, 2, b, sizeof b), "1,234,567.25");
	assert_string_equal(cp_format_thousands(999, 0, b, sizeof b), "999");
	assert_string_equal(cp_format_thousands(1000, 0, b, sizeof b), "1,000");
	assert_string_equal(cp_format_thousands(-101214.4, 0, b, sizeof b), "-101,214");
	assert_string_equal(cp_format_thousands(-999.5, 0, b, sizeof b), "-1,000");   /* rounds half away, printf's way */
}

static void decimals_drop_trailing_zeros(void **state)
{
	char b[64];
	(void)state;
	assert_string_equal(cp_format_thousands(0.25, 4, b, sizeof b), "0.25");
	assert_string_equal(cp_format_thousands(5, 4, b, sizeof b), "5");
	assert_string_equal(cp_format_thousands(-0.00001, 4, b, sizeof b), "0");
}

static void values_whole_from_100(void **state)
{
	char b[64];
	(void)state;
	assert_string_equal(cp_format_value(631670.4, b, sizeof b), "631,670");
	assert_string_equal(cp_format_value(38.49716, b, sizeof b), "38.4972");
	assert_string_equal(cp_format_value(NAN, b, sizeof b), "-");
}

static void small_buffers_are_cut_not_overrun(void **state)
{
	char b[5];
	(void)state;
	assert_string_equal(cp_format_thousands(1234567, 0, b, sizeof b), "1,2");   /* room kept for a separator */
}

/* The definition cp_format_exact follows: the shortest of 15-17
 * significant digits that reads back as x, as %.*g writes it. */
static void exact_by_printf(double x, char *buf, size_t size)
{
	int digits;
	if (x == 0) {
		snprintf(buf, size, "0");
		return;
	}
	for (digits = 15; digits < 17; digits++) {
		snprintf(buf, size, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			return;
	}
	snprintf(buf, size, "%.17g", x);
}

static int differs(double x)
{
	char want[64], got[64];
	exact_by_printf(x, want, sizeof want);
	cp_format_exact(x, got, sizeof got);
	if (strcmp(want, got) == 0)
		return 0;
	fprintf(stderr, "  %.17g: %s, not %s\n", x, got, want);
	return 1;
}

/* Short decimals skip printf; they must come out as printf writes them:
 * decimals of every length and size as text reads them, products of two
 * (as values at risk are), random doubles, and the edges of the short
 * path's range, each also negative. */
static void exact_numbers_are_what_printf_writes(void **state)
{
	static const double edges[] = {
		1e-4, 1e15, 999999999999999.0, 99999999999999.9, 0.1 + 0.2, 594669.18, 0.0001234, 1e-5,
		123456.1234567, 0.5, 1, 2.5e-4, 4503599627370496.0, 1e14 + 0.5, 0.30000000000000004
	};
	unsigned seed = 12345;
	int bad = 0, i, sign;
	char text[64];
	for (i = 0; i < (int)(sizeof edges / sizeof *edges); i++)
		for (sign = -1; sign <= 1; sign += 2) {
			bad += differs(sign * edges[i]);
			bad += differs(sign * nextafter(edges[i], 0));
			bad += differs(sign * nextafter(edges[i], INFINITY));
		}
	for (i = 0; i < 300000 && bad < 10; i++) {
		int whole = rand_r(&seed) % 16, places = rand_r(&seed) % 9;
		double x, y;
		uint64_t bits;
		long long mant = ((long long)rand_r(&seed) << 31 | rand_r(&seed)) % 1000000000000000LL;
		snprintf(text, sizeof text, "%lld", mant);
		/* the digits with a point placed among or before them */
		if (places) {
			size_t n = strlen(text);
			char t2[80];
			int at = (int)n - places;
			if (at > 0)
				snprintf(t2, sizeof t2, "%.*s.%s", at, text, text + at);
			else
				snprintf(t2, sizeof t2, "0.%0*d%s", -at, 0, text);
			snprintf(text, sizeof text, "%s", t2);
		}
		x = strtod(text, NULL) * (whole > 12 ? 1e3 : 1);
		y = (double)(rand_r(&seed) % 100000) / 100.0;
		bad += differs(x) + differs(-x) + differs(x * y);
		bits = (uint64_t)rand_r(&seed) << 33 ^ (uint64_t)rand_r(&seed) << 11 ^ (uint64_t)rand_r(&seed);
		bits = (bits & 0x000fffffffffffffull) | ((uint64_t)(1010 + rand_r(&seed) % 60) << 52);
		memcpy(&x, &bits, sizeof x);
		bad += differs(x);
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(groups_of_three_from_the_point),
		cmocka_unit_test(decimals_drop_trailing_zeros),
		cmocka_unit_test(values_whole_from_100),
		cmocka_unit_test(small_buffers_are_cut_not_overrun),
		cmocka_unit_test(exact_numbers_are_what_printf_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
