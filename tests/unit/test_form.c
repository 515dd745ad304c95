/* Field tables (form.c): typed values read by name, integers without
 * fractions, lengths in characters, control characters refused (and the
 * \u0000 escape that cJSON would cut a string at), the descriptions the
 * pages read. No dictionary field here: those need the database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "form.h"
#include "http.h"

static const char *const words[] = { "approve", "reject", NULL };

static const struct form_field fields[] = {
	{ "name", "姓名", FORM_TEXT, 1, 4, NULL, NULL, 0, 0, NULL },
	{ "note", "说明", FORM_LINES, 0, 10, NULL, NULL, 0, 0, NULL },
	{ "pw", "密码", FORM_SECRET, 0, 8, NULL, NULL, 0, 0, NULL },
	{ "year", "年度", FORM_INT, 0, 0, NULL, NULL, 2000, 2100, NULL },
	{ "id", "编号", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "ok", "同意", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "on", "日期", FORM_DATE, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "decision", "结果", FORM_CHOICE, 0, 16, NULL, NULL, 0, 0, words },
	{ "ids", "记录", FORM_IDS, 0, 3, NULL, NULL, 0, 0, NULL },
};
#define NF (sizeof(fields) / sizeof(fields[0]))

/* Parses the JSON text (after the HTTP layer's \u0000 rewrite) and
 * returns the result; f is filled. */
static enum sdrz_err
parse(struct form *f, const char *json)
{
	char		*copy = strdup(json);
	cJSON		*o;
	enum sdrz_err	 rc;

	assert_non_null(copy);
	http_json_unnul(copy, strlen(copy));
	o = cJSON_Parse(copy);
	free(copy);
	assert_non_null(o);
	rc = form_parse(f, fields, NF, o, NULL);
	cJSON_Delete(o);
	return rc;
}

/* The message of a field, or NULL. */
static const char *
err(const struct form *f, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(f->errors, name));
}

static void
test_typed(void **state)
{
	struct form	 f;
	const int64_t	*ids;
	size_t		 n;

	(void)state;
	assert_int_equal(parse(&f, "{\"name\":\" 张三 \",\"year\":2026,"
	    "\"id\":\"12\",\"ok\":true,\"on\":\"2024-02-29\","
	    "\"decision\":\"reject\",\"ids\":[3,1],\"note\":\"a\\nb\\tc\"}"),
	    SDRZ_OK);
	assert_string_equal(form_get(&f, "name"), "张三");
	assert_int_equal(form_int(&f, "year", 0), 2026);
	assert_string_equal(form_get(&f, "year"), "2026");
	assert_int_equal(form_int(&f, "id", 0), 12);
	assert_true(form_true(&f, "ok"));
	assert_int_equal(form_int(&f, "ok", -1), 1);
	assert_string_equal(form_get(&f, "decision"), "reject");
	assert_string_equal(form_get(&f, "note"), "a\nb\tc");
	ids = form_ids(&f, "ids", &n);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 1);
	assert_null(form_get(&f, "pw"));
	assert_int_equal(form_int(&f, "pw", -7), -7);
	assert_null(form_get(&f, "no_such_field"));
	form_release(&f);
}

static void
test_integers(void **state)
{
	struct form	 f;

	(void)state;
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"year\":2026.5,"
	    "\"id\":1.5,\"ids\":[2,2.5]}"), SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "year"), "年度须为整数");
	assert_string_equal(err(&f, "id"), "编号无效");
	assert_non_null(err(&f, "ids"));
	assert_null(form_get(&f, "year"));
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"year\":2101}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "year"), "年度须为 2000 到 2100 之间的整数");
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"year\":\"2026.0\"}"),
	    SDRZ_ERR_INVALID);
	assert_non_null(err(&f, "year"));
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"year\":1e400}"),
	    SDRZ_ERR_INVALID);
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"id\":0,\"ids\":[1,2,3,4]}"),
	    SDRZ_ERR_INVALID);
	assert_non_null(err(&f, "id"));
	assert_string_equal(err(&f, "ids"), "记录一次最多 3 项");
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"year\":\"2001\"}"),
	    SDRZ_OK);
	assert_int_equal(form_int(&f, "year", 0), 2001);
	form_release(&f);
}

