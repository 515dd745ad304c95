#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "log.h"

#define NBUCKETS 256

enum ptype { P_NULL, P_INT, P_DOUBLE, P_TEXT, P_BLOB };

struct param {
	enum ptype	 type;
	int64_t		 i;
	double		 d;
	char		*p;		/* text or blob bytes, owned */
	size_t		 cap;
	unsigned long	 len;
};

struct col {
	char		*buf;
	size_t		 cap;
	unsigned long	 len;
	my_bool		 isnull;
	my_bool		 error;
};

struct db_stmt {
	struct db	*db;
	struct db_stmt	*next;		/* hash chain */
	char		*sql;
	int		 readonly;	/* a SELECT: safe to run twice */
	MYSQL_STMT	*ms;
	unsigned	 gen;		/* connection generation it was prepared on */
	struct param	*params;
	unsigned	 nparams, capparams;
	int		 bind_failed;
	MYSQL_BIND	*pbind;
	struct col	*cols;
	MYSQL_BIND	*rbind;
	unsigned	 ncols, capcols;
	int		 has_result;
	uint64_t	 affected, insert_id;
};

struct db {
	const struct config	*cfg;
	MYSQL			*conn;
	unsigned		 gen;
	int			 in_tx;
	int			 tx_lost;	/* the server rolled back under us */
	unsigned		 err;
	char			 errmsg[512];
	struct db_stmt		*buckets[NBUCKETS];
};

static unsigned
hash_sql(const char *s)
{
	unsigned	 h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The connection is unusable: the server went away or was restarted. */
static int
err_gone(unsigned e)
{
	switch (e) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case CR_COMMANDS_OUT_OF_SYNC:
		return 1;
	default:
		return 0;
	}
}

static enum sdrz_err
err_class(unsigned e)
{
	switch (e) {
	case ER_DUP_ENTRY:
	case ER_DUP_ENTRY_WITH_KEY_NAME:
	case ER_ROW_IS_REFERENCED_2:
	case ER_NO_REFERENCED_ROW_2:
	case ER_CONSTRAINT_FAILED:
		return SDRZ_ERR_CONFLICT;
	case ER_STATEMENT_TIMEOUT:
		return SDRZ_ERR_DB_TIMEOUT;
	default:
		return err_gone(e) ? SDRZ_ERR_DB_UNAVAILABLE : SDRZ_ERR_DB;
	}
}

static void
set_err(struct db *db, unsigned e, const char *msg)
{
	db->err = e;
	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg ? msg : "");
}

static void
stmt_unprepare(struct db_stmt *st)
{
	if (st->ms != NULL)
		mysql_stmt_close(st->ms);
	st->ms = NULL;
	st->has_result = 0;
}

/* Drops the connection and every statement prepared on it. */
static void
db_disconnect(struct db *db)
{
	struct db_stmt	*st;
	size_t		 i;

	for (i = 0; i < NBUCKETS; i++)
		for (st = db->buckets[i]; st != NULL; st = st->next)
			stmt_unprepare(st);
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	if (db->in_tx)
		db->tx_lost = 1;
}

/* A time zone as +HH:MM or -HH:MM; it goes into the init command. */
static int
valid_tz(const char *s)
{
	return strlen(s) == 6 && (s[0] == '+' || s[0] == '-') &&
	    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	    s[3] == ':' && isdigit((unsigned char)s[4]) &&
	    isdigit((unsigned char)s[5]);
}

static enum sdrz_err
db_connect(struct db *db)
{
	unsigned int	 timeout = 2, rwtimeout = 30;
	my_bool		 no = 0;
	char		 init[160];

	if (db->conn != NULL)
		return SDRZ_OK;
	if ((db->conn = mysql_init(NULL)) == NULL) {
		set_err(db, 0, "mysql_init failed");
		return SDRZ_ERR_NOMEM;
	}
	/* max_statement_time is in seconds; 0 is no limit. */
	snprintf(init, sizeof(init), "SET time_zone = '%s',"
	    " max_statement_time = %ld.%03ld",
	    valid_tz(db->cfg->db_time_zone) ? db->cfg->db_time_zone : "+08:00",
	    db->cfg->db_statement_timeout_ms / 1000,
	    db->cfg->db_statement_timeout_ms % 1000);
	mysql_optionsv(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->conn, MYSQL_OPT_READ_TIMEOUT, &rwtimeout);
	mysql_optionsv(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &rwtimeout);
	mysql_optionsv(db->conn, MYSQL_OPT_RECONNECT, &no);
	mysql_optionsv(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->conn, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->conn, NULL, db->cfg->db_user,
	    db->cfg->db_password, db->cfg->db_name, 0, db->cfg->db_socket,
	    0) == NULL) {
		set_err(db, mysql_errno(db->conn), mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return SDRZ_ERR_DB_UNAVAILABLE;
	}
	db->gen++;
	return SDRZ_OK;
}

