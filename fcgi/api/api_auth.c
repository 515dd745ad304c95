/* HTTP handlers of signing in and out, captchas and passwords. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "acct.h"
#include "api.h"
#include "auth.h"
#include "db.h"
#include "form.h"
#include "log.h"
#include "passwd.h"
#include "portal.h"

/* GET /api/v1/captcha: {"id", "image": a data: URL of the PNG}. */
static void
h_captcha(struct http_req *req)
{
	struct app	*app = req->app;
	char		 id[33];
	unsigned char	*png = NULL;
	size_t		 len = 0;
	char		*b64 = NULL;
	struct buf	 url = { 0 };
	enum sdrz_err	 rc;
	cJSON		*o;

	if ((rc = auth_captcha_new(app->db, id, &png, &len)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	if ((b64 = malloc(4 * ((len + 2) / 3) + 1)) == NULL) {
		free(png);
		http_error_from(req, SDRZ_ERR_NOMEM);
		return;
	}
	EVP_EncodeBlock((unsigned char *)b64, png, (int)len);
	buf_printf(&url, "data:image/png;base64,%s", b64);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "image", url.data ? url.data : "");
	http_json(req, 200, o);
	cJSON_Delete(o);
	buf_release(&url);
	free(b64);
	free(png);
}

/* The session as the pages see it. */
static void
answer_session(struct http_req *req, int status, const struct session *s,
    const char *csrf)
{
	struct app	*app = req->app;
	cJSON		*o, *roles = NULL, *me = NULL, *r, *role = NULL;
	enum sdrz_err	 rc;

	/* A loaded session has its person, and so a personnel session its
	 * roles; a new one (sign-in) not yet. */
	if (s->me != NULL && acct_user_type(s->user_type) == USER_PERSONNEL) {
		if ((roles = acct_roles_of_me(s->me, s->reject_reason)) ==
		    NULL) {
			http_error_from(req, SDRZ_ERR_NOMEM);
			return;
		}
	} else if ((s->me == NULL && (rc = acct_me(app->db, s->person_id,
	    &me)) != SDRZ_OK) || (rc = acct_roles(app->db, s->person_id,
	    acct_user_type(s->user_type), &roles)) != SDRZ_OK) {
		cJSON_Delete(me);
		http_error_from(req, rc);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddTrueToObject(o, "signed_in");
	cJSON_AddStringToObject(o, "name", cJSON_GetStringValue(
	    cJSON_GetObjectItem(s->me != NULL ? s->me : me, "name")));
	cJSON_AddStringToObject(o, "user_type", s->user_type);
	cJSON_AddStringToObject(o, "csrf", csrf);
	/* Only roles that can be used are offered. */
	cJSON_AddItemToObject(o, "roles", cJSON_CreateArray());
	cJSON_ArrayForEach(r, roles) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r,
		    "status")) ?: "", "approved") != 0)
			continue;
		cJSON_AddItemToArray(cJSON_GetObjectItem(o, "roles"),
		    cJSON_Duplicate(r, 1));
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r,
		    "kind")) ?: "", s->role_kind) == 0 &&
		    (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r,
		    "org_id")) == s->role_org_id)
			role = r;
	}
	if (role != NULL)
		cJSON_AddItemToObject(o, "role", cJSON_Duplicate(role, 1));
	else
		cJSON_AddNullToObject(o, "role");
	http_json(req, status, o);
	cJSON_Delete(o);
	cJSON_Delete(roles);
	cJSON_Delete(me);
}

static const char *
check_user_type(char *v)
{
	return acct_user_type(v) == USER__MAX ? "请选择用户类型" : NULL;
}

static const struct form_field login_fields[] = {
	{ "user_type", "用户类型", FORM_TEXT, 1, 16, NULL, check_user_type, 0, 0, NULL },
	{ "id_type", "证件类型", FORM_DICT, 1, 8, "id_type", NULL, 0, 0, NULL },
	{ "id_number", "证件号", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "password", "密码", FORM_SECRET, 1, 128, NULL, NULL, 0, 0, NULL },
	{ "captcha_id", "验证码", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "captcha", "验证码", FORM_TEXT, 1, 16, NULL, NULL, 0, 0, NULL },
};