static void
test_lengths(void **state)
{
	struct form	 f;

	(void)state;
	/* Four characters of three bytes each pass a limit of four. */
	assert_int_equal(parse(&f, "{\"name\":\"张三李四\"}"), SDRZ_OK);
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"abcde\"}"), SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "name"), "姓名不能超过 4 个字");
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"张三李四王\"}"),
	    SDRZ_ERR_INVALID);
	form_release(&f);
	assert_int_equal(form_chars("张三ab"), 4);
}

static void
test_controls(void **state)
{
	static const char *const bad[] = {
		"{\"name\":\"12\\u0000x\"}",	/* cJSON would give "12" */
		"{\"name\":\"a\\u0007\"}",
		"{\"name\":\"a\\u001f\"}",
		"{\"name\":\"a\\u007f\"}",
		"{\"name\":\"a\\tb\"}",		/* one line: no tab */
		"{\"name\":\"a\\nb\"}",
	};
	struct form	 f;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&f, bad[i]), SDRZ_ERR_INVALID);
		assert_string_equal(err(&f, "name"), "姓名不能包含控制字符");
		form_release(&f);
	}
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"pw\":\"abc\\u0000d\"}"),
	    SDRZ_ERR_INVALID);
	assert_non_null(err(&f, "pw"));
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"note\":\"x\\u0000\"}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "note"), "说明不能包含换行以外的控制字符");
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"note\":\"x\\r\\ny\"}"),
	    SDRZ_OK);
	form_release(&f);
	assert_int_equal(parse(&f, "{\"name\":\"a\",\"note\":\"x\\ry\"}"),
	    SDRZ_ERR_INVALID);
	form_release(&f);
	/* A key with \u0000 is another key, not the field. */
	assert_int_equal(parse(&f, "{\"name\\u0000x\":\"a\"}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "name"), "请填写姓名");
	form_release(&f);
	/* An escaped backslash before u0000 is text. */
	assert_int_equal(parse(&f, "{\"name\":\"\\\\u0000\"}"),
	    SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "name"), "姓名不能超过 4 个字");
	form_release(&f);
}

static void
test_unnul(void **state)
{
	char	 s[] = "{\"a\\u0000\":\"x\\u0000\\\\u0000\\\"\\u0000\"} \\u0000";

	(void)state;
	http_json_unnul(s, strlen(s));
	assert_string_equal(s,
	    "{\"a\\u0001\":\"x\\u0001\\\\u0000\\\"\\u0001\"} \\u0000");
}

static void
test_choices_required(void **state)
{
	struct form	 f;

	(void)state;
	assert_int_equal(parse(&f, "{\"decision\":\"maybe\",\"ok\":\"yes\","
	    "\"on\":\"2023-02-29\"}"), SDRZ_ERR_INVALID);
	assert_string_equal(err(&f, "name"), "请填写姓名");
	assert_string_equal(err(&f, "decision"), "结果不在可选范围内,请重新选择");
	assert_string_equal(err(&f, "ok"), "同意须为是或否");
	assert_non_null(err(&f, "on"));
	form_release(&f);
}

static void
test_describe(void **state)
{
	cJSON	*d, *name, *year, *dec;

	(void)state;
	assert_non_null(d = form_describe(fields, NF));
	assert_int_equal(cJSON_GetArraySize(d), NF);
	name = cJSON_GetArrayItem(d, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(name,
	    "type")), "text");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(name,
	    "maxlen")), 4);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(name, "required")));
	year = cJSON_GetArrayItem(d, 3);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(year,
	    "min")), 2000);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(year,
	    "max")), 2100);
	dec = cJSON_GetArrayItem(d, 7);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(dec,
	    "choices")), 2);
	cJSON_Delete(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_unnul),
		cmocka_unit_test(test_choices_required),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
