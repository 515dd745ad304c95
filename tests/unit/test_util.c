#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"

static void
test_buf(void **state)
{
	struct buf	 b = { 0 };
	int		 i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i), 0);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	assert_int_equal(b.len, strlen(b.data));
	assert_string_equal(b.data + b.len - 4, "999,");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	assert_null(b.data);
}

static void
test_urldecode(void **state)
{
	char	 a[] = "a+b%20c%E6%97%A5", bad[] = "x%4", bad2[] = "%zz";

	(void)state;
	assert_int_equal(util_urldecode(a), 8);
	assert_string_equal(a, "a b c日");
	assert_int_equal(util_urldecode(bad), -1);
	assert_int_equal(util_urldecode(bad2), -1);
}

static void
test_utf8(void **state)
{
	(void)state;
	assert_true(util_utf8_valid("日照 abc", strlen("日照 abc")));
	assert_false(util_utf8_valid("\xc3\x28", 2));		/* bad continuation */
	assert_false(util_utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(util_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(util_utf8_valid("\xe6\x97", 2));		/* truncated */
	assert_false(util_utf8_valid("a\0b", 3));		/* NUL */
	assert_true(util_utf8_valid("\xf0\x9f\x98\x80", 4));	/* emoji */
}

static void
test_hex_sha(void **state)
{
	char	 out[65];
	unsigned char b[] = { 0x00, 0xab, 0xff };

	(void)state;
	util_hex(b, 3, out);
	assert_string_equal(out, "00abff");
	util_sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_trim(void **state)
{
	char	 s[] = "  \t a b \r\n", e[] = "   ";

	(void)state;
	assert_string_equal(util_trim(s), "a b");
	assert_string_equal(util_trim(e), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_urldecode),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_hex_sha),
		cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