struct db *
db_new(const struct config *cfg)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	return db;
}

void
db_free(struct db *db)
{
	struct db_stmt	*st, *next;
	size_t		 i, j;

	if (db == NULL)
		return;
	db_disconnect(db);
	for (i = 0; i < NBUCKETS; i++)
		for (st = db->buckets[i]; st != NULL; st = next) {
			next = st->next;
			for (j = 0; j < st->capparams; j++)
				free(st->params[j].p);
			for (j = 0; j < st->capcols; j++)
				free(st->cols[j].buf);
			free(st->params);
			free(st->pbind);
			free(st->cols);
			free(st->rbind);
			free(st->sql);
			free(st);
		}
	free(db);
}

unsigned
db_errno(const struct db *db)
{
	return db->err;
}

const char *
db_error(const struct db *db)
{
	return db->errmsg;
}

static int
is_select(const char *sql)
{
	while (isspace((unsigned char)*sql) || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0;
}

static struct db_stmt *
stmt_new(struct db *db, const char *sql)
{
	struct db_stmt	*st;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	if ((st->sql = strdup(sql)) == NULL) {
		free(st);
		return NULL;
	}
	st->db = db;
	st->readonly = is_select(sql);
	return st;
}

static void
stmt_clear(struct db_stmt *st)
{
	if (st->ms != NULL && st->has_result)
		mysql_stmt_free_result(st->ms);
	st->has_result = 0;
	st->nparams = 0;
	st->bind_failed = 0;
	st->affected = st->insert_id = 0;
}

struct db_stmt *
db_stmt(struct db *db, const char *sql)
{
	unsigned	 h = hash_sql(sql) % NBUCKETS;
	struct db_stmt	*st;

	for (st = db->buckets[h]; st != NULL; st = st->next)
		if (strcmp(st->sql, sql) == 0) {
			stmt_clear(st);
			return st;
		}
	if ((st = stmt_new(db, sql)) == NULL)
		return NULL;
	st->next = db->buckets[h];
	db->buckets[h] = st;
	return st;
}

/* The slot for parameter idx, grown as needed; NULL when out of memory. */
static struct param *
param_slot(struct db_stmt *st, unsigned idx)
{
	struct param	*p;
	unsigned	 cap;

	if (idx >= st->capparams) {
		cap = st->capparams ? st->capparams : 8;
		while (cap <= idx)
			cap *= 2;
		if ((p = realloc(st->params, cap * sizeof(*p))) == NULL) {
			st->bind_failed = 1;
			return NULL;
		}
		memset(p + st->capparams, 0,
		    (cap - st->capparams) * sizeof(*p));
		st->params = p;
		st->capparams = cap;
	}
	/* Earlier indexes left unbound stay NULL. */
	while (st->nparams <= idx)
		st->params[st->nparams++].type = P_NULL;
	return &st->params[idx];
}

int
db_bind_int(struct db_stmt *st, unsigned idx, int64_t v)
{
	struct param	*p;

	if ((p = param_slot(st, idx)) == NULL)
		return -1;
	p->type = P_INT;
	p->i = v;
	return 0;
}

int
db_bind_double(struct db_stmt *st, unsigned idx, double v)
{
	struct param	*p;

	if ((p = param_slot(st, idx)) == NULL)
		return -1;
	p->type = P_DOUBLE;
	p->d = v;
	return 0;
}

int
db_bind_blob(struct db_stmt *st, unsigned idx, const void *v, size_t len)
{
	struct param	*p;
	char		*np;

	if ((p = param_slot(st, idx)) == NULL)
		return -1;
	if (len + 1 > p->cap) {
		if ((np = realloc(p->p, len + 1)) == NULL) {
			st->bind_failed = 1;
			return -1;
		}
		p->p = np;
		p->cap = len + 1;
	}
	if (len)
		memcpy(p->p, v, len);
	p->p[len] = '\0';
	p->len = (unsigned long)len;
	p->type = P_BLOB;
	return 0;
}

int
db_bind_text(struct db_stmt *st, unsigned idx, const char *v)
{
	if (v == NULL)
		return db_bind_null(st, idx);
	if (db_bind_blob(st, idx, v, strlen(v)) == -1)
		return -1;
	st->params[idx].type = P_TEXT;
	return 0;
}

int
db_bind_null(struct db_stmt *st, unsigned idx)
{
	struct param	*p;

	if ((p = param_slot(st, idx)) == NULL)
		return -1;
	p->type = P_NULL;
	return 0;
}

static enum sdrz_err
stmt_prepare(struct db_stmt *st)
{
	struct db	*db = st->db;
	my_bool		 yes = 1;

	if (st->ms != NULL && st->gen == db->gen)
		return SDRZ_OK;
	stmt_unprepare(st);
	if ((st->ms = mysql_stmt_init(db->conn)) == NULL) {
		set_err(db, mysql_errno(db->conn), mysql_error(db->conn));
		return err_class(db->err);
	}
	/* Makes store_result fill max_length, so result buffers fit. */
	mysql_stmt_attr_set(st->ms, STMT_ATTR_UPDATE_MAX_LENGTH, &yes);
	if (mysql_stmt_prepare(st->ms, st->sql, strlen(st->sql)) != 0) {
		set_err(db, mysql_stmt_errno(st->ms), mysql_stmt_error(st->ms));
		stmt_unprepare(st);
		return err_class(db->err);
	}
	st->gen = db->gen;
	return SDRZ_OK;
}

static enum sdrz_err
stmt_bind_params(struct db_stmt *st)
{
	unsigned	 need = mysql_stmt_param_count(st->ms), i;
	struct param	*p;
	MYSQL_BIND	*b;

	if (need != st->nparams) {
		set_err(st->db, 0, "parameter count mismatch");
		log_warn("db: statement wants %u parameters, %u bound: %s",
		    need, st->nparams, st->sql);
		return SDRZ_ERR_DB;
	}
	if (need == 0)
		return SDRZ_OK;
	free(st->pbind);
	if ((st->pbind = calloc(need, sizeof(MYSQL_BIND))) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < need; i++) {
		p = &st->params[i];
		b = &st->pbind[i];
		switch (p->type) {
		case P_NULL:
			b->buffer_type = MYSQL_TYPE_NULL;
			break;
		case P_INT:
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &p->i;
			break;
		case P_DOUBLE:
			b->buffer_type = MYSQL_TYPE_DOUBLE;
			b->buffer = &p->d;
			break;
		case P_TEXT:
		case P_BLOB:
			b->buffer_type = p->type == P_TEXT ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b->buffer = p->p;
			b->buffer_length = p->len;
			b->length = &p->len;
			break;
		}
	}
	if (mysql_stmt_bind_param(st->ms, st->pbind) != 0) {
		set_err(st->db, mysql_stmt_errno(st->ms),
		    mysql_stmt_error(st->ms));
		return SDRZ_ERR_DB;
	}
	return SDRZ_OK;
}

/* Buffers the result set and binds every column as text. */
static enum sdrz_err
stmt_bind_result(struct db_stmt *st)
{
	MYSQL_RES	*meta;
	MYSQL_FIELD	*f;
	unsigned	 i, n;
	size_t		 want;
	struct col	*c;
	char		*nb;
	enum sdrz_err	 rc = SDRZ_ERR_NOMEM;

	if ((meta = mysql_stmt_result_metadata(st->ms)) == NULL)
		return SDRZ_OK;
	n = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	if (mysql_stmt_store_result(st->ms) != 0) {
		set_err(st->db, mysql_stmt_errno(st->ms),
		    mysql_stmt_error(st->ms));
		mysql_free_result(meta);
		return err_class(st->db->err);
	}
	st->has_result = 1;
	if (n > st->capcols) {
		if ((c = realloc(st->cols, n * sizeof(*c))) == NULL)
			goto out;
		memset(c + st->capcols, 0, (n - st->capcols) * sizeof(*c));
		st->cols = c;
		st->capcols = n;
	}
	free(st->rbind);
	if ((st->rbind = calloc(n, sizeof(MYSQL_BIND))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		c = &st->cols[i];
		want = (size_t)f[i].max_length + 1;
		if (want < 32)
			want = 32;
		if (want > c->cap) {
			if ((nb = realloc(c->buf, want)) == NULL)
				goto out;
			c->buf = nb;
			c->cap = want;
		}
		st->rbind[i].buffer_type = MYSQL_TYPE_STRING;
		st->rbind[i].buffer = c->buf;
		st->rbind[i].buffer_length = c->cap - 1;
		st->rbind[i].length = &c->len;
		st->rbind[i].is_null = &c->isnull;
		st->rbind[i].error = &c->error;
	}
	st->ncols = n;
	if (mysql_stmt_bind_result(st->ms, st->rbind) != 0) {
		set_err(st->db, mysql_stmt_errno(st->ms),
		    mysql_stmt_error(st->ms));
		rc = SDRZ_ERR_DB;
		goto out;
	}
	rc = SDRZ_OK;
out:
	mysql_free_result(meta);
	return rc;
}

/*
 * One attempt to prepare, bind and execute on the current connection.
 * *sent says whether the statement may have reached the server.
 */
static enum sdrz_err
stmt_try(struct db_stmt *st, int *sent)
{
	struct db	*db = st->db;
	enum sdrz_err	 rc;

	*sent = 0;
	if ((rc = db_connect(db)) != SDRZ_OK)
		return rc;
	if ((rc = stmt_prepare(st)) != SDRZ_OK)
		return rc;
	if ((rc = stmt_bind_params(st)) != SDRZ_OK)
		return rc;
	if (mysql_stmt_execute(st->ms) != 0) {
		set_err(db, mysql_stmt_errno(st->ms), mysql_stmt_error(st->ms));
		/* CR_SERVER_GONE_ERROR is raised when writing the request
		 * failed: the server never saw it. */
		*sent = db->err != CR_SERVER_GONE_ERROR;
		return err_class(db->err);
	}
	*sent = 1;
	st->affected = mysql_stmt_affected_rows(st->ms);
	st->insert_id = mysql_stmt_insert_id(st->ms);
	return stmt_bind_result(st);
}

enum sdrz_err
db_exec(struct db_stmt *st)
{
	struct db	*db = st->db;
	enum sdrz_err	 rc;
	int		 sent, attempt;

	if (st->bind_failed)
		return SDRZ_ERR_NOMEM;
	/* Never reconnect in the middle of a transaction: the statement
	 * would run outside it. */
	if (db->in_tx && db->tx_lost)
		return SDRZ_ERR_DB_UNAVAILABLE;
	db->err = 0;
	db->errmsg[0] = '\0';
	for (attempt = 0; attempt < 2; attempt++) {
		rc = stmt_try(st, &sent);
		if (rc == SDRZ_OK)
			return rc;
		if (!err_gone(db->err) && rc != SDRZ_ERR_DB_UNAVAILABLE)
			break;
		db_disconnect(db);
		/*
		 * Run it again on a new connection only when that cannot
		 * apply a change twice: it never reached the server, or it
		 * only reads. Inside a transaction the server has rolled
		 * back, so db_tx() decides.
		 */
		if (db->in_tx || (sent && !st->readonly))
			break;
	}
	if (rc != SDRZ_ERR_CONFLICT && rc != SDRZ_ERR_DB_UNAVAILABLE)
		log_warn("db: error %u (%s) in: %.200s", db->err, db->errmsg,
		    st->sql);
	return rc;
}

int
db_next(struct db_stmt *st)
{
	int		 rc;
	unsigned	 i;
	struct col	*c;
	char		*nb;

	if (!st->has_result)
		return 0;
	rc = mysql_stmt_fetch(st->ms);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		set_err(st->db, mysql_stmt_errno(st->ms),
		    mysql_stmt_error(st->ms));
		return -1;
	}
	for (i = 0; i < st->ncols; i++) {
		c = &st->cols[i];
		if (c->isnull)
			continue;
		if (c->len + 1 > c->cap) {
			/* Longer than max_length said: grow and refetch. */
			if ((nb = realloc(c->buf, c->len + 1)) == NULL)
				return -1;
			c->buf = nb;
			c->cap = c->len + 1;
			st->rbind[i].buffer = c->buf;
			st->rbind[i].buffer_length = c->cap - 1;
			if (mysql_stmt_fetch_column(st->ms, &st->rbind[i], i,
			    0) != 0)
				return -1;
		}
		c->buf[c->len] = '\0';
	}
	return 1;
}

unsigned
db_col_count(const struct db_stmt *st)
{
	return st->has_result ? st->ncols : 0;
}

int
db_col_isnull(const struct db_stmt *st, unsigned col)
{
	return col >= db_col_count(st) || st->cols[col].isnull;
}

const char *
db_col_text(const struct db_stmt *st, unsigned col)
{
	return db_col_isnull(st, col) ? NULL : st->cols[col].buf;
}

size_t
db_col_len(const struct db_stmt *st, unsigned col)
{
	return db_col_isnull(st, col) ? 0 : st->cols[col].len;
}

int64_t
db_col_int(const struct db_stmt *st, unsigned col)
{
	const char	*s = db_col_text(st, col);

	return s ? strtoll(s, NULL, 10) : 0;
}

double
db_col_double(const struct db_stmt *st, unsigned col)
{
	const char	*s = db_col_text(st, col);

	return s ? strtod(s, NULL) : 0;
}

uint64_t
db_affected(const struct db_stmt *st)
{
	return st->affected;
}

uint64_t
db_insert_id(const struct db_stmt *st)
{
	return st->insert_id;
}

enum sdrz_err
db_ping(struct db *db)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, "SELECT 1")) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return db_next(st) == 1 && db_col_int(st, 0) == 1 ?
	    SDRZ_OK : SDRZ_ERR_DB;
}

