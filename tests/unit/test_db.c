/*
 * The database layer against a real MariaDB: typed binds and columns,
 * NULLs, values larger than the first fetch buffer, duplicate keys as
 * conflicts, transactions that roll back, statements cached per text, and
 * a connection killed under the handle that reconnects and re-prepares,
 * and the statement time limit (db_statement_timeout_ms) that stops a
 * long statement in the server and leaves the connection usable.
 *
 * The server is the test stack's: ./dev test passes its configuration
 * file as UNIT_DB_CONFIG (not an SDRZ_ variable: those are configuration
 * overrides, cleared for the unit tests) and counts a skip as a failure.
 * Run by hand without it, the program skips (exit 77).
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

static const char	*conf_path;
static struct config	 cfg;
static struct db	*db;
static char		 table[64];
static char		 sql[512];

/* Formats the statement text with the test's table name. */
static const char *
q(const char *fmt)
{
	snprintf(sql, sizeof(sql), fmt, table, table);
	return sql;
}

static int
setup(void **state)
{
	(void)state;
	if ((db = db_new(&cfg)) == NULL)
		return -1;
	snprintf(table, sizeof(table), "unit_db_%ld", (long)getpid());
	if (db_exec_once(db, q("DROP TABLE IF EXISTS %s")) != SDRZ_OK)
		return -1;
	if (db_exec_once(db, q("CREATE TABLE %s (id INT PRIMARY KEY, "
	    "name VARCHAR(50) NULL, note MEDIUMTEXT NULL, n BIGINT NULL, "
	    "x DOUBLE NULL, b BLOB NULL) ENGINE=InnoDB "
	    "DEFAULT CHARSET=utf8mb4")) != SDRZ_OK)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_exec_once(db, q("DROP TABLE IF EXISTS %s"));
	db_free(db);
	return 0;
}

static void
test_bind_and_read(void **state)
{
	struct db_stmt	*st;
	char		*big;
	size_t		 i;
	static const unsigned char bin[] = { 0, 1, 0xff, 0, 'z' };

	(void)state;
	/* Larger than any first fetch buffer: the column must grow. */
	big = malloc(300000 + 1);
	assert_non_null(big);
	for (i = 0; i < 300000; i++)
		big[i] = (char)('a' + i % 26);
	big[300000] = '\0';

	st = db_stmt(db, q("INSERT INTO %s (id, name, note, n, x, b) "
	    "VALUES (?, ?, ?, ?, ?, ?)"));
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 0, 1), 0);
	assert_int_equal(db_bind_text(st, 1, "张三丰"), 0);
	assert_int_equal(db_bind_text(st, 2, big), 0);
	assert_int_equal(db_bind_int(st, 3, INT64_C(9007199254740993)), 0);
	assert_int_equal(db_bind_double(st, 4, 2.5), 0);
	assert_int_equal(db_bind_blob(st, 5, bin, sizeof(bin)), 0);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_affected(st), 1);

	/* The same text gives the same cached statement, parameters cleared:
	 * NULL binds as SQL NULL. */
	assert_ptr_equal(db_stmt(db, sql), st);
	assert_int_equal(db_bind_int(st, 0, 2), 0);
	assert_int_equal(db_bind_text(st, 1, NULL), 0);
	assert_int_equal(db_bind_null(st, 2), 0);
	assert_int_equal(db_bind_null(st, 3), 0);
	assert_int_equal(db_bind_null(st, 4), 0);
	assert_int_equal(db_bind_null(st, 5), 0);
	assert_int_equal(db_exec(st), SDRZ_OK);

	st = db_stmt(db, q("SELECT id, name, note, n, x, b FROM %s "
	    "ORDER BY id"));
	assert_non_null(st);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_col_count(st), 6);
	assert_int_equal(db_next(st), 1);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_string_equal(db_col_text(st, 1), "张三丰");
	assert_int_equal(db_col_len(st, 1), strlen("张三丰"));
	assert_int_equal(db_col_len(st, 2), 300000);
	assert_memory_equal(db_col_text(st, 2), big, 300000);
	assert_true(db_col_int(st, 3) == INT64_C(9007199254740993));
	assert_true(db_col_double(st, 4) == 2.5);
	assert_int_equal(db_col_len(st, 5), sizeof(bin));
	assert_memory_equal(db_col_text(st, 5), bin, sizeof(bin));
	assert_int_equal(db_next(st), 1);
	assert_int_equal(db_col_int(st, 0), 2);
	for (i = 1; i < 6; i++) {
		assert_true(db_col_isnull(st, (unsigned)i));
		assert_null(db_col_text(st, (unsigned)i));
	}
	assert_int_equal(db_col_int(st, 3), 0);
	assert_int_equal(db_next(st), 0);
	free(big);
}

static void
test_conflict(void **state)
{
	struct db_stmt	*st;

	(void)state;
	st = db_stmt(db, q("INSERT INTO %s (id, name) VALUES (?, ?)"));
	assert_non_null(st);
	db_bind_int(st, 0, 1);
	db_bind_text(st, 1, "again");
	assert_int_equal(db_exec(st), SDRZ_ERR_CONFLICT);
	/* A bad statement is a database error, not a conflict. */
	st = db_stmt(db, q("SELECT no_such_column FROM %s"));
	assert_non_null(st);
	assert_int_equal(db_exec(st), SDRZ_ERR_DB);
	assert_true(db_errno(db) != 0);
}

