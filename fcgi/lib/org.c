#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "org.h"
#include "passwd.h"
#include "valid.h"

static const char SQL_ROOT[] =
    "SELECT id FROM org WHERE parent_id IS NULL AND kind = 'hrb_city'"
    " ORDER BY id LIMIT 1";
static const char SQL_ROOT_LOCK[] =
    "SELECT id FROM org WHERE parent_id IS NULL FOR UPDATE";
static const char SQL_PARENT_LOCK[] =
    "SELECT path, region_code FROM org WHERE id = ? AND status = 'approved'"
    " FOR UPDATE";
static const char SQL_INSERT_ORG[] =
    "INSERT INTO org (parent_id, kind, name, uscc, region_code, status)"
    " VALUES (?, ?, ?, ?, ?, 'approved')";
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
	db_bind_text(st, 4, c->o->region_code ? c->o->region_code :
	    region[0] ? region : NULL);
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
    " AND (? IS NULL OR LOCATE(?, name) > 0)"
    " ORDER BY (? IS NOT NULL AND name = ?) DESC, CHAR_LENGTH(name), id"
    " LIMIT ?";

enum sdrz_err
org_picker(struct db *db, const char *q, long limit, cJSON **out)
{
	struct db_stmt	*st;
	enum sdrz_err	 rc;
	cJSON		*arr, *o;

	*out = NULL;
	if ((st = db_stmt(db, SQL_PICKER)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, q);
	db_bind_text(st, 1, q);
	db_bind_text(st, 2, q);
	db_bind_text(st, 3, q);
	db_bind_int(st, 4, limit);
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
