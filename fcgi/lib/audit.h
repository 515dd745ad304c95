/* The audit log: one row per decision, sign-in or administrative change. */
#ifndef SDRZ_AUDIT_H
#define SDRZ_AUDIT_H

#include <stdint.h>

#include "sdrz.h"

struct db;

/* Who acts and from where; any member may be 0 or NULL (the system, or
 * the admin tool). */
struct audit_actor {
	int64_t		 person_id;
	int64_t		 org_id;
	const char	*reqid;
	const char	*ip;
};

/*
 * Records an action on a subject; detail is a JSON text or NULL. Call it
 * inside the transaction of the change it records, so both or neither stay.
 */
enum sdrz_err	 audit_add(struct db *, const struct audit_actor *,
		    const char *action, const char *subject_type,
		    int64_t subject_id, const char *detail);

#endif
