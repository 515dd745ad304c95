/*
 * Accounts: natural persons and their personnel role (专业技术人员) —
 * registration under a unit and its review, the roles a person may sign
 * in as, and passwords.
 */
#ifndef SDRZ_ACCT_H
#define SDRZ_ACCT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct audit_actor;
struct config;
struct db;
struct form;
struct form_desc;

/* The fields of POST /api/v1/register/personnel. */
extern const struct form_desc acct_reg_form;

/*
 * The persons of one ID number that are looked at: its owner and the
 * newest claims (provisional persons of registrations waiting on it).
 * XXX: a number with more claims than this still takes new registrations,
 * but the oldest claims can no longer sign in to see their state.
 */
#define ACCT_MAX_CLAIMS		16
#define ACCT_MAX_CLAIMS_S	"16"

/* The code of the mainland resident ID card in the id_type dictionary. */
#define ID_TYPE_RESIDENT	"01"

/* The sign-in user types of the manual's login box. */
enum acct_user_type {
	USER_PERSONNEL,		/* 专业技术人员 */
	USER_UNIT,		/* 用人单位 */
	USER_DEPT,		/* 主管部门 */
	USER_HRB,		/* 人社部门 */
	USER_BASE,		/* 继续教育基地 */
	USER__MAX
};

extern const char *const acct_user_types[USER__MAX];
/* The user type named s, or USER__MAX. */
enum acct_user_type acct_user_type(const char *s);

/*
 * Checks an ID number for its type and normalises it in place (upper
 * case); NULL when valid, else the message for the person.
 */
const char	*acct_check_id(const char *id_type, char *id_number);
/* Masks an ID number for lists: 3711211994****1543. out: 33 bytes. */
void		 acct_mask_id(const char *id_number, char *out);

/*
 * Registers the personnel role from the registration form (JSON). The
 * person is new, or an existing user ("existing_user": true) who gives
 * their own password. Field errors land in f->errors with
 * SDRZ_ERR_INVALID; SDRZ_ERR_CONFLICT when this ID is registered as
 * personnel already (message in f->errors too). Release f in every case.
 */
