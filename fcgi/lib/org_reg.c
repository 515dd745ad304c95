/*
 * Organisations registering themselves up the tree (单位注册): the form,
 * the routing to the approver, and applying the approver's decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "audit.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "org.h"
#include "org_int.h"
#include "passwd.h"
#include "review.h"
#include "valid.h"

static const char *
check_kind(char *v)
{
	return strcmp(v, "unit") == 0 || strcmp(v, "dept") == 0 ||
	    strcmp(v, "base") == 0 || strcmp(v, "hrb_district") == 0 ? NULL :
	    "请选择注册类型";
}

static const char *
check_mobile(char *v)
{
	return valid_mobile(v) ? NULL : "手机号应为 11 位手机号码";
}

static const char *
check_email(char *v)
{
	return valid_email(v) ? NULL : "电子邮箱格式不正确";
}

static const struct form_field reg_fields[] = {
	{ "kind", "注册类型", FORM_TEXT, 1, 16, NULL, check_kind, 0, 0, NULL },
	{ "name", "单位名称", FORM_TEXT, 1, 200, NULL, NULL, 0, 0, NULL },
	{ "nature", "单位性质", FORM_DICT, 0, 16, "unit_nature", NULL, 0, 0, NULL },
	{ "industry", "所属行业", FORM_DICT, 0, 16, "industry", NULL, 0, 0, NULL },
	{ "level", "级别", FORM_DICT, 0, 16, "org_level", NULL, 0, 0, NULL },
	{ "phone", "单位电话", FORM_TEXT, 1, 20, NULL, org_check_phone, 0, 0, NULL },
	{ "address", "单位地址", FORM_TEXT, 1, 200, NULL, NULL, 0, 0, NULL },
	{ "region_code", "所在地区", FORM_DICT, 0, 8, "region", NULL, 0, 0, NULL },
	{ "has_dept", "是否有所属主管部门", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "dept_id", "所属主管部门名称", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "parent_unit_id", "上级单位", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "has_uscc", "是否有统一社会信用代码证", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "uscc", "统一社会信用代码", FORM_TEXT, 0, 18, NULL, org_check_uscc, 0, 0, NULL },
	{ "agree", "同意遵守用户协议", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_existing", "已是本系统用户", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_id_type", "证件类型", FORM_DICT, 1, 8, "id_type", NULL, 0, 0, NULL },
	{ "admin_id_number", "证件号", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "admin_password", "密码", FORM_SECRET, 1, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_password2", "确认密码", FORM_SECRET, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_name", "真实姓名", FORM_TEXT, 1, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_phone", "手机号", FORM_TEXT, 0, 11, NULL, check_mobile, 0, 0, NULL },
	{ "admin_email", "电子邮箱", FORM_TEXT, 0, 254, NULL, check_email, 0, 0, NULL },
	{ "admin_landline", "固定电话", FORM_TEXT, 0, 32, NULL, org_check_phone, 0, 0, NULL },
};

#define NREG (sizeof(reg_fields) / sizeof(reg_fields[0]))

const struct form_desc org_reg_form = { "org-registration", reg_fields,
    NREG };

/* The fields each kind must give, beyond the table's. */
static const struct {
	const char	*kind;
	const char	*need[5];
} reg_needs[] = {
	{ "unit", { "nature", "industry", NULL } },
	{ "dept", { "nature", "industry", "level", "region_code", NULL } },
	{ "base", { "industry", "level", "region_code", NULL } },
	{ "hrb_district", { "region_code", NULL } },
};

static const char SQL_ORG_OF_KIND[] =
    "SELECT name, region_code, path FROM org WHERE id = ? AND kind = ?"
    " AND status = 'approved' FOR UPDATE";
static const char SQL_REGION_HRB[] =
    "SELECT id FROM org WHERE kind = 'hrb_district' AND status = 'approved'"
    " AND region_code = ? ORDER BY id LIMIT 1";
static const char SQL_ORG_NAME_PATH[] =
    "SELECT name, path, region_code FROM org WHERE id = ? FOR UPDATE";
static const char SQL_DISTRICT_TAKEN[] =
    "SELECT 1 FROM org WHERE kind = 'hrb_district' AND region_code = ?"
    " AND status IN ('pending', 'approved') LIMIT 1";
/* Only an organisation past its registration owns a USCC (sql/009). */
static const char SQL_USCC_OWNED[] =
    "SELECT 1 FROM org WHERE uscc = ? AND status <> 'pending' LIMIT 1";
static const char SQL_REG_ORG[] =
    "INSERT INTO org (parent_id, kind, name, nature, industry, level, phone,"
    " address, uscc, has_uscc, region_code, status)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')";
