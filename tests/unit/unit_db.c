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

#include "passwd.h"
#include "unit_db.h"
#include "valid.h"

struct config	 unit_cfg;
struct db	*unit_db;

int
unit_db_begin(void **state)
{
	(void)state;
	return db_exec_once(unit_db, "START TRANSACTION") == SDRZ_OK ? 0 : -1;
}

int
unit_db_rollback(void **state)
{
	(void)state;
	return db_exec_once(unit_db, "ROLLBACK") == SDRZ_OK ? 0 : -1;
}

int
unit_db_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	const char	*path = getenv("UNIT_DB_CONFIG");
	char		 err[256];
	int		 rc;

	if (path == NULL || *path == '\0') {
		fprintf(stderr, "%s: UNIT_DB_CONFIG names no configuration; "
		    "skipped (./dev test sets it)\n", name);
		return 77;
	}
	if (config_load(&unit_cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", name, err);
		return 1;
	}
	if ((unit_db = db_new(&unit_cfg)) == NULL) {
		fprintf(stderr, "%s: cannot reach the database\n", name);
		config_release(&unit_cfg);
		return 1;
	}
	rc = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	db_free(unit_db);
	config_release(&unit_cfg);
	return rc;
}

static struct db_stmt *
bind_args(const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt	*st;
	unsigned	 i;
	int64_t		 v;
	const char	*s;

	st = db_stmt(unit_db, sql);
	assert_non_null(st);
	for (i = 0; fmt[i] != '\0'; i++) {
		if (fmt[i] == 'i' || fmt[i] == 'n') {
			v = va_arg(ap, int64_t);
			if (v == 0 && fmt[i] == 'n')
				db_bind_null(st, i);
			else
				db_bind_int(st, i, v);
		} else {
			s = va_arg(ap, const char *);
			db_bind_text(st, i, s);
		}
	}
	if (db_exec(st) != SDRZ_OK)
		fail_msg("%s: %s", sql, db_error(unit_db));
	return st;
}

int64_t
unit_exec(const char *sql, const char *fmt, ...)
{
	struct db_stmt	*st;
	va_list		 ap;

	va_start(ap, fmt);
	st = bind_args(sql, fmt, ap);
	va_end(ap);
	return strncmp(sql, "INSERT", 6) == 0 ? (int64_t)db_insert_id(st) :
	    (int64_t)db_affected(st);
}

int64_t
unit_int(const char *sql, const char *fmt, ...)
{
	struct db_stmt	*st;
	va_list		 ap;

	va_start(ap, fmt);
	st = bind_args(sql, fmt, ap);
	va_end(ap);
	return db_next(st) == 1 ? db_col_int(st, 0) : -1;
}

void
unit_id_number(char out[19])
{
	static const int	 w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9,
	    10, 5, 8, 4, 2 };
	static const char	 check[] = "10X98765432";
	static unsigned		 n;
	struct tm		 tm;
	time_t			 t;
	char			 buf[64];
	int			 i, sum = 0;

	/* The birth date is the program's (1970 to 2019 by its pid), the
	 * sequence the call's. */
	t = (time_t)(getpid() % 18000) * 86400;
	gmtime_r(&t, &tm);
	snprintf(buf, sizeof(buf), "371102%04d%02d%02d%03u", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, n++ % 1000);
	memcpy(out, buf, 17);
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = check[sum % 11];
	out[18] = '\0';
	assert_true(valid_id_number(out));
}

int64_t
unit_org(int64_t parent, const char *kind, const char *name)
{
	struct db_stmt	*st;
	char		 path[256] = "/";
	int64_t		 id;

	if (parent > 0) {
		assert_non_null(st = db_stmt(unit_db,
		    "SELECT path FROM org WHERE id = ?"));
		db_bind_int(st, 0, parent);
		assert_int_equal(db_exec(st), SDRZ_OK);
		assert_int_equal(db_next(st), 1);
		snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
	}
	id = unit_exec("INSERT INTO org (parent_id, kind, name, region_code,"
	    " status, approved_at) VALUES (?, ?, ?, '371102', 'approved',"
	    " NOW(3))", "nss", parent, kind, name);
	unit_exec("UPDATE org SET path = CONCAT(?, id, '/') WHERE id = ?",
	    "si", path, id);
	return id;
}

int64_t
unit_person(const char *name, const char *password, char *idn)
{
	char	 number[19], *hash = NULL;
	int64_t	 id;

	unit_id_number(number);
	if (password != NULL)
		assert_non_null(hash = passwd_hash(&unit_cfg, password));
	id = unit_exec("INSERT INTO person (id_type, id_number, name,"
	    " password_hash) VALUES ('01', ?, ?, ?)", "sss", number, name,
	    hash ? hash : "!");
	free(hash);
	if (idn != NULL)
		memcpy(idn, number, sizeof(number));
	return id;
}

void
unit_personnel(int64_t person, int64_t org, const char *status)
{
	unit_exec("INSERT INTO personnel (person_id, org_id, status,"
	    " approved_at) VALUES (?, ?, ?, IF(? = 'approved', NOW(3), NULL))",
	    "iiss", person, org, status, status);
}

void
unit_admin(int64_t org, int64_t person, int is_super, int64_t role)
{
	unit_exec("INSERT INTO org_admin (org_id, person_id, is_super, role_id)"
	    " VALUES (?, ?, ?, ?)", "iiin", org, person, (int64_t)(is_super != 0),
	    role);
}
