/* HTTP handlers of personnel registration, the person's own data, the
 * unit picker, and the unit's review of registrations (注册人员审核). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acct.h"
#include "admin.h"
#include "api.h"
#include "db.h"
#include "form.h"
#include "list.h"
#include "org.h"
#include "portal.h"
#include "routes.h"
#include "review.h"

/* POST /api/v1/register/personnel */
static void
h_register(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct form		 f;
	cJSON			*body, *o;
	enum sdrz_err		 rc;

	if ((body = http_json_body(req)) == NULL)
		return;
	/* The captcha first: a bot learns nothing, not even field errors. */
	if (!api_captcha(req, body))
		return;
	rc = acct_register(app->db, &app->cfg, body, &a, &f);
	if (rc == SDRZ_ERR_INVALID)
		api_form_error(req, SDRZ_ERR_INVALID, "invalid", &f);
	else if (rc == SDRZ_ERR_CONFLICT && f.errors != NULL)
		api_form_error(req, SDRZ_ERR_CONFLICT, "already_registered", &f);
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "message",
		    "注册信息已提交审核,请耐心等待");
		http_json(req, 201, o);
		cJSON_Delete(o);
	}
	form_release(&f);
}

/* GET /api/v1/orgs/picker?q=: approved units to register under. */
static void
h_org_picker(struct http_req *req)
{
	struct app	*app = req->app;
	const char	*q = http_arg(req, "q"), *kind;
	cJSON		*arr;
	enum sdrz_err	 rc;

	if (q != NULL && *q == '\0')
		q = NULL;
	if (q != NULL && strlen(q) > 100) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "查询文字过长");
		return;
	}
	kind = http_arg(req, "kind");
	if (kind != NULL && strcmp(kind, "unit") != 0 &&
	    strcmp(kind, "dept") != 0 && strcmp(kind, "base") != 0) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "单位类型只能是 unit、dept 或 base");
		return;
	}
	if ((rc = org_picker(app->db, q, kind, api_long_arg(req, "limit", 20,
	    1, 50), &arr)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	http_json(req, 200, arr);
	cJSON_Delete(arr);
}

/* A YYYY-MM-DD query parameter, or NULL; *bad when present but wrong. */
static const char *const tabs[] = { "pending", "decided", NULL };

/* The query string of the registration queue. */
static const struct list_param reg_params[] = {
	{ "status", "状态", LIST_ENUM, 0, 0, tabs },
	{ "name", "姓名", LIST_TEXT, 0, 50, NULL },
	{ "id_number", "证件号", LIST_TEXT, 0, 32, NULL },
	{ "from", "提交日期起", LIST_DATE, 0, 0, NULL },
	{ "to", "提交日期止", LIST_DATE, 0, 0, NULL },
};

/* GET /api/v1/reviews/personnel-registrations?status=pending|decided&... */
static void
h_reg_list(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct acct_reg_query	 q;
	struct list_query	 lq;
	const char		*status;
	cJSON			*o;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_ACCOUNT_REVIEW)) == NULL ||
	    api_list_query(req, reg_params, sizeof(reg_params) /
	    sizeof(reg_params[0]), 0, &lq) == -1)
		return;
	memset(&q, 0, sizeof(q));
	q.org_id = s->role_org_id;
	status = list_text(&lq, "status");
	q.decided = status != NULL && strcmp(status, "decided") == 0;
	q.name = list_text(&lq, "name");
	q.id_number = list_text(&lq, "id_number");
	q.from = list_text(&lq, "from");
	q.to = list_text(&lq, "to");
	q.pg = lq.pg;
	if ((rc = acct_reg_list(app->db, &q, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	http_json(req, 200, o);
	cJSON_Delete(o);
}

/* GET /api/v1/reviews/personnel-registrations/:id */
static void
h_reg_detail(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	int64_t		 id;
	cJSON		*o;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_ACCOUNT_REVIEW)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	if ((rc = acct_reg_detail(app->db, s->role_org_id, id, &o)) !=
	    SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	http_json(req, 200, o);
	cJSON_Delete(o);
}

/* POST /api/v1/reviews/personnel-registrations/decide */
static void
h_reg_decide(struct http_req *req)
{
	api_review_decide(req, REVIEW_PERSONNEL_REG, MOD_ACCOUNT_REVIEW);
}

/* DELETE /api/v1/reviews/personnel-registrations/:id: off the history. */
static void
h_reg_hide(struct http_req *req)
{
	api_review_hide(req, REVIEW_PERSONNEL_REG, MOD_ACCOUNT_REVIEW);
}

const struct http_route api_acct_routes[] = {
	{ HTTP_POST, "/api/v1/register/personnel", h_register, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/orgs/picker", h_org_picker, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/reviews/personnel-registrations", h_reg_list, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_POST, "/api/v1/reviews/personnel-registrations/decide",
	    h_reg_decide, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_GET, "/api/v1/reviews/personnel-registrations/:id",
	    h_reg_detail, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_DELETE, "/api/v1/reviews/personnel-registrations/:id",
	    h_reg_hide, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
};
const size_t api_acct_nroutes = sizeof(api_acct_routes) /
    sizeof(api_acct_routes[0]);
