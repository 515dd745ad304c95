#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "form.h"
#include "list.h"

/* A query string as name=value pairs, NULL-terminated. */
static const char *
get(void *arg, const char *name)
{
	const char *const	*kv = arg;

	for (; kv[0] != NULL; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static const char *const states[] = { "pending", "decided", NULL };
static const struct list_param table[] = {
	{ "status", "状态", LIST_ENUM, 0, 0, states },
	{ "name", "姓名", LIST_TEXT, 0, 4, NULL },
	{ "org_id", "单位", LIST_INT, 1, 1000, NULL },
	{ "from", "开始日期", LIST_DATE, 0, 0, NULL },
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

static const char *
err_of(const struct form *f, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(f->errors, name));
}

static void
test_defaults(void **state)
{
	const char		*kv[] = { NULL };
	struct list_query	 q;
	struct form		 f = { 0 };

	(void)state;
	assert_int_equal(list_parse(&q, table, NTABLE, 1, get, kv, &f), 0);
	assert_int_equal(q.pg.page, 1);
	assert_int_equal(q.pg.size, LIST_SIZE_DEFAULT);
	assert_int_equal(q.pg.after, 0);
	assert_null(list_text(&q, "status"));
	assert_int_equal(list_int(&q, "org_id", 7), 7);
	assert_null(f.errors);
}

static void
test_values(void **state)
{
	const char		*kv[] = { "page", "3", "size", "100", "after",
	    "12345", "status", "decided", "name", "王小明", "org_id", "1000",
	    "from", "2024-02-29", NULL };
	struct list_query	 q;
	struct form		 f = { 0 };

	(void)state;
	assert_int_equal(list_parse(&q, table, NTABLE, 1, get, kv, &f), 0);
	assert_int_equal(q.pg.page, 3);
	assert_int_equal(q.pg.size, LIST_SIZE_MAX);
	assert_int_equal(q.pg.after, 12345);
	assert_string_equal(list_text(&q, "status"), "decided");
	/* Characters, not bytes: three Chinese characters are 9 bytes. */
	assert_string_equal(list_text(&q, "name"), "王小明");
	assert_int_equal(list_int(&q, "org_id", 0), 1000);
	assert_string_equal(list_text(&q, "from"), "2024-02-29");
	/* Empty values count as absent. */
	{
		const char	*kv2[] = { "name", "", "page", "", NULL };

		assert_int_equal(list_parse(&q, table, NTABLE, 0, get, kv2,
		    &f), 0);
		assert_null(list_text(&q, "name"));
		assert_int_equal(q.pg.page, 1);
	}
}

/* Every bound is checked and named; nothing out of bounds is clamped. */
static void
test_bounds(void **state)
{
	const char		*kv[] = { "page", "0", "size", "101", "after",
	    "-1", "status", "done", "name", "王小明王小", "org_id", "1001",
	    "from", "2023-02-29", NULL };
	const char		*kv2[] = { "page", "1x", "size", "0",
	    "org_id", "0", "after", "12", NULL };
	struct list_query	 q;
	struct form		 f = { 0 };

	(void)state;
	assert_int_equal(list_parse(&q, table, NTABLE, 1, get, kv, &f), -1);
	assert_string_equal(err_of(&f, "page"), "页码须为 1 到 100000 之间的整数");
	assert_string_equal(err_of(&f, "size"), "每页条数须为 1 到 100 之间的整数");
	assert_non_null(err_of(&f, "after"));
	assert_string_equal(err_of(&f, "status"), "状态只能是 pending 或 decided");
	assert_string_equal(err_of(&f, "name"), "姓名不能超过 4 个字符");
	assert_non_null(err_of(&f, "org_id"));
	assert_non_null(err_of(&f, "from"));
	form_release(&f);

	/* A list that does not seek ignores after. */
	assert_int_equal(list_parse(&q, table, NTABLE, 0, get, kv2, &f), -1);
	assert_non_null(err_of(&f, "page"));
	assert_non_null(err_of(&f, "size"));
	assert_non_null(err_of(&f, "org_id"));
	assert_null(err_of(&f, "after"));
	assert_int_equal(q.pg.after, 0);
	form_release(&f);
}

/* A fake result: keys[i] for row i, then end (0) or a failure (-1). */
struct fake {
	const int64_t	*keys;
	int		 n, at, end;
};

static int
fake_next(void *arg)
{
	struct fake	*f = arg;

	if (f->at < f->n) {
		f->at++;
		return 1;
	}
	return f->end;
}

static enum sdrz_err
fake_row(void *arg, cJSON *it, int64_t *key)
{
	struct fake	*f = arg;

	*key = f->keys[f->at - 1];
	cJSON_AddNumberToObject(it, "id", (double)*key);
	return SDRZ_OK;
}

/* A full page hands out the last key as next; the last page null. */
static void
test_seek(void **state)
{
	static const int64_t	 keys[] = { 10, 20, 35 };
	struct fake		 f = { keys, 3, 0, 0 };
	cJSON			*items = cJSON_CreateArray(), *o;
	size_t			 n;
	int64_t			 last;

	(void)state;
	assert_int_equal(list_read(fake_next, fake_row, &f, items, &n, &last),
	    SDRZ_OK);
	assert_int_equal(n, 3);
	assert_int_equal(last, 35);
	o = list_answer(items, 1000000, 2, 3, 1, n, last);
	assert_non_null(o);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "items")), 3);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "total")),
	    1000000);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "page")), 2);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "size")), 3);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "next")), 35);
	cJSON_Delete(o);

	/* Two rows on a page of three: the end. */
	f.at = 0;
	f.n = 2;
	items = cJSON_CreateArray();
	assert_int_equal(list_read(fake_next, fake_row, &f, items, &n, &last),
	    SDRZ_OK);
	o = list_answer(items, 5, 1, 3, 1, n, last);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "next")));
	cJSON_Delete(o);

	/* A list that pages by number only has no next. */
	o = list_answer(cJSON_CreateArray(), 0, 1, 20, 0, 0, 0);
	assert_null(cJSON_GetObjectItem(o, "next"));
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "total")), 0);
	cJSON_Delete(o);
}

/* A fetch that fails after some rows is an error, not a short list. */
static void
test_fetch_error(void **state)
{
	static const int64_t	 keys[] = { 1, 2 };
	struct fake		 f = { keys, 2, 0, -1 };
	cJSON			*items = cJSON_CreateArray();
	size_t			 n;
	int64_t			 last;

	(void)state;
	assert_int_equal(list_read(fake_next, fake_row, &f, items, &n, &last),
	    SDRZ_ERR_DB);
	cJSON_Delete(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_seek),
		cmocka_unit_test(test_fetch_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
