#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

static char path[64];

static void
write_file(const char *text)
{
	FILE	*f;

	snprintf(path, sizeof(path), "/tmp/sdrz-config-test.XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_defaults(void **state)
{
	struct config	 c;
	char		 err[256];

	(void)state;
	unsetenv("SDRZ_DB_NAME");
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), 0);
	assert_string_equal(c.db_name, "sdrz");
	assert_string_equal(c.site_organiser, "日照市人力资源和社会保障局");
	assert_int_equal(c.body_limit, 1048576);
	config_release(&c);
}

static void
test_file_and_env(void **state)
{
	struct config	 c;
	char		 err[256];

	(void)state;
	write_file("# comment\n\n db_name = from_file \n"
	    "db_password = p=ss # not a comment\nbody_limit=2048\n"
	    "url_gxk = https://gxk.example.cn\n");
	setenv("SDRZ_DB_NAME", "from_env", 1);
	assert_int_equal(config_load(&c, path, err, sizeof(err)), 0);
	assert_string_equal(c.db_name, "from_env");
	assert_string_equal(c.db_password, "p=ss # not a comment");
	assert_int_equal(c.body_limit, 2048);
	assert_string_equal(c.url_gxk, "https://gxk.example.cn");
	config_release(&c);
	unsetenv("SDRZ_DB_NAME");
	unlink(path);
}

static void
test_errors(void **state)
{
	struct config	 c;
	char		 err[256];

	(void)state;
	write_file("db_name = x\nno_such_key = 1\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: unknown key no_such_key"));
	unlink(path);

	write_file("just words\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "expected key = value"));
	unlink(path);

	write_file("body_limit = 12abc\n");
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "body_limit must be a number"));
	unlink(path);

	setenv("SDRZ_BODY_LIMIT", "1", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "SDRZ_BODY_LIMIT"));
	unsetenv("SDRZ_BODY_LIMIT");

	assert_int_equal(config_load(&c, "/nonexistent/sdrz.conf", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/sdrz.conf"));
}

static void
test_portal_check(void **state)
{
	struct config	 c;
	char		 err[256];

	(void)state;
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), 0);
	assert_int_equal(config_check_portal(&c, err, sizeof(err)), -1);
	free(c.secret_key);
	c.secret_key = strdup("00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff");
	assert_int_equal(config_check_portal(&c, err, sizeof(err)), 0);
	c.secret_key[3] = 'g';
	assert_int_equal(config_check_portal(&c, err, sizeof(err)), -1);
	config_release(&c);
}

int
main(void)
{
	extern char	**environ;
	char		**e, name[128];

	/* The environment overrides the file: start from none of ours. */
	for (e = environ; *e != NULL;) {
		if (strncmp(*e, "SDRZ_", 5) == 0) {
			snprintf(name, sizeof(name), "%.*s",
			    (int)strcspn(*e, "="), *e);
			unsetenv(name);
		} else
			e++;
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_and_env),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_portal_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
