#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "admin.h"
#include "api.h"
#include "auth.h"
#include "form.h"
#include "list.h"
#include "review.h"
#include "log.h"
#include "portal.h"

const char *
api_ip(const struct http_req *req)
{
	return http_env(req, "REMOTE_ADDR");
}

struct session *
api_session_opt(struct http_req *req)
{
	struct app	*app = req->app;
	const char	*tok;
	enum sdrz_err	 rc;

	if (req->sess_loaded == 0) {
		req->sess_loaded = -1;
		if ((tok = http_cookie(req, SESSION_COOKIE)) != NULL) {
			rc = session_load(app->db, &app->cfg, tok, &req->sess);
			if (rc == SDRZ_OK)
				req->sess_loaded = 1;
			else if (rc != SDRZ_ERR_NOT_FOUND)
				log_warn("%s: session: %s", req->reqid,
				    sdrz_strerror(rc));
		}
	}
	return req->sess_loaded == 1 ? &req->sess : NULL;
}

struct session *
api_session(struct http_req *req)
{
	struct session	*s;
	const char	*csrf;

	if ((s = api_session_opt(req)) == NULL) {
		http_fail(req, SDRZ_ERR_UNAUTHENTICATED, "not_signed_in", "请先登录");
		return NULL;
	}
	if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
		csrf = http_env(req, "HTTP_X_CSRF_TOKEN");
		if (csrf == NULL || strlen(csrf) != 64 ||
		    CRYPTO_memcmp(csrf, s->csrf, 64) != 0) {
			http_fail(req, SDRZ_ERR_FORBIDDEN, "csrf_invalid",
			    "页面已过期,请刷新页面后重试");
			return NULL;
		}
	}
	return s;
}

struct session *
api_admin(struct http_req *req)
{
	struct session	*s;

	if ((s = api_session(req)) == NULL)
		return NULL;
	if (strcmp(s->role_kind, "admin") != 0 || s->role_org_id <= 0) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "admin_required",
		    "此功能仅限单位或部门管理员使用");
		return NULL;
	}
	return s;
}

struct audit_actor
api_actor(struct http_req *req)
{
	struct session		*s = api_session_opt(req);
	struct audit_actor	 a;

	a.person_id = s ? s->person_id : 0;
	a.org_id = s && strcmp(s->role_kind, "admin") == 0 ?
	    s->role_org_id : 0;
	a.reqid = req->reqid;
	a.ip = api_ip(req);
	return a;
}

void
api_form_error(struct http_req *req, enum sdrz_err e, const char *code,
    const struct form *f)
{
	cJSON		*root, *err, *first;
	const char	*msg = "提交的内容有误,请按提示修改";

	/* With one bad field, its message says it best. */
	if (f->errors != NULL && cJSON_GetArraySize(f->errors) == 1 &&
	    (first = f->errors->child) != NULL && cJSON_IsString(first))
		msg = first->valuestring;
	root = cJSON_CreateObject();
	err = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", msg);
	if (f->errors != NULL)
		cJSON_AddItemToObject(err, "fields",
		    cJSON_Duplicate(f->errors, 1));
	http_json(req, http_status_of(e), root);
	cJSON_Delete(root);
}

int
api_captcha(struct http_req *req, const cJSON *body)
{
	struct app	*app = req->app;
	const char	*id, *answer;
	struct form	 f;
	enum sdrz_err	 rc;

	id = cJSON_GetStringValue(cJSON_GetObjectItem(body, "captcha_id"));
	answer = cJSON_GetStringValue(cJSON_GetObjectItem(body, "captcha"));
	if (id == NULL || answer == NULL || *answer == '\0') {
		memset(&f, 0, sizeof(f));
		form_error(&f, "captcha", "请输入验证码");
		api_form_error(req, SDRZ_ERR_INVALID, "invalid", &f);
		form_release(&f);
		return 0;
	}
	rc = auth_captcha_take(app->db, id, answer);
	if (rc == SDRZ_ERR_INVALID) {
		http_fail(req, SDRZ_ERR_INVALID, "captcha_wrong",
		    "验证码错误,请重新输入;看不清可点击图片换一张");
		return 0;
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return 0;
	}
	return 1;
}

