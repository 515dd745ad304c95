/* HTTP handlers of organisations: registration, their own information,
 * admins and roles, the subtree, and the approvers' queues. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "list.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "org.h"
#include "portal.h"
#include "routes.h"
#include "profile.h"
#include "review.h"
/* POST /api/v1/register/org */
static void
h_register(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct form		 f;
	cJSON			*body, *o;
	char			*approver = NULL, msg[512];
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((body = http_json_body(req)) == NULL)
		return;
	/* The captcha first: a bot learns nothing, not even field errors. */
	if (!api_captcha(req, body))
		return;
	rc = org_register(app->db, &app->cfg, body, &a, &f, &id, &approver);
	if (rc != SDRZ_OK)
		api_answer_form(req, rc, &f);
	else {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "message",
		    "注册信息已提交审核,请耐心等待");
		cJSON_AddNumberToObject(o, "id", (double)id);
		cJSON_AddStringToObject(o, "approver", approver ? approver : "");
		if (!form_true(&f, "has_uscc")) {
			snprintf(msg, sizeof(msg), "无统一社会信用代码的单位请"
			    "联系客服人员处理");
			cJSON_AddStringToObject(o, "notice", msg);
		}
		http_json(req, 201, o);
		cJSON_Delete(o);
	}
	free(approver);
	form_release(&f);
}

/* GET /api/v1/org: the organisation the session acts for, and the
 * modules the admin holds. The admins' contacts only with the module. */
static void
h_org(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL, *mods = NULL;
	enum sdrz_err	 rc;
	int		 pending = 0, yes = 0;

	if ((s = api_admin(req)) == NULL)
		return;
	if ((rc = org_detail(app->db, s->role_org_id, &o)) != SDRZ_OK ||
	    (rc = admin_held(app->db, s->role_org_id, s->person_id, &mods)) !=
	    SDRZ_OK ||
	    (rc = review_pending(app->db, "org", s->role_org_id, &pending)) !=
	    SDRZ_OK ||
	    (rc = admin_can(app->db, s->role_org_id, s->person_id, MOD_ADMINS,
	    &yes, NULL)) != SDRZ_OK) {
		cJSON_Delete(mods);
		api_answer_json(req, rc, o);
		return;
	}
	cJSON_AddItemToObject(o, "modules", mods);
	cJSON_AddBoolToObject(o, "change_pending", pending);
	if (!yes)
		cJSON_DeleteItemFromObject(o, "admins");
	api_answer_json(req, rc, o);
}

/* PUT /api/v1/org */
static void
h_org_update(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ORG_INFO)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = org_update(app->db, s->role_org_id, body, &a, &f);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

/* POST /api/v1/org/change {name?, uscc?, parent_id?, note?} */
static void
h_org_change(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body, *o;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ORG_INFO)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = org_request_change(app->db, s->role_org_id, body, &a, &f);
	if (rc == SDRZ_OK) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "message",
		    "变更申请已提交,待上级部门审核通过后生效");
		http_json(req, 202, o);
		cJSON_Delete(o);
	} else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

/* ---- admins and roles ---- */

/*
 * The super admin of the session's organisation, holding MOD_ADMINS:
 * moving the super right and editing roles are theirs alone, so that an
 * admin with the module cannot raise their own rights. Answers 403
 * super_required otherwise.
 */
static struct session *
super_admin(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	int		 yes, is_super;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL)
		return NULL;
	if ((rc = admin_can(app->db, s->role_org_id, s->person_id, MOD_ADMINS,
	    &yes, &is_super)) != SDRZ_OK) {
		http_error_from(req, rc);
		return NULL;
	}
	if (!is_super) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "super_required",
		    "此操作仅限本单位超级管理员");
		return NULL;
	}
	return s;
}

static void
h_admins(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL)
		return;
	rc = admin_list(app->db, s->role_org_id, &o);
	api_answer_json(req, rc, o);
}

static void
h_admin_add(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = admin_add(app->db, &app->cfg, s->role_org_id, body, &a, &f);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else if (rc == SDRZ_ERR_INVALID && f.errors == NULL)
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请选择添加管理员的方式");
	else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_admin_super(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	int64_t			 pid;
	enum sdrz_err		 rc;

	if ((s = super_admin(req)) == NULL ||
	    (pid = api_id_param(req, "pid")) == 0)
		return;
	a = api_actor(req);
	if ((rc = admin_set_super(app->db, s->role_org_id, pid, &a)) !=
	    SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

static void
h_admin_role(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	cJSON			*body, *role;
	int64_t			 pid, rid = 0;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL ||
	    (pid = api_id_param(req, "pid")) == 0)
		return;
	if (pid == s->person_id) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "own_role",
		    "不能修改自己的角色,请联系本单位超级管理员");
		return;
	}
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	role = cJSON_GetObjectItem(body, "role_id");
	if (!cJSON_IsNull(role) && form_json_id(role, &rid) == -1) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请选择角色");
		return;
	}
	rc = admin_set_role(app->db, s->role_org_id, pid, rid, &a);
	if (rc == SDRZ_ERR_CONFLICT)
		http_fail(req, SDRZ_ERR_CONFLICT, "is_super",
		    "超级管理员拥有全部权限,无需分配角色");
	else if (rc == SDRZ_ERR_INVALID)
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "所选角色不存在");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

