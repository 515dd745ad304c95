/*
 * Question banks on the main portal (module courses): banks, their
 * questions, retirement, and the spreadsheet template and import. The
 * rules are bank.c's; the routes are in docs/LEARNING.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "bank.h"
#include "form.h"
#include "list.h"
#include "portal.h"
#include "routes.h"

static void
answer(struct http_req *req, enum sdrz_err rc, const struct sdrz_why *why,
    cJSON *o)
{
	if (rc == SDRZ_OK)
		http_json(req, 200, o);
	else if (why->code != NULL)
		http_fail_why(req, rc, why);
	else
		http_error_from(req, rc);
	cJSON_Delete(o);
}

static void
answer_change(struct http_req *req, enum sdrz_err rc, const struct form *f,
    const struct sdrz_why *why)
{
	if (why->code != NULL)
		http_fail_why(req, rc, why);
	else if (f->errors != NULL && (rc == SDRZ_ERR_INVALID ||
	    rc == SDRZ_ERR_CONFLICT))
		api_form_error(req, rc, rc == SDRZ_ERR_CONFLICT ? "conflict" :
		    "invalid", f);
	else
		http_error_from(req, rc);
}

static void
created(struct http_req *req, int64_t id)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)id);
	http_json(req, 201, o);
	cJSON_Delete(o);
}

/* GET /api/v1/banks?name&page&size */
static void
h_banks(struct http_req *req)
{
	struct app		*app = req->app;
	struct list_query	 lq;
	struct bank_list_query	 q;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if (api_list_query(req, bank_list_params, bank_list_nparams, 0,
	    &lq) == -1)
		return;
	q.name = list_text(&lq, "name");
	q.pg = lq.pg;
	rc = bank_list(app->db, &a, &q, &why, &o);
	answer(req, rc, &why, o);
}

