#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dict.h"

static void
test_name_valid(void **state)
{
	(void)state;
	assert_true(dict_name_valid("ethnic"));
	assert_true(dict_name_valid("title_qualification"));
	assert_true(dict_name_valid("a1"));
	assert_true(dict_name_valid("abcdefghijklmnopqrstuvwxyz_01234"));	/* 32 */
	assert_false(dict_name_valid("abcdefghijklmnopqrstuvwxyz_012345"));	/* 33 */
	assert_false(dict_name_valid(""));
	assert_false(dict_name_valid(NULL));
	assert_false(dict_name_valid("Ethnic"));
	assert_false(dict_name_valid("_ethnic"));
	assert_false(dict_name_valid("1ethnic"));
	assert_false(dict_name_valid("eth-nic"));
	assert_false(dict_name_valid("eth nic"));
	assert_false(dict_name_valid("ethnic'--"));
	assert_false(dict_name_valid("民族"));
}

static void
test_code_valid(void **state)
{
	(void)state;
	assert_true(dict_code_valid("01"));
	assert_true(dict_code_valid("I"));
	assert_true(dict_code_valid("080904K"));
	assert_true(dict_code_valid("030604TK"));
	assert_true(dict_code_valid("L0501"));
	assert_true(dict_code_valid("371102"));
	assert_true(dict_code_valid("12345678901234567890123456789012"));	/* 32 */
	assert_false(dict_code_valid("123456789012345678901234567890123"));	/* 33 */
	assert_false(dict_code_valid(""));
	assert_false(dict_code_valid(NULL));
	assert_false(dict_code_valid("08 09"));
	assert_false(dict_code_valid("0809%"));
	assert_false(dict_code_valid("0809_"));
	assert_false(dict_code_valid("a'b"));
	assert_false(dict_code_valid("汉族"));
	assert_false(dict_code_valid("01\n"));
}

static void
test_like_escape(void **state)
{
	char	 out[16];

	(void)state;
	assert_int_equal(dict_like_escape("计算机", out, sizeof(out)), 0);
	assert_string_equal(out, "计算机");
	assert_int_equal(dict_like_escape("50%_a!", out, sizeof(out)), 0);
	assert_string_equal(out, "50!%!_a!!");
	assert_int_equal(dict_like_escape("", out, sizeof(out)), 0);
	assert_string_equal(out, "");

	/* Exactly fits: 7 bytes and the NUL. */
	assert_int_equal(dict_like_escape("%%%a", out, 8), 0);
	assert_string_equal(out, "!%!%!%a");
	/* One byte short: refused, and out is empty rather than cut. */
	assert_int_equal(dict_like_escape("%%%a", out, 7), -1);
	assert_string_equal(out, "");
	assert_int_equal(dict_like_escape("abc", out, 3), -1);
	assert_string_equal(out, "");
	assert_int_equal(dict_like_escape("x", out, 0), -1);
}

static void
test_utf8_chars(void **state)
{
	(void)state;
	assert_int_equal(dict_utf8_chars(""), 0);
	assert_int_equal(dict_utf8_chars("abc"), 3);
	assert_int_equal(dict_utf8_chars("计算机科学与技术"), 8);
	assert_int_equal(dict_utf8_chars("a计b"), 3);
	assert_int_equal(dict_utf8_chars("\xf0\x9f\x98\x80"), 1);	/* emoji */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_code_valid),
		cmocka_unit_test(test_like_escape),
		cmocka_unit_test(test_utf8_chars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
