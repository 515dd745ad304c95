#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "audit.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "org.h"
#include "passwd.h"
#include "review.h"
#include "valid.h"
#include "util.h"

static const char SQL_ROOT[] =
    "SELECT id FROM org WHERE parent_id IS NULL AND kind = 'hrb_city'"
    " ORDER BY id LIMIT 1";
static const char SQL_ROOT_LOCK[] =
    "SELECT id FROM org WHERE parent_id IS NULL FOR UPDATE";
static const char SQL_PARENT_LOCK[] =
    "SELECT path, region_code FROM org WHERE id = ? AND status = 'approved'"
    " FOR UPDATE";
static const char SQL_INSERT_ORG[] =
    "INSERT INTO org (parent_id, kind, name, uscc, has_uscc, region_code,"
    " nature, industry, level, phone, address, status, approved_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', NOW(3))";
static const char SQL_SET_PATH[] =
    "UPDATE org SET path = CONCAT(?, id, '/') WHERE id = ?";
static const char SQL_PERSON_BY_ID[] =
    "SELECT id, password_hash FROM person"
    " WHERE id_type = '01' AND id_number = ? FOR UPDATE";
static const char SQL_INSERT_PERSON[] =
    "INSERT INTO person (id_type, id_number, name, password_hash, phone,"
    " email) VALUES ('01', ?, ?, ?, ?, ?)";
static const char SQL_INSERT_ADMIN[] =
    "INSERT INTO org_admin (org_id, person_id, is_super) VALUES (?, ?, 1)";

static const char *const org_kinds[] = {
	"hrb_city", "hrb_district", "dept", "unit", "base",
};

struct create_ctx {
	const struct org_new	*o;
	const char		*id_number;
	const char		*hash;		/* for a new person */
	int64_t			 org_id;
	char			*err;
	size_t			 errsz;
};

