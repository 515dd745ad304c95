#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "acct.h"
#include "audit.h"
#include "db.h"
#include "review.h"

/* What deciding a review of a kind changes, inside the transaction. */
struct review_kind {
	const char	*kind;
	enum sdrz_err	(*apply)(struct db *, int64_t subject_id,
			    int64_t org_id, int approve, const char *reason);
};

static const struct review_kind kinds[] = {
	{ REVIEW_PERSONNEL_REG, acct_apply_registration },
};

static const char SQL_SUBMIT[] =
    "INSERT INTO review (kind, subject_type, subject_id, org_id,"
    " submitted_by, payload, before_payload) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LOCK[] =
    "SELECT subject_id, status FROM review"
    " WHERE id = ? AND kind = ? AND org_id = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE review SET status = ?, decided_by = ?, decided_at = NOW(3),"
    " reason = ? WHERE id = ?";
static const char SQL_HIDE[] = "UPDATE review SET hidden = 1 WHERE id = ?";

static const struct review_kind *
find_kind(const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

enum sdrz_err
review_submit(struct db *db, const char *kind, const char *subject_type,
    int64_t subject_id, int64_t org_id, int64_t submitted_by,
    const char *payload, const char *before, int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if (find_kind(kind) == NULL)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_SUBMIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, kind);
	db_bind_text(st, 1, subject_type);
	db_bind_int(st, 2, subject_id);
	db_bind_int(st, 3, org_id);
	if (submitted_by > 0)
		db_bind_int(st, 4, submitted_by);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, payload);
	db_bind_text(st, 6, before);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (id != NULL)
		*id = (int64_t)db_insert_id(st);
	return SDRZ_OK;
}

struct decide_ctx {
	const struct audit_actor *actor;
	const struct review_kind *k;
	int64_t			 id;
	int64_t			 org_id;
	int			 approve;
	const char		*reason;
	int			 hide;
};

/* Locks the review; SDRZ_OK with its subject and status. */
static enum sdrz_err
lock_review(struct db *db, const struct decide_ctx *c, int64_t *subject,
    char *status, size_t statussz)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_text(st, 1, c->k->kind);
	db_bind_int(st, 2, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*subject = db_col_int(st, 0);
	snprintf(status, statussz, "%s", db_col_text(st, 1));
	return SDRZ_OK;
}

static enum sdrz_err
decide_tx(struct db *db, void *arg)
{
	struct decide_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 subject;
	char			 status[16], *detail;
	cJSON			*d;

	if ((rc = lock_review(db, c, &subject, status, sizeof(status))) !=
	    SDRZ_OK)
		return rc;
	if (c->hide) {
		if (strcmp(status, "pending") == 0)
			return SDRZ_ERR_CONFLICT;
		if ((st = db_stmt(db, SQL_HIDE)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		return audit_add(db, c->actor, "review.hide", "review", c->id,
		    NULL);
	}
	if (strcmp(status, "pending") != 0)
		return SDRZ_ERR_CONFLICT;
	if ((rc = c->k->apply(db, subject, c->org_id, c->approve,
	    c->reason)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_DECIDE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->approve ? "approved" : "rejected");
	if (c->actor != NULL && c->actor->person_id > 0)
		db_bind_int(st, 1, c->actor->person_id);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, c->approve ? NULL : c->reason);
	db_bind_int(st, 3, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((d = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_AddStringToObject(d, "kind", c->k->kind);
	cJSON_AddNumberToObject(d, "subject_id", (double)subject);
	if (!c->approve)
		cJSON_AddStringToObject(d, "reason", c->reason);
	detail = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	if (detail == NULL)
		return SDRZ_ERR_NOMEM;
	rc = audit_add(db, c->actor, c->approve ? "review.approve" :
	    "review.reject", "review", c->id, detail);
	cJSON_free(detail);
	return rc;
}

enum sdrz_err
review_decide(struct db *db, const struct audit_actor *actor,
    const char *kind, int64_t review_id, int64_t org_id, int approve,
    const char *reason)
{
	struct decide_ctx	 c;

	memset(&c, 0, sizeof(c));
	if ((c.k = find_kind(kind)) == NULL)
		return SDRZ_ERR_INVALID;
	if (!approve && (reason == NULL || *reason == '\0'))
		return SDRZ_ERR_INVALID;
	c.actor = actor;
	c.id = review_id;
	c.org_id = org_id;
	c.approve = approve;
	c.reason = reason;
	return db_tx(db, decide_tx, &c);
}

enum sdrz_err
review_hide(struct db *db, const struct audit_actor *actor, const char *kind,
    int64_t review_id, int64_t org_id)
{
	struct decide_ctx	 c;

	memset(&c, 0, sizeof(c));
	if ((c.k = find_kind(kind)) == NULL)
		return SDRZ_ERR_INVALID;
	c.actor = actor;
	c.id = review_id;
	c.org_id = org_id;
	c.hide = 1;
	return db_tx(db, decide_tx, &c);
}
