/*
 * What the unit tests that need MariaDB share: the test stack's server,
 * named by ./dev test in UNIT_DB_CONFIG (not an SDRZ_ variable: those are
 * configuration overrides, cleared for the unit tests), and fixtures.
 *
 * Each test runs inside a transaction rolled back after it (UNIT_DB_TEST):
 * the rows it makes are seen by no other connection — not by the API
 * tests that run later on the same database — and are gone when it ends.
 * So a function under test must not open a transaction of its own
 * (db_tx() would commit this one): those are the API tests' part.
 */
#ifndef UNIT_DB_H
#define UNIT_DB_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "db.h"

extern struct config	 unit_cfg;
extern struct db	*unit_db;

int	 unit_db_begin(void **);
int	 unit_db_rollback(void **);
#define UNIT_DB_TEST(f) \
	cmocka_unit_test_setup_teardown(f, unit_db_begin, unit_db_rollback)

/*
 * Loads UNIT_DB_CONFIG, connects and runs the tests: cmocka's status, or
 * 77 (skipped) when UNIT_DB_CONFIG is unset, as when run by hand.
 */
int	 unit_db_run(const char *name, const struct CMUnitTest *, size_t);

/*
 * Runs a statement with arguments bound in order as fmt says: 'i' an
 * int64_t, 'n' an int64_t where 0 binds NULL, 's' a string (NULL binds
 * NULL). Returns the
 * insert id of an INSERT, else the rows affected; fails the test on an
 * error.
 */
int64_t	 unit_exec(const char *sql, const char *fmt, ...);
/* The first column of the first row as an integer, -1 when no row. */
int64_t	 unit_int(const char *sql, const char *fmt, ...);

/* A valid resident ID number (GB 11643) that no other call and no other
 * test program running at the same time makes. */
void	 unit_id_number(char out[19]);

/* An approved organisation under parent (0: a root), its path set. */
int64_t	 unit_org(int64_t parent, const char *kind, const char *name);
/* A person who owns a fresh ID number (copied to idn unless NULL), with
 * a hash of password (NULL: a hash no password fits). */
int64_t	 unit_person(const char *name, const char *password, char *idn);
/* The person's personnel role in org, of the status. */
void	 unit_personnel(int64_t person, int64_t org, const char *status);
/* An active admin of org, with a role (0: none). */
void	 unit_admin(int64_t org, int64_t person, int is_super, int64_t role);

#endif
