/*
 * Organisations: the tree of HR bureaus, supervising departments, units
 * and CE bases, and their admins.
 */
#ifndef SDRZ_ORG_H
#define SDRZ_ORG_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct config;
struct db;

/* An organisation made by the admin tool, approved at once, with its
 * super admin. */
struct org_new {
	const char	*kind;		/* hrb_city, hrb_district, dept, unit, base */
	int64_t		 parent_id;	/* 0: the root (kind hrb_city) */
	const char	*name;		/* 日照市人力资源和社会保障局 */
	const char	*region_code;	/* 6 digits, 371100; NULL: the parent's */
	const char	*uscc;		/* may be NULL */
	const char	*admin_id_number;	/* a resident ID number */
	const char	*admin_name;
	const char	*admin_password;
	const char	*admin_phone;	/* may be NULL */
	const char	*admin_email;	/* may be NULL */
};

/*
 * Creates an approved organisation and its super admin in one
 * transaction: the root (parent_id 0, only while there is none) or one
 * under an approved parent. The admin is a new person, or an existing one
 * (same ID number) whose password must match. Returns SDRZ_OK with the new
 * id in *org_id; SDRZ_ERR_INVALID (bad field), SDRZ_ERR_NOT_FOUND (no such
 * parent) or SDRZ_ERR_CONFLICT (a root exists; a USCC taken; the wrong
 * password of an existing person) with a message in err.
 */
enum sdrz_err	 org_create(struct db *, const struct config *,
		    const struct org_new *, int64_t *org_id,
		    char *err, size_t errsz);

/*
 * Approved organisations whose name contains q (all when q is NULL), for
 * the pickers of the registration forms: a JSON array of {id, name, kind}
 * of at most limit rows, the closest names first.
 */
enum sdrz_err	 org_picker(struct db *, const char *q, long limit,
		    cJSON **out);

/* The id of the root organisation in *id, or SDRZ_ERR_NOT_FOUND. */
enum sdrz_err	 org_root(struct db *, int64_t *id);

#endif