static const char SQL_REG_ADMIN[] =
    "INSERT INTO org_admin (org_id, person_id, is_super) VALUES (?, ?, 1)";

struct oreg_ctx {
	const struct form	*f;
	struct form		*errs;
	const struct audit_actor *actor;
	const char		*hash;
	const char		*admin_id;	/* normalised */
	int64_t			 org_id;
	char			 approver[256];
};

/* The parent of a new organisation, by the design's routing table. */
static enum sdrz_err
route(struct db *db, struct oreg_ctx *c, int64_t *parent, char *path,
    size_t pathsz, char *region, size_t regionsz)
{
	const struct form	*f = c->f;
	const char		*kind = form_get(f, "kind");
	const char		*want_kind = NULL, *field = NULL;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 id = 0;
	struct dict_item	 it;

	if (strcmp(kind, "unit") == 0 && form_get(f, "parent_unit_id")) {
		id = strtoll(form_get(f, "parent_unit_id"), NULL, 10);
		want_kind = "unit";
		field = "parent_unit_id";
	} else if (strcmp(kind, "unit") == 0 && form_true(f, "has_dept")) {
		id = strtoll(form_get(f, "dept_id"), NULL, 10);
		want_kind = "dept";
		field = "dept_id";
	}
	if (id > 0) {
		if ((st = db_stmt(db, SQL_ORG_OF_KIND)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, id);
		db_bind_text(st, 1, want_kind);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) != 1) {
			form_error(c->errs, field, strcmp(want_kind, "dept") ==
			    0 ? "所选主管部门不存在或尚未通过审核" :
			    "所选上级单位不存在或尚未通过审核");
			return SDRZ_ERR_INVALID;
		}
		*parent = id;
		snprintf(c->approver, sizeof(c->approver), "%s",
		    db_col_text(st, 0));
		snprintf(region, regionsz, "%s", db_col_text(st, 1) ?
		    db_col_text(st, 1) : "");
		snprintf(path, pathsz, "%s", db_col_text(st, 2));
		return SDRZ_OK;
	}

	if ((rc = org_root(db, &id)) != SDRZ_OK)
		return rc == SDRZ_ERR_NOT_FOUND ? SDRZ_ERR_INVALID : rc;
	if (strcmp(kind, "hrb_district") == 0) {
		/* A district of the city (a region under the root's), and
		 * one bureau per district. */
		if ((st = db_stmt(db, SQL_ORG_NAME_PATH)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		snprintf(region, regionsz, "%s", db_next(st) == 1 &&
		    db_col_text(st, 2) ? db_col_text(st, 2) : "");
		rc = dict_lookup(db, "region", form_get(f, "region_code"), &it);
		if (rc == SDRZ_OK && (it.parent == NULL ||
		    strcmp(it.parent, region) != 0)) {
			form_error(c->errs, "region_code", "请选择本市的区(县)");
			dict_item_clear(&it);
			return SDRZ_ERR_INVALID;
		}
		dict_item_clear(&it);
		if (rc != SDRZ_OK)
			return rc == SDRZ_ERR_NOT_FOUND ? SDRZ_ERR_INVALID : rc;
		if ((st = db_stmt(db, SQL_DISTRICT_TAKEN)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, form_get(f, "region_code"));
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) == 1) {
			form_error(c->errs, "region_code", "该区(县)的人社局已"
			    "注册,请勿重复注册");
			return SDRZ_ERR_CONFLICT;
		}
	} else {
		/* The HR bureau of the region, else the city's. */
		if ((st = db_stmt(db, SQL_REGION_HRB)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, form_get(f, "region_code"));
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) == 1)
			id = db_col_int(st, 0);
	}
	if ((st = db_stmt(db, SQL_ORG_NAME_PATH)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*parent = id;
	snprintf(c->approver, sizeof(c->approver), "%s", db_col_text(st, 0));
	snprintf(path, pathsz, "%s", db_col_text(st, 1));
	snprintf(region, regionsz, "%s", db_col_text(st, 2) ?
	    db_col_text(st, 2) : "");
	return SDRZ_OK;
}

static enum sdrz_err
oreg_tx(struct db *db, void *arg)
{
	struct oreg_ctx		*c = arg;
	const struct form	*f = c->f;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 parent = 0, person;
	char			 path[600], region[16];
	const char		*reg;
	struct acct_claim	 cl;

	if ((rc = route(db, c, &parent, path, sizeof(path), region,
	    sizeof(region))) != SDRZ_OK)
		return rc;
	reg = form_get(f, "region_code") ? form_get(f, "region_code") :
	    region[0] ? region : NULL;
	if (form_true(f, "has_uscc")) {
		if ((st = db_stmt(db, SQL_USCC_OWNED)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, form_get(f, "uscc"));
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) == 1) {
			form_error(c->errs, "uscc", "该统一社会信用代码已注册,"
			    "请勿重复注册;如有疑问请联系客服");
			return SDRZ_ERR_CONFLICT;
		}
	}
	if ((st = db_stmt(db, SQL_REG_ORG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, parent);
	db_bind_text(st, 1, form_get(f, "kind"));
	db_bind_text(st, 2, form_get(f, "name"));
	db_bind_text(st, 3, form_get(f, "nature"));
	db_bind_text(st, 4, form_get(f, "industry"));
	db_bind_text(st, 5, form_get(f, "level"));
	db_bind_text(st, 6, form_get(f, "phone"));
	db_bind_text(st, 7, form_get(f, "address"));
	db_bind_text(st, 8, form_true(f, "has_uscc") ? form_get(f, "uscc") :
	    NULL);
	db_bind_int(st, 9, form_true(f, "has_uscc"));
	db_bind_text(st, 10, reg);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_CONFLICT)
			form_error(c->errs, "uscc", "该统一社会信用代码已注册,"
			    "请勿重复注册;如有疑问请联系客服");
		return rc;
	}
	c->org_id = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, org_sql_set_path)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, path);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;

	memset(&cl, 0, sizeof(cl));
	cl.id_type = form_get(f, "admin_id_type");
	cl.id_number = c->admin_id;
	cl.name = form_get(f, "admin_name");
	cl.password = form_get(f, "admin_password");
	cl.hash = c->hash;
	cl.phone = form_get(f, "admin_phone");
	cl.email = form_get(f, "admin_email");
	cl.landline = form_get(f, "admin_landline");
	cl.existing = form_true(f, "admin_existing");
	cl.f_id_number = "admin_id_number";
	cl.f_name = "admin_name";
	cl.f_password = "admin_password";
	cl.f_existing = "admin_existing";
	if ((rc = acct_claim_person(db, &cl, c->errs, &person)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_REG_ADMIN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((rc = review_submit(db, REVIEW_ORG_REG, "org", c->org_id, &parent,
	    1, person, NULL, NULL, NULL)) != SDRZ_OK)
		return rc;
	return audit_add(db, &(struct audit_actor){ person, c->org_id,
	    c->actor ? c->actor->reqid : NULL, c->actor ? c->actor->ip : NULL },
	    "org.register", "org", c->org_id, NULL);
}

enum sdrz_err
org_register(struct db *db, const struct config *cfg, const cJSON *body,
    const struct audit_actor *actor, struct form *f, int64_t *org_id,
    char **approver_name)
{
	struct oreg_ctx	 c;
	enum sdrz_err	 rc;
	const char	*kind, *msg, *pw, *pw2;
	char		*hash = NULL;
	size_t		 i, j;

	*approver_name = NULL;
	rc = form_parse(f, reg_fields, NREG, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	kind = form_get(f, "kind");
	for (i = 0; kind != NULL && i < sizeof(reg_needs) /
	    sizeof(reg_needs[0]); i++) {
		if (strcmp(reg_needs[i].kind, kind) != 0)
			continue;
		for (j = 0; reg_needs[i].need[j] != NULL; j++)
			if (form_get(f, reg_needs[i].need[j]) == NULL)
				form_error(f, reg_needs[i].need[j],
				    "请填写或选择此项");
	}
	if (kind != NULL && strcmp(kind, "unit") == 0 &&
	    form_get(f, "parent_unit_id") == NULL) {
		if (form_get(f, "has_dept") == NULL)
			form_error(f, "has_dept", "请选择是否有所属主管部门");
		else if (form_true(f, "has_dept") &&
		    form_get(f, "dept_id") == NULL)
			form_error(f, "dept_id", "请选择所属主管部门");
		else if (!form_true(f, "has_dept") &&
		    form_get(f, "region_code") == NULL)
			form_error(f, "region_code", "请选择所在地区,"
			    "由该地区人社部门审核");
	}
	if (form_true(f, "has_uscc") && form_get(f, "uscc") == NULL)
		form_error(f, "uscc", "请填写统一社会信用代码");
	if (form_get(f, "agree") != NULL && !form_true(f, "agree"))
		form_error(f, "agree", "请阅读并同意遵守用户协议");
	if (form_has(f, "admin_id_number") && form_has(f, "admin_id_type") &&
	    (msg = acct_check_id(form_get(f, "admin_id_type"),
	    form_edit(f, "admin_id_number"))) != NULL)
		form_error(f, "admin_id_number", msg);
	pw = form_get(f, "admin_password");
	pw2 = form_get(f, "admin_password2");
	if (!form_true(f, "admin_existing")) {
		if (pw != NULL && (msg = passwd_weakness(pw)) != NULL)
			form_error(f, "admin_password", msg);
		if (pw != NULL && (pw2 == NULL || strcmp(pw, pw2) != 0))
			form_error(f, "admin_password2", "两次输入的密码不一致");
		if (form_get(f, "admin_phone") == NULL)
			form_error(f, "admin_phone", "请填写手机号");
		if (form_get(f, "admin_email") == NULL)
			form_error(f, "admin_email", "请填写电子邮箱");
	}
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if (!form_true(f, "admin_existing") &&
	    (hash = passwd_hash(cfg, pw)) == NULL)
		return SDRZ_ERR_NOMEM;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.errs = f;
	c.actor = actor;
	c.hash = hash;
	c.admin_id = form_get(f, "admin_id_number");
	rc = db_tx(db, oreg_tx, &c);
	free(hash);
	if (rc == SDRZ_OK) {
		*org_id = c.org_id;
		*approver_name = strdup(c.approver);
	}
	return rc;
}

/* A rejected organisation gives its USCC back for a new registration. */
static const char SQL_APPLY_REG[] =
    "UPDATE org SET status = ?, reject_reason = ?,"
    " approved_at = IF(? = 'approved', NOW(3), NULL),"
    " rejected_uscc = IF(? = 'approved', NULL, uscc),"
    " uscc = IF(? = 'approved', uscc, NULL)"
    " WHERE id = ? AND status = 'pending'";

static const char SQL_USCC_RIVALS[] =
    "SELECT o.id FROM org o JOIN org me ON me.id = ?"
    " WHERE o.uscc = me.uscc AND o.id <> me.id AND o.status = 'pending'"
    " FOR UPDATE";
static const char SQL_USCC_SUPERSEDE[] =
    "UPDATE org SET status = 'rejected', reject_reason = ?,"
    " rejected_uscc = uscc, uscc = NULL WHERE id = ? AND status = 'pending'";

/*
 * The approved organisation owns its USCC now (approving a second owner
 * is a duplicate key): every other registration waiting on the code is
 * rejected with ORG_SUPERSEDED, organisation and review, in the approval's
 * transaction.
 */
static enum sdrz_err
supersede_uscc(struct db *db, const struct review_item *it)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int64_t		*ids = NULL, *grown;
	size_t		 n = 0, cap = 0, i;
	char		 detail[64];

	if ((st = db_stmt(db, SQL_USCC_RIVALS)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, it->subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	while (db_next(st) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			if ((grown = realloc(ids, cap * sizeof(*ids))) == NULL) {
				rc = SDRZ_ERR_NOMEM;
				goto out;
			}
			ids = grown;
		}
		ids[n++] = db_col_int(st, 0);
	}
	snprintf(detail, sizeof(detail), "{\"approved_review_id\":%lld}",
	    (long long)it->id);
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, SQL_USCC_SUPERSEDE)) == NULL) {
			rc = SDRZ_ERR_NOMEM;
			goto out;
		}
		db_bind_text(st, 0, ORG_SUPERSEDED);
		db_bind_int(st, 1, ids[i]);
		if ((rc = db_exec(st)) != SDRZ_OK ||
		    (rc = review_reject_pending(db, REVIEW_ORG_REG, "org",
		    ids[i], ORG_SUPERSEDED)) != SDRZ_OK ||
		    (rc = audit_add(db, NULL, "org.register_superseded", "org",
		    ids[i], detail)) != SDRZ_OK)
			goto out;
	}
	rc = SDRZ_OK;
out:
	free(ids);
	return rc;
}

enum sdrz_err
org_apply_registration(struct db *db, const struct review_item *it,
    int approve, const char *reason)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	const char	*status = approve ? "approved" : "rejected";

	if ((st = db_stmt(db, SQL_APPLY_REG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, status);
	db_bind_text(st, 1, approve ? NULL : reason);
	db_bind_text(st, 2, status);
	db_bind_text(st, 3, status);
	db_bind_text(st, 4, status);
	db_bind_int(st, 5, it->subject_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_affected(st) != 1)
		return SDRZ_ERR_CONFLICT;
	return approve ? supersede_uscc(db, it) : SDRZ_OK;
}
