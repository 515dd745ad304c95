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
static const char SQL_INSERT_ORG[] =
    "INSERT INTO org (parent_id, kind, name, region_code, status)"
    " VALUES (NULL, 'hrb_city', ?, ?, 'approved')";
static const char SQL_SET_PATH[] =
    "UPDATE org SET path = CONCAT('/', id, '/') WHERE id = ?";
static const char SQL_PERSON_BY_ID[] =
    "SELECT id, password_hash FROM person"
    " WHERE id_type = '01' AND id_number = ? FOR UPDATE";
static const char SQL_INSERT_PERSON[] =
    "INSERT INTO person (id_type, id_number, name, password_hash, phone,"
    " email) VALUES ('01', ?, ?, ?, ?, ?)";
static const char SQL_INSERT_ADMIN[] =
    "INSERT INTO org_admin (org_id, person_id, is_super) VALUES (?, ?, 1)";

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

struct boot_ctx {
	const struct org_bootstrap	*b;
	const char			*id_number;
	const char			*hash;		/* for a new person */
	int64_t				 org_id;
	char				*err;
	size_t				 errsz;
};

static enum sdrz_err
boot_tx(struct db *db, void *arg)
{
	struct boot_ctx		*c = arg;
	struct db_stmt		*st;
	enum sdrz_err		 rc;
	int64_t			 person_id;
	int			 ok;

	if ((st = db_stmt(db, SQL_ROOT_LOCK)) == NULL)
		return SDRZ_ERR_NOMEM;
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	if (db_next(st) == 1) {
		snprintf(c->err, c->errsz, "a root organisation exists "
		    "already (id %lld)", (long long)db_col_int(st, 0));
		return SDRZ_ERR_CONFLICT;
	}

	if ((st = db_stmt(db, SQL_INSERT_ORG)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_text(st, 0, c->b->name);
	db_bind_text(st, 1, c->b->region_code);
	if ((rc = db_exec(st)) != SDRZ_OK)
		return rc;
	c->org_id = (int64_t)db_insert_id(st);
	if ((st = db_stmt(db, SQL_SET_PATH)) == NULL)
		return SDRZ_ERR_NOMEM;
	db_bind_int(st, 0, c->org_id);
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
		ok = passwd_verify(db_col_text(st, 1), c->b->admin_password);
		if (ok != 1) {
			snprintf(c->err, c->errsz, "%s is a user already and "
			    "the password does not match theirs", c->id_number);
			return SDRZ_ERR_CONFLICT;
		}
	} else {
		if ((st = db_stmt(db, SQL_INSERT_PERSON)) == NULL)
			return SDRZ_ERR_NOMEM;
		db_bind_text(st, 0, c->id_number);
		db_bind_text(st, 1, c->b->admin_name);
		db_bind_text(st, 2, c->hash);
		db_bind_text(st, 3, c->b->admin_phone);
		db_bind_text(st, 4, c->b->admin_email);
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
	return audit_add(db, 0, 0, "org.bootstrap", "org", c->org_id, NULL,
	    NULL);
}

enum sdrz_err
org_bootstrap(struct db *db, const struct config *cfg,
    const struct org_bootstrap *b, int64_t *org_id, char *err, size_t errsz)
{
	struct boot_ctx	 c;
	char		 idn[32];
	const char	*weak;
	char		*hash = NULL;
	enum sdrz_err	 rc;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	err[0] = '\0';
	if (b->name == NULL || *b->name == '\0' || strlen(b->name) > 200) {
		snprintf(err, errsz, "the organisation name is required "
		    "(at most 200 bytes)");
		return SDRZ_ERR_INVALID;
	}
	if (b->region_code == NULL || strlen(b->region_code) != 6 ||
	    strspn(b->region_code, "0123456789") != 6) {
		snprintf(err, errsz, "the region code must be 6 digits");
		return SDRZ_ERR_INVALID;
	}
	if (b->admin_id_number == NULL ||
	    strlen(b->admin_id_number) >= sizeof(idn)) {
		snprintf(err, errsz, "the admin's ID number is required");
		return SDRZ_ERR_INVALID;
	}
	snprintf(idn, sizeof(idn), "%s", b->admin_id_number);
	if (!valid_id_number(idn)) {
		snprintf(err, errsz, "%s is not a valid resident ID number",
		    b->admin_id_number);
		return SDRZ_ERR_INVALID;
	}
	if (b->admin_name == NULL || *b->admin_name == '\0' ||
	    strlen(b->admin_name) > 64) {
		snprintf(err, errsz, "the admin's name is required");
		return SDRZ_ERR_INVALID;
	}
	for (i = 0; b->admin_name[i]; i++)
		if (iscntrl((unsigned char)b->admin_name[i])) {
			snprintf(err, errsz, "the admin's name has control "
			    "characters");
			return SDRZ_ERR_INVALID;
		}
	weak = b->admin_password == NULL ? "missing" :
	    passwd_weakness(b->admin_password);
	if (weak != NULL) {
		snprintf(err, errsz, "the admin's password is refused: %s",
		    weak);
		return SDRZ_ERR_INVALID;
	}
	if (b->admin_phone != NULL && !valid_mobile(b->admin_phone)) {
		snprintf(err, errsz, "%s is not a mobile number",
		    b->admin_phone);
		return SDRZ_ERR_INVALID;
	}
	if (b->admin_email != NULL && !valid_email(b->admin_email)) {
		snprintf(err, errsz, "%s is not an e-mail address",
		    b->admin_email);
		return SDRZ_ERR_INVALID;
	}
	/* Hashing takes tens of milliseconds: not inside the transaction. */
	if ((hash = passwd_hash(cfg, b->admin_password)) == NULL) {
		snprintf(err, errsz, "cannot hash the password");
		return SDRZ_ERR_NOMEM;
	}
	c.b = b;
	c.id_number = idn;
	c.hash = hash;
	c.err = err;
	c.errsz = errsz;
	rc = db_tx(db, boot_tx, &c);
	if (rc == SDRZ_OK)
		*org_id = c.org_id;
	else if (err[0] == '\0')
		snprintf(err, errsz, "%s: %s", sdrz_strerror(rc), db_error(db));
	free(hash);
	return rc;
}
