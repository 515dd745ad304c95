/*
 * Organisations: the tree of HR bureaus, supervising departments, units
 * and CE bases, and their admins.
 */
#ifndef SDRZ_ORG_H
#define SDRZ_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "sdrz.h"

struct config;
struct db;

/* What `sdrzctl bootstrap` creates: the root and its super admin. */
struct org_bootstrap {
	const char	*name;		/* 日照市人力资源和社会保障局 */
	const char	*region_code;	/* 6 digits, 371100 */
	const char	*admin_id_number;	/* a resident ID number */
	const char	*admin_name;
	const char	*admin_password;
	const char	*admin_phone;	/* may be NULL */
	const char	*admin_email;	/* may be NULL */
};

/*
 * Creates the root organisation (the city HR bureau, approved) and its
 * super admin in one transaction. The admin is a new person, or an
 * existing one (same ID number) whose password must match. Returns
 * SDRZ_OK with the new id in *org_id; SDRZ_ERR_INVALID (bad field) or
 * SDRZ_ERR_CONFLICT (a root exists; wrong password of an existing person)
 * with a message in err.
 */
enum sdrz_err	 org_bootstrap(struct db *, const struct config *,
		    const struct org_bootstrap *, int64_t *org_id,
		    char *err, size_t errsz);

/* The id of the root organisation in *id, or SDRZ_ERR_NOT_FOUND. */
enum sdrz_err	 org_root(struct db *, int64_t *id);

#endif
