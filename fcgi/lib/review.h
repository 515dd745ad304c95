/*
 * The review engine: every approval of the platform is a review that asks
 * one organisation, or several that must all approve (the old and the new
 * parent of an organisation that moves), to decide on a subject. The
 * decision that completes a review runs the kind's apply function in the
 * same transaction as its record: the change and its record happen
 * together or not at all. A rejection by any approver rejects the review.
 */
#ifndef SDRZ_REVIEW_H
#define SDRZ_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "sdrz.h"

struct audit_actor;
struct db;

/*
 * SQL of an approver's queue, the one copy every queue uses. REVIEW_QUEUE_FROM
 * joins the review r to its approver rows a; REVIEW_QUEUE_OPEN keeps the
 * rows the approver still sees (not hidden, not void) in the tab asked
 * for, and binds one parameter: 0 for 待审核 (pending), 1 for 已审核
 * (decided). Who the approver is (a.org_id = ?, or an approver inside a
 * subtree) is the caller's condition.
 */
#define REVIEW_QUEUE_FROM \
    " FROM review r JOIN review_approver a ON a.review_id = r.id"
#define REVIEW_QUEUE_OPEN \
    " a.hidden = 0 AND a.status <> 'void'" \
    " AND (a.status = 'pending') = (? = 0)"

/* The kinds of review; the table in review.c names their apply functions. */
#define REVIEW_PERSONNEL_REG	"personnel_reg"	/* 注册人员审核 */
#define REVIEW_ORG_REG		"org_reg"	/* 人社部门/主管部门/用人单位/下级单位/继续教育基地审核 */
#define REVIEW_ORG_CHANGE	"org_change"	/* 机构信息修改审验 */
#define REVIEW_PROFILE_CHANGE	"profile_change" /* 人员信息修改审核 */
#define REVIEW_TRANSFER		"transfer"	/* 单位调转 */
#define REVIEW_DECLARATION	"declaration"	/* 学时申报 */

/* Why an apply function refused to apply a review: a stable code and a
 * Chinese message for the approver (static strings). */
struct review_refusal {
	const char	*code;
	const char	*message;
};

/* What an apply function learns of the review it completes. */
struct review_item {
	int64_t		 id;
	int64_t		 subject_id;
	const char	*payload;	/* JSON text or NULL */
	int64_t		 org_id;	/* the approver deciding last */
	struct review_refusal *refusal;	/* filled when apply refuses */
};

/* The state of a review after one approver's decision, from the states of
 * all its approvers ("pending", "approved", ...): a pure rule. */
enum review_next {
	REVIEW_NEXT_WAIT,	/* approved by this one; others still pending */
	REVIEW_NEXT_APPROVED,	/* every approver approved: apply */
	REVIEW_NEXT_REJECTED,	/* rejected: apply the rejection */
	REVIEW_NEXT_REFUSED,	/* this approver decided already */
};
enum review_next review_next(const char *const *states, size_t n, size_t me,
		    int approve);

/*
 * Queues a review addressed to the n approvers (n >= 1, the first one
 * first); payload and before are JSON texts or NULL. Call it inside the
 * transaction that makes the subject pending.
 */
enum sdrz_err	 review_submit(struct db *, const char *kind,
		    const char *subject_type, int64_t subject_id,
		    const int64_t *approvers, size_t n, int64_t submitted_by,
		    const char *payload, const char *before, int64_t *id);

/*
 * Records org_id's decision on a pending review of the kind: approve, or
 * reject with a reason (required). One transaction, which also applies the
 * review when this decision completes it. Returns SDRZ_OK;
 * SDRZ_ERR_NOT_FOUND when org_id is not an approver of such a review;
 * SDRZ_ERR_CONFLICT when org_id (or another approver's rejection) decided
 * it already; SDRZ_ERR_INVALID when a rejection has no reason; or what the
 * apply function returned (then nothing changed). For kinds reviewed over
 * a subtree (profile changes), org_id may also be an ancestor of the
 * approver, deciding in its place.
 */
enum sdrz_err	 review_decide(struct db *, const struct audit_actor *,
		    const char *kind, int64_t review_id, int64_t org_id,
		    int approve, const char *reason);

/* review_decide(), and when the apply function refused with a reason of
 * its own (the state changed since the submission), that reason in *why
 * (else why->code is NULL). */
enum sdrz_err	 review_decide_why(struct db *, const struct audit_actor *,
		    const char *kind, int64_t review_id, int64_t org_id,
		    int approve, const char *reason, struct review_refusal *why);

/* Removes a review org_id decided from org_id's history (the subject
 * stays). SDRZ_ERR_CONFLICT while org_id's part is pending, NOT_FOUND when
 * org_id is not an approver. */
enum sdrz_err	 review_hide(struct db *, const struct audit_actor *,
		    const char *kind, int64_t review_id, int64_t org_id);

/* Withdraws the pending reviews of the kind on the subject (the submitter
 * takes a request back). Call inside the caller's transaction. */
enum sdrz_err	 review_withdraw(struct db *, const char *kind,
		    const char *subject_type, int64_t subject_id);

/* Rejects the pending reviews of the kind on the subject with reason, for
 * every approver, as the platform's own decision (decided_by NULL): a
 * decision elsewhere settled them. Call inside the caller's transaction. */
enum sdrz_err	 review_reject_pending(struct db *, const char *kind,
		    const char *subject_type, int64_t subject_id,
		    const char *reason);

/* The subject of a review of the kind that org_id approves, and that
 * approver's status; SDRZ_ERR_NOT_FOUND otherwise. */
enum sdrz_err	 review_subject(struct db *, const char *kind,
		    int64_t review_id, int64_t org_id, int64_t *subject_id,
		    char *status, size_t statussz);

/* The pending review of the kind on the subject, in *id; NOT_FOUND. */
enum sdrz_err	 review_find_pending(struct db *, const char *kind,
		    const char *subject_type, int64_t subject_id, int64_t *id);

/* 1 when a review of any kind is pending on the subject, in *pending. */
enum sdrz_err	 review_pending(struct db *, const char *subject_type,
		    int64_t subject_id, int *pending);

/* The longest reason of a decision, in characters: the length of
 * review.reason and of the reject_reason columns it is copied to. */
#define REVIEW_REASON_MAX	500

#endif