/* POST /api/v1/banks {name} */
static void
h_bank_create(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id = 0;
	enum sdrz_err		 rc;

	if ((body = http_json_body(req)) == NULL)
		return;
	rc = bank_create(app->db, body, &a, &f, &why, &id);
	if (rc == SDRZ_OK)
		created(req, id);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* GET /api/v1/banks/:id */
static void
h_bank(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o = NULL;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = bank_get(app->db, id, &a, &why, &o);
	answer(req, rc, &why, o);
}

/* PUT /api/v1/banks/:id {name} */
static void
h_bank_rename(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    (body = http_json_body(req)) == NULL)
		return;
	rc = bank_rename(app->db, id, body, &a, &f, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* GET /api/v1/banks/:id/questions?tag&active&q&kind&page&size&after */
static void
h_questions(struct http_req *req)
{
	struct app			*app = req->app;
	struct list_query		 lq;
	struct bank_question_query	 q;
	struct audit_actor		 a = api_actor(req);
	struct sdrz_why			 why = { 0 };
	cJSON				*o = NULL;
	int64_t				 id;
	enum sdrz_err			 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    api_list_query(req, bank_question_list_params,
	    bank_question_list_nparams, 1, &lq) == -1)
		return;
	q.tag = list_text(&lq, "tag");
	q.active = (int)list_int(&lq, "active", -1);
	q.q = list_text(&lq, "q");
	q.kind = list_text(&lq, "kind");
	q.pg = lq.pg;
	rc = bank_questions(app->db, id, &a, &q, &why, &o);
	answer(req, rc, &why, o);
}

/* POST /api/v1/banks/:id/questions {kind, stem, options, answer,
 * explanation, tags} */
static void
h_question_add(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id, qid = 0;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    (body = http_json_body(req)) == NULL)
		return;
	rc = bank_question_add(app->db, id, body, &a, &f, &why, &qid);
	if (rc == SDRZ_OK)
		created(req, qid);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* PUT /api/v1/questions/:id (the same body, and active) */
static void
h_question_edit(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    (body = http_json_body(req)) == NULL)
		return;
	rc = bank_question_edit(app->db, id, body, &a, &f, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* DELETE /api/v1/questions/:id → {deleted: true} (removed) or {deleted:
 * false} (retired: a published section draws from its bank) */
static void
h_question_remove(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o;
	int64_t			 id;
	int			 deleted = 0;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = bank_question_remove(app->db, id, &a, &why, &deleted);
	if (rc != SDRZ_OK) {
		answer(req, rc, &why, NULL);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "deleted", deleted);
	cJSON_AddStringToObject(o, "message", deleted ? "试题已删除" :
	    "该题库已用于已发布的培训班,试题已停用(不再抽取),考试记录中的试题保留");
	http_json(req, 200, o);
	cJSON_Delete(o);
}

/* GET /api/v1/banks/template.xlsx */
static void
h_template(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	unsigned char		*data = NULL;
	size_t			 len = 0;
	enum sdrz_err		 rc;

	if ((rc = bank_template(app->db, &a, &why, &data, &len)) != SDRZ_OK) {
		answer(req, rc, &why, NULL);
		return;
	}
	http_header(req, "Content-Disposition", "attachment; "
	    "filename=\"question-template.xlsx\"; filename*=UTF-8''"
	    "%E9%A2%98%E5%BA%93%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
	http_body_answer(req, 200, "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet", data, len);
	free(data);
}

/* POST /api/v1/banks/:id/import (multipart, field file: an .xlsx) → 200
 * {imported}; 400 import_invalid with errors: [{row, column, cell,
 * message}] and nothing imported. */
static void
h_import(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	const struct http_part	*p;
	cJSON			*errors = NULL, *o, *err;
	int64_t			 id;
	long			 count = 0;
	char			 msg[160];
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	/* Refused before the upload is read. */
	if ((rc = bank_may(app->db, id, &a, 1, &why)) != SDRZ_OK) {
		answer(req, rc, &why, NULL);
		return;
	}
	if (http_multipart_body(req) == -1)
		return;
	if ((p = http_part(req, "file")) == NULL || p->filename == NULL) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请选择要导入的 Excel 文件");
		return;
	}
	rc = bank_import(app->db, id, (const unsigned char *)p->data, p->len,
	    &a, &why, &errors, &count);
	if (rc == SDRZ_OK) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "imported", (double)count);
		http_json(req, 200, o);
		cJSON_Delete(o);
		return;
	}
	if (rc != SDRZ_ERR_INVALID || errors == NULL) {
		cJSON_Delete(errors);
		answer(req, rc, &why, NULL);
		return;
	}
	snprintf(msg, sizeof(msg), "表格中有 %d 处错误,未导入任何试题;"
	    "请按提示修改后重新导入", cJSON_GetArraySize(errors));
	o = cJSON_CreateObject();
	err = cJSON_AddObjectToObject(o, "error");
	cJSON_AddStringToObject(err, "code", "import_invalid");
	cJSON_AddStringToObject(err, "message", msg);
	cJSON_AddItemToObject(err, "errors", errors);
	http_json(req, http_status_of(rc), o);
	cJSON_Delete(o);
}

const struct http_route api_bank_routes[] = {
	{ HTTP_GET, "/api/v1/banks", h_banks, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/banks", h_bank_create, ACCESS_MODULE,
	    MOD_COURSES },
	/* Before /api/v1/banks/:id, which it would match. */
	{ HTTP_GET, "/api/v1/banks/template.xlsx", h_template, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_GET, "/api/v1/banks/:id", h_bank, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_PUT, "/api/v1/banks/:id", h_bank_rename, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_GET, "/api/v1/banks/:id/questions", h_questions, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_POST, "/api/v1/banks/:id/questions", h_question_add,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/banks/:id/import", h_import, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_PUT, "/api/v1/questions/:id", h_question_edit, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_DELETE, "/api/v1/questions/:id", h_question_remove,
	    ACCESS_MODULE, MOD_COURSES },
};
const size_t api_bank_nroutes = sizeof(api_bank_routes) /
    sizeof(api_bank_routes[0]);
