/*
 * The personnel profile (用户资料管理): fields the person saves at once;
 * changes of the professional title and the department, which their unit
 * reviews with proof attachments (人员信息修改审核); transfers to another
 * unit (单位调转), accepted by the receiving unit; the admins' lists of
 * personnel and their corrections of name and ID number.
 */
#ifndef SDRZ_PROFILE_H
#define SDRZ_PROFILE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct audit_actor;
struct db;
struct form;
struct form_desc;

/* The fields of PUT /api/v1/personnel/:pid/identity. */
extern const struct form_desc profile_correct_form;
struct review_item;

/* Saves the fields that need no review; a locked field (name, ID,
 * unit) or a title field in the body is a field error. */
enum sdrz_err	 profile_update(struct db *, int64_t person_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

/*
 * Asks the unit to approve new title fields and department (dept,
 * title_series, title_level, title_qualification, title_effective_on,
 * appointed_on) with attachments (ids). One pending change at a time, and
 * none while a transfer is pending (SDRZ_ERR_CONFLICT with a message in f).
 */
enum sdrz_err	 profile_request_change(struct db *, int64_t person_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

/* The person's changes and transfers: {change: pending or last decided
 * change | null, transfer: pending or last transfer | null}. */
enum sdrz_err	 profile_requests(struct db *, int64_t person_id,
		    cJSON **out);

/* Asks to move to the approved organisation to_org. Refused while a
 * change or another transfer is pending. */
enum sdrz_err	 profile_request_transfer(struct db *, int64_t person_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);
/* Takes back the pending transfer; SDRZ_ERR_NOT_FOUND when none. */
enum sdrz_err	 profile_withdraw_transfer(struct db *, int64_t person_id,
		    const struct audit_actor *);

/* The review engine's apply functions. */
enum sdrz_err	 profile_apply_change(struct db *, const struct review_item *,
		    int approve, const char *reason);
enum sdrz_err	 profile_apply_transfer(struct db *,
		    const struct review_item *, int approve,
		    const char *reason);

struct profile_query {
	int64_t		 top;		/* the admin's organisation */
	int		 decided;	/* queues: 0 pending, 1 decided */
	const char	*name, *id_number;
	int64_t		 org_id;	/* lists: one organisation, 0 all */
	const char	*direction;	/* transfers: "in", "out", NULL both */
	struct list_page pg;	/* which page (list.h) */
};

/* Profile changes of personnel of top's subtree, with before, after and
 * attachments. */
enum sdrz_err	 profile_change_list(struct db *, const struct profile_query *,
		    cJSON **out);
/* Transfers to top waiting for it (or decided by it). */
enum sdrz_err	 profile_transfer_queue(struct db *,
		    const struct profile_query *, cJSON **out);
/* Transfers in and out of top (history of both units). */
enum sdrz_err	 profile_transfer_history(struct db *,
		    const struct profile_query *, cJSON **out);
/* Approved personnel of top's subtree. */
enum sdrz_err	 profile_personnel_list(struct db *,
		    const struct profile_query *, cJSON **out);

/* Corrects the name and ID number of personnel of top's subtree (as the
 * service desk would), audited with the values before and after; a taken
 * ID number is SDRZ_ERR_CONFLICT. SDRZ_ERR_NOT_FOUND outside the subtree. */
enum sdrz_err	 profile_correct(struct db *, int64_t top, int64_t person_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

#endif
