#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "admin.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "passwd.h"
#include "util.h"

const struct admin_module_def admin_modules[MOD__MAX] = {
	[MOD_ACCOUNT_REVIEW] = { "account_review", "账户审核" },
	[MOD_INFO_REVIEW] = { "info_review", "信息修改审核" },
	[MOD_ORG_INFO] = { "org_info", "单位资料管理" },
	[MOD_ADMINS] = { "admins", "直属账户管理" },
	[MOD_SUBORGS] = { "suborgs", "下级单位管理" },
	[MOD_PERSONNEL] = { "personnel", "人员管理" },
	[MOD_HOURS] = { "hours", "学时管理" },
	[MOD_COURSES] = { "courses", "课程管理" },
};

enum admin_module
admin_module(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < MOD__MAX; i++)
		if (strcmp(s, admin_modules[i].name) == 0)
			return (enum admin_module)i;
	return MOD__MAX;
}

static const char SQL_CAN[] =
    "SELECT a.is_super, EXISTS (SELECT 1 FROM admin_role_module m"
    "  WHERE m.role_id = a.role_id AND m.module = ?)"
    " FROM org_admin a JOIN org o ON o.id = a.org_id"
    " WHERE a.org_id = ? AND a.person_id = ? AND a.status = 'active'"
    " AND o.status = 'approved'";

enum sdrz_err
admin_can(struct db *db, int64_t org_id, int64_t person_id,
    enum admin_module m, int *yes, int *is_super)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*yes = 0;
	if (is_super != NULL)
		*is_super = 0;
	if ((st = db_stmt(db, SQL_CAN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, m < MOD__MAX ? admin_modules[m].name : "");
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_OK;
	if (is_super != NULL)
		*is_super = db_col_int(st, 0) == 1;
	*yes = db_col_int(st, 0) == 1 || db_col_int(st, 1) == 1;
	return SDRZ_OK;
}

enum sdrz_err
admin_held(struct db *db, int64_t org_id, int64_t person_id, cJSON **out)
{
	enum sdrz_err	 rc;
	cJSON		*arr;
	int		 i, yes;

	if ((arr = cJSON_CreateArray()) == NULL)
		return SDRZ_ERR_NOMEM;
	for (i = 0; i < MOD__MAX; i++) {
		if ((rc = admin_can(db, org_id, person_id,
		    (enum admin_module)i, &yes, NULL)) != SDRZ_OK) {
			cJSON_Delete(arr);
			return rc;
		}
		if (yes)
			cJSON_AddItemToArray(arr,
			    cJSON_CreateString(admin_modules[i].name));
	}
	*out = arr;
	return SDRZ_OK;
}


static const char SQL_LIST[] =
    "SELECT p.id, p.name, p.id_number, p.phone, p.email, a.is_super,"
    " a.role_id, r.name, a.created_at FROM org_admin a"
    " JOIN person p ON p.id = a.person_id"
    " LEFT JOIN admin_role r ON r.id = a.role_id"
    " WHERE a.org_id = ? AND a.status = 'active'"
    " ORDER BY a.is_super DESC, a.created_at, p.id";

enum sdrz_err
admin_list(struct db *db, int64_t org_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;
	char		 masked[33];

	if ((st = db_stmt(db, SQL_LIST)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "person_id", (double)db_col_int(st, 0));
		util_json_text(o, "name", db_col_text(st, 1));
		acct_mask_id(db_col_text(st, 2), masked);
		util_json_text(o, "id_number_masked", masked);
		util_json_text(o, "phone", db_col_text(st, 3));
		util_json_text(o, "email", db_col_text(st, 4));
		cJSON_AddBoolToObject(o, "is_super", db_col_int(st, 5));
		if (db_col_isnull(st, 6))
			cJSON_AddNullToObject(o, "role_id");
		else
			cJSON_AddNumberToObject(o, "role_id",
			    (double)db_col_int(st, 6));
		util_json_text(o, "role_name", db_col_text(st, 7));
		util_json_text(o, "since", db_col_text(st, 8));
	}
	*out = arr;
	return SDRZ_OK;
}

/* ---- adding ---- */

static const char *
check_mode(char *v)
{
	return strcmp(v, "pick") == 0 || strcmp(v, "register") == 0 ||
	    strcmp(v, "existing") == 0 ? NULL : "请选择添加管理员的方式";
}

static const struct form_field add_fields[] = {
	{ "mode", "添加方式", FORM_TEXT, 1, 16, NULL, check_mode, 0, 0, NULL },
	{ "person_id", "本单位人员", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "role_id", "角色", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "id_type", "证件类型", FORM_DICT, 0, 8, "id_type", NULL, 0, 0, NULL },
	{ "id_number", "证件号", FORM_TEXT, 0, 32, NULL, NULL, 0, 0, NULL },
	{ "name", "真实姓名", FORM_TEXT, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "password", "密码", FORM_SECRET, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "password2", "确认密码", FORM_SECRET, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "phone", "手机号", FORM_TEXT, 0, 11, NULL, NULL, 0, 0, NULL },
	{ "email", "电子邮箱", FORM_TEXT, 0, 254, NULL, NULL, 0, 0, NULL },
	{ "landline", "固定电话", FORM_TEXT, 0, 32, NULL, NULL, 0, 0, NULL },
};

const struct form_desc admin_add_form = { "org-admin", add_fields,
    sizeof(add_fields) / sizeof(add_fields[0]) };

static const char SQL_PICKABLE[] =
    "SELECT 1 FROM personnel WHERE person_id = ? AND org_id = ?"
    " AND status = 'approved'";
static const char SQL_ROLE_OF[] =
    "SELECT 1 FROM admin_role WHERE id = ? AND org_id = ?";
static const char SQL_ADMIN_STATE[] =
    "SELECT status FROM org_admin WHERE org_id = ? AND person_id = ?"
    " FOR UPDATE";
static const char SQL_ADMIN_INSERT[] =
    "INSERT INTO org_admin (org_id, person_id, is_super, role_id)"
    " VALUES (?, ?, 0, ?)";
static const char SQL_ADMIN_AGAIN[] =
    "UPDATE org_admin SET status = 'active', removed_at = NULL, role_id = ?,"
    " is_super = 0 WHERE org_id = ? AND person_id = ?";

struct add_ctx {
	const struct form	*f;
	struct form		*errs;
	int64_t			 org_id;
	const char		*hash;
	const char		*id_number;
	const struct audit_actor *actor;
};

static enum sdrz_err
role_belongs(struct db *db, int64_t role_id, int64_t org_id, int *yes)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_ROLE_OF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, role_id);
	db_bind_int(st, 1, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	*yes = db_next(st) == 1;
	return SDRZ_OK;
}