struct tx_arg {
	int	 calls;
	int	 fail;
};

static enum sdrz_err
insert_two(struct db *d, void *arg)
{
	struct tx_arg	*a = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 i;

	a->calls++;
	for (i = 0; i < 2; i++) {
		st = db_stmt(d, q("INSERT INTO %s (id, name) VALUES (?, ?)"));
		if (st == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, 10 + i);
		db_bind_text(st, 1, "tx");
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	return a->fail ? SDRZ_ERR_INVALID : SDRZ_OK;
}

static int64_t
count_tx_rows(void)
{
	struct db_stmt	*st;

	st = db_stmt(db, q("SELECT COUNT(*) FROM %s WHERE name = 'tx'"));
	assert_non_null(st);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	return db_col_int(st, 0);
}

static void
test_tx(void **state)
{
	struct tx_arg	 a = { 0, 1 };

	(void)state;
	/* An error of fn rolls back both rows, and fn ran once. */
	assert_int_equal(db_tx(db, insert_two, &a), SDRZ_ERR_INVALID);
	assert_int_equal(a.calls, 1);
	assert_int_equal(count_tx_rows(), 0);
	a.calls = 0;
	a.fail = 0;
	assert_int_equal(db_tx(db, insert_two, &a), SDRZ_OK);
	assert_int_equal(a.calls, 1);
	assert_int_equal(count_tx_rows(), 2);
	/* A duplicate inside the transaction undoes its first row too. */
	a.calls = 0;
	assert_int_equal(db_tx(db, insert_two, &a), SDRZ_ERR_CONFLICT);
	assert_int_equal(count_tx_rows(), 2);
}

static void
test_reconnect(void **state)
{
	struct db	*other;
	struct db_stmt	*st;
	int64_t		 id;
	char		 kill[64];

	(void)state;
	st = db_stmt(db, "SELECT CONNECTION_ID()");
	assert_non_null(st);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	id = db_col_int(st, 0);

	/* Another connection kills this one under the handle. */
	other = db_new(&cfg);
	assert_non_null(other);
	snprintf(kill, sizeof(kill), "KILL CONNECTION %lld", (long long)id);
	assert_int_equal(db_exec_once(other, kill), SDRZ_OK);
	db_free(other);

	/* The cached statement is prepared again on a new connection. */
	st = db_stmt(db, "SELECT CONNECTION_ID()");
	assert_non_null(st);
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	assert_true(db_col_int(st, 0) != id);
	assert_int_equal(db_ping(db), SDRZ_OK);
}

/* A statement that runs past db_statement_timeout_ms is stopped by the
 * server and reported as SDRZ_ERR_DB_TIMEOUT (not SDRZ_ERR_DB_UNAVAILABLE,
 * not a result after minutes); the connection stays usable. */
static void
test_statement_timeout(void **state)
{
	struct config	 c;
	struct db	*d;
	struct db_stmt	*st;
	char		 err[512];
	time_t		 t0;

	(void)state;
	/* Long enough that SELECT 1 never reaches it on a loaded machine. */
	setenv("SDRZ_DB_STATEMENT_TIMEOUT_MS", "1500", 1);
	assert_int_equal(config_load(&c, conf_path, err, sizeof(err)), 0);
	unsetenv("SDRZ_DB_STATEMENT_TIMEOUT_MS");
	assert_int_equal(c.db_statement_timeout_ms, 1500);
	assert_non_null(d = db_new(&c));
	assert_int_equal(db_ping(d), SDRZ_OK);
	t0 = time(NULL);
	/* Far more than 1.5 s of work on any machine (a COUNT(*) would not
	 * do: the Sequence engine knows it without reading). */
	assert_non_null(st = db_stmt(d,
	    "SELECT SUM(seq MOD 7) FROM seq_1_to_10000000000"));
	assert_int_equal(db_exec(st), SDRZ_ERR_DB_TIMEOUT);
	assert_true(time(NULL) - t0 < 15);
	/* The next statement of the same connection runs. */
	assert_non_null(st = db_stmt(d, "SELECT 1"));
	assert_int_equal(db_exec(st), SDRZ_OK);
	assert_int_equal(db_next(st), 1);
	assert_int_equal(db_col_int(st, 0), 1);
	db_free(d);
	config_release(&c);
}

/* The default limit is 5 s; 0 turns it off (the admin tool's bulk work). */
static void
test_timeout_default(void **state)
{
	struct config	 c;
	char		 err[512];

	(void)state;
	unsetenv("SDRZ_DB_STATEMENT_TIMEOUT_MS");
	assert_int_equal(config_load(&c, NULL, err, sizeof(err)), 0);
	assert_int_equal(c.db_statement_timeout_ms, 5000);
	config_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_and_read),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_tx),
		cmocka_unit_test(test_reconnect),
		cmocka_unit_test(test_timeout_default),
		cmocka_unit_test(test_statement_timeout),
	};
	const char	*path = getenv("UNIT_DB_CONFIG");
	char		 err[256];
	int		 rc;

	if (path == NULL || *path == '\0') {
		fprintf(stderr, "test_db: UNIT_DB_CONFIG names no configuration; "
		    "skipped (./dev test sets it)\n");
		return 77;
	}
	conf_path = path;
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "test_db: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, setup, teardown);
	config_release(&cfg);
	return rc;
}
