/* HTTP handlers of hours: declarations, the person's years and records,
 * certificates and their public verification, and the admins' reviews,
 * entries, queries, rules and revocations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "api.h"
#include "list.h"
#include "cert.h"
#include "db.h"
#include "dict.h"
#include "form.h"
#include "hours.h"
#include "org.h"
#include "portal.h"
#include "routes.h"
#include "review.h"

/* A year from a route parameter; answers 404 and returns 0 when bad. */
static int
year_param(struct http_req *req)
{
	const char	*v = http_route_param(req, "year");
	char		*end;
	long		 y;

	y = v ? strtol(v, &end, 10) : 0;
	if (v == NULL || *end != '\0' || y < 2000 || y > 2100) {
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "年度无效");
		return 0;
	}
	return (int)y;
}

/* GET /api/v1/hours/forms: types and forms for the declaration page. */
static void
h_forms(struct http_req *req)
{
	struct app	*app = req->app;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if (api_session(req) == NULL)
		return;
	rc = hours_forms(app->db, http_arg(req, "all") != NULL, &o);
	api_answer_json(req, rc, o);
}

static void
h_preview(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	struct form	 f;
	cJSON		*body, *o;
	enum sdrz_err	 rc;
	int		 t;

	if ((s = api_personnel(req)) == NULL || (body = http_json_body(req)) ==
	    NULL)
		return;
	rc = hours_preview(app->db, s->person_id, body, &f, &t);
	if (rc == SDRZ_OK) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "hours", t / 10.0);
		http_json(req, 200, o);
		cJSON_Delete(o);
	} else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_declare(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body, *o;
	enum sdrz_err		 rc;
	int64_t			 id;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = hours_declare(app->db, s->person_id, body, &a, &f, &id);
	if (rc == SDRZ_OK) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)id);
		cJSON_AddStringToObject(o, "message",
		    "学时申报已提交,等待所在单位审核");
		http_json(req, 201, o);
		cJSON_Delete(o);
	} else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_declarations(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	rc = hours_declarations(app->db, s->person_id, &o);
	api_answer_json(req, rc, o);
}

static void
h_declaration(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	int64_t		 id;
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL || (id = api_id_param(req, "id")) == 0)
		return;
	rc = hours_declaration(app->db, s->person_id, id, &o);
	api_answer_json(req, rc, o);
}

static void
h_years(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	rc = hours_years(app->db, s->person_id, &o);
	api_answer_json(req, rc, o);
}

static void
h_records(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;
	int		 year;

	if ((s = api_personnel(req)) == NULL || (year = year_param(req)) == 0)
		return;
	rc = hours_records(app->db, s->person_id, year, &o);
	api_answer_json(req, rc, o);
}

static const char *const cert_kinds[] = { "completion", "register", NULL };

static const struct form_field issue_fields[] = {
	{ "kind", "证书类型", FORM_CHOICE, 1, 16, NULL, NULL, 0, 0, cert_kinds },
	{ "year", "年度", FORM_INT, 1, 0, NULL, NULL, 2000, 2100, NULL },
};

const struct form_desc api_issue_form = { "certificate-issue", issue_fields,
    sizeof(issue_fields) / sizeof(issue_fields[0]) };

/* POST /api/v1/me/certificates {kind: completion|register, year} */
static void
h_issue(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body, *o;
	char			 number[CERT_NUMBER_LEN + 1];
	enum sdrz_err		 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	if ((rc = form_parse(&f, issue_fields, api_issue_form.n, body,
	    app->db)) != SDRZ_OK) {
		api_answer_form(req, rc, &f);
		form_release(&f);
		return;
	}
	rc = cert_issue(app->db, &app->cfg, s->person_id, form_get(&f, "kind"),
	    (int)form_int(&f, "year", 0), &a, number);
	form_release(&f);
	if (rc == SDRZ_ERR_CONFLICT)
		http_fail(req, SDRZ_ERR_CONFLICT, "not_complete", "该年度学时尚未合格,"
		    "合格后方可打印结业证书");
	else if (rc == SDRZ_ERR_FORBIDDEN)
		http_fail(req, SDRZ_ERR_CONFLICT, "reissue_needs_consent", "该年度的证书已被"
		    "人社部门撤销,内容没有变化,不能重新打印:学时记录更正后"
		    "可再打印,或请联系人社部门,经其同意后重新打印");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "number", number);
		http_json(req, 201, o);
		cJSON_Delete(o);
	}
}

static void
h_mine(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	rc = cert_mine(app->db, s->person_id, &o);
	api_answer_json(req, rc, o);
}