enum sdrz_err	 acct_register(struct db *, const struct config *,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

/*
 * The person a form names, inside the caller's transaction: with existing
 * set, a user of the system who proves it with their password (and whose
 * name must match); else a new person, stored with hash (the password's
 * argon2id hash, made before the transaction). Problems are field errors
 * in errs under the names given: SDRZ_ERR_INVALID, or SDRZ_ERR_CONFLICT
 * for an ID number that is taken when existing is not set.
 */
struct acct_claim {
	const char	*id_type, *id_number, *name, *password, *hash;
	const char	*phone, *email, *landline, *birth;
	int		 gender;		/* 0 when unknown */
	int		 existing;
	/* A personnel registration of a new person: the person is made
	 * provisional, a claim on the number that waits beside other
	 * claims of it instead of being refused (see sql/009). */
	int		 provisional;
	/* the form's field names, for the messages */
	const char	*f_id_number, *f_name, *f_password, *f_existing;
};
enum sdrz_err	 acct_claim_person(struct db *, const struct acct_claim *,
		    struct form *errs, int64_t *person_id);

/* Checks that the form's title_qualification belongs to its title_series
 * and title_level (the dictionary's parent and attr); field errors in f
 * with SDRZ_ERR_INVALID. */
enum sdrz_err	 acct_check_title(struct db *, struct form *f);

/* The review engine's apply function for personnel registrations. An
 * approval makes the person the owner of the ID number and rejects the
 * other registrations waiting on it (ACCT_SUPERSEDED); SDRZ_ERR_CONFLICT
 * when the number has another owner by now. */
#define ACCT_SUPERSEDED	"同一证件号的另一注册申请已获批准;如有疑问请联系所在单位"
struct review_item;
enum sdrz_err	 acct_apply_registration(struct db *,
		    const struct review_item *, int approve,
		    const char *reason);

/* A person found for sign-in. */
struct acct_login {
	int64_t	 person_id;
	char	 name[200];
	char	*password_hash;		/* malloc'd; acct_login_release() */
};
/* SDRZ_ERR_NOT_FOUND when no person has that ID. The owner of the
 * number when there is one, else its newest claim. */
enum sdrz_err	 acct_find(struct db *, const char *id_type,
		    const char *id_number, struct acct_login *);
/* The same for signing in with password: the person the password opens
 * (the owner, else a claim), else the owner or newest claim, which the
 * caller's verification then refuses. */
enum sdrz_err	 acct_find_login(struct db *, const char *id_type,
		    const char *id_number, const char *password,
		    struct acct_login *);
void		 acct_login_release(struct acct_login *);

/*
 * The roles of a person for a user type, as a JSON array of
 * {kind, org_id, org_name, status, reason}: status "approved" roles can
 * be used; "pending" and "rejected" explain why not.
 */
enum sdrz_err	 acct_roles(struct db *, int64_t person_id,
		    enum acct_user_type, cJSON **roles);

/*
 * The roles of a personnel session as acct_roles() answers them for
 * USER_PERSONNEL, from what the session's statement brought: the person's
 * me answer (acct_me_json()) and the registration's reject_reason (NULL:
 * none). NULL when out of memory; the caller frees it (cJSON_Delete()).
 */
cJSON		*acct_roles_of_me(const cJSON *me, const char *reject_reason);

/* Stores a new password hash (and ends no sessions: the caller does). */
enum sdrz_err	 acct_set_password(struct db *, int64_t person_id,
		    const char *hash);
/* The person's own data for the pages (GET /api/v1/me): name, masked ID,
 * contacts, personnel profile when any. */
enum sdrz_err	 acct_me(struct db *, int64_t person_id, cJSON **out);

/*
 * The same data inside another statement, so that it comes in the round
 * trip that statement makes (the session's, session_load()): a statement
 * whose FROM has the person as p followed by ACCT_ME_JOINS selects
 * ACCT_ME_COLUMNS (ACCT_ME_NCOLUMNS columns), and acct_me_json() makes the
 * answer from its row, reading from column `at` on. The columns hold
 * codes only: the names of the dictionary items come from the process's
 * copy (dict_item_name()), which may cost db a round trip when it is
 * loaded. The JSON is the caller's (cJSON_Delete()); NULL when out of
 * memory or on a database error.
 */
#define ACCT_ME_COLUMNS \
    "p.name, p.id_type, p.id_number, p.gender, p.birth_date," \
    " p.phone, p.email, p.landline, pe.status, pe.org_id, o.name, pe.dept," \
    " pe.title_series, pe.title_level, pe.title_qualification," \
    " pe.ethnic, pe.education, pe.school, pe.major_code," \
    " pe.graduated_on, pe.degree, pe.admin_post," \
    " pe.admin_level, pe.prof_qualification, pe.prof_qualification_level," \
    " pe.title_effective_on, pe.appointed_on, pe.postdoc"
#define ACCT_ME_NCOLUMNS	28
#define ACCT_ME_JOINS \
    " LEFT JOIN personnel pe ON pe.person_id = p.id" \
    " LEFT JOIN org o ON o.id = pe.org_id"
struct db_stmt;
cJSON		*acct_me_json(struct db *, const struct db_stmt *,
		    unsigned at);

/* Filters of the registration review lists. */
struct acct_reg_query {
	int64_t		 org_id;
	int		 decided;	/* 0: pending; 1: approved or rejected */
	const char	*name;		/* part of the name */
	const char	*id_number;	/* exact */
	const char	*from, *to;	/* submitted on these days, YYYY-MM-DD */
	struct list_page pg;	/* which page (list.h) */
};
enum sdrz_err	 acct_reg_list(struct db *, const struct acct_reg_query *,
		    cJSON **out);
/* One registration of org_id's queue with every field; NOT_FOUND else. */
enum sdrz_err	 acct_reg_detail(struct db *, int64_t org_id,
		    int64_t review_id, cJSON **out);

#endif
