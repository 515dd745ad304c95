#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <openssl/evp.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "util.h"

static const char SQL_QUEUE[] =
    "INSERT INTO mail_outbox (to_addr, subject, body) VALUES (?, ?, ?)";
static const char SQL_PENDING[] =
    "SELECT id, to_addr, subject, body FROM mail_outbox"
    " WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT 100";
static const char SQL_SENT[] =
    "UPDATE mail_outbox SET sent_at = NOW(3), attempts = attempts + 1"
    " WHERE id = ?";
static const char SQL_FAILED[] =
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?"
    " WHERE id = ?";

enum sdrz_err
mail_queue(struct db *db, const char *to, const char *subject,
    const char *body)
{
	struct db_stmt	*st;

	/* A header must not be split by the address or subject. */
	if (strpbrk(to, "\r\n") || strpbrk(subject, "\r\n"))
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_QUEUE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, to);
	db_bind_text(st, 1, subject);
	db_bind_text(st, 2, body);
	return db_exec(st);
}

/* RFC 2047 encoded-word for a UTF-8 header value. */
static int
encode_header(struct buf *b, const char *v)
{
	unsigned char	 out[512];
	int		 n;
	size_t		 len = strlen(v);

	if (len > 300)
		len = 300;
	n = EVP_EncodeBlock(out, (const unsigned char *)v, (int)len);
	return buf_printf(b, "=?UTF-8?B?%.*s?=", n, out);
}

/* Runs the mail command with one message on its standard input. */
static int
pipe_message(const struct config *cfg, const char *to, const char *subject,
    const char *body, char *err, size_t errsz)
{
	struct buf	 m = { 0 };
	FILE		*p;
	int		 status;

	/* sendmail reads the local convention: lines end in LF. */
	buf_printf(&m, "From: %s\nTo: %s\nSubject: ", cfg->mail_from, to);
	encode_header(&m, subject);
	buf_puts(&m, "\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n");
	buf_puts(&m, body);
	if (m.data == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if ((p = popen(cfg->mail_command, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", cfg->mail_command,
		    strerror(errno));
		buf_release(&m);
		return -1;
	}
	fwrite(m.data, 1, m.len, p);
	buf_release(&m);
	status = pclose(p);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errsz, "%s exited with status %d",
		    cfg->mail_command, WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

struct msg {
	int64_t	 id;
	char	*to, *subject, *body;
};

enum sdrz_err
mail_send(struct db *db, const struct config *cfg, int *sent, int *failed)
{
	struct db_stmt	*st;
	struct msg	*q = NULL, *nq;
	size_t		 n = 0, i;
	enum sdrz_err	 rc;
	char		 err[300];

	*sent = *failed = 0;
	if ((st = db_stmt(db, SQL_PENDING)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	/* Read the batch first: the statement's rows end at the next use. */
	while (db_next(st) == 1) {
		if ((nq = realloc(q, (n + 1) * sizeof(*q))) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		q = nq;
		q[n].id = db_col_int(st, 0);
		q[n].to = strdup(db_col_text(st, 1));
		q[n].subject = strdup(db_col_text(st, 2));
		q[n].body = strdup(db_col_text(st, 3));
		n++;
		if (!q[n - 1].to || !q[n - 1].subject || !q[n - 1].body) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		if (pipe_message(cfg, q[i].to, q[i].subject, q[i].body, err,
		    sizeof(err)) == 0) {
			if ((st = db_stmt(db, SQL_SENT)) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			db_bind_int(st, 0, q[i].id);
			(*sent)++;
		} else {
			log_warn("mail %lld to %s: %s", (long long)q[i].id,
			    q[i].to, err);
			if ((st = db_stmt(db, SQL_FAILED)) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			db_bind_text(st, 0, err);
			db_bind_int(st, 1, q[i].id);
			(*failed)++;
		}
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
	}
	rc = SDRZ_OK;
out:
	for (i = 0; i < n; i++) {
		free(q[i].to);
		free(q[i].subject);
		free(q[i].body);
	}
	free(q);
	return rc;
}