/* Removes an admin of org_id; shared by the own org and the subtree.
 * bureau: an HR bureau acts, which may take the super admin's rights. */
static void
remove_admin(struct http_req *req, int64_t org_id, int64_t pid, int bureau)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	enum sdrz_err		 rc;

	rc = bureau ? admin_revoke(app->db, org_id, pid, &a) :
	    admin_remove(app->db, org_id, pid, &a);
	if (rc == SDRZ_ERR_CONFLICT)
		http_fail(req, SDRZ_ERR_CONFLICT, "last_super", "不能删除超级管理员;"
		    "请先将超级管理员设为其他管理员");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

static void
h_admin_remove(struct http_req *req)
{
	struct session	*s;
	int64_t		 pid;

	if ((s = api_module(req, MOD_ADMINS)) == NULL ||
	    (pid = api_id_param(req, "pid")) == 0)
		return;
	remove_admin(req, s->role_org_id, pid, 0);
}

/* GET /api/v1/org/personnel?q=&limit=: the approved personnel of the
 * session's own organisation, for adding an admin the manual's way a. */
static void
h_org_personnel(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct profile_query	 q;
	cJSON			*o = NULL, *items;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL)
		return;
	memset(&q, 0, sizeof(q));
	q.top = s->role_org_id;
	q.org_id = s->role_org_id;
	q.name = http_arg(req, "q");
	if (q.name != NULL && (*q.name == '\0' || strlen(q.name) > 100))
		q.name = NULL;
	q.pg.page = 1;
	q.pg.size = api_long_arg(req, "limit", 20, 1, LIST_SIZE_MAX);
	if ((rc = profile_personnel_list(app->db, &q, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	items = cJSON_DetachItemFromObject(o, "items");
	http_json(req, 200, items);
	cJSON_Delete(items);
	cJSON_Delete(o);
}

static void
h_modules(struct http_req *req)
{
	cJSON	*arr, *o;
	int	 i;

	if (api_module(req, MOD_ADMINS) == NULL)
		return;
	arr = cJSON_CreateArray();
	for (i = 0; i < MOD__MAX; i++) {
		o = cJSON_CreateObject();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "name", admin_modules[i].name);
		cJSON_AddStringToObject(o, "label", admin_modules[i].label);
	}
	http_json(req, 200, arr);
	cJSON_Delete(arr);
}

static void
h_roles(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_ADMINS)) == NULL)
		return;
	rc = role_list(app->db, s->role_org_id, &o);
	api_answer_json(req, rc, o);
}

static void
role_write(struct http_req *req, int64_t role_id)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body, *o;
	int64_t			 id = 0;
	enum sdrz_err		 rc;

	if ((s = super_admin(req)) == NULL)
		return;
	if (role_id < 0 && (role_id = api_id_param(req, "id")) == 0)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = role_save(app->db, s->role_org_id, role_id, body, &a, &f, &id);
	if (rc == SDRZ_OK) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)id);
		http_json(req, role_id ? 200 : 201, o);
		cJSON_Delete(o);
	} else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_role_create(struct http_req *req)
{
	role_write(req, 0);
}

static void
h_role_update(struct http_req *req)
{
	role_write(req, -1);
}

