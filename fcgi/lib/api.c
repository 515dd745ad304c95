#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "api.h"
#include "form.h"
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

	if (app->sess_loaded == 0) {
		app->sess_loaded = -1;
		if ((tok = http_cookie(req, SESSION_COOKIE)) != NULL) {
			rc = session_load(app->db, &app->cfg, tok, &app->sess);
			if (rc == SDRZ_OK)
				app->sess_loaded = 1;
			else if (rc != SDRZ_ERR_NOT_FOUND)
				log_warn("%s: session: %s", req->reqid,
				    sdrz_strerror(rc));
		}
	}
	return app->sess_loaded == 1 ? &app->sess : NULL;
}

struct session *
api_session(struct http_req *req)
{
	struct session	*s;
	const char	*csrf;

	if ((s = api_session_opt(req)) == NULL) {
		http_error(req, 401, "not_signed_in", "请先登录");
		return NULL;
	}
	if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
		csrf = http_env(req, "HTTP_X_CSRF_TOKEN");
		if (csrf == NULL || strlen(csrf) != 64 ||
		    CRYPTO_memcmp(csrf, s->csrf, 64) != 0) {
			http_error(req, 403, "csrf_invalid",
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
		http_error(req, 403, "admin_required",
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
api_form_error(struct http_req *req, int status, const char *code,
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
	http_json(req, status, root);
	cJSON_Delete(root);
}

int64_t
api_id_param(struct http_req *req, const char *name)
{
	const char	*v = http_route_param(req, name);
	char		*end;
	long long	 id;

	if (v == NULL || strspn(v, "0123456789") != strlen(v) ||
	    strlen(v) > 15 || (id = strtoll(v, &end, 10)) < 1) {
		http_error(req, 404, "not_found", "请求的内容不存在");
		return 0;
	}
	return id;
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
