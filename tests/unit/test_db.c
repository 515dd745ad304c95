/*
 * The database layer against the test stack's MariaDB. ./dev test runs
 * the unit tests with the stack up; its configuration is
 * var/sdrz-test.conf of the source tree. Without it (a plain make check)
 * these tests are skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "db.h"

static char	 conf_path[4096];

static int
have_stack(void)
{
	const char	*src = getenv("SDRZ_SRCDIR");

	if (src == NULL)
		return 0;
	snprintf(conf_path, sizeof(conf_path), "%s/var/sdrz-test.conf", src);
	return access(conf_path, R_OK) == 0;
}

/* A statement that runs past db_statement_timeout_ms is stopped by the
 * server and reported as SDRZ_ERR_DB_TIMEOUT (not SDRZ_ERR_DB_UNAVAILABLE,
 * not a result after minutes); the connection stays
 * usable. */
static void
test_statement_timeout(void **state)
{
	struct config	 cfg;
	struct db	*db;
	struct db_stmt	*st;
	char		 err[512];
	time_t		 t0;

	(void)state;
	if (!have_stack())
		skip();
	/* Long enough that SELECT 1 never reaches it on a loaded machine. */
	setenv("SDRZ_DB_STATEMENT_TIMEOUT_MS", "1500", 1);
	assert_int_equal(config_load(&cfg, conf_path, err, sizeof(err)), 0);
	unsetenv("SDRZ_DB_STATEMENT_TIMEOUT_MS");
	assert_int_equal(cfg.db_statement_timeout_ms, 1500);
	assert_non_null(db = db_new(&cfg));
	assert_int_equal(db_ping(db), SDRZ_OK);
	t0 = time(NULL);
	/* Far more than 1.5 s of work on any machine (a COUNT(*) would not
	 * do: the Sequence engine knows it without reading). */
	assert_non_null(st = db_stmt(db,
	    "SELECT SUM(seq MOD 7) FROM seq_1_to_10000000000"));
	assert_int_equal(db_exec(st), SDRZ_ERR_DB_TIMEOUT);
	assert_true(time(NULL) - t0 < 15);
	/* The next statement of the same connection runs. */
	assert_non_null(st = db_stmt(db, "SELECT 1"));
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	assert_int_equal(db_col_int(st, 0), 1);
	db_free(db);
	config_release(&cfg);
}

/* The default limit is 5 s; 0 turns it off (the admin tool's bulk work). */
static void
test_timeout_default(void **state)
{
	struct config	 cfg;
	char		 err[512];

	(void)state;
	unsetenv("SDRZ_DB_STATEMENT_TIMEOUT_MS");
	assert_int_equal(config_load(&cfg, NULL, err, sizeof(err)), 0);
	assert_int_equal(cfg.db_statement_timeout_ms, 5000);
	config_release(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeout_default),
		cmocka_unit_test(test_statement_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