const struct form_desc api_login_form = { "login", login_fields,
    sizeof(login_fields) / sizeof(login_fields[0]) };

static const struct {
	enum sdrz_err	 err;
	const char	*code;
	const char	*message;	/* NULL: the result's own message */
} login_answers[AUTH__MAX] = {
	[AUTH_OK] = { SDRZ_OK, NULL, NULL },
	[AUTH_CAPTCHA] = { SDRZ_ERR_INVALID, "captcha_wrong",
	    "验证码错误,请重新输入;看不清可点击图片换一张" },
	/* These three messages count attempts or seconds: auth_login's. */
	[AUTH_LOCKED] = { SDRZ_ERR_LIMITED, "account_locked", NULL },
	[AUTH_SLOWED] = { SDRZ_ERR_LIMITED, "login_slowed", NULL },
	[AUTH_BAD] = { SDRZ_ERR_UNAUTHENTICATED, "bad_credentials", NULL },
	[AUTH_PENDING] = { SDRZ_ERR_FORBIDDEN, "not_approved", NULL },
	[AUTH_REJECTED] = { SDRZ_ERR_FORBIDDEN, "registration_rejected",
	    NULL },
	[AUTH_NO_ROLE] = { SDRZ_ERR_FORBIDDEN, "no_role", NULL },
};

/* POST /api/v1/auth/login */
static void
h_login(struct http_req *req)
{
	struct app		*app = req->app;
	struct form		 f;
	struct auth_login	 l;
	struct session		 s;
	cJSON			*body;
	enum sdrz_err		 rc;
	char			 cookie[256], csrf[65];

	memset(&s, 0, sizeof(s));
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = form_parse(&f, login_fields, sizeof(login_fields) /
	    sizeof(login_fields[0]), body, app->db);
	if (rc != SDRZ_OK) {
		if (rc == SDRZ_ERR_INVALID)
			api_form_error(req, SDRZ_ERR_INVALID, "invalid", &f);
		else
			http_error_from(req, rc);
		form_release(&f);
		return;
	}
	memset(&l, 0, sizeof(l));
	l.user_type = form_get(&f, "user_type");
	l.id_type = form_get(&f, "id_type");
	/* Upper case, as the manual asks of a final x. */
	for (char *p = form_edit(&f, "id_number"); *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	l.id_number = form_get(&f, "id_number");
	l.password = form_get(&f, "password");
	l.captcha_id = form_get(&f, "captcha_id");
	l.captcha = form_get(&f, "captcha");
	l.ip = api_ip(req);
	l.user_agent = http_env(req, "HTTP_USER_AGENT");
	l.reqid = req->reqid;
	rc = auth_login(app->db, &app->cfg, &l);
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		goto out;
	}
	if (l.result != AUTH_OK) {
		if (l.result == AUTH_SLOWED) {
			snprintf(cookie, sizeof(cookie), "%d", l.wait_seconds);
			http_header(req, "Retry-After", cookie);
		}
		http_fail(req, login_answers[l.result].err,
		    login_answers[l.result].code,
		    login_answers[l.result].message ?
		    login_answers[l.result].message : l.message);
		goto out;
	}
	session_cookie(&app->cfg, l.token, cookie, sizeof(cookie));
	http_header(req, "Set-Cookie", cookie);
	session_csrf(&app->cfg, l.token, csrf);
	if (session_load(app->db, &app->cfg, l.token, &s) != SDRZ_OK) {
		http_error_from(req, SDRZ_ERR_DB);
		goto out;
	}
	answer_session(req, 200, &s, csrf);
out:
	session_release(&s);
	auth_login_release(&l);
	form_release(&f);
}

