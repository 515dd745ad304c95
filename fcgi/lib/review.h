/*
 * The review engine: every approval of the platform is a review row that
 * asks one organisation to decide on a subject. Deciding runs the kind's
 * apply function and records the decision in one transaction: the change
 * and its record happen together or not at all. Later kinds join the
 * table in review.c.
 */
#ifndef SDRZ_REVIEW_H
#define SDRZ_REVIEW_H

#include <stdint.h>

#include "sdrz.h"

struct audit_actor;
struct db;

#define REVIEW_PERSONNEL_REG	"personnel_reg"

/* Queues a review; payload and before are JSON texts or NULL. Call it
 * inside the transaction that makes the subject pending. */
enum sdrz_err	 review_submit(struct db *, const char *kind,
		    const char *subject_type, int64_t subject_id,
		    int64_t org_id, int64_t submitted_by, const char *payload,
		    const char *before, int64_t *id);

/*
 * Decides one pending review of the kind addressed to org_id: approve, or
 * reject with a reason (required). One transaction. Returns SDRZ_OK;
 * SDRZ_ERR_NOT_FOUND when no such review is addressed to org_id;
 * SDRZ_ERR_CONFLICT when it was decided already; SDRZ_ERR_INVALID when a
 * rejection has no reason.
 */
enum sdrz_err	 review_decide(struct db *, const struct audit_actor *,
		    const char *kind, int64_t review_id, int64_t org_id,
		    int approve, const char *reason);

/* Removes a decided review from org_id's history (the subject stays).
 * SDRZ_ERR_CONFLICT for a pending one, NOT_FOUND for one not of org_id. */
enum sdrz_err	 review_hide(struct db *, const struct audit_actor *,
		    const char *kind, int64_t review_id, int64_t org_id);

#endif