static enum sdrz_err
create_tx(struct db *db, void *arg)
{
	struct create_ctx	*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 person_id;
	char			 path[600] = "/";
	char			 region[8] = "";
	int			 ok;

	if (c->o->parent_id == 0) {
		if ((st = db_stmt(db, SQL_ROOT_LOCK)) == NULL)
			return SDRZ_ERR_NOMEM;
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) == 1) {
			snprintf(c->err, c->errsz, "a root organisation "
			    "exists already (id %lld)",
			    (long long)db_col_int(st, 0));
			return SDRZ_ERR_CONFLICT;
		}
	} else {
		if ((st = db_stmt(db, SQL_PARENT_LOCK)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_int(st, 0, c->o->parent_id);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		if (db_next(st) != 1) {
			snprintf(c->err, c->errsz, "no approved organisation "
			    "%lld to be the parent", (long long)c->o->parent_id);
			return SDRZ_ERR_NOT_FOUND;
		}
		snprintf(path, sizeof(path), "%s", db_col_text(st, 0));
		snprintf(region, sizeof(region), "%s",
		    db_col_text(st, 1) ? db_col_text(st, 1) : "");
	}

	if ((st = db_stmt(db, SQL_INSERT_ORG)) == NULL)
		return SDRZ_ERR_NOMEM;
	if (c->o->parent_id > 0)
		db_bind_int(st, 0, c->o->parent_id);
	else
		db_bind_null(st, 0);
	db_bind_text(st, 1, c->o->kind);
	db_bind_text(st, 2, c->o->name);
	db_bind_text(st, 3, c->o->uscc);
	db_bind_int(st, 4, c->o->uscc != NULL);
	db_bind_text(st, 5, c->o->region_code ? c->o->region_code :
	    region[0] ? region : NULL);
	db_bind_text(st, 6, c->o->nature);
	db_bind_text(st, 7, c->o->industry);
	db_bind_text(st, 8, c->o->level);
	db_bind_text(st, 9, c->o->phone);
	db_bind_text(st, 10, c->o->address);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		if (rc == SDRZ_ERR_CONFLICT)
			snprintf(c->err, c->errsz, "the USCC %s belongs to "
			    "another organisation", c->o->uscc);
		return rc;
	}
	c->org_id = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_SET_PATH)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, path);
	db_bind_int(st, 1, c->org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;

	if ((st = db_stmt(db, SQL_PERSON_BY_ID)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->id_number);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		/* "Already a user of this system": proves it with the
		 * password that user has. */
		person_id = db_col_int(st, 0);
		ok = passwd_verify(db_col_text(st, 1), c->o->admin_password);
		if (ok != 1) {
			snprintf(c->err, c->errsz, "%s is a user already and "
			    "the password does not match theirs", c->id_number);
			return SDRZ_ERR_CONFLICT;
		}
	} else {
		if ((st = db_stmt(db, SQL_INSERT_PERSON)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, c->id_number);
		db_bind_text(st, 1, c->o->admin_name);
		db_bind_text(st, 2, c->hash);
		db_bind_text(st, 3, c->o->admin_phone);
		db_bind_text(st, 4, c->o->admin_email);
		if ((rc = db_exec(st)) != SDRZ_OK)
			return rc;
		person_id = (int64_t)db_insert_id(st);
	}

	if ((st = db_stmt(db, SQL_INSERT_ADMIN)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
	db_bind_int(st, 1, person_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	return audit_add(db, NULL, "org.create", "org", c->org_id, NULL);
}

enum sdrz_err
org_create(struct db *db, const struct config *cfg, const struct org_new *o,
    int64_t *org_id, char *err, size_t errsz)
{
	struct create_ctx c;
	char		 idn[32], uscc[32];
	const char	*weak;
	char		*hash = NULL;
	enum sdrz_err	 rc;
	size_t		 i;
	struct org_new	 copy = *o;

	memset(&c, 0, sizeof(c));
	err[0] = '\0';
	for (i = 0; i < sizeof(org_kinds) / sizeof(org_kinds[0]); i++)
		if (o->kind != NULL && strcmp(o->kind, org_kinds[i]) == 0)
			break;
	if (i == sizeof(org_kinds) / sizeof(org_kinds[0])) {
		snprintf(err, errsz, "the kind must be one of hrb_city, "
		    "hrb_district, dept, unit, base");
		return SDRZ_ERR_INVALID;
	}
	if ((o->parent_id == 0) != (strcmp(o->kind, "hrb_city") == 0)) {
		snprintf(err, errsz, "the city HR bureau is the root, and "
		    "every other organisation has a parent");
		return SDRZ_ERR_INVALID;
	}
	if (o->name == NULL || *o->name == '\0' || strlen(o->name) > 200) {
		snprintf(err, errsz, "the organisation name is required "
		    "(at most 200 bytes)");
		return SDRZ_ERR_INVALID;
	}
	if ((o->region_code != NULL || o->parent_id == 0) &&
	    (o->region_code == NULL || strlen(o->region_code) != 6 ||
	    strspn(o->region_code, "0123456789") != 6)) {
		snprintf(err, errsz, "the region code must be 6 digits");
		return SDRZ_ERR_INVALID;
	}
	if (o->uscc != NULL) {
		snprintf(uscc, sizeof(uscc), "%s", o->uscc);
		if (!valid_uscc(uscc)) {
			snprintf(err, errsz, "%s is not a valid unified social "
			    "credit code", o->uscc);
			return SDRZ_ERR_INVALID;
		}
		copy.uscc = uscc;
	}
	if (o->admin_id_number == NULL ||
	    strlen(o->admin_id_number) >= sizeof(idn)) {
		snprintf(err, errsz, "the admin's ID number is required");
		return SDRZ_ERR_INVALID;
	}
	snprintf(idn, sizeof(idn), "%s", o->admin_id_number);
	if (!valid_id_number(idn)) {
		snprintf(err, errsz, "%s is not a valid resident ID number",
		    o->admin_id_number);
		return SDRZ_ERR_INVALID;
	}
	if (o->admin_name == NULL || *o->admin_name == '\0' ||
	    strlen(o->admin_name) > 64) {
		snprintf(err, errsz, "the admin's name is required");
		return SDRZ_ERR_INVALID;
	}
	for (i = 0; o->admin_name[i]; i++)
		if (iscntrl((unsigned char)o->admin_name[i])) {
			snprintf(err, errsz, "the admin's name has control "
			    "characters");
			return SDRZ_ERR_INVALID;
		}
	weak = o->admin_password == NULL ? "missing" :
	    passwd_weakness(o->admin_password);
	if (weak != NULL) {
		snprintf(err, errsz, "the admin's password is refused: %s",
		    weak);
		return SDRZ_ERR_INVALID;
	}
	if (o->admin_phone != NULL && !valid_mobile(o->admin_phone)) {
		snprintf(err, errsz, "%s is not a mobile number",
		    o->admin_phone);
		return SDRZ_ERR_INVALID;
	}
	if (o->admin_email != NULL && !valid_email(o->admin_email)) {
		snprintf(err, errsz, "%s is not an e-mail address",
		    o->admin_email);
		return SDRZ_ERR_INVALID;
	}
	/* Hashing takes tens of milliseconds: not inside the transaction. */
	if ((hash = passwd_hash(cfg, o->admin_password)) == NULL) {
		snprintf(err, errsz, "cannot hash the password");
		return SDRZ_ERR_NOMEM;
	}
	c.o = &copy;
	c.id_number = idn;
	c.hash = hash;
	c.err = err;
	c.errsz = errsz;
	rc = db_tx(db, create_tx, &c);
	if (rc == SDRZ_OK)
		*org_id = c.org_id;
	else if (err[0] == '\0')
		snprintf(err, errsz, "%s: %s", sdrz_strerror(rc), db_error(db));
	free(hash);
	return rc;
}

static const char SQL_PICKER[] =
    "SELECT id, name, kind FROM org WHERE status = 'approved'"
    " AND (? IS NULL OR LOCATE(?, name) > 0) AND (? IS NULL OR kind = ?)"
    " ORDER BY (? IS NOT NULL AND name = ?) DESC, CHAR_LENGTH(name), id"
    " LIMIT ?";

enum sdrz_err
org_picker(struct db *db, const char *q, const char *kind, long limit,
    cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	*out = NULL;
	if ((st = db_stmt(db, SQL_PICKER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, q);
	db_bind_text(st, 1, q);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, q);
	db_bind_text(st, 5, q);
	db_bind_int(st, 6, limit);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((arr = cJSON_CreateArray()) == NULL)
		return SDRZ_ERR_NOMEM;
	while (db_next(st) == 1) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "kind", db_col_text(st, 2));
	}
	*out = arr;
	return SDRZ_OK;
}

static const char SQL_FIND[] =
    "SELECT id FROM org WHERE name = ? AND (parent_id = ? OR"
    " (? = 0 AND parent_id IS NULL)) ORDER BY id LIMIT 1";

enum sdrz_err
org_find(struct db *db, int64_t parent_id, const char *name, int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_FIND)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, name);
	db_bind_int(st, 1, parent_id);
	db_bind_int(st, 2, parent_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*id = db_col_int(st, 0);
	return SDRZ_OK;
}

static const char SQL_KIND_OF[] = "SELECT kind FROM org WHERE id = ?";

enum sdrz_err
org_kind_of(struct db *db, int64_t org_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*out = NULL;
	if ((st = db_stmt(db, SQL_KIND_OF)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*out = cJSON_CreateString(db_col_text(st, 0));
	return *out ? SDRZ_OK : SDRZ_ERR_NOMEM;
}

enum sdrz_err
org_root(struct db *db, int64_t *id)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	if ((st = db_stmt(db, SQL_ROOT)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	*id = db_col_int(st, 0);
	return SDRZ_OK;
}

/* ---- registration up the tree ---- */

static const char *
check_kind(char *v)
{
	return strcmp(v, "unit") == 0 || strcmp(v, "dept") == 0 ||
	    strcmp(v, "base") == 0 || strcmp(v, "hrb_district") == 0 ? NULL :
	    "请选择注册类型";
}

static const char *
check_phone(char *v)
{
	size_t	 n = strlen(v);

	return n >= 7 && n <= 20 && strspn(v, "0123456789-") == n ? NULL :
	    "电话只能包含数字和 -,如 0633-8888888";
}

static const char *
check_uscc(char *v)
{
	return valid_uscc(v) ? NULL : "统一社会信用代码不正确,请核对 18 位"
	    "代码(末位为校验码)";
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
	{ "phone", "单位电话", FORM_TEXT, 1, 20, NULL, check_phone, 0, 0, NULL },
	{ "address", "单位地址", FORM_TEXT, 1, 200, NULL, NULL, 0, 0, NULL },
	{ "region_code", "所在地区", FORM_DICT, 0, 8, "region", NULL, 0, 0, NULL },
	{ "has_dept", "是否有所属主管部门", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "dept_id", "所属主管部门名称", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "parent_unit_id", "上级单位", FORM_ID, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "has_uscc", "是否有统一社会信用代码证", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "uscc", "统一社会信用代码", FORM_TEXT, 0, 18, NULL, check_uscc, 0, 0, NULL },
	{ "agree", "同意遵守用户协议", FORM_BOOL, 1, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_existing", "已是本系统用户", FORM_BOOL, 0, 0, NULL, NULL, 0, 0, NULL },
	{ "admin_id_type", "证件类型", FORM_DICT, 1, 8, "id_type", NULL, 0, 0, NULL },
	{ "admin_id_number", "证件号", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "admin_password", "密码", FORM_SECRET, 1, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_password2", "确认密码", FORM_SECRET, 0, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_name", "真实姓名", FORM_TEXT, 1, 64, NULL, NULL, 0, 0, NULL },
	{ "admin_phone", "手机号", FORM_TEXT, 0, 11, NULL, check_mobile, 0, 0, NULL },
	{ "admin_email", "电子邮箱", FORM_TEXT, 0, 254, NULL, check_email, 0, 0, NULL },
	{ "admin_landline", "固定电话", FORM_TEXT, 0, 32, NULL, check_phone, 0, 0, NULL },
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
	if ((st = db_stmt(db, SQL_SET_PATH)) == NULL)
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

/* ---- the subtree ---- */

static const char SQL_IN_SUBTREE[] =
    "SELECT 1 FROM org o JOIN org t ON t.id = ?"
    " WHERE o.id = ? AND" ORG_SUBTREE("o", "t");

enum sdrz_err
org_in_subtree(struct db *db, int64_t top, int64_t org_id, int *yes)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;

	*yes = 0;
	if ((st = db_stmt(db, SQL_IN_SUBTREE)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, top);
	db_bind_int(st, 1, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	*yes = db_next(st) == 1;
	return SDRZ_OK;
}

#define ORG_DICT(d, col) \
    " (SELECT name FROM dict_item WHERE dict = '" d "' AND code = " col ")"

static const char SQL_DETAIL[] =
    "SELECT o.id, o.kind, o.name, o.nature," ORG_DICT("unit_nature", "o.nature")
    ", o.industry," ORG_DICT("industry", "o.industry") ", o.level,"
    ORG_DICT("org_level", "o.level") ", o.phone, o.address, o.uscc,"
    " o.has_uscc, o.region_code," ORG_DICT("region", "o.region_code") ","
    " o.status, o.reject_reason, o.created_at, o.approved_at, o.parent_id,"
    " p.name, p.kind FROM org o LEFT JOIN org p ON p.id = o.parent_id"
    " WHERE o.id = ?";
static const char SQL_DETAIL_ADMINS[] =
    "SELECT p.id, p.name, p.id_number, p.phone, p.email, a.is_super,"
    " r.name FROM org_admin a JOIN person p ON p.id = a.person_id"
    " LEFT JOIN admin_role r ON r.id = a.role_id"
    " WHERE a.org_id = ? AND a.status = 'active'"
    " ORDER BY a.is_super DESC, p.name";


/* One organisation row as JSON, from a statement whose columns are those
 * of SQL_DETAIL from column `at` on. */
static cJSON *
org_json(const struct db_stmt *st)
{
	static const char *const keys[] = {
		NULL, "kind", "name", "nature", "nature_name", "industry",
		"industry_name", "level", "level_name", "phone", "address",
		"uscc", NULL, "region_code", "region_name", "status",
		"reject_reason", "registered_at", "approved_at", NULL,
		"parent_name", "parent_kind",
	};
	cJSON		*o = cJSON_CreateObject();
	unsigned	 i;

	cJSON_AddNumberToObject(o, "id", (double)db_col_int(st, 0));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i] != NULL)
			util_json_text(o, keys[i], db_col_text(st, i));
	cJSON_AddBoolToObject(o, "has_uscc", db_col_int(st, 12));
	if (db_col_isnull(st, 19))
		cJSON_AddNullToObject(o, "parent_id");
	else
		cJSON_AddNumberToObject(o, "parent_id",
		    (double)db_col_int(st, 19));
	return o;
}

enum sdrz_err
org_detail(struct db *db, int64_t org_id, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*o, *admins, *a;
	char		 masked[33];

	*out = NULL;
	if ((st = db_stmt(db, SQL_DETAIL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) != 1)
		return SDRZ_ERR_NOT_FOUND;
	o = org_json(st);
	if ((st = db_stmt(db, SQL_DETAIL_ADMINS)) == NULL) {
		cJSON_Delete(o);
		return SDRZ_ERR_NOMEM;
	}
	db_bind_int(st, 0, org_id);
	if ((rc = db_exec(st)) != SDRZ_OK) {
		cJSON_Delete(o);
		return rc;
	}
	admins = cJSON_AddArrayToObject(o, "admins");
	while (db_next(st) == 1) {
		a = cJSON_CreateObject();
		cJSON_AddItemToArray(admins, a);
		cJSON_AddNumberToObject(a, "person_id", (double)db_col_int(st, 0));
		util_json_text(a, "name", db_col_text(st, 1));
		acct_mask_id(db_col_text(st, 2), masked);
		util_json_text(a, "id_number_masked", masked);
		util_json_text(a, "phone", db_col_text(st, 3));
		util_json_text(a, "email", db_col_text(st, 4));
		cJSON_AddBoolToObject(a, "is_super", db_col_int(st, 5));
		util_json_text(a, "role_name", db_col_text(st, 6));
	}
	*out = o;
	return SDRZ_OK;
}

/* The filters every organisation list shares; binds from index `at`. */
#define ORG_FILTER \
    " AND (? IS NULL OR LOCATE(?, o.name) > 0)" \
    " AND (? IS NULL OR o.nature = ?)" \
    " AND (? IS NULL OR o.industry = ?)" \
    " AND (? IS NULL OR o.level = ?)" \
    " AND (? IS NULL OR o.region_code = ?)" \
    " AND (? IS NULL" \
    "  OR (? = 'hrb' AND o.kind IN ('hrb_city', 'hrb_district'))" \
    "  OR (? = 'branch' AND o.kind = 'unit' AND p.kind = 'unit')" \
    "  OR (? = 'unit' AND o.kind = 'unit' AND p.kind <> 'unit')" \
    "  OR (? IN ('dept', 'base') AND o.kind = ?))" \
    " AND (? IS NULL OR EXISTS (SELECT 1 FROM org_admin fa" \
    "  JOIN person fp ON fp.id = fa.person_id" \
    "  WHERE fa.org_id = o.id AND fa.status = 'active'" \
    "  AND (LOCATE(?, fp.name) > 0 OR fp.id_number = ?)))"

static unsigned
bind_filter(struct db_stmt *st, unsigned at, const struct org_query *q)
{
	const char	*v[] = { q->name, q->nature, q->industry, q->level,
	    q->region };
	unsigned	 i;

	for (i = 0; i < 5; i++) {
		db_bind_text(st, at++, v[i]);
		db_bind_text(st, at++, v[i]);
	}
	for (i = 0; i < 6; i++)
		db_bind_text(st, at++, q->type);
	/* An active admin: a part of the name, or the whole ID number. */
	for (i = 0; i < 3; i++)
		db_bind_text(st, at++, q->admin);
	return at;
}

/* Binds the top twice, then the filters. */
static const char SQL_LIST_COUNT[] =
    "SELECT COUNT(*) FROM org o LEFT JOIN org p ON p.id = o.parent_id"
    " WHERE" ORG_SUBTREE_OF("o") " AND o.status = 'approved' AND o.id <> ?"
    ORG_FILTER;
static const char SQL_LIST[] =
    "SELECT o.id, o.kind, o.name, o.nature," ORG_DICT("unit_nature", "o.nature")
    ", o.industry," ORG_DICT("industry", "o.industry") ", o.level,"
    ORG_DICT("org_level", "o.level") ", o.phone, o.address, o.uscc,"
    " o.has_uscc, o.region_code," ORG_DICT("region", "o.region_code") ","
    " o.status, o.reject_reason, o.created_at, o.approved_at, o.parent_id,"
    " p.name, p.kind,"
    " (SELECT COUNT(*) FROM personnel pe WHERE pe.org_id = o.id"
    "  AND pe.status = 'approved')"
    " FROM org o LEFT JOIN org p ON p.id = o.parent_id"
    " WHERE" ORG_SUBTREE_OF("o") " AND o.status = 'approved' AND o.id <> ?"
    ORG_FILTER
    " ORDER BY o.path, o.id LIMIT ? OFFSET ?";

/* The filters of a list (queue: with the tab bound after the top). */
static unsigned
bind_list(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct org_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->top);
	return bind_filter(st, at, q);
}

static unsigned
bind_queue(struct db_stmt *st, unsigned at, const void *arg)
{
	const struct org_query	*q = arg;

	db_bind_int(st, at++, q->top);
	db_bind_int(st, at++, q->decided);
	return bind_filter(st, at, q);
}

/* The organisation's columns, then its approved personnel. */
static enum sdrz_err
list_row(struct db_stmt *st, cJSON *it, const void *q)
{
	cJSON	*o = org_json(st), *c;

	(void)q;
	if (o == NULL)
		return SDRZ_ERR_NOMEM;
	while ((c = o->child) != NULL)
		cJSON_AddItemToObject(it, c->string, cJSON_DetachItemViaPointer(
		    o, c));
	cJSON_Delete(o);
	cJSON_AddNumberToObject(it, "personnel_count", (double)db_col_int(st,
	    22));
	return SDRZ_OK;
}

/* The organisation's columns, then its review: id, status, submitted,
 * decided, reason, payload, before. */
static enum sdrz_err
queue_row(struct db_stmt *st, cJSON *it, const void *q)
{
	cJSON		*o = org_json(st), *c, *r;
	const unsigned	 x = 22;

	(void)q;
	if (o == NULL)
		return SDRZ_ERR_NOMEM;
	while ((c = o->child) != NULL)
		cJSON_AddItemToObject(it, c->string, cJSON_DetachItemViaPointer(
		    o, c));
	cJSON_Delete(o);
	r = cJSON_AddObjectToObject(it, "review");
	cJSON_AddNumberToObject(r, "id", (double)db_col_int(st, x));
	util_json_text(r, "status", db_col_text(st, x + 1));
	util_json_text(r, "submitted_at", db_col_text(st, x + 2));
	util_json_text(r, "decided_at", db_col_text(st, x + 3));
	util_json_text(r, "reason", db_col_text(st, x + 4));
	if (db_col_text(st, x + 5) != NULL)
		cJSON_AddItemToObject(r, "after", cJSON_Parse(db_col_text(st,
		    x + 5)));
	if (db_col_text(st, x + 6) != NULL)
		cJSON_AddItemToObject(r, "before", cJSON_Parse(db_col_text(st,
		    x + 6)));
	/* Registrations waiting on this USCC, this one included: more than
	 * 1, several claim it. */
	cJSON_AddNumberToObject(it, "same_uscc_pending", (double)db_col_int(st,
	    x + 7));
	return SDRZ_OK;
}

static const struct list_spec list_spec = {
	SQL_LIST_COUNT, SQL_LIST, NULL, bind_list, list_row, 0
};

enum sdrz_err
org_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &list_spec, &q->pg, q, -1, out);
}

static const char SQL_PERSONNEL_TOTAL[] =
    "SELECT COALESCE(SUM(c.approved), 0) FROM org o"
    " JOIN org_personnel_count c ON c.org_id = o.id WHERE" ORG_SUBTREE_OF("o")
    " AND (? = 0 OR o.id = ?) AND (? IS NULL OR o.region_code = ?)";

static const char SQL_PERSONNEL_ALL[] =
    "SELECT COALESCE(SUM(approved), 0) FROM org_personnel_count";

enum sdrz_err
org_subtree_wide(struct db *db, int64_t total, int *wide)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	*wide = 0;
	if ((st = db_stmt(db, SQL_PERSONNEL_ALL)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	*wide = r == 1 && total * 1000 >= db_col_int(st, 0) *
	    ORG_WIDE_PERMILLE;
	return SDRZ_OK;
}

enum sdrz_err
org_personnel_total(struct db *db, int64_t top, int64_t org_id,
    const char *region, int64_t *total)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	int		 r;

	*total = 0;
	if ((st = db_stmt(db, SQL_PERSONNEL_TOTAL)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, top);
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, org_id);
	db_bind_text(st, 3, region);
	db_bind_text(st, 4, region);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if ((r = db_next(st)) == -1)
		return SDRZ_ERR_DB;
	*total = r == 1 ? db_col_int(st, 0) : 0;
	return SDRZ_OK;
}

/* A queue of reviews of one kind addressed to q->top. */
#define QUEUE_FROM(kind) \
    REVIEW_QUEUE_FROM " AND a.org_id = ? JOIN org o ON o.id = r.subject_id" \
    " LEFT JOIN org p ON p.id = o.parent_id" \
    " WHERE r.kind = '" kind "' AND r.subject_type = 'org'" \
    " AND" REVIEW_QUEUE_OPEN ORG_FILTER

#define QUEUE_SELECT \
    "SELECT o.id, o.kind, o.name, o.nature," ORG_DICT("unit_nature", "o.nature") \
    ", o.industry," ORG_DICT("industry", "o.industry") ", o.level," \
    ORG_DICT("org_level", "o.level") ", o.phone, o.address, o.uscc," \
    " o.has_uscc, o.region_code," ORG_DICT("region", "o.region_code") "," \
    " o.status, o.reject_reason, o.created_at, o.approved_at, o.parent_id," \
    " p.name, p.kind, r.id, a.status, r.created_at, a.decided_at, a.reason," \
    " r.payload, r.before_payload," \
    " (SELECT COUNT(*) FROM org o2 WHERE o2.uscc = o.uscc" \
    "  AND o2.status = 'pending')"

static const char SQL_REGQ_COUNT[] = "SELECT COUNT(*)" QUEUE_FROM("org_reg");
static const char SQL_REGQ[] = QUEUE_SELECT QUEUE_FROM("org_reg")
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";
static const char SQL_CHGQ_COUNT[] =
    "SELECT COUNT(*)" QUEUE_FROM("org_change");
static const char SQL_CHGQ[] = QUEUE_SELECT QUEUE_FROM("org_change")
    " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";

static const struct list_spec regq_spec = {
	SQL_REGQ_COUNT, SQL_REGQ, NULL, bind_queue, queue_row, 0
};
static const struct list_spec chgq_spec = {
	SQL_CHGQ_COUNT, SQL_CHGQ, NULL, bind_queue, queue_row, 0
};

enum sdrz_err
org_reg_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &regq_spec, &q->pg, q, -1, out);
}

enum sdrz_err
org_change_list(struct db *db, const struct org_query *q, cJSON **out)
{
	return list_run(db, &chgq_spec, &q->pg, q, -1, out);
}

/* ---- information ---- */

static const struct form_field info_fields[] = {
	{ "nature", "单位性质", FORM_DICT, 0, 16, "unit_nature", NULL, 0, 0, NULL },
	{ "industry", "所属行业", FORM_DICT, 0, 16, "industry", NULL, 0, 0, NULL },
	{ "level", "级别", FORM_DICT, 0, 16, "org_level", NULL, 0, 0, NULL },
	{ "phone", "单位电话", FORM_TEXT, 1, 20, NULL, check_phone, 0, 0, NULL },
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
	{ "uscc", "统一社会信用代码", FORM_TEXT, 0, 18, NULL, check_uscc, 0, 0, NULL },
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
