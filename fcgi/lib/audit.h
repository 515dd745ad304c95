/* The audit log: one row per decision or administrative change. */
#ifndef SDRZ_AUDIT_H
#define SDRZ_AUDIT_H

#include <stdint.h>

#include "sdrz.h"

struct db;

/*
 * Records an action. actor_person and actor_org may be 0 (the system, or
 * the admin tool); detail is a JSON text or NULL; reqid may be NULL. Call
 * inside the transaction of the change it records.
 */
enum sdrz_err	 audit_add(struct db *, int64_t actor_person, int64_t actor_org,
		    const char *action, const char *subject_type,
		    int64_t subject_id, const char *detail, const char *reqid);

#endif