int64_t
api_id_param(struct http_req *req, const char *name)
{
	const char	*v = http_route_param(req, name);
	char		*end;
	long long	 id;

	if (v == NULL || strspn(v, "0123456789") != strlen(v) ||
	    strlen(v) > 15 || (id = strtoll(v, &end, 10)) < 1) {
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "请求的内容不存在");
		return 0;
	}
	return id;
}

static const char *
req_arg(void *req, const char *name)
{
	return http_arg(req, name);
}

int
api_list_query(struct http_req *req, const struct list_param *params,
    size_t n, int seek, struct list_query *q)
{
	struct form	 errs;

	memset(&errs, 0, sizeof(errs));
	if (list_parse(q, params, n, seek, req_arg, req, &errs) == 0)
		return 0;
	api_form_error(req, SDRZ_ERR_INVALID, "invalid", &errs);
	form_release(&errs);
	return -1;
}

long
api_long_arg(struct http_req *req, const char *name, long def, long min,
    long max)
{
	const char	*v = http_arg(req, name);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < min || n > max)
		return def;
	return n;
}

struct session *
api_module(struct http_req *req, enum admin_module m)
{
	struct app	*app = req->app;
	struct session	*s;
	enum sdrz_err	 rc;
	int		 yes;

	if ((s = api_admin(req)) == NULL)
		return NULL;
	/* The guard checked it before the handler asks again. */
	if ((unsigned)m < MOD__MAX && (req->modules_ok & (1u << m)))
		return s;
	if ((rc = admin_can(app->db, s->role_org_id, s->person_id, m, &yes,
	    NULL)) != SDRZ_OK) {
		http_error_from(req, rc);
		return NULL;
	}
	if (yes && (unsigned)m < MOD__MAX)
		req->modules_ok |= 1u << m;
	if (!yes) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "module_forbidden", "您的角色没有此功能"
		    "的权限,请联系本单位超级管理员");
		return NULL;
	}
	return s;
}

static const char *const decide_messages[SDRZ_ERR__MAX] = {
	[SDRZ_ERR_NOT_FOUND] = "该记录不存在或不由本单位审核",
	[SDRZ_ERR_CONFLICT] = "该记录已处理,或情况已变化,请刷新",
};

static const char *const decisions[] = { "approve", "reject", NULL };

static const struct form_field decide_fields[] = {
	{ "ids", "审核记录", FORM_IDS, 1, 200, NULL, NULL, 0, 0, NULL },
	{ "decision", "审核结果", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0,
	    decisions },
	{ "reason", "驳回原因", FORM_LINES, 0, REVIEW_REASON_MAX, NULL, NULL, 0,
	    0, NULL },
};

const struct form_desc api_decide_form = { "review-decision", decide_fields,
    sizeof(decide_fields) / sizeof(decide_fields[0]) };

