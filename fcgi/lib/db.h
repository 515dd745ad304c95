/*
 * The database layer over MariaDB Connector/C: prepared statements only.
 *
 * One struct db per process (a portal worker, the admin tool). It connects
 * lazily, and when the server went away it reconnects and re-prepares by
 * itself. Statements are cached per handle by their SQL text and prepared
 * once per connection (see openradtool's stmts[] and libzdb).
 *
 * Parameters are bound by 0-based index and copied into the statement, so
 * the caller's values need not outlive the bind call. Result columns are
 * read as text (NULL for SQL NULL) or converted by the typed accessors.
 */
#ifndef SDRZ_DB_H
#define SDRZ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "sdrz.h"

struct config;
struct db;
struct db_stmt;

/* A new handle, not yet connected; NULL when out of memory. The config
 * must outlive the handle. Free with db_free(). */
struct db	*db_new(const struct config *);
void		 db_free(struct db *);

/* Connects if needed and makes one round trip (SELECT 1). */
enum sdrz_err	 db_ping(struct db *);

/*
 * The cached statement for this SQL text, its parameters cleared and any
 * previous result released; NULL when out of memory. Nothing is sent to
 * the server until db_exec(). The statement belongs to the handle: never
 * free it, and do not ask for the same SQL again while still reading its
 * rows. Use fixed SQL texts: each distinct text is kept for the life of
 * the handle.
 */
struct db_stmt	*db_stmt(struct db *, const char *sql);

/* Binds parameter idx (0-based); each returns 0, or -1 when out of memory
 * (db_exec() then fails with SDRZ_ERR_NOMEM). A NULL text binds SQL NULL. */
int	 db_bind_int(struct db_stmt *, unsigned idx, int64_t);
int	 db_bind_double(struct db_stmt *, unsigned idx, double);
int	 db_bind_text(struct db_stmt *, unsigned idx, const char *);
int	 db_bind_blob(struct db_stmt *, unsigned idx, const void *, size_t);
int	 db_bind_null(struct db_stmt *, unsigned idx);

/*
 * Prepares (when this connection has not yet), executes, and buffers the
 * whole result set if there is one. Returns SDRZ_OK; SDRZ_ERR_CONFLICT for
 * a duplicate key or a failed foreign-key/check constraint;
 * SDRZ_ERR_DB_UNAVAILABLE when the server cannot be reached; SDRZ_ERR_DB
 * otherwise (logged with the server's message).
 */
enum sdrz_err	 db_exec(struct db_stmt *);

/* Steps to the next row of the result: 1 a row, 0 no more rows, -1 error. */
int		 db_next(struct db_stmt *);
int		 db_col_isnull(const struct db_stmt *, unsigned col);
/* The column as text (NUL-terminated, owned by the statement and valid
 * until the next db_next()/db_stmt()), or NULL for SQL NULL. */
const char	*db_col_text(const struct db_stmt *, unsigned col);
size_t		 db_col_len(const struct db_stmt *, unsigned col);
/* The column as a number; 0 for NULL or text that is not a number. */
int64_t		 db_col_int(const struct db_stmt *, unsigned col);
double		 db_col_double(const struct db_stmt *, unsigned col);
unsigned	 db_col_count(const struct db_stmt *);

uint64_t	 db_affected(const struct db_stmt *);
uint64_t	 db_insert_id(const struct db_stmt *);

/*
 * Runs a statement that is not cached (migrations, one-off DDL). Returns
 * as db_exec(); any result is discarded.
 */
enum sdrz_err	 db_exec_once(struct db *, const char *sql);

/* The server's error number and message of the last failure (0, ""). */
unsigned	 db_errno(const struct db *);
const char	*db_error(const struct db *);

/*
 * Runs fn inside one transaction: BEGIN, fn, COMMIT. When fn returns an
 * error, or COMMIT fails, everything is rolled back and that error is
 * returned. A deadlock or lock wait timeout (and a connection lost before
 * COMMIT was sent) rolls back and runs fn again, up to three times, so fn
 * must not keep state across calls other than through the database.
 */
typedef enum sdrz_err (*db_tx_fn)(struct db *, void *arg);
enum sdrz_err	 db_tx(struct db *, db_tx_fn fn, void *arg);

#endif
