#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "acct.h"
#include "audit.h"
#include "db.h"
#include "hours.h"
#include "org.h"
#include "profile.h"
#include "review.h"

/* What completing a review of a kind changes, inside the transaction. */
struct review_kind {
	const char	*kind;
	enum sdrz_err	(*apply)(struct db *, const struct review_item *,
			    int approve, const char *reason);
	int		 subtree;	/* ancestors of the approver may decide */
};

static const struct review_kind kinds[] = {
	{ REVIEW_PERSONNEL_REG, acct_apply_registration, 0 },
	{ REVIEW_ORG_REG, org_apply_registration, 0 },
	{ REVIEW_ORG_CHANGE, org_apply_change, 0 },
	{ REVIEW_PROFILE_CHANGE, profile_apply_change, 1 },
	{ REVIEW_TRANSFER, profile_apply_transfer, 0 },
	{ REVIEW_DECLARATION, hours_apply_declaration, 1 },
};

/* The approver of a review that org_id may decide for: itself, or for a
 * subtree kind the approver below it. */
static const char SQL_ACTING[] =
    "SELECT a.org_id FROM review r JOIN review_approver a"
    " ON a.review_id = r.id JOIN org o ON o.id = a.org_id"
    " JOIN org t ON t.id = ? WHERE r.id = ? AND r.kind = ?"
    " AND (a.org_id = t.id OR (? = 1 AND"
    ORG_SUBTREE("o", "t") "))"
    " ORDER BY a.org_id = t.id DESC LIMIT 1";

static enum sdrz_err
acting_for(struct db *db, const struct review_kind *k, int64_t review_id,
    int64_t *org_id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_ACTING)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, *org_id);
	db_bind_int(st, 1, review_id);
	db_bind_text(st, 2, k->kind);
	db_bind_int(st, 3, k->subtree);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*org_id = db_col_int(st, 0);
	return SDRZ_OK;
}

static const char SQL_SUBMIT[] =
    "INSERT INTO review (kind, subject_type, subject_id, org_id,"
    " submitted_by, payload, before_payload) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_APPROVER[] =
    "INSERT INTO review_approver (review_id, org_id) VALUES (?, ?)";
static const char SQL_LOCK[] =
    "SELECT r.subject_id, r.status, r.payload FROM review r"
    " WHERE r.id = ? AND r.kind = ? AND EXISTS (SELECT 1 FROM"
    " review_approver a WHERE a.review_id = r.id AND a.org_id = ?)"
    " FOR UPDATE";
static const char SQL_APPROVERS[] =
    "SELECT org_id, status FROM review_approver WHERE review_id = ?"
    " ORDER BY org_id FOR UPDATE";
static const char SQL_DECIDE_ONE[] =
    "UPDATE review_approver SET status = ?, decided_by = ?,"
    " decided_at = NOW(3), reason = ? WHERE review_id = ? AND org_id = ?";
static const char SQL_VOID_OTHERS[] =
    "UPDATE review_approver SET status = 'void' WHERE review_id = ?"
    " AND status = 'pending'";
static const char SQL_DECIDE[] =
    "UPDATE review SET status = ?, decided_by = ?, decided_at = NOW(3),"
    " reason = ? WHERE id = ?";
static const char SQL_HIDE_STATUS[] =
    "SELECT a.status FROM review_approver a JOIN review r ON r.id = a.review_id"
    " WHERE a.review_id = ? AND a.org_id = ? AND r.kind = ? FOR UPDATE";
static const char SQL_HIDE[] =
    "UPDATE review_approver SET hidden = 1 WHERE review_id = ? AND org_id = ?";
static const char SQL_WITHDRAW_A[] =
    "UPDATE review_approver a JOIN review r ON r.id = a.review_id"
    " SET a.status = 'void' WHERE r.kind = ? AND r.subject_type = ?"
    " AND r.subject_id = ? AND r.status = 'pending' AND a.status = 'pending'";
static const char SQL_WITHDRAW[] =
    "UPDATE review SET status = 'withdrawn', decided_at = NOW(3)"
    " WHERE kind = ? AND subject_type = ? AND subject_id = ?"
    " AND status = 'pending'";
static const char SQL_PENDING[] =
    "SELECT 1 FROM review WHERE subject_type = ? AND subject_id = ?"
    " AND status = 'pending' LIMIT 1";

