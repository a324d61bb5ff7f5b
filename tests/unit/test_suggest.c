/* The edit distance behind "did you mean", against distances counted by hand. */
#include "testutil.h"
#include "suggest.h"

static void distance_counts_single_edits(void **state)
{
	(void)state;
	assert_int_equal(cp_edit_distance("value_share", "value_share", 2), 0);
	assert_int_equal(cp_edit_distance("value_shares", "value_share", 2), 1);   /* delete */
	assert_int_equal(cp_edit_distance("ga@CM", "ga@CN", 2), 1);                /* substitute */
	assert_int_equal(cp_edit_distance("denail", "denial", 2), 1);              /* swap neighbours */
	assert_int_equal(cp_edit_distance("outptu", "output", 2), 1);
	assert_int_equal(cp_edit_distance("elemnt", "element", 2), 1);             /* insert */
	assert_int_equal(cp_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(cp_edit_distance("", "abc", 5), 3);
}

static void distance_stops_above_max(void **state)
{
	(void)state;
	assert_int_equal(cp_edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(cp_edit_distance("a", "abcdef", 2), 3);
}

static void suggestion_is_the_closest_within_two(void **state)
{
	static const char *const fields[] = { "value_share", "substitutable", "suppliers", "item", NULL };
	char buf[160];
	(void)state;
	assert_string_equal(cp_suggest_list("value_shares", fields, buf, sizeof buf), " (did you mean 'value_share'?)");
	assert_string_equal(cp_suggest_list("suppliers", fields, buf, sizeof buf), "");   /* itself: no hint */
	assert_string_equal(cp_suggest_list("quantity", fields, buf, sizeof buf), "");
}

static void short_words_need_fewer_edits_than_letters(void **state)
{
	static const char *const codes[] = { "CN", "JP", "US", NULL };
	char buf[160];
	(void)state;
	assert_string_equal(cp_suggest_list("CH", codes, buf, sizeof buf), " (did you mean 'CN'?)");
	assert_string_equal(cp_suggest_list("MM", codes, buf, sizeof buf), "");
}

static void element_symbols_match_by_case_first(void **state)
{
	char buf[160];
	(void)state;
	assert_string_equal(cp_element_hint("DY", buf, sizeof buf), " (did you mean 'Dy'?)");
	assert_string_equal(cp_kind_hint("magent", buf, sizeof buf), " (did you mean 'magnet'?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distance_counts_single_edits),
		cmocka_unit_test(distance_stops_above_max),
		cmocka_unit_test(suggestion_is_the_closest_within_two),
		cmocka_unit_test(short_words_need_fewer_edits_than_letters),
		cmocka_unit_test(element_symbols_match_by_case_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