static void
h_role_delete(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((s = super_admin(req)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	a = api_actor(req);
	rc = role_delete(app->db, s->role_org_id, id, &a);
	if (rc == SDRZ_ERR_CONFLICT)
		http_fail(req, SDRZ_ERR_CONFLICT, "role_in_use", "该角色正在被管理员使用,"
		    "请先为这些管理员更换角色");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

/* ---- the subtree ---- */

/* The filters of an organisation list from the query string; answers and
 * returns -1 when one is malformed. */
static const char *const org_types[] = { "hrb", "dept", "unit", "branch",
    "base", NULL };
static const char *const org_tabs[] = { "pending", "decided", NULL };

/* The query string of the subtree lists and the organisation queues. */
static const struct list_param org_params[] = {
	{ "type", "机构类型", LIST_ENUM, 0, 0, org_types },
	{ "status", "状态", LIST_ENUM, 0, 0, org_tabs },
	{ "name", "名称", LIST_TEXT, 0, 100, NULL },
	{ "nature", "单位性质", LIST_CODE, 0, 0, NULL },
	{ "industry", "所属行业", LIST_CODE, 0, 0, NULL },
	{ "level", "级别", LIST_CODE, 0, 0, NULL },
	{ "region", "所属区域", LIST_CODE, 0, 0, NULL },
	{ "admin", "管理员", LIST_TEXT, 0, 50, NULL },
};

static int
org_query(struct http_req *req, struct org_query *q, int64_t top)
{
	struct list_query	 lq;
	const char		*status;

	memset(q, 0, sizeof(*q));
	if (api_list_query(req, org_params, sizeof(org_params) /
	    sizeof(org_params[0]), 0, &lq) == -1)
		return -1;
	q->top = top;
	q->type = list_text(&lq, "type");
	status = list_text(&lq, "status");
	q->decided = status != NULL && strcmp(status, "decided") == 0;
	q->name = list_text(&lq, "name");
	q->nature = list_text(&lq, "nature");
	q->industry = list_text(&lq, "industry");
	q->level = list_text(&lq, "level");
	q->region = list_text(&lq, "region");
	q->admin = list_text(&lq, "admin");
	q->pg = lq.pg;
	return 0;
}

static void
h_orgs(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct org_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_SUBORGS)) == NULL ||
	    org_query(req, &q, s->role_org_id) == -1)
		return;
	rc = org_list(app->db, &q, &o);
	api_answer_json(req, rc, o);
}

/* The :id of the path when it lies strictly below the session's org;
 * answers 404 and returns 0 otherwise. */
static int64_t
sub_org(struct http_req *req, struct session *s)
{
	struct app	*app = req->app;
	int64_t		 id;
	int		 yes = 0;
	enum sdrz_err	 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return 0;
	if (id == s->role_org_id ||
	    (rc = org_in_subtree(app->db, s->role_org_id, id, &yes)) !=
	    SDRZ_OK || !yes) {
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "该单位不存在或不在本单位的"
		    "管辖范围内");
		return 0;
	}
	return id;
}

static void
h_sub_org(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	int64_t		 id;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_SUBORGS)) == NULL ||
	    (id = sub_org(req, s)) == 0)
		return;
	rc = org_detail(app->db, id, &o);
	api_answer_json(req, rc, o);
}

/* 1 when the session's organisation is an HR bureau, 0 when not, -1
 * after an answer (a database error). */
static int
session_is_bureau(struct http_req *req, const struct session *s)
{
	struct app	*app = req->app;
	cJSON		*o = NULL;
	const char	*kind;
	enum sdrz_err	 rc;
	int		 yes;

	if ((rc = org_kind_of(app->db, s->role_org_id, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return -1;
	}
	kind = cJSON_GetStringValue(o);
	yes = kind != NULL && strncmp(kind, "hrb_", 4) == 0;
	cJSON_Delete(o);
	return yes;
}

/* DELETE /api/v1/orgs/:id/admins/:pid: 移除权限. An HR bureau may take
 * the super admin's rights too (the organisation is then left without
 * one until the bureau appoints another); anyone else gets last_super. */
static void
h_sub_admin_remove(struct http_req *req)
{
	struct session	*s;
	int64_t		 id, pid;
	int		 bureau;

	if ((s = api_module(req, MOD_SUBORGS)) == NULL ||
	    (id = sub_org(req, s)) == 0 || (pid = api_id_param(req, "pid")) == 0)
		return;
	if ((bureau = session_is_bureau(req, s)) == -1)
		return;
	remove_admin(req, id, pid, bureau);
}

/* POST /api/v1/orgs/:id/admins/:pid/super: an HR bureau appoints an admin
 * of an organisation below it as its super admin (after it removed the
 * previous one's rights, say). 403 bureau_required for anyone else. */
static void
h_sub_admin_super(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	int64_t			 id, pid;
	enum sdrz_err		 rc;
	int			 bureau;

	if ((s = api_module(req, MOD_SUBORGS)) == NULL ||
	    (bureau = session_is_bureau(req, s)) == -1)
		return;
	if (!bureau) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "bureau_required", "此功能仅限人社部门使用");
		return;
	}
	if ((id = sub_org(req, s)) == 0 || (pid = api_id_param(req, "pid")) == 0)
		return;
	a = api_actor(req);
	if ((rc = admin_set_super(app->db, id, pid, &a)) == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "该人员不是此单位的管理员");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

/* ---- the approvers' queues ---- */

static void
queue(struct http_req *req, enum sdrz_err (*list)(struct db *,
    const struct org_query *, cJSON **), enum admin_module m)
{
	struct app		*app = req->app;
	struct session		*s;
	struct org_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if ((s = api_module(req, m)) == NULL ||
	    org_query(req, &q, s->role_org_id) == -1)
		return;
	rc = list(app->db, &q, &o);
	api_answer_json(req, rc, o);
}

static void
queue_item(struct http_req *req, const char *kind, enum admin_module m)
{
	struct app	*app = req->app;
	struct session	*s;
	int64_t		 id, subject;
	char		 status[16];
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, m)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	if ((rc = review_subject(app->db, kind, id, s->role_org_id, &subject,
	    status, sizeof(status))) == SDRZ_OK &&
	    (rc = org_detail(app->db, subject, &o)) == SDRZ_OK)
		cJSON_AddStringToObject(o, "review_status", status);
	api_answer_json(req, rc, o);
}

