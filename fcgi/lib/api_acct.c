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
#include "org.h"
#include "portal.h"
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
		api_form_error(req, 400, "invalid", &f);
	else if (rc == SDRZ_ERR_CONFLICT && f.errors != NULL)
		api_form_error(req, 409, "already_registered", &f);
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

/* GET /api/v1/me */
static void
h_me(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o;
	enum sdrz_err	 rc;

	if ((s = api_session(req)) == NULL)
		return;
	if ((rc = acct_me(app->db, s->person_id, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	http_json(req, 200, o);
	cJSON_Delete(o);
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
		http_error(req, 400, "invalid", "查询文字过长");
		return;
	}
	kind = http_arg(req, "kind");
	if (kind != NULL && strcmp(kind, "unit") != 0 &&
	    strcmp(kind, "dept") != 0 && strcmp(kind, "base") != 0) {
		http_error(req, 400, "invalid", "单位类型只能是 unit、dept 或 base");
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
static const char *
date_arg(struct http_req *req, const char *name, int *bad)
{
	const char	*v = http_arg(req, name);

	if (v == NULL || *v == '\0')
		return NULL;
	if (!form_valid_date(v))
		*bad = 1;
	return v;
}

/* GET /api/v1/reviews/personnel-registrations?status=pending|decided&... */
static void
h_reg_list(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct acct_reg_query	 q;
	const char		*status;
	cJSON			*o;
	enum sdrz_err		 rc;
	int			 bad = 0;

	if ((s = api_module(req, MOD_ACCOUNT_REVIEW)) == NULL)
		return;
	memset(&q, 0, sizeof(q));
	q.org_id = s->role_org_id;
	status = http_arg(req, "status");
	if (status != NULL && strcmp(status, "decided") == 0)
		q.decided = 1;
	else if (status != NULL && *status && strcmp(status, "pending") != 0)
		bad = 1;
	q.name = http_arg(req, "name");
	if (q.name != NULL && *q.name == '\0')
		q.name = NULL;
	q.id_number = http_arg(req, "id_number");
	if (q.id_number != NULL && *q.id_number == '\0')
		q.id_number = NULL;
	q.from = date_arg(req, "from", &bad);
	q.to = date_arg(req, "to", &bad);
	if (bad) {
		http_error(req, 400, "invalid",
		    "查询条件有误:状态为 pending 或 decided,日期为年-月-日");
		return;
	}
	q.page = api_long_arg(req, "page", 1, 1, 100000);
	q.size = api_long_arg(req, "size", 20, 1, 100);
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
	{ HTTP_POST, "/api/v1/register/personnel", h_register },
	{ HTTP_GET, "/api/v1/me", h_me },
	{ HTTP_GET, "/api/v1/orgs/picker", h_org_picker },
	{ HTTP_GET, "/api/v1/reviews/personnel-registrations", h_reg_list },
	{ HTTP_POST, "/api/v1/reviews/personnel-registrations/decide",
	    h_reg_decide },
	{ HTTP_GET, "/api/v1/reviews/personnel-registrations/:id",
	    h_reg_detail },
	{ HTTP_DELETE, "/api/v1/reviews/personnel-registrations/:id",
	    h_reg_hide },
};
const size_t api_acct_nroutes = sizeof(api_acct_routes) /
    sizeof(api_acct_routes[0]);
