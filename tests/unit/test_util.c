#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "util.h"
#include "valid.h"

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

/* log_quote: untrusted text made one quoted line, never a character cut. */
static void
test_log_quote(void **state)
{
	char	 out[64], small[8];

	(void)state;
	assert_int_equal(log_quote(out, sizeof(out), "a\nb\"c\\d\te"), 0);
	assert_string_equal(out, "a\\nb\\\"c\\\\d\\te");
	/* ESC, DEL, C1 NEL, U+2028 and U+2029; a stray byte. */
	assert_int_equal(log_quote(out, sizeof(out),
	    "\x1b[\x7f\xc2\x85\xe2\x80\xa8\xe2\x80\xa9\xff"), 0);
	assert_string_equal(out,
	    "\\u001b[\\u007f\\u0085\\u2028\\u2029\\xff");
	/* Chinese text passes; a cut falls between characters. */
	assert_int_equal(log_quote(out, sizeof(out), "日照"), 0);
	assert_string_equal(out, "日照");
	assert_int_equal(log_quote(small, sizeof(small), "日照市"), 1);
	assert_string_equal(small, "日照");
	assert_int_equal(log_quote(small, sizeof(small), "abc\ndefg"), 1);
	assert_string_equal(small, "abc\\nde");
	/* A truncated sequence at the end is a stray byte, not read past. */
	assert_int_equal(log_quote(out, sizeof(out), "x\xe6\x97"), 0);
	assert_string_equal(out, "x\\xe6\\x97");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_log_quote),
		cmocka_unit_test(test_urldecode),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_hex_sha),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_id_number),
		cmocka_unit_test(test_uscc),
		cmocka_unit_test(test_contact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