static void
h_regq(struct http_req *req)
{
	queue(req, org_reg_list, MOD_ACCOUNT_REVIEW);
}

static void
h_regq_item(struct http_req *req)
{
	queue_item(req, REVIEW_ORG_REG, MOD_ACCOUNT_REVIEW);
}

static void
h_regq_decide(struct http_req *req)
{
	api_review_decide(req, REVIEW_ORG_REG, MOD_ACCOUNT_REVIEW);
}

static void
h_regq_hide(struct http_req *req)
{
	api_review_hide(req, REVIEW_ORG_REG, MOD_ACCOUNT_REVIEW);
}

static void
h_chgq(struct http_req *req)
{
	queue(req, org_change_list, MOD_INFO_REVIEW);
}

static void
h_chgq_decide(struct http_req *req)
{
	api_review_decide(req, REVIEW_ORG_CHANGE, MOD_INFO_REVIEW);
}

static void
h_chgq_hide(struct http_req *req)
{
	api_review_hide(req, REVIEW_ORG_CHANGE, MOD_INFO_REVIEW);
}

const struct http_route api_org_routes[] = {
	{ HTTP_POST, "/api/v1/register/org", h_register, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/org", h_org, ACCESS_ADMIN, 0 },
	{ HTTP_PUT, "/api/v1/org", h_org_update, ACCESS_MODULE, MOD_ORG_INFO },
	{ HTTP_POST, "/api/v1/org/change", h_org_change, ACCESS_MODULE, MOD_ORG_INFO },
	{ HTTP_GET, "/api/v1/org/admins", h_admins, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_POST, "/api/v1/org/admins", h_admin_add, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_POST, "/api/v1/org/admins/:pid/super", h_admin_super, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_PUT, "/api/v1/org/admins/:pid/role", h_admin_role, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_DELETE, "/api/v1/org/admins/:pid", h_admin_remove, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_GET, "/api/v1/org/modules", h_modules, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_GET, "/api/v1/org/personnel", h_org_personnel, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_GET, "/api/v1/org/roles", h_roles, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_POST, "/api/v1/org/roles", h_role_create, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_PUT, "/api/v1/org/roles/:id", h_role_update, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_DELETE, "/api/v1/org/roles/:id", h_role_delete, ACCESS_MODULE, MOD_ADMINS },
	{ HTTP_GET, "/api/v1/orgs", h_orgs, ACCESS_MODULE, MOD_SUBORGS },
	{ HTTP_GET, "/api/v1/orgs/:id", h_sub_org, ACCESS_MODULE, MOD_SUBORGS },
	{ HTTP_DELETE, "/api/v1/orgs/:id/admins/:pid", h_sub_admin_remove, ACCESS_MODULE, MOD_SUBORGS },
	{ HTTP_GET, "/api/v1/reviews/org-registrations", h_regq, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_POST, "/api/v1/reviews/org-registrations/decide", h_regq_decide, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_GET, "/api/v1/reviews/org-registrations/:id", h_regq_item, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_DELETE, "/api/v1/reviews/org-registrations/:id", h_regq_hide, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_GET, "/api/v1/reviews/org-changes", h_chgq, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_POST, "/api/v1/reviews/org-changes/decide", h_chgq_decide, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_DELETE, "/api/v1/reviews/org-changes/:id", h_chgq_hide, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_POST, "/api/v1/orgs/:id/admins/:pid/super", h_sub_admin_super, ACCESS_MODULE, MOD_SUBORGS },
};
const size_t api_org_nroutes = sizeof(api_org_routes) /
    sizeof(api_org_routes[0]);
