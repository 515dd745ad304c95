#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "migrate.h"

struct seen {
	char	 stmt[8][128];
	int	 n;
};

static int
collect(const char *s, size_t len, void *arg)
{
	struct seen	*sv = arg;

	if (sv->n == 8 || len >= 128)
		return -1;
	memcpy(sv->stmt[sv->n], s, len);
	sv->stmt[sv->n][len] = '\0';
	sv->n++;
	return 0;
}

static void
test_split(void **state)
{
	static const char sql[] =
	    "-- a comment; with a semicolon\n"
	    "CREATE TABLE a (x INT); \n"
	    "INSERT INTO a VALUES ('semi;colon', \"q\\\";\", `b;`);\n"
	    "/* block; comment */\n"
	    "# hash; comment\n"
	    "SELECT 1 -- trailing\n"
	    ";;\n"
	    "SELECT 2";
	struct seen	 sv = { .n = 0 };

	(void)state;
	assert_int_equal(migrate_split(sql, strlen(sql), collect, &sv), 4);
	assert_string_equal(sv.stmt[0],
	    "-- a comment; with a semicolon\nCREATE TABLE a (x INT)");
	assert_string_equal(sv.stmt[1],
	    " \nINSERT INTO a VALUES ('semi;colon', \"q\\\";\", `b;`)");
	assert_string_equal(sv.stmt[3], "\nSELECT 2");

	sv.n = 0;
	assert_int_equal(migrate_split("  -- only a comment\n", 20, collect,
	    &sv), 0);
	assert_int_equal(migrate_split("SELECT 'open", 12, collect, &sv), -1);
	assert_int_equal(migrate_split("SELECT 1 /* open", 16, collect, &sv),
	    -1);
}

static void
touch(const char *dir, const char *name)
{
	char	 p[256];
	FILE	*f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("SELECT 1;\n", f);
	fclose(f);
}

static void
test_list(void **state)
{
	char			 dir[] = "/tmp/sdrz-migrate-test.XXXXXX", err[256];
	char			 cmd[300];
	struct migration	*m;
	size_t			 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	touch(dir, "010_later.sql");
	touch(dir, "002_second.sql");
	touch(dir, "001_first.sql");
	touch(dir, "README.md");
	touch(dir, "1_short.sql");
	touch(dir, "003_notsql.txt");
	assert_int_equal(migrate_list(dir, &m, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].version, 1);
	assert_string_equal(m[0].name, "001_first.sql");
	assert_int_equal(m[1].version, 2);
	assert_int_equal(m[2].version, 10);
	migrate_list_free(m, n);

	touch(dir, "002_again.sql");
	assert_int_equal(migrate_list(dir, &m, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "same number"));

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(migrate_list(dir, &m, &n, err, sizeof(err)), -1);
}

static int
count(const char *s, size_t len, void *arg)
{
	(void)s;
	(void)len;
	(void)arg;
	return 0;
}

/* The shipped migrations split cleanly: no unterminated text. */
static void
test_shipped(void **state)
{
	const char		*src = getenv("SDRZ_SRCDIR");
	char			 dir[512], err[256], *text;
	struct migration	*m;
	size_t			 n, i;
	FILE			*f;
	long			 len;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/sql", src ? src : ".");
	assert_int_equal(migrate_list(dir, &m, &n, err, sizeof(err)), 0);
	assert_true(n >= 1);
	assert_int_equal(m[0].version, 1);
	for (i = 0; i < n; i++) {
		f = fopen(m[i].path, "r");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		text = malloc((size_t)len + 1);
		assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		assert_true(migrate_split(text, (size_t)len, count, NULL) > 0);
		free(text);
	}
	migrate_list_free(m, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
