/* Thousands separators for the tables, against strings written by hand. */
#include <math.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(groups_of_three_from_the_point),
		cmocka_unit_test(decimals_drop_trailing_zeros),
		cmocka_unit_test(values_whole_from_100),
		cmocka_unit_test(small_buffers_are_cut_not_overrun),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