static enum sdrz_err
add_tx(struct db *db, void *arg)
{
	struct add_ctx		*c = arg;
	const struct form	*f = c->f;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	struct acct_claim	 cl;
	const char		*mode = form_get(f, "mode");
	int64_t			 person, role = 0;
	int			 again = 0, yes;

	if (form_get(f, "role_id") != NULL) {
		role = strtoll(form_get(f, "role_id"), NULL, 10);
		if ((rc = role_belongs(db, role, c->org_id, &yes)) != SDRZ_OK)
			return rc;
		if (!yes) {
			form_error(c->errs, "role_id", "所选角色不存在");
			return SDRZ_ERR_INVALID;
		}
	}
	if (strcmp(mode, "pick") == 0) {
		person = strtoll(form_get(f, "person_id"), NULL, 10);
		if ((st = db_stmt(db, SQL_PICKABLE)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, person);
		db_bind_int(st, 1, c->org_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) != 1) {
			form_error(c->errs, "person_id", "只能选择本单位已审核"
			    "通过的人员");
			return SDRZ_ERR_INVALID;
		}
	} else {
		memset(&cl, 0, sizeof(cl));
		cl.id_type = form_get(f, "id_type");
		cl.id_number = c->id_number;
		cl.name = form_get(f, "name");
		cl.password = form_get(f, "password");
		cl.hash = c->hash;
		cl.phone = form_get(f, "phone");
		cl.email = form_get(f, "email");
		cl.landline = form_get(f, "landline");
		cl.existing = strcmp(mode, "existing") == 0;
		cl.f_id_number = "id_number";
		cl.f_name = "name";
		cl.f_password = "password";
		cl.f_existing = "mode";
		if ((rc = acct_claim_person(db, &cl, c->errs, &person)) !=
		    SDRZ_OK)
			return rc;
	}
	if ((st = db_stmt(db, SQL_ADMIN_STATE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, person);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		if (strcmp(db_col_text(st, 0), "active") == 0) {
			form_error(c->errs, strcmp(mode, "pick") == 0 ?
			    "person_id" : "id_number", "此人已是本单位管理员");
			return SDRZ_ERR_CONFLICT;
		}
		again = 1;
	}
	if ((st = db_stmt(db, again ? SQL_ADMIN_AGAIN : SQL_ADMIN_INSERT)) ==
	    NULL)
		return SDRZ_ERR_NOMEM;
	if (again) {
		if (role > 0)
			db_bind_int(st, 0, role);
		else
			db_bind_null(st, 0);
		db_bind_int(st, 1, c->org_id);
		db_bind_int(st, 2, person);
	} else {
		db_bind_int(st, 0, c->org_id);
		db_bind_int(st, 1, person);
		if (role > 0)
			db_bind_int(st, 2, role);
		else
			db_bind_null(st, 2);
	}
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "admin.add", "person", person, NULL);
}