/* POST /api/v1/auth/logout: ends the session for all three portals. */
static void
h_logout(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	enum sdrz_err		 rc;
	char			 cookie[256];

	if ((s = api_session(req)) == NULL)
		return;
	a = api_actor(req);
	if ((rc = session_end(app->db, s)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	(void)audit_add(app->db, &a, "auth.logout", "person", s->person_id,
	    NULL);
	session_cookie(&app->cfg, NULL, cookie, sizeof(cookie));
	http_header(req, "Set-Cookie", cookie);
	http_no_content(req);
}

/* GET /api/v1/auth/session: the session answer, or 200
 * {"signed_in": false} without one, so that an anonymous page's check is
 * no error (every page makes it; a 401 would show in its console). */
static void
h_session(struct http_req *req)
{
	struct session	*s;
	cJSON		*o;

	if ((s = api_session_opt(req)) == NULL) {
		o = cJSON_CreateObject();
		cJSON_AddFalseToObject(o, "signed_in");
		http_json(req, 200, o);
		cJSON_Delete(o);
		return;
	}
	answer_session(req, 200, s, s->csrf);
}

/* POST /api/v1/auth/role {kind, org_id}: act in another role. */
static void
h_role(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*body, *kind, *org;
	int64_t		 oid;
	enum sdrz_err	 rc;

	if ((s = api_session(req)) == NULL)
		return;
	if ((body = http_json_body(req)) == NULL)
		return;
	kind = cJSON_GetObjectItem(body, "kind");
	org = cJSON_GetObjectItem(body, "org_id");
	if (!cJSON_IsString(kind) || form_json_id(org, &oid) == -1) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请选择要使用的角色");
		return;
	}
	rc = auth_choose_role(app->db, s, kind->valuestring, oid);
	if (rc == SDRZ_ERR_FORBIDDEN) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "role_unavailable",
		    "您没有该角色,或该角色尚未通过审核");
		return;
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	answer_session(req, 200, s, s->csrf);
}

static const struct form_field forgot_fields[] = {
	{ "id_type", "证件类型", FORM_DICT, 1, 8, "id_type", NULL, 0, 0, NULL },
	{ "id_number", "证件号", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "email", "电子邮箱", FORM_TEXT, 1, 254, NULL, NULL, 0, 0, NULL },
	{ "captcha_id", "验证码", FORM_TEXT, 1, 32, NULL, NULL, 0, 0, NULL },
	{ "captcha", "验证码", FORM_TEXT, 1, 16, NULL, NULL, 0, 0, NULL },
};

