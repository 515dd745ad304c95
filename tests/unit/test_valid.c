/*
 * Identifiers of the national standards and contact fields (valid.h): the
 * resident ID number (GB 11643), the unified social credit code (GB
 * 32100), mobile numbers and e-mail addresses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "valid.h"

static void
test_id_number(void **state)
{
	char	 ok[] = "371102198001010016", lower[] = "11010519491231002x";
	char	 badsum[] = "371102198001010017", baddate[] = "371102198002300016";
	char	 short_[] = "37110219800101001", future[] = "371102299001010015";
	char	 region[] = "001102198001010016", date[11];
	int	 gender;

	(void)state;
	assert_true(valid_id_number(ok));
	valid_id_birth(ok, date, &gender);
	assert_string_equal(date, "1980-01-01");
	assert_int_equal(gender, 1);
	/* The standard's own example, with a lowercase check x. */
	assert_true(valid_id_number(lower));
	assert_string_equal(lower, "11010519491231002X");
	valid_id_birth(lower, date, &gender);
	assert_int_equal(gender, 2);
	assert_false(valid_id_number(badsum));
	assert_false(valid_id_number(baddate));
	assert_false(valid_id_number(short_));
	assert_false(valid_id_number(future));
	assert_false(valid_id_number(region));
}

static void
test_uscc(void **state)
{
	char	 ok[] = "91350100M000100Y43", lower[] = "91350100m000100y43";
	char	 bad[] = "91350100M000100Y44", letter[] = "91350100M000100I43";

	(void)state;
	assert_true(valid_uscc(ok));
	assert_true(valid_uscc(lower));
	assert_string_equal(lower, "91350100M000100Y43");
	assert_false(valid_uscc(bad));
	assert_false(valid_uscc(letter));
}

static void
test_contact(void **state)
{
	(void)state;
	assert_true(valid_mobile("13806330001"));
	assert_false(valid_mobile("12806330001"));
	assert_false(valid_mobile("1380633000"));
	assert_false(valid_mobile("1380633000a"));
	assert_true(valid_email("a.b@rz.gov.cn"));
	assert_false(valid_email("a@b"));
	assert_false(valid_email("a b@c.cn"));
	assert_false(valid_email("@c.cn"));
	assert_false(valid_email("a@@c.cn"));
	assert_false(valid_email("a@c..cn"));
}

/* The local part's limit of 64 bytes; the longest address the column
 * holds (254), and one byte more. */
static void
test_email_lengths(void **state)
{
	char	 a[300];

	(void)state;
	memset(a, 'a', 64);
	strcpy(a + 64, "@x.gov.cn");
	assert_true(valid_email(a));
	memset(a, 'a', 65);
	strcpy(a + 65, "@x.gov.cn");
	assert_false(valid_email(a));		/* local part of 65 */
	memset(a, 'b', 250);
	memcpy(a, "c@", 2);
	strcpy(a + 250, ".com");		/* 254 */
	assert_true(valid_email(a));
	strcpy(a + 250, ".comx");		/* 255 */
	assert_false(valid_email(a));
	assert_false(valid_email("a@x.c"));	/* a one-letter top level */
	assert_false(valid_email("a@.cn"));
}

/* Each position of the ID number counts toward the check character,
 * with the standard's weights: changing any one digit breaks it. */
static void
test_id_every_digit(void **state)
{
	char	 s[] = "11010519491231002X", t[19];
	int	 i;

	(void)state;
	for (i = 0; i < 17; i++) {
		memcpy(t, s, sizeof(s));
		t[i] = t[i] == '9' ? '0' : (char)(t[i] + 1);
		if (valid_id_number(t))
			fail_msg("%s passes with digit %d changed", t, i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_number),
		cmocka_unit_test(test_id_every_digit),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_contact),
		cmocka_unit_test(test_email_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
