#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "migrate.h"
#include "util.h"

static int
cmp_migration(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;

	return x->version < y->version ? -1 : x->version > y->version;
}

void
migrate_list_free(struct migration *m, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].path);
	}
	free(m);
}

int
migrate_list(const char *dir, struct migration **out, size_t *nout,
    char *err, size_t errsz)
{
	DIR		*d;
	struct dirent	*e;
	struct migration *m = NULL, *nm;
	size_t		 n = 0, i, len;
	const char	*name;

	*out = NULL;
	*nout = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		name = e->d_name;
		len = strlen(name);
		if (len < 9 || !isdigit((unsigned char)name[0]) ||
		    !isdigit((unsigned char)name[1]) ||
		    !isdigit((unsigned char)name[2]) || name[3] != '_' ||
		    strcmp(name + len - 4, ".sql") != 0)
			continue;
		if ((nm = realloc(m, (n + 1) * sizeof(*m))) == NULL)
			goto nomem;
		m = nm;
		m[n].version = (unsigned)atoi(name);
		m[n].name = strdup(name);
		m[n].path = NULL;
		if (m[n].name == NULL || asprintf(&m[n].path, "%s/%s", dir,
		    name) == -1) {
			free(m[n].name);
			goto nomem;
		}
		n++;
	}
	closedir(d);
	qsort(m, n, sizeof(*m), cmp_migration);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			snprintf(err, errsz, "%s and %s have the same number",
			    m[i - 1].name, m[i].name);
			migrate_list_free(m, n);
			return -1;
		}
	*out = m;
	*nout = n;
	return 0;
nomem:
	closedir(d);
	migrate_list_free(m, n);
	snprintf(err, errsz, "out of memory");
	return -1;
}

/* 1 when [p, end) holds only whitespace and comments. */
static int
blank_sql(const char *p, const char *end)
{
	while (p < end) {
		if (isspace((unsigned char)*p))
			p++;
		else if (*p == '#' || (end - p >= 3 && p[0] == '-' &&
		    p[1] == '-' && isspace((unsigned char)p[2]))) {
			while (p < end && *p != '\n')
				p++;
		} else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			p += 2;
			while (end - p >= 2 && !(p[0] == '*' && p[1] == '/'))
				p++;
			p += 2;
		} else
			return 0;
	}
	return 1;
}

int
migrate_split(const char *sql, size_t len,
    int (*fn)(const char *, size_t, void *), void *arg)
{
	const char	*p = sql, *end = sql + len, *start = sql;
	char		 q;
	int		 count = 0;

	while (p < end) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			q = *p++;
			while (p < end && *p != q) {
				if (*p == '\\' && q != '`' && p + 1 < end)
					p++;
				p++;
			}
			if (p >= end)
				return -1;
			p++;
		} else if (*p == '#' || (end - p >= 3 && p[0] == '-' &&
		    p[1] == '-' && isspace((unsigned char)p[2]))) {
			while (p < end && *p != '\n')
				p++;
		} else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			p += 2;
			while (end - p >= 2 && !(p[0] == '*' && p[1] == '/'))
				p++;
			if (end - p < 2)
				return -1;
			p += 2;
		} else if (*p == ';') {
			if (!blank_sql(start, p)) {
				if (fn(start, (size_t)(p - start), arg) != 0)
					return -1;
				count++;
			}
			start = ++p;
		} else
			p++;
	}
	if (!blank_sql(start, end)) {
		if (fn(start, (size_t)(end - start), arg) != 0)
			return -1;
		count++;
	}
	return count;
}

struct apply_ctx {
	struct db	*db;
	int		 index;
	enum sdrz_err	 rc;
};

static int
apply_one(const char *stmt, size_t len, void *arg)
{
	struct apply_ctx	*c = arg;
	char			*sql;

	c->index++;
	if ((sql = strndup(stmt, len)) == NULL) {
		c->rc = SDRZ_ERR_NOMEM;
		return -1;
	}
	c->rc = db_exec_once(c->db, sql);
	free(sql);
	return c->rc == SDRZ_OK ? 0 : -1;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE		*f;
	struct buf	 b = { 0 };
	char		 chunk[8192];
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(&b, chunk, n) == -1)
			goto fail;
	if (ferror(f))
		goto fail;
	fclose(f);
	if (b.data == NULL && buf_append(&b, "", 0) == -1)
		return NULL;
	*len = b.len;
	return b.data;
