/*
 * An organisation's information: the fields saved at once, and the
 * changes of name, USCC or parent that wait for a review, with applying
 * the reviewer's decision (moving the subtree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "form.h"
#include "org.h"
#include "org_int.h"
#include "review.h"
#include "util.h"

static const struct form_field info_fields[] = {
	{ "nature", "单位性质", FORM_DICT, 0, 16, "unit_nature", NULL, 0, 0, NULL },
	{ "industry", "所属行业", FORM_DICT, 0, 16, "industry", NULL, 0, 0, NULL },
	{ "level", "级别", FORM_DICT, 0, 16, "org_level", NULL, 0, 0, NULL },
	{ "phone", "单位电话", FORM_TEXT, 1, 20, NULL, org_check_phone, 0, 0, NULL },
	{ "address", "单位地址", FORM_TEXT, 1, 200, NULL, NULL, 0, 0, NULL },
};

const struct form_desc org_info_form = { "org-info", info_fields,
    sizeof(info_fields) / sizeof(info_fields[0]) };

static const char SQL_UPDATE[] =
    "UPDATE org SET nature = COALESCE(?, nature),"
    " industry = COALESCE(?, industry), level = COALESCE(?, level),"
    " phone = ?, address = ? WHERE id = ?";

struct upd_ctx {
	const struct form	*f;
	int64_t			 org_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
update_tx(struct db *db, void *arg)
{
	struct upd_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	size_t		 i;

	if ((st = db_stmt(db, SQL_UPDATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < 5; i++)
		db_bind_text(st, (unsigned)i, form_get(c->f,
		    info_fields[i].name));
	db_bind_int(st, 5, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "org.update", "org", c->org_id, NULL);
}

enum sdrz_err
org_update(struct db *db, int64_t org_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct upd_ctx	 c;
	enum sdrz_err	 rc;

	if ((rc = form_parse(f, info_fields, sizeof(info_fields) /
	    sizeof(info_fields[0]), body, db)) != SDRZ_OK)
		return rc;
	c.f = f;
	c.org_id = org_id;
	c.actor = actor;
	return db_tx(db, update_tx, &c);
}

static const struct form_field change_fields[] = {
	{ "name", "单位名称", FORM_TEXT, 0, 200, NULL, NULL, 0, 0, NULL },
	{ "uscc", "统一社会信用代码", FORM_TEXT, 0, 18, NULL, org_check_uscc, 0, 0, NULL },
	{ "parent_id", "上级部门", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "note", "变更说明", FORM_LINES, 0, 300, NULL, NULL, 0, 0, NULL },
};

const struct form_desc org_change_form = { "org-change", change_fields,
    sizeof(change_fields) / sizeof(change_fields[0]) };

/* Information pending on the organisation or on its personnel (待审核
 * 信息): registrations, changes and transfers — not hour declarations. */
static const char SQL_ANY_PENDING[] =
    "SELECT 1 FROM review r WHERE r.status = 'pending' AND"
    " r.kind <> 'declaration' AND"
    " ((r.subject_type = 'org' AND r.subject_id = ?) OR"
    "  (r.subject_type = 'person' AND r.subject_id IN"
    "   (SELECT person_id FROM personnel WHERE org_id = ?)))"
    " LIMIT 1";
static const char SQL_CHANGE_SELF[] =
    "SELECT kind, name, uscc, parent_id, path FROM org WHERE id = ?"
    " AND status = 'approved' FOR UPDATE";
static const char SQL_NEW_PARENT[] =
    "SELECT kind, path FROM org WHERE id = ? AND status = 'approved'";

/* The kinds that may be the parent of a kind. */
static int
parent_fits(const char *kind, const char *parent_kind)
{
	if (strcmp(kind, "unit") == 0)	/* a department, a bureau, a unit */
		return strcmp(parent_kind, "base") != 0;
	if (strcmp(kind, "dept") == 0 || strcmp(kind, "base") == 0)
		return strncmp(parent_kind, "hrb_", 4) == 0;
	return 0;	/* bureaus do not move */
}

static const char SQL_NAME_OF[] = "SELECT name FROM org WHERE id = ?";