/* POST /api/v1/auth/forgot */
static void
h_forgot(struct http_req *req)
{
	struct app		*app = req->app;
	struct form		 f;
	struct audit_actor	 a = api_actor(req);
	cJSON			*body, *o;
	enum sdrz_err		 rc;

	if ((body = http_json_body(req)) == NULL)
		return;
	rc = form_parse(&f, forgot_fields, sizeof(forgot_fields) /
	    sizeof(forgot_fields[0]), body, app->db);
	if (rc == SDRZ_ERR_INVALID) {
		api_form_error(req, SDRZ_ERR_INVALID, "invalid", &f);
		goto out;
	}
	if (rc == SDRZ_OK) {
		rc = auth_captcha_take(app->db, form_get(&f, "captcha_id"),
		    form_get(&f, "captcha"));
		if (rc == SDRZ_ERR_INVALID) {
			http_fail(req, SDRZ_ERR_INVALID, "captcha_wrong",
			    "验证码错误,请重新输入;看不清可点击图片换一张");
			goto out;
		}
	}
	if (rc == SDRZ_OK) {
		for (char *p = form_edit(&f, "id_number"); *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		rc = auth_forgot(app->db, &app->cfg, form_get(&f, "id_type"),
		    form_get(&f, "id_number"), form_get(&f, "email"), &a);
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		goto out;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", "如果证件号与注册邮箱一致,"
	    "重置密码的邮件已发出,请在 30 分钟内打开邮件中的链接设置新密码");
	http_json(req, 200, o);
	cJSON_Delete(o);
out:
	form_release(&f);
}

static const char *
check_new_password(char *v)
{
	return passwd_weakness(v);
}

static const struct form_field reset_fields[] = {
	{ "token", "重置链接", FORM_TEXT, 1, 64, NULL, NULL, 0, 0, NULL },
	{ "password", "新密码", FORM_SECRET, 1, 64, NULL, check_new_password, 0, 0, NULL },
	{ "password2", "确认密码", FORM_SECRET, 1, 64, NULL, NULL, 0, 0, NULL },
};

static const struct form_field change_fields[] = {
	{ "old_password", "原密码", FORM_SECRET, 1, 128, NULL, NULL, 0, 0, NULL },
	{ "password", "新密码", FORM_SECRET, 1, 64, NULL, check_new_password, 0, 0, NULL },
	{ "password2", "确认密码", FORM_SECRET, 1, 64, NULL, NULL, 0, 0, NULL },
};

/* Parses a new-password form and its confirmation; answers on error. */
static int
new_password_form(struct http_req *req, struct form *f,
    const struct form_field *fields, size_t n)
{
	struct app	*app = req->app;
	cJSON		*body;
	enum sdrz_err	 rc;
	const char	*a, *b;

	memset(f, 0, sizeof(*f));
	if ((body = http_json_body(req)) == NULL)
		return -1;
	rc = form_parse(f, fields, n, body, app->db);
	a = form_get(f, "password");
	b = form_get(f, "password2");
	if (a != NULL && b != NULL && strcmp(a, b) != 0) {
		form_error(f, "password2", "两次输入的密码不一致");
		rc = SDRZ_ERR_INVALID;
	}
	if (rc == SDRZ_ERR_INVALID) {
		api_form_error(req, SDRZ_ERR_INVALID, "invalid", f);
		return -1;
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return -1;
	}
	return 0;
}

/* POST /api/v1/auth/reset {token, password, password2} */
static void
h_reset(struct http_req *req)
{
	struct app		*app = req->app;
	struct form		 f;
	struct audit_actor	 a = api_actor(req);
	enum sdrz_err		 rc;

	if (new_password_form(req, &f, reset_fields, sizeof(reset_fields) /
	    sizeof(reset_fields[0])) == 0) {
		rc = auth_reset(app->db, &app->cfg, form_get(&f, "token"),
		    form_get(&f, "password"), &a);
		if (rc == SDRZ_ERR_NOT_FOUND)
			http_fail(req, SDRZ_ERR_GONE, "reset_invalid", "重置链接无效、"
			    "已使用或已过期(有效期 30 分钟),请重新申请");
		else if (rc != SDRZ_OK)
			http_error_from(req, rc);
		else
			http_no_content(req);
	}
	form_release(&f);
}

/* POST /api/v1/auth/password {old_password, password, password2} */
static void
h_password(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct form		 f;
	struct audit_actor	 a;
	enum sdrz_err		 rc;

	if ((s = api_session(req)) == NULL)
		return;
	a = api_actor(req);
	if (new_password_form(req, &f, change_fields, sizeof(change_fields) /
	    sizeof(change_fields[0])) == 0) {
		rc = auth_change_password(app->db, &app->cfg, s,
		    form_get(&f, "old_password"), form_get(&f, "password"), &a);
		if (rc == SDRZ_ERR_FORBIDDEN) {
			form_error(&f, "old_password", "原密码不正确");
			api_form_error(req, SDRZ_ERR_INVALID, "wrong_password", &f);
		} else if (rc != SDRZ_OK)
			http_error_from(req, rc);
		else
			http_no_content(req);
	}
	form_release(&f);
}

const struct http_route api_auth_routes[] = {
	{ HTTP_GET, "/api/v1/captcha", h_captcha, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/auth/login", h_login, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/auth/logout", h_logout, ACCESS_SESSION, 0 },
	{ HTTP_GET, "/api/v1/auth/session", h_session, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/auth/role", h_role, ACCESS_SESSION, 0 },
	{ HTTP_POST, "/api/v1/auth/forgot", h_forgot, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/auth/reset", h_reset, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/auth/password", h_password, ACCESS_SESSION, 0 },
};
const size_t api_auth_nroutes = sizeof(api_auth_routes) /
    sizeof(api_auth_routes[0]);
