/* HTTP handlers of the personnel profile: the person's own edits, title
 * changes with attachments, transfers; the admins' reviews, lists and
 * corrections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "list.h"
#include "attach.h"
#include "db.h"
#include "form.h"
#include "portal.h"
#include "routes.h"
#include "profile.h"
#include "review.h"
/* Answers a request that may carry field errors: on success 204, or
 * ok_status with {message} when ok_message is given. */
static void
answer_form(struct http_req *req, enum sdrz_err rc, const struct form *f,
    int ok_status, const char *ok_message)
{
	cJSON	*o;

	if (rc != SDRZ_OK) {
		api_answer_form(req, rc, f);
		return;
	}
	if (ok_message == NULL) {
		http_no_content(req);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", ok_message);
	http_json(req, ok_status, o);
	cJSON_Delete(o);
}

/* PUT /api/v1/me/profile */
static void
h_profile(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	answer_form(req, profile_update(app->db, s->person_id, body, &a, &f),
	    &f, 204, NULL);
	form_release(&f);
}

/* POST /api/v1/me/profile-change */
static void
h_change(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	answer_form(req, profile_request_change(app->db, s->person_id, body,
	    &a, &f), &f, 202, "修改已提交,等待所在单位审核;审核通过前仍显示"
	    "原信息");
	form_release(&f);
}

/* GET /api/v1/me/requests: the pending or last change and transfer. */
static void
h_requests(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	rc = profile_requests(app->db, s->person_id, &o);
	api_answer_json(req, rc, o);
}

/* POST /api/v1/me/transfer {to_org_id} */
static void
h_transfer(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	answer_form(req, profile_request_transfer(app->db, s->person_id, body,
	    &a, &f), &f, 202, "调转申请已提交,等待调入单位确认接收");
	form_release(&f);
}

/* DELETE /api/v1/me/transfer: withdraw the pending one. */
static void
h_transfer_withdraw(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	enum sdrz_err		 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	rc = profile_withdraw_transfer(app->db, s->person_id, &a);
	if (rc == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "没有待审核的调转申请");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}


/* ---- the admins' side ---- */

static const char *const tabs[] = { "pending", "decided", NULL };
static const char *const directions[] = { "in", "out", NULL };

/* The query string of the profile queues, the transfer history and 人员管理. */
static const struct list_param profile_params[] = {
	{ "status", "状态", LIST_ENUM, 0, 0, tabs },
	{ "direction", "方向", LIST_ENUM, 0, 0, directions },
	{ "name", "姓名", LIST_TEXT, 0, 50, NULL },
	{ "id_number", "证件号", LIST_TEXT, 0, 32, NULL },
	{ "org_id", "单位", LIST_INT, 1, 999999999999L, NULL },
};

/* seek: the list pages by key (人员管理). */
static int
query(struct http_req *req, struct profile_query *q, int64_t top, int seek)
{
	struct list_query	 lq;
	const char		*status;

	memset(q, 0, sizeof(*q));
	if (api_list_query(req, profile_params, sizeof(profile_params) /
	    sizeof(profile_params[0]), seek, &lq) == -1)
		return -1;
	q->top = top;
	status = list_text(&lq, "status");
	q->decided = status != NULL && strcmp(status, "decided") == 0;
	q->direction = list_text(&lq, "direction");
	q->name = list_text(&lq, "name");
	q->id_number = list_text(&lq, "id_number");
	q->org_id = list_int(&lq, "org_id", 0);
	q->pg = lq.pg;
	return 0;
}

static void
listing(struct http_req *req, enum admin_module m, enum sdrz_err (*fn)(
    struct db *, const struct profile_query *, cJSON **))
{
	struct app		*app = req->app;
	struct session		*s;
	struct profile_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if ((s = api_module(req, m)) == NULL ||
	    query(req, &q, s->role_org_id, fn == profile_personnel_list) == -1)
		return;
	rc = fn(app->db, &q, &o);
	api_answer_json(req, rc, o);
}

static void
h_changes(struct http_req *req)
{
	listing(req, MOD_INFO_REVIEW, profile_change_list);
}

static void
h_changes_decide(struct http_req *req)
{
	api_review_decide(req, REVIEW_PROFILE_CHANGE, MOD_INFO_REVIEW);
}

static void
h_changes_hide(struct http_req *req)
{
	api_review_hide(req, REVIEW_PROFILE_CHANGE, MOD_INFO_REVIEW);
}

static void
h_tqueue(struct http_req *req)
{
	listing(req, MOD_ACCOUNT_REVIEW, profile_transfer_queue);
}

static void
h_tqueue_decide(struct http_req *req)
{
	api_review_decide(req, REVIEW_TRANSFER, MOD_ACCOUNT_REVIEW);
}

static void
h_thistory(struct http_req *req)
{
	listing(req, MOD_ACCOUNT_REVIEW, profile_transfer_history);
}

static void
h_people(struct http_req *req)
{
	listing(req, MOD_PERSONNEL, profile_personnel_list);
}

/* PUT /api/v1/personnel/:pid/identity {name?, id_type?, id_number?, note} */
static void
h_correct(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	int64_t			 pid;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_PERSONNEL)) == NULL ||
	    (pid = api_id_param(req, "pid")) == 0)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = profile_correct(app->db, s->role_org_id, pid, body, &a, &f);
	if (rc == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "该人员不存在或不在本单位的"
		    "管辖范围内");
	else
		answer_form(req, rc, &f, 204, NULL);
	form_release(&f);
}

const struct http_route api_profile_routes[] = {
	{ HTTP_PUT, "/api/v1/me/profile", h_profile, ACCESS_PERSONNEL, 0 },
	{ HTTP_POST, "/api/v1/me/profile-change", h_change, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/requests", h_requests, ACCESS_PERSONNEL, 0 },
	{ HTTP_POST, "/api/v1/me/transfer", h_transfer, ACCESS_PERSONNEL, 0 },
	{ HTTP_DELETE, "/api/v1/me/transfer", h_transfer_withdraw, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/reviews/profile-changes", h_changes, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_POST, "/api/v1/reviews/profile-changes/decide",
	    h_changes_decide, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_DELETE, "/api/v1/reviews/profile-changes/:id", h_changes_hide, ACCESS_MODULE, MOD_INFO_REVIEW },
	{ HTTP_GET, "/api/v1/reviews/transfers", h_tqueue, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_POST, "/api/v1/reviews/transfers/decide", h_tqueue_decide, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_GET, "/api/v1/transfers", h_thistory, ACCESS_MODULE, MOD_ACCOUNT_REVIEW },
	{ HTTP_GET, "/api/v1/personnel", h_people, ACCESS_MODULE, MOD_PERSONNEL },
	{ HTTP_PUT, "/api/v1/personnel/:pid/identity", h_correct, ACCESS_MODULE, MOD_PERSONNEL },
};
const size_t api_profile_nroutes = sizeof(api_profile_routes) /
    sizeof(api_profile_routes[0]);
