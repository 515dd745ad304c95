/*
 * Organisations: the tree of HR bureaus, supervising departments, units
 * and CE bases, and their admins.
 */
#ifndef SDRZ_ORG_H
#define SDRZ_ORG_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "list.h"
#include "sdrz.h"

struct config;
struct db;
struct form_desc;

/* The fields of POST /api/v1/register/org, PUT /api/v1/org and POST
 * /api/v1/org/change. */
extern const struct form_desc org_reg_form;
extern const struct form_desc org_info_form;
extern const struct form_desc org_change_form;

/*
 * SQL of the subtree, the one copy every module uses: a prefix LIKE on the
 * materialised path (ascii_bin, fully indexed by ix_org_path, see
 * sql/008_lists.sql); paths hold only digits and "/", never a wildcard.
 *
 * ORG_SUBTREE_OF(o): the organisation aliased o lies in the subtree of the
 * organisation whose id is bound here (itself included). The pattern is
 * a constant of the statement, so a list over a subtree is a range scan
 * of ix_org_path. Use it wherever the rows of a subtree are listed or
 * counted.
 *
 * ORG_SUBTREE(o, t): the same against the organisation aliased t of the
 * same statement. MariaDB does not range-scan with a pattern taken from
 * another table, even a const one: use it only where o is already one
 * row (a check that a given person or organisation lies in the subtree).
 *
 * ORG_SUBTREE_OF_PARAM(o): against a path bound as parameter.
 */
#define ORG_SUBTREE_OF(o) \
    " " o ".path LIKE CONCAT((SELECT st_.path FROM org st_ WHERE st_.id = ?), '%')"
#define ORG_SUBTREE(o, t) " " o ".path LIKE CONCAT(" t ".path, '%')"
#define ORG_SUBTREE_OF_PARAM(o) " " o ".path LIKE CONCAT(?, '%')"

/* An organisation made by the admin tool, approved at once, with its
 * super admin. */
struct org_new {
	const char	*kind;		/* hrb_city, hrb_district, dept, unit, base */
	int64_t		 parent_id;	/* 0: the root (kind hrb_city) */
	const char	*name;		/* 日照市人力资源和社会保障局 */
	const char	*region_code;	/* 6 digits, 371100; NULL: the parent's */
	const char	*uscc;		/* may be NULL */
	const char	*nature, *industry, *level;	/* codes, may be NULL */
	const char	*phone, *address;	/* may be NULL */
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
 * Approved organisations whose name contains q (all when q is NULL) and
 * of the kind (any when NULL), for the pickers of the registration forms:
 * a JSON array of {id, name, kind}
 * of at most limit rows, the closest names first.
 */
enum sdrz_err	 org_picker(struct db *, const char *q, const char *kind,
		    long limit, cJSON **out);

/* The id of the organisation named name under parent (0: the root) in
 * *id, or SDRZ_ERR_NOT_FOUND. */
enum sdrz_err	 org_find(struct db *, int64_t parent_id, const char *name,
		    int64_t *id);

/* The kind of an organisation as a JSON string in *out. */
enum sdrz_err	 org_kind_of(struct db *, int64_t org_id, cJSON **out);

/* The id of the root organisation in *id, or SDRZ_ERR_NOT_FOUND. */
enum sdrz_err	 org_root(struct db *, int64_t *id);

struct audit_actor;
struct form;
struct review_item;

/*
 * Registers an organisation from its registration form (JSON): kind
 * "unit" (with parent_unit_id: a branch under that unit), "dept", "base"
 * or "hrb_district", with its super admin (a new person, or an existing
 * user who gives their password). It waits, pending, for its approver:
 * a branch's parent unit; a unit's supervising department, else the HR
 * bureau of its region; a department's or base's HR bureau of its region;
 * a district bureau's city bureau. Field errors in f with
 * SDRZ_ERR_INVALID or SDRZ_ERR_CONFLICT (a taken USCC or ID). Release f in
 * every case. *approver_name gets the approver's name (malloc'd).
 */
enum sdrz_err	 org_register(struct db *, const struct config *,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f, int64_t *org_id, char **approver_name);

/* The review engine's apply functions. Approving a registration rejects
 * the other registrations waiting on the same USCC (ORG_SUPERSEDED); it
 * fails with SDRZ_ERR_CONFLICT when the USCC has another owner by now. */
#define ORG_SUPERSEDED	"同一统一社会信用代码的另一注册申请已获批准;如有疑问请联系客服"
enum sdrz_err	 org_apply_registration(struct db *,
		    const struct review_item *, int approve,
		    const char *reason);
enum sdrz_err	 org_apply_change(struct db *, const struct review_item *,
		    int approve, const char *reason);

/* 1 in *yes when org_id is org or lies below it. */
enum sdrz_err	 org_in_subtree(struct db *, int64_t top, int64_t org_id,
		    int *yes);

/* An organisation with every field, dictionary names, its parent and its
 * active admins. */
enum sdrz_err	 org_detail(struct db *, int64_t org_id, cJSON **out);

/* Saves the fields that need no review (nature, industry, level, phone,
 * address) of the JSON body; field errors in f. */
enum sdrz_err	 org_update(struct db *, int64_t org_id, const cJSON *body,
		    const struct audit_actor *, struct form *f);

/*
 * Asks to change the name, the USCC or the parent (机构信息修改,
 * 更换上级部门): a review by the current parent, and by the new parent
 * too when the parent changes. Refused (SDRZ_ERR_CONFLICT with a message
 * in f) while the organisation or its personnel have anything pending.
 */
enum sdrz_err	 org_request_change(struct db *, int64_t org_id,
		    const cJSON *body, const struct audit_actor *,
		    struct form *f);

/*
 * The approved personnel of top's subtree (top included), of the one
 * organisation org_id in it (0: all) and of the region (NULL: all), from
 * the counts kept per organisation (org_personnel_count): at most one row
 * read per organisation, however many personnel.
 */
enum sdrz_err	 org_personnel_total(struct db *, int64_t top,
		    int64_t org_id, const char *region, int64_t *total);

/*
 * Whether a list of total approved personnel of a subtree is better read
 * in the order of the personnel's ids, filtering by subtree (*wide = 1: a
 * page reads about size / share rows), than by the subtree's organisations
 * and then sorted (*wide = 0: it sorts every row of the subtree). Wide
 * when the subtree holds ORG_WIDE_PERMILLE of all approved personnel or
 * more: a large unit, a district, the city.
 */
#define ORG_WIDE_PERMILLE	10
enum sdrz_err	 org_subtree_wide(struct db *, int64_t total, int *wide);

/* What the subtree lists and queues filter on. */
struct org_query {
	int64_t		 top;		/* the admin's organisation */
	const char	*type;		/* hrb, dept, unit, branch, base, or NULL */
	const char	*name, *nature, *industry, *level, *region;
	const char	*admin;		/* an active admin's name part or ID */
	int		 decided;	/* queues: 0 pending, 1 decided */
	struct list_page pg;	/* which page (list.h) */
};
/* Approved organisations strictly below top. */
enum sdrz_err	 org_list(struct db *, const struct org_query *, cJSON **out);
/* The registrations waiting for (or decided by) top. */
enum sdrz_err	 org_reg_list(struct db *, const struct org_query *,
		    cJSON **out);
/* The changes of information waiting for (or decided by) top, with the
 * before and after values. */
enum sdrz_err	 org_change_list(struct db *, const struct org_query *,
		    cJSON **out);

#endif