void
api_review_decide(struct http_req *req, const char *kind,
    enum admin_module m)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	struct review_refusal	 refusal;
	cJSON			*body, *o = NULL, *results, *r;
	const char		*reason;
	const int64_t		*ids;
	size_t			 n, i;
	int			 approve, done = 0;
	enum sdrz_err		 rc;

	if ((s = api_module(req, m)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	if ((rc = form_parse(&f, decide_fields, api_decide_form.n, body,
	    app->db)) != SDRZ_OK) {
		api_answer_form(req, rc, &f);
		goto out;
	}
	ids = form_ids(&f, "ids", &n);
	approve = strcmp(form_get(&f, "decision"), "approve") == 0;
	reason = form_get(&f, "reason");
	if (!approve && reason == NULL) {
		http_fail(req, SDRZ_ERR_INVALID, "reason_required",
		    "驳回时请填写驳回原因(不超过 500 字)");
		goto out;
	}
	o = cJSON_CreateObject();
	results = cJSON_AddArrayToObject(o, "results");
	for (i = 0; i < n; i++) {
		rc = review_decide_why(app->db, &a, kind, ids[i],
		    s->role_org_id, approve, reason, &refusal);
		r = cJSON_CreateObject();
		cJSON_AddItemToArray(results, r);
		cJSON_AddNumberToObject(r, "id", (double)ids[i]);
		cJSON_AddBoolToObject(r, "ok", rc == SDRZ_OK);
		if (rc != SDRZ_OK && refusal.code != NULL) {
			cJSON_AddStringToObject(r, "code", refusal.code);
			cJSON_AddStringToObject(r, "message", refusal.message);
		} else if (rc != SDRZ_OK) {
			cJSON_AddStringToObject(r, "code", rc ==
			    SDRZ_ERR_NOT_FOUND ? "not_found" : rc ==
			    SDRZ_ERR_CONFLICT ? "already_decided" : "error");
			cJSON_AddStringToObject(r, "message",
			    decide_messages[rc] ? decide_messages[rc] :
			    "处理失败,请稍后再试");
		} else
			done++;
	}
	cJSON_AddNumberToObject(o, "done", done);
	cJSON_AddNumberToObject(o, "failed", (double)n - done);
	http_json(req, 200, o);
out:
	cJSON_Delete(o);
	form_release(&f);
}

void
api_review_hide(struct http_req *req, const char *kind, enum admin_module m)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((s = api_module(req, m)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	a = api_actor(req);
	rc = review_hide(app->db, &a, kind, id, s->role_org_id);
	if (rc == SDRZ_ERR_CONFLICT)
		http_fail(req, SDRZ_ERR_CONFLICT, "pending", "待审核的记录不能删除,请先审核");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

int
api_guard(struct http_req *req, const struct http_route *r)
{
	switch (r->access) {
	case ACCESS_PUBLIC:
		return 1;
	case ACCESS_SESSION:
		return api_session(req) != NULL;
	case ACCESS_PERSONNEL:
		return api_personnel(req) != NULL;
	case ACCESS_ADMIN:
		return api_admin(req) != NULL;
	case ACCESS_MODULE:
		if ((unsigned)r->module >= MOD__MAX)
			break;
		return api_module(req, (enum admin_module)r->module) != NULL;
	default:
		break;
	}
	log_warn("%s: route %s: bad access %d/%d", req->reqid, r->pattern,
	    (int)r->access, r->module);
	http_fail(req, SDRZ_ERR_NOMEM, "internal", "服务器内部错误,请稍后再试");
	return 0;
}

struct session *
api_personnel(struct http_req *req)
{
	struct session	*s;

	if ((s = api_session(req)) == NULL)
		return NULL;
	if (strcmp(s->role_kind, "personnel") != 0) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "personnel_required",
		    "此功能仅限专业技术人员使用");
		return NULL;
	}
	return s;
}

void
api_answer_json(struct http_req *req, enum sdrz_err rc, cJSON *o)
{
	if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_json(req, 200, o);
	cJSON_Delete(o);
}

void
api_answer_form(struct http_req *req, enum sdrz_err rc, const struct form *f)
{
	if (rc == SDRZ_ERR_INVALID && f->errors != NULL)
		api_form_error(req, SDRZ_ERR_INVALID, "invalid", f);
	else if (rc == SDRZ_ERR_CONFLICT && f->errors != NULL)
		api_form_error(req, SDRZ_ERR_CONFLICT, "conflict", f);
	else if (rc == SDRZ_ERR_FORBIDDEN)
		http_fail(req, SDRZ_ERR_FORBIDDEN, "not_approved",
		    "您的注册尚未通过审核,暂不能办理此事项");
	else
		http_error_from(req, rc);
}