fail:
	fclose(f);
	buf_release(&b);
	return NULL;
}

static const char SQL_TABLE[] =
    "CREATE TABLE IF NOT EXISTS schema_migration ("
    " version INT UNSIGNED NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
static const char SQL_LOCK[] = "SELECT GET_LOCK('sdrz_migrate', 30)";
static const char SQL_UNLOCK[] = "SELECT RELEASE_LOCK('sdrz_migrate')";
static const char SQL_GET[] =
    "SELECT checksum FROM schema_migration WHERE version = ?";
static const char SQL_PUT[] =
    "INSERT INTO schema_migration (version, name, checksum) VALUES (?,?,?)";

enum sdrz_err
migrate_apply(struct db *db, const char *dir, int *applied, char *err,
    size_t errsz)
{
	struct migration	*m = NULL;
	size_t			 n = 0, i, len = 0;
	struct db_stmt		*st;
	char			*text = NULL, sum[65];
	enum sdrz_err		 rc;
	struct apply_ctx	 ctx;
	int			 locked = 0;

	*applied = 0;
	if (migrate_list(dir, &m, &n, err, errsz) == -1)
		return SDRZ_ERR_IO;
	if ((rc = db_exec_once(db, SQL_TABLE)) != SDRZ_OK) {
		snprintf(err, errsz, "cannot create schema_migration: %s",
		    db_error(db));
		goto out;
	}
	/* Two hosts deploying at once take turns. */
	if ((st = db_stmt(db, SQL_LOCK)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((rc = db_exec(st)) != SDRZ_OK || db_next(st) != 1 ||
	    db_col_int(st, 0) != 1) {
		snprintf(err, errsz, "cannot take the migration lock");
		rc = rc ? rc : SDRZ_ERR_CONFLICT;
		goto out;
	}
	locked = 1;
	for (i = 0; i < n; i++) {
		free(text);
		if ((text = slurp(m[i].path, &len)) == NULL) {
			snprintf(err, errsz, "%s: %s", m[i].path,
			    strerror(errno));
			rc = SDRZ_ERR_IO;
			goto out;
		}
		util_sha256_hex(text, len, sum);
		if ((st = db_stmt(db, SQL_GET)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_int(st, 0, m[i].version);
		if ((rc = db_exec(st)) != SDRZ_OK) {
			snprintf(err, errsz, "%s", db_error(db));
			goto out;
		}
		if (db_next(st) == 1) {
			if (strcmp(db_col_text(st, 0), sum) != 0) {
				snprintf(err, errsz, "%s changed after it was "
				    "applied; add a new migration instead",
				    m[i].name);
				rc = SDRZ_ERR_CONFLICT;
				goto out;
			}
			continue;
		}
		/* DDL commits by itself in MariaDB: a failure part way
		 * leaves the statements before it applied. */
		memset(&ctx, 0, sizeof(ctx));
		ctx.db = db;
		if (migrate_split(text, len, apply_one, &ctx) < 0) {
			snprintf(err, errsz, "%s: statement %d failed: %s",
			    m[i].name, ctx.index, ctx.rc ? db_error(db) :
			    "unterminated string or comment");
			rc = ctx.rc ? ctx.rc : SDRZ_ERR_INVALID;
			goto out;
		}
		if ((st = db_stmt(db, SQL_PUT)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_int(st, 0, m[i].version);
		db_bind_text(st, 1, m[i].name);
		db_bind_text(st, 2, sum);
		if ((rc = db_exec(st)) != SDRZ_OK) {
			snprintf(err, errsz, "%s", db_error(db));
			goto out;
		}
		log_info("applied %s", m[i].name);
		(*applied)++;
	}
	rc = SDRZ_OK;
out:
	if (locked && (st = db_stmt(db, SQL_UNLOCK)) != NULL)
		(void)db_exec(st);
	free(text);
	migrate_list_free(m, n);
	return rc;
}
