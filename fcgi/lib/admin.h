/*
 * The admins of an organisation (直属账户管理) and their roles (角色管理):
 * a role grants permission modules, the functions of the admin pages; the
 * super admin holds every module, and there is always exactly one.
 */
#ifndef SDRZ_ADMIN_H
#define SDRZ_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sdrz.h"

struct audit_actor;
struct config;
struct db;
struct form;
struct form_desc;

/* The fields of POST /api/v1/org/admins. */
extern const struct form_desc admin_add_form;

/* The permission modules; admin_modules[] names and labels them. */
enum admin_module {
	MOD_ACCOUNT_REVIEW,	/* 账户审核: registrations of people and organisations */
	MOD_INFO_REVIEW,	/* 信息审核: changes of people and organisations */
	MOD_ORG_INFO,		/* 单位资料管理: the organisation's own information */
	MOD_ADMINS,		/* 直属账户管理: admins and roles */
	MOD_SUBORGS,		/* 下级单位管理: the organisations below */
	MOD_PERSONNEL,		/* 人员管理: personnel lists and corrections */
	MOD_HOURS,		/* 学时管理: declarations, hours, certificates */
	MOD_COURSES,		/* 课程管理: classes, videos, question banks */
	MOD__MAX
};

struct admin_module_def {
	const char	*name;
	const char	*label;
};
extern const struct admin_module_def admin_modules[MOD__MAX];

/* The module named s, or MOD__MAX. */
enum admin_module admin_module(const char *s);

/*
 * 1 in *yes when person is an active admin of org who holds the module
 * (the super admin holds all). *is_super tells which (may be NULL).
 */
enum sdrz_err	 admin_can(struct db *, int64_t org_id, int64_t person_id,
		    enum admin_module, int *yes, int *is_super);
/* The modules the admin holds as a JSON array of names. */
enum sdrz_err	 admin_held(struct db *, int64_t org_id, int64_t person_id,
		    cJSON **out);

/* The active admins of org: {person_id, name, id_number_masked, phone,
 * email, is_super, role_id, role_name}. */
enum sdrz_err	 admin_list(struct db *, int64_t org_id, cJSON **out);

/*
 * Adds an admin to org in one of the manual's three ways (JSON body):
 * mode "pick" (person_id: approved personnel of this organisation),
 * "register" (a new person: id_type, id_number, password, password2,
 * name, phone, email, landline) or "existing" (a user of the system:
 * id_type, id_number, name, password — theirs). role_id optional. Field
 * errors in f; SDRZ_ERR_CONFLICT when the person is an admin already.
 */
enum sdrz_err	 admin_add(struct db *, const struct config *, int64_t org_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);
/* Makes person the super admin of org; the previous one stays an admin
 * without the super right. */
enum sdrz_err	 admin_set_super(struct db *, int64_t org_id,
		    int64_t person_id, const struct audit_actor *);
/* Gives an admin a role (role_id 0: none). */
enum sdrz_err	 admin_set_role(struct db *, int64_t org_id,
		    int64_t person_id, int64_t role_id,
		    const struct audit_actor *);
/* Removes an admin's rights (they can no longer sign in as admin of org).
 * SDRZ_ERR_CONFLICT for the super admin: move the right first. */
enum sdrz_err	 admin_remove(struct db *, int64_t org_id, int64_t person_id,
		    const struct audit_actor *);
/* Removes an admin's rights, the super admin's too (an HR bureau's act
 * over its subtree): the organisation may be left without a super admin
 * until admin_set_super() appoints one. */
enum sdrz_err	 admin_revoke(struct db *, int64_t org_id, int64_t person_id,
		    const struct audit_actor *);
/*
 * Why a person holds no admin role of the org kinds kind1, kind2: when
 * their rights in such an organisation were removed, writes into msg (for
 * the person: which organisation, when, by whom, whom to ask) and returns
 * SDRZ_OK; SDRZ_ERR_NOT_FOUND when none was removed.
 */
enum sdrz_err	 admin_removal_notice(struct db *, int64_t person_id,
		    const char *kind1, const char *kind2, char *msg,
		    size_t msgsz);

/* Roles of org: {id, name, modules: [..], admins: count}. */
enum sdrz_err	 role_list(struct db *, int64_t org_id, cJSON **out);
/* Creates (role_id 0) or replaces a role from {name, modules: [..]}. */
enum sdrz_err	 role_save(struct db *, int64_t org_id, int64_t role_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, int64_t *id);
/* Deletes a role; SDRZ_ERR_CONFLICT while an admin holds it. */
enum sdrz_err	 role_delete(struct db *, int64_t org_id, int64_t role_id,
		    const struct audit_actor *);

#endif