static const struct review_kind *
find_kind(const char *kind)
{
	size_t	 i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

enum review_next
review_next(const char *const *states, size_t n, size_t me, int approve)
{
	size_t	 i;

	if (me >= n || strcmp(states[me], "pending") != 0)
		return REVIEW_NEXT_REFUSED;
	for (i = 0; i < n; i++)
		if (strcmp(states[i], "rejected") == 0 ||
		    strcmp(states[i], "void") == 0)
			return REVIEW_NEXT_REFUSED;
	if (!approve)
		return REVIEW_NEXT_REJECTED;
	for (i = 0; i < n; i++)
		if (i != me && strcmp(states[i], "approved") != 0)
			return REVIEW_NEXT_WAIT;
	return REVIEW_NEXT_APPROVED;
}

enum sdrz_err
review_submit(struct db *db, const char *kind, const char *subject_type,
    int64_t subject_id, const int64_t *approvers, size_t n,
    int64_t submitted_by, const char *payload, const char *before,
    int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		 rid;
	size_t		 i, j;

	if (find_kind(kind) == NULL || n == 0)
		return SDRZ_ERR_INVALID;
	if ((st = db_stmt(db, SQL_SUBMIT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, kind);
	db_bind_text(st, 1, subject_type);
	db_bind_int(st, 2, subject_id);
	db_bind_int(st, 3, approvers[0]);
	if (submitted_by > 0)
		db_bind_int(st, 4, submitted_by);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, payload);
	db_bind_text(st, 6, before);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	rid = (int64_t)db_insert_id(st);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && approvers[j] != approvers[i]; j++)
			continue;
		if (j < i)
			continue;	/* the same organisation twice */
		if ((st = db_stmt(db, SQL_APPROVER)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, rid);
		db_bind_int(st, 1, approvers[i]);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	if (id != NULL)
		*id = rid;
	return SDRZ_OK;
}

struct decide_ctx {
	const struct audit_actor *actor;
	const struct review_kind *k;
	int64_t			 id;
	int64_t			 org_id;
	int			 approve;
	const char		*reason;
	struct review_refusal	 refusal;
};

#define MAX_APPROVERS 8

static void
bind_actor(struct db_stmt *st, unsigned idx, const struct audit_actor *a)
{
	if (a != NULL && a->person_id > 0)
		db_bind_int(st, idx, a->person_id);
	else
		db_bind_null(st, idx);
}

static enum sdrz_err
audit_decision(struct db *db, const struct decide_ctx *c, int64_t subject,
    enum review_next next)
{
	cJSON		*d;
	char		*detail;
	enum sdrz_err	 rc;

	if ((d = cJSON_CreateObject()) == NULL)
		return SDRZ_ERR_NOMEM;
	cJSON_AddStringToObject(d, "kind", c->k->kind);
	cJSON_AddNumberToObject(d, "subject_id", (double)subject);
	cJSON_AddNumberToObject(d, "approver_org_id", (double)c->org_id);
	cJSON_AddBoolToObject(d, "completed", next != REVIEW_NEXT_WAIT);
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

static enum sdrz_err
decide_tx(struct db *db, void *arg)
{
	struct decide_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	struct review_item	 item;
	char			 status[16], *payload = NULL;
	char			 states[MAX_APPROVERS][16];
	const char		*sp[MAX_APPROVERS];
	size_t			 n = 0, me = MAX_APPROVERS;
	enum review_next	 next;

	if ((rc = acting_for(db, c->k, c->id, &c->org_id)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_text(st, 1, c->k->kind);
	db_bind_int(st, 2, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	memset(&item, 0, sizeof(item));
	item.id = c->id;
	item.subject_id = db_col_int(st, 0);
	item.org_id = c->org_id;
	item.refusal = &c->refusal;
	snprintf(status, sizeof(status), "%s", db_col_text(st, 1));
	if (db_col_text(st, 2) != NULL &&
	    (payload = strdup(db_col_text(st, 2))) == NULL)
		return SDRZ_ERR_NOMEM;
	item.payload = payload;

	if ((st = db_stmt(db, SQL_APPROVERS)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, c->id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	while (n < MAX_APPROVERS && db_next(st) == 1) {
		if (db_col_int(st, 0) == c->org_id)
			me = n;
		snprintf(states[n], sizeof(states[n]), "%s", db_col_text(st, 1));
		sp[n] = states[n];
		n++;
	}

	next = strcmp(status, "pending") != 0 ? REVIEW_NEXT_REFUSED :
	    review_next(sp, n, me, c->approve);
	if (next == REVIEW_NEXT_REFUSED) {
		rc = SDRZ_ERR_CONFLICT;
		goto out;
	}

	if ((st = db_stmt(db, SQL_DECIDE_ONE)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_text(st, 0, c->approve ? "approved" : "rejected");
	bind_actor(st, 1, c->actor);
	db_bind_text(st, 2, c->approve ? NULL : c->reason);
	db_bind_int(st, 3, c->id);
	db_bind_int(st, 4, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;

	if (next != REVIEW_NEXT_WAIT) {
		if (next == REVIEW_NEXT_REJECTED) {
			if ((st = db_stmt(db, SQL_VOID_OTHERS)) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			db_bind_int(st, 0, c->id);
			if ((rc = db_exec(st)) != SDRZ_OK)
				goto out;
		}
		if ((rc = c->k->apply(db, &item, c->approve, c->reason)) !=
		    SDRZ_OK)
			goto out;
		if ((st = db_stmt(db, SQL_DECIDE)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, c->approve ? "approved" : "rejected");
		bind_actor(st, 1, c->actor);
		db_bind_text(st, 2, c->approve ? NULL : c->reason);
		db_bind_int(st, 3, c->id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
	}
	rc = audit_decision(db, c, item.subject_id, next);
out:
	free(payload);
	return rc;
}

enum sdrz_err
review_decide_why(struct db *db, const struct audit_actor *actor,
    const char *kind, int64_t review_id, int64_t org_id, int approve,
    const char *reason, struct review_refusal *why)
{
	struct decide_ctx	 c;
	enum sdrz_err		 rc;

	memset(&c, 0, sizeof(c));
	if (why != NULL)
		why->code = why->message = NULL;
	if ((c.k = find_kind(kind)) == NULL)
		return SDRZ_ERR_INVALID;
	if (!approve && (reason == NULL || *reason == '\0'))
		return SDRZ_ERR_INVALID;
	c.actor = actor;
	c.id = review_id;
	c.org_id = org_id;
	c.approve = approve;
	c.reason = reason;
	rc = db_tx(db, decide_tx, &c);
	if (rc != SDRZ_OK && why != NULL)
		*why = c.refusal;
	return rc;
}

enum sdrz_err
review_decide(struct db *db, const struct audit_actor *actor,
    const char *kind, int64_t review_id, int64_t org_id, int approve,
    const char *reason)
{
	return review_decide_why(db, actor, kind, review_id, org_id, approve,
	    reason, NULL);
}

static enum sdrz_err
hide_tx(struct db *db, void *arg)
{
	struct decide_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;

	if ((rc = acting_for(db, c->k, c->id, &c->org_id)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_HIDE_STATUS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_int(st, 1, c->org_id);
	db_bind_text(st, 2, c->k->kind);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if (strcmp(db_col_text(st, 0), "pending") == 0)
		return SDRZ_ERR_CONFLICT;
	if ((st = db_stmt(db, SQL_HIDE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->id);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "review.hide", "review", c->id, NULL);
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
	return db_tx(db, hide_tx, &c);
}

enum sdrz_err
review_withdraw(struct db *db, const char *kind, const char *subject_type,
    int64_t subject_id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_WITHDRAW_A)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, kind);
	db_bind_text(st, 1, subject_type);
	db_bind_int(st, 2, subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_WITHDRAW)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, kind);
	db_bind_text(st, 1, subject_type);
	db_bind_int(st, 2, subject_id);
	return db_exec(st);
}

static const char SQL_REJECT_PENDING_A[] =
    "UPDATE review_approver a JOIN review r ON r.id = a.review_id"
    " SET a.status = 'rejected', a.decided_at = NOW(3), a.reason = ?"
    " WHERE r.kind = ? AND r.subject_type = ? AND r.subject_id = ?"
    " AND r.status = 'pending' AND a.status = 'pending'";
static const char SQL_REJECT_PENDING[] =
    "UPDATE review SET status = 'rejected', decided_at = NOW(3), reason = ?"
    " WHERE kind = ? AND subject_type = ? AND subject_id = ?"
    " AND status = 'pending'";

enum sdrz_err
review_reject_pending(struct db *db, const char *kind,
    const char *subject_type, int64_t subject_id, const char *reason)
{
	const char	*sql[] = { SQL_REJECT_PENDING_A, SQL_REJECT_PENDING };
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	size_t		 i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if ((st = db_stmt(db, sql[i])) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, reason);
		db_bind_text(st, 1, kind);
		db_bind_text(st, 2, subject_type);
		db_bind_int(st, 3, subject_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	return SDRZ_OK;
}

static const char SQL_SUBJECT[] =
    "SELECT r.subject_id, a.status FROM review r JOIN review_approver a"
    " ON a.review_id = r.id AND a.org_id = ? WHERE r.id = ? AND r.kind = ?";

enum sdrz_err
review_subject(struct db *db, const char *kind, int64_t review_id,
    int64_t org_id, int64_t *subject_id, char *status, size_t statussz)
{
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	const struct review_kind *k;

	if ((k = find_kind(kind)) == NULL)
		return SDRZ_ERR_INVALID;
	if ((rc = acting_for(db, k, review_id, &org_id)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_SUBJECT)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	db_bind_int(st, 1, review_id);
	db_bind_text(st, 2, kind);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*subject_id = db_col_int(st, 0);
	snprintf(status, statussz, "%s", db_col_text(st, 1));
	return SDRZ_OK;
}

static const char SQL_FIND_PENDING[] =
    "SELECT id FROM review WHERE kind = ? AND subject_type = ?"
    " AND subject_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1";

enum sdrz_err
review_find_pending(struct db *db, const char *kind, const char *subject_type,
    int64_t subject_id, int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_FIND_PENDING)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, kind);
	db_bind_text(st, 1, subject_type);
	db_bind_int(st, 2, subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*id = db_col_int(st, 0);
	return SDRZ_OK;
}

enum sdrz_err
review_pending(struct db *db, const char *subject_type, int64_t subject_id,
    int *pending)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_PENDING)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, subject_type);
	db_bind_int(st, 1, subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	*pending = db_next(st) == 1;
	return SDRZ_OK;
}