enum sdrz_err
db_exec_once(struct db *db, const char *sql)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = stmt_new(db, sql)) == NULL)
		return SDRZ_ERR_NOMEM;
	/* Not in the cache, but known to the handle for the duration so
	 * that a disconnect closes it too. */
	st->next = db->buckets[0];
	db->buckets[0] = st;
	rc = db_exec(st);
	db->buckets[0] = st->next;
	stmt_unprepare(st);
	free(st->params);
	free(st->pbind);
	free(st->cols);
	free(st->rbind);
	free(st->sql);
	free(st);
	return rc;
}

static enum sdrz_err
run_simple(struct db *db, const char *sql)
{
	struct db_stmt	*st;

	if ((st = db_stmt(db, sql)) == NULL)
		return SDRZ_ERR_NOMEM;
	return db_exec(st);
}

enum sdrz_err
db_tx(struct db *db, db_tx_fn fn, void *arg)
{
	enum sdrz_err	 rc;
	int		 attempt, committing, retry;
	unsigned	 e;

	for (attempt = 0;; attempt++) {
		if ((rc = run_simple(db, "START TRANSACTION")) != SDRZ_OK)
			return rc;
		db->in_tx = 1;
		db->tx_lost = 0;
		committing = 0;
		rc = fn(db, arg);
		if (rc == SDRZ_OK && db->tx_lost)
			rc = SDRZ_ERR_DB_UNAVAILABLE;
		else if (rc == SDRZ_OK) {
			committing = 1;
			rc = run_simple(db, "COMMIT");
		}
		if (rc == SDRZ_OK) {
			db->in_tx = 0;
			return SDRZ_OK;
		}
		e = db->err;
		/*
		 * The server rolls back a transaction whose connection died,
		 * so fn can run again; but a COMMIT that was sent and then
		 * lost may have been applied, and must not be repeated.
		 */
		retry = e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT ||
		    (db->tx_lost && (!committing || e == CR_SERVER_GONE_ERROR));
		if (db->conn != NULL) {
			/* Keep the error that ended the transaction for the
			 * caller, not the ROLLBACK's. */
			char	 msg[sizeof(db->errmsg)];

			memcpy(msg, db->errmsg, sizeof(msg));
			(void)run_simple(db, "ROLLBACK");
			db->err = e;
			memcpy(db->errmsg, msg, sizeof(msg));
		}
		db->in_tx = 0;
		if (!retry || attempt == 2)
			return rc;
		log_info("db: transaction retried after error %u", e);
		usleep(10000u << attempt);
	}
}
