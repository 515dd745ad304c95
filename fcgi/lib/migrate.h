/*
 * Schema migrations: the files sql/NNN_name.sql, applied in the order of
 * their numbers, each once, recorded with a checksum in the table
 * schema_migration. A file that changed after it was applied is refused:
 * schema changes come only as new files.
 */
#ifndef SDRZ_MIGRATE_H
#define SDRZ_MIGRATE_H

#include <stddef.h>

#include "sdrz.h"

struct db;

struct migration {
	unsigned	 version;
	char		*name;		/* file name, "001_core.sql" */
	char		*path;
};

/*
 * Lists the migration files of dir sorted by number into *out (free with
 * migrate_list_free()). Other files are ignored; two files with the same
 * number are an error. Returns 0, or -1 with a message in err.
 */
int	 migrate_list(const char *dir, struct migration **out, size_t *n,
	    char *err, size_t errsz);
void	 migrate_list_free(struct migration *, size_t);

/*
 * Calls fn for each statement of the SQL text, without the ';' and with
 * comments kept inside statements; text holding only whitespace and
 * comments is skipped. Strings ('...', "...", `...`) and comments (-- , #,
 * C style) may contain ';'. Returns the number of statements, or -1 when
 * fn returns non-zero or a string or comment is unterminated.
 */
int	 migrate_split(const char *sql, size_t len,
	    int (*fn)(const char *stmt, size_t len, void *arg), void *arg);

/*
 * Applies the pending migrations of dir. *applied gets how many ran.
 * Returns SDRZ_OK, or an error with a message in err.
 */
enum sdrz_err migrate_apply(struct db *, const char *dir, int *applied,
	    char *err, size_t errsz);

#endif