/* Adds the name of organisation id to o under key (null when unknown). */
static enum sdrz_err
name_into(struct db *db, int64_t id, cJSON *o, const char *key)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_NAME_OF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	util_json_text(o, key, db_next(st) == 1 ? db_col_text(st, 0) : NULL);
	return SDRZ_OK;
}

struct chg_ctx {
	const struct form	*f;
	struct form		*errs;
	int64_t			 org_id;
	const struct audit_actor *actor;
};

static enum sdrz_err
change_tx(struct db *db, void *arg)
{
	struct chg_ctx		*c = arg;
	const struct form	*f = c->f;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	char			 kind[16], path[600];
	char			*before = NULL, *after = NULL;
	cJSON			*b, *a;
	int64_t			 approvers[2], parent, newp = 0;
	size_t			 n = 1;
	const char		*v;
	int			 changes = 0;

	if ((st = db_stmt(db, SQL_CHANGE_SELF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	if (db_col_isnull(st, 3)) {
		form_error(c->errs, "parent_id", "市人社局的名称、代码变更请联系"
		    "平台运维人员处理");
		return SDRZ_ERR_CONFLICT;
	}
	snprintf(kind, sizeof(kind), "%s", db_col_text(st, 0));
	parent = db_col_int(st, 3);
	snprintf(path, sizeof(path), "%s", db_col_text(st, 4));
	b = cJSON_CreateObject();
	a = cJSON_CreateObject();
	util_json_text(b, "name", db_col_text(st, 1));
	util_json_text(b, "uscc", db_col_text(st, 2));
	cJSON_AddNumberToObject(b, "parent_id", (double)parent);
	if ((rc = name_into(db, parent, b, "parent_name")) != SDRZ_OK)
		goto out;
	if ((v = form_get(f, "name")) != NULL &&
	    strcmp(v, db_col_text(st, 1)) != 0) {
		cJSON_AddStringToObject(a, "name", v);
		changes++;
	}
	if ((v = form_get(f, "uscc")) != NULL && (db_col_text(st, 2) == NULL ||
	    strcmp(v, db_col_text(st, 2)) != 0)) {
		cJSON_AddStringToObject(a, "uscc", v);
		changes++;
	}
	if ((v = form_get(f, "parent_id")) != NULL &&
	    (newp = strtoll(v, NULL, 10)) != parent) {
		cJSON_AddNumberToObject(a, "parent_id", (double)newp);
		if ((rc = name_into(db, newp, a, "parent_name")) != SDRZ_OK)
			goto out;
		changes++;
	} else
		newp = 0;
	if ((v = form_get(f, "note")) != NULL)
		cJSON_AddStringToObject(a, "note", v);
	rc = SDRZ_OK;
	if (changes == 0) {
		form_error(c->errs, "name", "没有要变更的内容");
		rc = SDRZ_ERR_INVALID;
		goto out;
	}

	if ((st = db_stmt(db, SQL_ANY_PENDING)) == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		goto out;
	if (db_next(st) == 1) {
		form_error(c->errs, "name", "本单位或本单位人员还有待审核的"
		    "信息,请待审核完成后再修改单位信息");
		rc = SDRZ_ERR_CONFLICT;
		goto out;
	}

	approvers[0] = parent;
	if (newp > 0) {
		if ((st = db_stmt(db, SQL_NEW_PARENT)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_int(st, 0, newp);
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
		if (db_next(st) != 1 || !parent_fits(kind, db_col_text(st, 0)) ||
		    strncmp(db_col_text(st, 1), path, strlen(path)) == 0) {
			/* Not approved, not a fitting kind, or below itself. */
			form_error(c->errs, "parent_id", "所选上级部门不存在、"
			    "未通过审核,或不能作为本单位的上级");
			rc = SDRZ_ERR_INVALID;
			goto out;
		}
		approvers[n++] = newp;
	}
	before = cJSON_PrintUnformatted(b);
	after = cJSON_PrintUnformatted(a);
	if (before == NULL || after == NULL) {
		rc = SDRZ_ERR_NOMEM;
		goto out;
	}
	if ((rc = review_submit(db, REVIEW_ORG_CHANGE, "org", c->org_id,
	    approvers, n, c->actor ? c->actor->person_id : 0, after, before,
	    NULL)) != SDRZ_OK)
		goto out;
	rc = audit_add(db, c->actor, "org.change_requested", "org", c->org_id,
	    after);
out:
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_free(before);
	cJSON_free(after);
	return rc;
}

enum sdrz_err
org_request_change(struct db *db, int64_t org_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f)
{
	struct chg_ctx	 c;
	enum sdrz_err	 rc;

	if ((rc = form_parse(f, change_fields, sizeof(change_fields) /
	    sizeof(change_fields[0]), body, db)) != SDRZ_OK)
		return rc;
	c.f = f;
	c.errs = f;
	c.org_id = org_id;
	c.actor = actor;
	return db_tx(db, change_tx, &c);
}

static const char SQL_APPLY_NAME[] = "UPDATE org SET name = ? WHERE id = ?";
static const char SQL_APPLY_USCC[] =
    "UPDATE org SET uscc = ?, has_uscc = 1 WHERE id = ?";
static const char SQL_MOVE_SELF[] =
    "SELECT o.path, p.path FROM org o, org p WHERE o.id = ? AND p.id = ?"
    " AND p.status = 'approved' FOR UPDATE";
/* Rewrites the paths of the organisation and everything below it. */
static const char SQL_MOVE[] =
    "UPDATE org SET path = CONCAT(?, SUBSTRING(path, ?))"
    " WHERE" ORG_SUBTREE_OF_PARAM("org");
static const char SQL_SET_PARENT[] =
    "UPDATE org SET parent_id = ? WHERE id = ?";

enum sdrz_err
org_apply_change(struct db *db, const struct review_item *it, int approve,
    const char *reason)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*a;
	const cJSON	*v;
	char		 oldp[600], newp[640];
	int64_t		 parent;

	(void)reason;
	if (!approve)
		return SDRZ_OK;		/* nothing changed while pending */
	if (it->payload == NULL || (a = cJSON_Parse(it->payload)) == NULL)
		return SDRZ_ERR_INVALID;
	rc = SDRZ_OK;
	if ((v = cJSON_GetObjectItem(a, "name")) != NULL && cJSON_IsString(v)) {
		if ((st = db_stmt(db, SQL_APPLY_NAME)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, v->valuestring);
		db_bind_int(st, 1, it->subject_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
	}
	if ((v = cJSON_GetObjectItem(a, "uscc")) != NULL && cJSON_IsString(v)) {
		if ((st = db_stmt(db, SQL_APPLY_USCC)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, v->valuestring);
		db_bind_int(st, 1, it->subject_id);
		/* A USCC registered meanwhile makes this a conflict. */
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
	}
	if ((v = cJSON_GetObjectItem(a, "parent_id")) != NULL &&
	    cJSON_IsNumber(v)) {
		parent = (int64_t)v->valuedouble;
		if ((st = db_stmt(db, SQL_MOVE_SELF)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_int(st, 0, it->subject_id);
		db_bind_int(st, 1, parent);
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
		if (db_next(st) != 1) {
			rc = SDRZ_ERR_CONFLICT;
			goto out;
		}
		snprintf(oldp, sizeof(oldp), "%s", db_col_text(st, 0));
		/* Both rows are locked: checked again here, since another
		 * change approved after this one was submitted may have put
		 * the new parent below the organisation (A under B, then B
		 * under A), which would make a cycle. */
		if (strncmp(db_col_text(st, 1), oldp, strlen(oldp)) == 0) {
			if (it->refusal != NULL) {
				it->refusal->code = "org_cycle";
				it->refusal->message = "所选的新上级现已在本单位"
				    "之下(另一项变更已先通过),通过后将形成"
				    "循环,不能通过,请驳回此申请";
			}
			rc = SDRZ_ERR_CONFLICT;
			goto out;
		}
		snprintf(newp, sizeof(newp), "%s%lld/", db_col_text(st, 1),
		    (long long)it->subject_id);
		if ((st = db_stmt(db, SQL_MOVE)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, newp);
		db_bind_int(st, 1, (int64_t)strlen(oldp) + 1);
		db_bind_text(st, 2, oldp);
		if ((rc = db_exec(st)) != SDRZ_OK)
			goto out;
		if ((st = db_stmt(db, SQL_SET_PARENT)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_int(st, 0, parent);
		db_bind_int(st, 1, it->subject_id);
		rc = db_exec(st);
	}
out:
	cJSON_Delete(a);
	return rc;
}