enum sdrz_err
admin_add(struct db *db, const struct config *cfg, int64_t org_id,
    const cJSON *body, const struct audit_actor *actor, struct form *f)
{
	struct add_ctx	 c;
	enum sdrz_err	 rc;
	const char	*mode, *msg, *pw, *pw2;
	char		*hash = NULL;
	static const char *const need_reg[] = { "id_type", "id_number", "name",
	    "password", "phone", "email", NULL };
	static const char *const need_existing[] = { "id_type", "id_number",
	    "name", "password", NULL };
	const char *const *need;

	rc = form_parse(f, add_fields, sizeof(add_fields) /
	    sizeof(add_fields[0]), body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	if ((mode = form_get(f, "mode")) == NULL)
		return SDRZ_ERR_INVALID;
	if (strcmp(mode, "pick") == 0) {
		if (form_get(f, "person_id") == NULL)
			form_error(f, "person_id", "请选择本单位人员");
	} else {
		need = strcmp(mode, "register") == 0 ? need_reg : need_existing;
		for (; *need != NULL; need++)
			if (form_get(f, *need) == NULL)
				form_error(f, *need, "请填写此项");
		if (form_has(f, "id_number") && form_has(f, "id_type") &&
		    (msg = acct_check_id(form_get(f, "id_type"),
		    form_edit(f, "id_number"))))
			form_error(f, "id_number", msg);
		pw = form_get(f, "password");
		pw2 = form_get(f, "password2");
		if (strcmp(mode, "register") == 0 && pw != NULL) {
			if ((msg = passwd_weakness(pw)) != NULL)
				form_error(f, "password", msg);
			else if (pw2 == NULL || strcmp(pw, pw2) != 0)
				form_error(f, "password2", "两次输入的密码不一致");
		}
	}
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	if (strcmp(mode, "register") == 0 &&
	    (hash = passwd_hash(cfg, form_get(f, "password"))) == NULL)
		return SDRZ_ERR_NOMEM;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.errs = f;
	c.org_id = org_id;
	c.hash = hash;
	c.id_number = form_get(f, "id_number");
	c.actor = actor;
	rc = db_tx(db, add_tx, &c);
	free(hash);
	return rc;
}

/* ---- super admin, roles of admins, removal ---- */

static const char SQL_ACTIVE[] =
    "SELECT is_super FROM org_admin WHERE org_id = ? AND person_id = ?"
    " AND status = 'active' FOR UPDATE";
static const char SQL_SUPER_OFF[] =
    "UPDATE org_admin SET is_super = 0 WHERE org_id = ? AND is_super = 1";
static const char SQL_SUPER_ON[] =
    "UPDATE org_admin SET is_super = 1, role_id = NULL"
    " WHERE org_id = ? AND person_id = ?";
static const char SQL_SET_ROLE[] =
    "UPDATE org_admin SET role_id = ? WHERE org_id = ? AND person_id = ?";
static const char SQL_REMOVE[] =
    "UPDATE org_admin SET status = 'removed', removed_at = NOW(3),"
    " role_id = NULL, is_super = 0, removed_by_org_id = ?,"
    " removed_by_person_id = ? WHERE org_id = ? AND person_id = ?";
/* A removed admin's sessions in that role end at once. */
static const char SQL_END_SESSIONS[] =
    "DELETE FROM session WHERE person_id = ? AND role_kind = 'admin'"
    " AND role_org_id = ?";

struct one_ctx {
	int64_t			 org_id, person_id, role_id;
	const struct audit_actor *actor;
	int			 op;	/* 0 super, 1 role, 2 remove, 3 revoke */
};

static enum sdrz_err
one_tx(struct db *db, void *arg)
{
	struct one_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 is_super, yes;

	/* Lock every admin row of the organisation: two super moves at
	 * once must not leave two supers, or none. */
	if ((st = db_stmt(db, SQL_ACTIVE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, c->person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	is_super = db_col_int(st, 0) == 1;
	switch (c->op) {
	case 0:
		if (is_super)
			return SDRZ_OK;
		if ((st = db_stmt(db, SQL_SUPER_OFF)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->org_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if ((st = db_stmt(db, SQL_SUPER_ON)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->org_id);
		db_bind_int(st, 1, c->person_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		return audit_add(db, c->actor, "admin.set_super", "person",
		    c->person_id, NULL);
	case 1:
		if (is_super)
			return SDRZ_ERR_CONFLICT;	/* holds all anyway */
		if (c->role_id > 0) {
			if ((rc = role_belongs(db, c->role_id, c->org_id,
			    &yes)) != SDRZ_OK)
				return rc;
			if (!yes)
				return SDRZ_ERR_INVALID;
		}
		if ((st = db_stmt(db, SQL_SET_ROLE)) == NULL)
			return SDRZ_ERR_NOMEM;
		if (c->role_id > 0)
			db_bind_int(st, 0, c->role_id);
		else
			db_bind_null(st, 0);
		db_bind_int(st, 1, c->org_id);
		db_bind_int(st, 2, c->person_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		return audit_add(db, c->actor, "admin.set_role", "person",
		    c->person_id, NULL);
	default:
		/* Only a revocation (op 3) takes the super admin's rights. */
		if (is_super && c->op != 3)
			return SDRZ_ERR_CONFLICT;
		if ((st = db_stmt(db, SQL_REMOVE)) == NULL)
			return SDRZ_ERR_NOMEM;
		if (c->actor->org_id > 0)
			db_bind_int(st, 0, c->actor->org_id);
		else
			db_bind_null(st, 0);
		if (c->actor->person_id > 0)
			db_bind_int(st, 1, c->actor->person_id);
		else
			db_bind_null(st, 1);
		db_bind_int(st, 2, c->org_id);
		db_bind_int(st, 3, c->person_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if ((st = db_stmt(db, SQL_END_SESSIONS)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->person_id);
		db_bind_int(st, 1, c->org_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		return audit_add(db, c->actor, "admin.remove", "person",
		    c->person_id, is_super ? "{\"was_super\":true}" : NULL);
	}
}

static enum sdrz_err
one(struct db *db, int op, int64_t org_id, int64_t person_id,
    int64_t role_id, const struct audit_actor *actor)
{
	struct one_ctx	 c = { org_id, person_id, role_id, actor, op };

	return db_tx(db, one_tx, &c);
}

enum sdrz_err
admin_set_super(struct db *db, int64_t org_id, int64_t person_id,
    const struct audit_actor *actor)
{
	return one(db, 0, org_id, person_id, 0, actor);
}

enum sdrz_err
admin_set_role(struct db *db, int64_t org_id, int64_t person_id,
    int64_t role_id, const struct audit_actor *actor)
{
	return one(db, 1, org_id, person_id, role_id, actor);
}

enum sdrz_err
admin_remove(struct db *db, int64_t org_id, int64_t person_id,
    const struct audit_actor *actor)
{
	return one(db, 2, org_id, person_id, 0, actor);
}

enum sdrz_err
admin_revoke(struct db *db, int64_t org_id, int64_t person_id,
    const struct audit_actor *actor)
{
	return one(db, 3, org_id, person_id, 0, actor);
}

/* The newest removal of the person's rights in an organisation of the
 * kinds, with the remover; NULL remover columns for old rows. */
static const char SQL_REMOVAL[] =
    "SELECT o.name, DATE_FORMAT(a.removed_at, '%Y-%m-%d'),"
    " a.removed_by_org_id = a.org_id, r.name, r.phone, bp.name"
    " FROM org_admin a JOIN org o ON o.id = a.org_id"
    " LEFT JOIN org r ON r.id = a.removed_by_org_id"
    " LEFT JOIN person bp ON bp.id = a.removed_by_person_id"
    " WHERE a.person_id = ? AND a.status = 'removed'"
    " AND o.kind IN (?, ?)"
    " AND NOT EXISTS (SELECT 1 FROM org_admin x JOIN org xo"
    "  ON xo.id = x.org_id WHERE x.person_id = a.person_id"
    "  AND x.status = 'active' AND xo.kind IN (?, ?))"
    " ORDER BY a.removed_at DESC LIMIT 1";

enum sdrz_err
admin_removal_notice(struct db *db, int64_t person_id, const char *kind1,
    const char *kind2, char *msg, size_t msgsz)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	const char	*org, *day, *by, *phone, *who;

	if ((st = db_stmt(db, SQL_REMOVAL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, person_id);
	db_bind_text(st, 1, kind1);
	db_bind_text(st, 2, kind2);
	db_bind_text(st, 3, kind1);
	db_bind_text(st, 4, kind2);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	org = db_col_text(st, 0);
	day = db_col_text(st, 1);
	by = db_col_text(st, 3);
	phone = db_col_text(st, 4);
	who = db_col_text(st, 5);
	if (by == NULL)
		snprintf(msg, msgsz, "您在“%s”的管理员权限已于 %s 被移除,"
		    "不能再以该单位管理员身份登录。如有疑问,请联系“%s”的"
		    "超级管理员或其上级部门", org, day, org);
	else if (db_col_int(st, 2) == 1)
		snprintf(msg, msgsz, "您在“%s”的管理员权限已于 %s 被本单位"
		    "管理员%s移除,不能再以该单位管理员身份登录。如有疑问,"
		    "请联系本单位超级管理员", org, day, who ? who : "");
	else
		snprintf(msg, msgsz, "您在“%s”的管理员权限已于 %s 被“%s”"
		    "移除,不能再以该单位管理员身份登录。如有疑问,请联系“%s”"
		    "%s%s%s", org, day, by, by, phone ? "(电话 " : "",
		    phone ? phone : "", phone ? ")" : "");
	return SDRZ_OK;
}

/* ---- roles ---- */

static const char SQL_ROLES[] =
    "SELECT r.id, r.name, (SELECT COUNT(*) FROM org_admin a"
    "  WHERE a.role_id = r.id AND a.status = 'active')"
    " FROM admin_role r WHERE r.org_id = ? ORDER BY r.name, r.id";
static const char SQL_ROLE_MODULES[] =
    "SELECT m.role_id, m.module FROM admin_role_module m"
    " JOIN admin_role r ON r.id = m.role_id WHERE r.org_id = ?"
    " ORDER BY m.role_id, m.module";

enum sdrz_err
role_list(struct db *db, int64_t org_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o, *mods;
	int64_t		 id;

	if ((st = db_stmt(db, SQL_ROLES)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	arr = cJSON_CreateArray();
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
		util_json_text(o, "name", db_col_text(st, 1));
		cJSON_AddNumberToObject(o, "admins", (double)db_col_int(st, 2));
		cJSON_AddArrayToObject(o, "modules");
	}
	if ((st = db_stmt(db, SQL_ROLE_MODULES)) == NULL) {
		cJSON_Delete(arr);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		cJSON_Delete(arr);
		return rc;
	}
	while (db_next(st) == 1) {
		id = db_col_int(st, 0);
		cJSON_ArrayForEach(o, arr)
			if ((int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(o,
			    "id")) == id) {
				mods = cJSON_GetObjectItem(o, "modules");
				cJSON_AddItemToArray(mods,
				    cJSON_CreateString(db_col_text(st, 1)));
			}
	}
	*out = arr;
	return SDRZ_OK;
}

static const char SQL_ROLE_NEW[] =
    "INSERT INTO admin_role (org_id, name) VALUES (?, ?)";
static const char SQL_ROLE_RENAME[] =
    "UPDATE admin_role SET name = ? WHERE id = ? AND org_id = ?";
static const char SQL_ROLE_CLEAR[] =
    "DELETE FROM admin_role_module WHERE role_id = ?";
static const char SQL_ROLE_ADD[] =
    "INSERT INTO admin_role_module (role_id, module) VALUES (?, ?)";
static const char SQL_ROLE_USED[] =
    "SELECT COUNT(*) FROM org_admin WHERE role_id = ? AND status = 'active'";
static const char SQL_ROLE_DROP_REMOVED[] =
    "UPDATE org_admin SET role_id = NULL WHERE role_id = ?"
    " AND status = 'removed'";
static const char SQL_ROLE_DELETE[] =
    "DELETE FROM admin_role WHERE id = ? AND org_id = ?";

struct role_ctx {
	int64_t			 org_id, role_id;
	const char		*name;
	int			 modules[MOD__MAX];
	struct form		*errs;
	const struct audit_actor *actor;
};

static enum sdrz_err
role_tx(struct db *db, void *arg)
{
	struct role_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 i, yes;

	if (c->role_id > 0) {
		if ((rc = role_belongs(db, c->role_id, c->org_id, &yes)) !=
		    SDRZ_OK)
			return rc;
		if (!yes)
			return SDRZ_ERR_NOT_FOUND;
		if ((st = db_stmt(db, SQL_ROLE_RENAME)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, c->name);
		db_bind_int(st, 1, c->role_id);
		db_bind_int(st, 2, c->org_id);
	} else {
		if ((st = db_stmt(db, SQL_ROLE_NEW)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->org_id);
		db_bind_text(st, 1, c->name);
	}
	if ((rc = db_exec(st)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_CONFLICT)
			form_error(c->errs, "name", "本单位已有同名角色");
		return rc;
	}
	if (c->role_id == 0)
		c->role_id = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_ROLE_CLEAR)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->role_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	for (i = 0; i < MOD__MAX; i++) {
		if (!c->modules[i])
			continue;
		if ((st = db_stmt(db, SQL_ROLE_ADD)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->role_id);
		db_bind_text(st, 1, admin_modules[i].name);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
	}
	return audit_add(db, c->actor, "role.save", "admin_role", c->role_id,
	    NULL);
}

static const struct form_field role_fields[] = {
	{ "name", "角色名称", FORM_TEXT, 1, 50, NULL, NULL, 0, 0, NULL },
};

enum sdrz_err
role_save(struct db *db, int64_t org_id, int64_t role_id, const cJSON *body,
    const struct audit_actor *actor, struct form *f, int64_t *id)
{
	struct role_ctx	 c;
	enum sdrz_err	 rc;
	const cJSON	*mods, *m;
	enum admin_module mod;
	int		 any = 0;

	rc = form_parse(f, role_fields, 1, body, db);
	if (rc != SDRZ_OK && rc != SDRZ_ERR_INVALID)
		return rc;
	memset(&c, 0, sizeof(c));
	mods = cJSON_GetObjectItem(body, "modules");
	if (!cJSON_IsArray(mods))
		form_error(f, "modules", "请选择角色的功能权限");
	else
		cJSON_ArrayForEach(m, mods) {
			mod = admin_module(cJSON_GetStringValue(m));
			if (mod == MOD__MAX) {
				form_error(f, "modules", "功能权限不在可选范围内");
				break;
			}
			c.modules[mod] = 1;
			any = 1;
		}
	if (f->errors == NULL && !any)
		form_error(f, "modules", "请至少选择一项功能权限");
	if (f->errors != NULL)
		return SDRZ_ERR_INVALID;
	c.org_id = org_id;
	c.role_id = role_id;
	c.name = form_get(f, "name");
	c.errs = f;
	c.actor = actor;
	if ((rc = db_tx(db, role_tx, &c)) == SDRZ_OK && id != NULL)
		*id = c.role_id;
	return rc;
}

static enum sdrz_err
role_delete_tx(struct db *db, void *arg)
{
	struct role_ctx	*c = arg;
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 yes;

	if ((rc = role_belongs(db, c->role_id, c->org_id, &yes)) != SDRZ_OK)
		return rc;
	if (!yes)
		return SDRZ_ERR_NOT_FOUND;
	if ((st = db_stmt(db, SQL_ROLE_USED)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->role_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1 && db_col_int(st, 0) > 0)
		return SDRZ_ERR_CONFLICT;
	if ((st = db_stmt(db, SQL_ROLE_DROP_REMOVED)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->role_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((st = db_stmt(db, SQL_ROLE_DELETE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->role_id);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, c->actor, "role.delete", "admin_role",
	    c->role_id, NULL);
}

enum sdrz_err
role_delete(struct db *db, int64_t org_id, int64_t role_id,
    const struct audit_actor *actor)
{
	struct role_ctx	 c;

	memset(&c, 0, sizeof(c));
	c.org_id = org_id;
	c.role_id = role_id;
	c.actor = actor;
	return db_tx(db, role_delete_tx, &c);
}
