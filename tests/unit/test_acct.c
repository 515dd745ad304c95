#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acct.h"
#include "form.h"

static void
test_check_id(void **state)
{
	char	 ok[] = "37110219800101001x", lower[] = "11010519491231002x";
	char	 bad[] = "371102198001010017", hk[] = "h12345678";
	char	 hk2[] = "12345678", tw[] = "12345678", tw2[] = "1234567";
	char	 perm[] = "ABC123456789012", perm2[] = "912345678901234567";
	char	 perm3[] = "AB1234567890123", pass[] = "e1234567";
	char	 pass2[] = "E12", off[] = "南字第123456号", off2[] = "a b";

	(void)state;
	/* 371102198001010016 is valid; with an x it is not. */
	assert_non_null(acct_check_id("01", ok));
	assert_null(acct_check_id("01", lower));
	assert_string_equal(lower, "11010519491231002X");
	assert_non_null(acct_check_id("01", bad));
	assert_null(acct_check_id("04", hk));
	assert_string_equal(hk, "H12345678");
	assert_non_null(acct_check_id("04", hk2));
	assert_null(acct_check_id("06", tw));
	assert_non_null(acct_check_id("06", tw2));
	assert_null(acct_check_id("07", perm));
	assert_null(acct_check_id("07", perm2));
	assert_non_null(acct_check_id("07", perm3));
	assert_null(acct_check_id("08", pass));
	assert_non_null(acct_check_id("08", pass2));
	assert_null(acct_check_id("02", off));
	assert_non_null(acct_check_id("03", off2));
	assert_non_null(acct_check_id("99", pass));
}

static void
test_mask(void **state)
{
	char	 out[33];

	(void)state;
	acct_mask_id("371121199403151543", out);
	assert_string_equal(out, "3711211994****1543");
	acct_mask_id("E1234567", out);
	assert_string_equal(out, "E1****67");
	acct_mask_id("123", out);
	assert_string_equal(out, "****");
}

static void
test_user_type(void **state)
{
	(void)state;
	assert_int_equal(acct_user_type("personnel"), USER_PERSONNEL);
	assert_int_equal(acct_user_type("hrb"), USER_HRB);
	assert_int_equal(acct_user_type("admin"), USER__MAX);
	assert_int_equal(acct_user_type(NULL), USER__MAX);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(form_valid_date("2024-02-29"));
	assert_false(form_valid_date("2023-02-29"));
	assert_true(form_valid_date("2000-02-29"));
	assert_false(form_valid_date("1900-02-29"));
	assert_false(form_valid_date("2024-13-01"));
	assert_false(form_valid_date("2024-1-01"));
	assert_false(form_valid_date("1899-12-31"));
	assert_false(form_valid_date("2024-04-31"));
}

static const char *
no_q(char *v)
{
	return strchr(v, 'q') ? "不能有 q" : NULL;
}

static const struct form_field fields[] = {
	{ "name", "姓名", FORM_TEXT, 1, 4, NULL, NULL, 0, 0, NULL },
	{ "when", "日期", FORM_DATE, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "flag", "标记", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "unit", "单位", FORM_ID, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "pw", "密码", FORM_SECRET, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "note", "备注", FORM_TEXT, 0, 0, NULL, no_q, 0, 0, NULL },
};

static enum sdrz_err
parse(struct form *f, const char *json)
{
	cJSON		*o = cJSON_Parse(json);
	enum sdrz_err	 rc;

	assert_non_null(o);
	rc = form_parse(f, fields, sizeof(fields) / sizeof(fields[0]), o, NULL);
	cJSON_Delete(o);
	return rc;
}

static const char *
err_of(const struct form *f, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(f->errors, name));
}

static void
test_form(void **state)
{
	struct form	 f;

	(void)state;
	assert_int_equal(parse(&f, "{\"name\":\" 张三 \",\"flag\":true,"
	    "\"unit\":12,\"pw\":\" a b \",\"when\":\"\"}"), SDRZ_OK);
	assert_string_equal(form_get(&f, "name"), "张三");
	assert_true(form_true(&f, "flag"));
	assert_string_equal(form_get(&f, "unit"), "12");
	assert_string_equal(form_get(&f, "pw"), " a b ");	/* kept exactly */
	assert_null(form_get(&f, "when"));			/* empty: absent */
	form_release(&f);

	assert_int_equal(parse(&f, "{\"name\":\"张三李四王\",\"flag\":\"yes\","
	    "\"unit\":1.5,\"when\":\"2023-02-29\",\"note\":\"q\"}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err_of(&f, "name"), "姓名不能超过 4 个字");
	assert_string_equal(err_of(&f, "flag"), "标记须为是或否");
	assert_string_equal(err_of(&f, "unit"), "单位无效");
	assert_string_equal(err_of(&f, "when"), "日期须为有效日期(年-月-日)");
	assert_string_equal(err_of(&f, "note"), "不能有 q");
	form_release(&f);

	assert_int_equal(parse(&f, "{\"name\":\"a\\u0001\",\"unit\":\"0\"}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err_of(&f, "name"), "姓名不能包含控制字符");
	assert_string_equal(err_of(&f, "flag"), "请填写标记");
	assert_string_equal(err_of(&f, "unit"), "单位无效");
	form_release(&f);

	assert_int_equal(parse(&f, "{\"name\":7}"), SDRZ_ERR_INVALID);
	assert_string_equal(err_of(&f, "name"), "姓名格式不正确");
	assert_string_equal(err_of(&f, "unit"), "请选择单位");
	form_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_id),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_user_type),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