/* GET /api/v1/certificates/:number/pdf: the holder's download. */
static void
h_pdf(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	const char	*number = http_route_param(req, "number");
	unsigned char	*pdf = NULL;
	size_t		 len = 0;
	char		 disp[128];
	enum sdrz_err	 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	if ((rc = cert_pdf(app->db, number, s->person_id, &pdf, &len)) !=
	    SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	snprintf(disp, sizeof(disp), "inline; filename=\"%s.pdf\"", number);
	http_header(req, "Content-Disposition", disp);
	http_body_answer(req, 200, "application/pdf", pdf, len);
	free(pdf);
}

/* GET /api/v1/certificates/:number: the public verification. */
static void
h_verify(struct http_req *req)
{
	struct app	*app = req->app;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	rc = cert_verify(app->db, http_route_param(req, "number"), &o);
	api_answer_json(req, rc, o);
}

/* ---- admins ---- */

/* The session's admin with MOD_HOURS acting for an HR bureau; for the
 * rules of the whole city, the city bureau. */
static struct session *
bureau(struct http_req *req, int city_only)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o = NULL;
	const char	*kind;
	enum sdrz_err	 rc;
	int		 ok;

	if ((s = api_module(req, MOD_HOURS)) == NULL)
		return NULL;
	if ((rc = org_kind_of(app->db, s->role_org_id, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return NULL;
	}
	kind = cJSON_GetStringValue(o);
	ok = kind && (city_only ? strcmp(kind, "hrb_city") == 0 :
	    strncmp(kind, "hrb_", 4) == 0);
	cJSON_Delete(o);
	if (!ok) {
		http_fail(req, SDRZ_ERR_FORBIDDEN, "bureau_required", city_only ?
		    "此功能仅限市人社局使用" : "此功能仅限人社部门使用");
		return NULL;
	}
	return s;
}

static const char *const tabs[] = { "pending", "decided", NULL };

/* The query string of the declaration queue and 继续教育学时查询. */
static const struct list_param hours_params[] = {
	{ "status", "状态", LIST_ENUM, 0, 0, tabs },
	{ "year", "年度", LIST_INT, 2000, 2100, NULL },
	{ "region", "所属区域", LIST_CODE, 0, 0, NULL },
	{ "name", "姓名", LIST_TEXT, 0, 50, NULL },
	{ "id_number", "证件号", LIST_TEXT, 0, 32, NULL },
	{ "org_id", "单位", LIST_INT, 1, 999999999999L, NULL },
};

/* Fills q from the query string (seek: the list pages by key, the hours
 * query); -1 after answering 400. *decided: the tab asked for. */
static int
hquery(struct http_req *req, struct hours_query *q, int64_t top, int seek,
    int *decided)
{
	struct list_query	 lq;
	const char		*status;
	time_t			 now = time(NULL);
	struct tm		 tm;

	memset(q, 0, sizeof(*q));
	if (api_list_query(req, hours_params, sizeof(hours_params) /
	    sizeof(hours_params[0]), seek, &lq) == -1)
		return -1;
	localtime_r(&now, &tm);
	q->top = top;
	q->year = (int)list_int(&lq, "year", tm.tm_year + 1900);
	q->region = list_text(&lq, "region");
	q->name = list_text(&lq, "name");
	q->id_number = list_text(&lq, "id_number");
	q->org_id = list_int(&lq, "org_id", 0);
	q->pg = lq.pg;
	status = list_text(&lq, "status");
	*decided = status != NULL && strcmp(status, "decided") == 0;
	return 0;
}

static void
h_dqueue(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct hours_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;
	int			 decided;

	if ((s = api_module(req, MOD_HOURS)) == NULL ||
	    hquery(req, &q, s->role_org_id, 0, &decided) == -1)
		return;
	rc = hours_decl_queue(app->db, &q, decided, &o);
	api_answer_json(req, rc, o);
}

static void
h_ddecide(struct http_req *req)
{
	api_review_decide(req, REVIEW_DECLARATION, MOD_HOURS);
}

static void
h_dhide(struct http_req *req)
{
	api_review_hide(req, REVIEW_DECLARATION, MOD_HOURS);
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

	if ((s = api_module(req, MOD_HOURS)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = hours_admin_add(app->db, s->role_org_id, body, &a, &f);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else if (rc == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "该人员不存在或不在本单位的"
		    "管辖范围内");
	else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_query(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct hours_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;
	int			 decided;

	if ((s = api_module(req, MOD_HOURS)) == NULL ||
	    hquery(req, &q, s->role_org_id, 1, &decided) == -1)
		return;
	rc = hours_query(app->db, &q, &o);
	api_answer_json(req, rc, o);
}

static void
h_rule(struct http_req *req)
{
	struct app		*app = req->app;
	struct year_rule	 r;
	cJSON			*o;
	enum sdrz_err		 rc;
	int			 year;

	if (api_session(req) == NULL || (year = year_param(req)) == 0)
		return;
	if ((rc = hours_rule(app->db, year, &r)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "year", year);
	cJSON_AddNumberToObject(o, "total_min", r.total_min / 10.0);
	cJSON_AddNumberToObject(o, "professional_min", r.professional_min / 10.0);
	cJSON_AddNumberToObject(o, "public_min", r.public_min / 10.0);
	http_json(req, 200, o);
	cJSON_Delete(o);
}

static void
h_rule_set(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;
	int			 year;

	if (bureau(req, 1) == NULL || (year = year_param(req)) == 0)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = hours_rule_set(app->db, year, body, &a, &f);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

static void
h_form_save(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;

	if (bureau(req, 1) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	rc = hours_form_save(app->db, http_route_param(req, "code"), body, &a,
	    &f);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		api_answer_form(req, rc, &f);
	form_release(&f);
}

/* GET /api/v1/certificates?id_number=&name= (电子证书查询验证) */
static void
h_search(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	const char	*idn = http_arg(req, "id_number");
	const char	*name = http_arg(req, "name");
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = bureau(req, 0)) == NULL)
		return;
	if (idn == NULL || *idn == '\0' || name == NULL || *name == '\0') {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请填写证件号和姓名");
		return;
	}
	rc = cert_search(app->db, s->role_org_id, idn, name, &o);
	api_answer_json(req, rc, o);
}

static const struct form_field revoke_fields[] = {
	/* certificate.revoke_reason */
	{ "reason", "撤销原因", FORM_LINES, 0, 300, NULL, NULL, 0, 0, NULL },
};

const struct form_desc api_revoke_form = { "certificate-revoke",
    revoke_fields, sizeof(revoke_fields) / sizeof(revoke_fields[0]) };

/* POST /api/v1/certificates/:number/revoke {reason} */
static void
h_revoke(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;

	if ((s = bureau(req, 0)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	if ((rc = form_parse(&f, revoke_fields, api_revoke_form.n, body,
	    app->db)) != SDRZ_OK) {
		api_answer_form(req, rc, &f);
		form_release(&f);
		return;
	}
	/* Required, with its own code as before: the field is optional in
	 * the table so that an absent reason gets reason_required. */
	if (form_get(&f, "reason") == NULL) {
		http_fail(req, SDRZ_ERR_INVALID, "reason_required", "请填写撤销原因");
		form_release(&f);
		return;
	}
	rc = cert_revoke(app->db, s->role_org_id, http_route_param(req,
	    "number"), form_get(&f, "reason"), &a);
	form_release(&f);
	if (rc == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "证书不存在、已撤销或不在本"
		    "部门管辖范围内");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

/* Characters (not bytes) of UTF-8 text. */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* POST /api/v1/certificates/:number/reissue {note}: the bureau allows a
 * revoked certificate's content to be issued again. */
static void
h_reissue(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	cJSON			*body;
	const char		*note;
	enum sdrz_err		 rc;

	if ((s = bureau(req, 0)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	note = cJSON_GetStringValue(cJSON_GetObjectItem(body, "note"));
	if (note == NULL || *note == '\0' || chars(note) > 300) {
		http_fail(req, SDRZ_ERR_INVALID, "note_required", "请填写同意重新打印的"
		    "说明(不超过 300 字)");
		return;
	}
	rc = cert_allow_reissue(app->db, s->role_org_id, http_route_param(req,
	    "number"), note, &a);
	if (rc == SDRZ_ERR_NOT_FOUND)
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "证书不存在、未撤销、已同意"
		    "重新打印,或不在本部门管辖范围内");
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_no_content(req);
}

const struct http_route api_hours_routes[] = {
	{ HTTP_GET, "/api/v1/hours/forms", h_forms, ACCESS_SESSION, 0 },
	{ HTTP_PUT, "/api/v1/hours/forms/:code", h_form_save, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_GET, "/api/v1/hours/rules/:year", h_rule, ACCESS_SESSION, 0 },
	{ HTTP_PUT, "/api/v1/hours/rules/:year", h_rule_set, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_POST, "/api/v1/hours", h_admin_add, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_GET, "/api/v1/hours/query", h_query, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_POST, "/api/v1/me/declarations/preview", h_preview, ACCESS_PERSONNEL, 0 },
	{ HTTP_POST, "/api/v1/me/declarations", h_declare, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/declarations", h_declarations, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/declarations/:id", h_declaration, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/years", h_years, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/years/:year/records", h_records, ACCESS_PERSONNEL, 0 },
	{ HTTP_POST, "/api/v1/me/certificates", h_issue, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/me/certificates", h_mine, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/certificates", h_search, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_GET, "/api/v1/certificates/:number", h_verify, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/certificates/:number/pdf", h_pdf, ACCESS_PERSONNEL, 0 },
	{ HTTP_POST, "/api/v1/certificates/:number/revoke", h_revoke, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_GET, "/api/v1/reviews/declarations", h_dqueue, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_POST, "/api/v1/reviews/declarations/decide", h_ddecide, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_DELETE, "/api/v1/reviews/declarations/:id", h_dhide, ACCESS_MODULE, MOD_HOURS },
	{ HTTP_POST, "/api/v1/certificates/:number/reissue", h_reissue, ACCESS_MODULE, MOD_HOURS },
};
const size_t api_hours_nroutes = sizeof(api_hours_routes) /
    sizeof(api_hours_routes[0]);
