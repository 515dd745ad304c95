/*
 * The organisation tree: organisations made by the admin tool, the
 * pickers and look-ups, whether one lies in another's subtree, one
 * organisation in detail, and the helpers the other org_*.c files share
 * (org_int.h). Registration is in org_reg.c, the subtree's lists in
 * org_list.c, information and its changes in org_info.c.
 */
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
#include "org_int.h"
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
const char org_sql_set_path[] =
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
	if ((st = db_stmt(db, org_sql_set_path)) == NULL)
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


/* ---- shared by the org_*.c files ---- */

const char *
org_check_phone(char *v)
{
	size_t	 n = strlen(v);

	return n >= 7 && n <= 20 && strspn(v, "0123456789-") == n ? NULL :
	    "电话只能包含数字和 -,如 0633-8888888";
}

const char *
org_check_uscc(char *v)
{
	return valid_uscc(v) ? NULL : "统一社会信用代码不正确,请核对 18 位"
	    "代码(末位为校验码)";
}

/* ---- the subtree, one organisation ---- */

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
cJSON *
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
