/*
 * 公需科目管理 on the main portal (module courses): classes, their courses
 * and sections, publishing and closing, and the learners of a class. The
 * rules (who writes, versions, the publish checks) are course.c's; the
 * routes are in docs/LEARNING.md.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "course.h"
#include "form.h"
#include "list.h"
#include "portal.h"
#include "routes.h"

/* Answers a library result that may carry why: 200 with o (freed). */
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

/* Answers a failed change: its refusal (why), else its field errors, else
 * the error's defaults. */
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

/* 201 {id} */
static void
created(struct http_req *req, int64_t id)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)id);
	http_json(req, 201, o);
	cJSON_Delete(o);
}

/* GET /api/v1/courses/classes?category&year&status&name&page&size */
static void
h_classes(struct http_req *req)
{
	struct app		*app = req->app;
	struct list_query	 lq;
	struct course_list_query q;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if (api_list_query(req, course_class_list_params,
	    course_class_list_nparams, 0, &lq) == -1)
		return;
	memset(&q, 0, sizeof(q));
	q.category = list_text(&lq, "category");
	q.year = (int)list_int(&lq, "year", 0);
	q.status = list_text(&lq, "status");
	q.name = list_text(&lq, "name");
	q.pg = lq.pg;
	rc = course_class_list(app->db, &a, &q, &why, &o);
	answer(req, rc, &why, o);
}

/* POST /api/v1/courses/classes {category, year, name, intro, hours} */
static void
h_class_create(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	enum sdrz_err		 rc;
	int64_t			 id = 0;

	if ((body = http_json_body(req)) == NULL)
		return;
	rc = course_class_create(app->db, body, &a, &f, &why, &id);
	if (rc == SDRZ_OK)
		created(req, id);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* GET /api/v1/courses/classes/:id */
static void
h_class(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o = NULL;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_class_detail(app->db, id, &a, &why, &o);
	answer(req, rc, &why, o);
}

/* The detail after a change, 200. */
static void
detail_after(struct http_req *req, int64_t class_id)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	rc = course_class_detail(app->db, class_id, &a, &why, &o);
	answer(req, rc, &why, o);
}

/* PUT /api/v1/courses/classes/:id {name, intro, hours} → the detail */
static void
h_class_edit(struct http_req *req)
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
	rc = course_class_edit(app->db, id, body, &a, &f, &why);
	if (rc == SDRZ_OK)
		detail_after(req, id);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* POST /api/v1/courses/classes/:id/draft → the detail, editing the draft */
static void
h_class_draft(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	int64_t			 id, vid;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_class_draft(app->db, id, &a, &why, &vid);
	if (rc == SDRZ_OK)
		detail_after(req, id);
	else
		answer(req, rc, &why, NULL);
}

/* POST /api/v1/courses/classes/:id/publish → the detail; 422
 * class_incomplete with missing: [sentences]. */
static void
h_class_publish(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	cJSON			*missing = NULL, *o, *err;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_class_publish(app->db, id, &a, &why, &missing);
	if (rc == SDRZ_OK) {
		detail_after(req, id);
		return;
	}
	if (rc != SDRZ_ERR_UNPROCESSABLE || missing == NULL) {
		cJSON_Delete(missing);
		answer(req, rc, &why, NULL);
		return;
	}
	o = cJSON_CreateObject();
	err = cJSON_AddObjectToObject(o, "error");
	cJSON_AddStringToObject(err, "code", why.code);
	cJSON_AddStringToObject(err, "message", why.message);
	cJSON_AddItemToObject(err, "missing", missing);
	http_json(req, http_status_of(rc), o);
	cJSON_Delete(o);
}

/* POST /api/v1/courses/classes/:id/close → the detail */
static void
h_class_close(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_class_close(app->db, id, &a, &why);
	if (rc == SDRZ_OK)
		detail_after(req, id);
	else
		answer(req, rc, &why, NULL);
}

/* POST /api/v1/courses/classes/:id/courses {name, teacher, intro, hours} */
static void
h_course_add(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id, cid = 0;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    (body = http_json_body(req)) == NULL)
		return;
	rc = course_course_add(app->db, id, body, &a, &f, &why, &cid);
	if (rc == SDRZ_OK)
		created(req, cid);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

/* The handlers that change a course or section by id and answer 204. */
typedef enum sdrz_err (*part_change)(struct db *, int64_t, const cJSON *,
    const struct audit_actor *, struct form *, struct sdrz_why *);

static void
change_part(struct http_req *req, part_change fn)
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
	rc = fn(app->db, id, body, &a, &f, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

static void
h_course_edit(struct http_req *req)
{
	change_part(req, course_course_edit);
}

static void
h_course_move(struct http_req *req)
{
	change_part(req, course_course_move);
}

static void
h_section_edit(struct http_req *req)
{
	change_part(req, course_section_edit);
}

static void
h_section_move(struct http_req *req)
{
	change_part(req, course_section_move);
}

static void
h_course_remove(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_course_remove(app->db, id, &a, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		answer(req, rc, &why, NULL);
}

/* POST /api/v1/courses/courses/:id/sections {name, video_id, bank_id,
 * bank_tag, exam_questions, pass_score, exam_minutes} */
static void
h_section_add(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	struct form		 f;
	cJSON			*body;
	int64_t			 id, sid = 0;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    (body = http_json_body(req)) == NULL)
		return;
	rc = course_section_add(app->db, id, body, &a, &f, &why, &sid);
	if (rc == SDRZ_OK)
		created(req, sid);
	else
		answer_change(req, rc, &f, &why);
	form_release(&f);
}

static void
h_section_remove(struct http_req *req)
{
	struct app		*app = req->app;
	struct audit_actor	 a = api_actor(req);
	struct sdrz_why		 why = { 0 };
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((id = api_id_param(req, "id")) == 0)
		return;
	rc = course_section_remove(app->db, id, &a, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		answer(req, rc, &why, NULL);
}

/* GET /api/v1/courses/classes/:id/learners?status&name&page&size&after */
static void
h_learners(struct http_req *req)
{
	struct app			*app = req->app;
	struct list_query		 lq;
	struct course_learner_query	 q;
	struct audit_actor		 a = api_actor(req);
	struct sdrz_why			 why = { 0 };
	cJSON				*o = NULL;
	int64_t				 id;
	enum sdrz_err			 rc;

	if ((id = api_id_param(req, "id")) == 0 ||
	    api_list_query(req, course_learner_list_params,
	    course_learner_list_nparams, 1, &lq) == -1)
		return;
	memset(&q, 0, sizeof(q));
	q.status = list_text(&lq, "status");
	q.name = list_text(&lq, "name");
	q.pg = lq.pg;
	rc = course_learners(app->db, id, &a, &q, &why, &o);
	answer(req, rc, &why, o);
}

const struct http_route api_course_routes[] = {
	{ HTTP_GET, "/api/v1/courses/classes", h_classes, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/classes", h_class_create, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_GET, "/api/v1/courses/classes/:id", h_class, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_PUT, "/api/v1/courses/classes/:id", h_class_edit, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/classes/:id/draft", h_class_draft,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/classes/:id/publish", h_class_publish,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/classes/:id/close", h_class_close,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/classes/:id/courses", h_course_add,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_GET, "/api/v1/courses/classes/:id/learners", h_learners,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_PUT, "/api/v1/courses/courses/:id", h_course_edit, ACCESS_MODULE,
	    MOD_COURSES },
	{ HTTP_DELETE, "/api/v1/courses/courses/:id", h_course_remove,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/courses/:id/move", h_course_move,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/courses/:id/sections", h_section_add,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_PUT, "/api/v1/courses/sections/:id", h_section_edit,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_DELETE, "/api/v1/courses/sections/:id", h_section_remove,
	    ACCESS_MODULE, MOD_COURSES },
	{ HTTP_POST, "/api/v1/courses/sections/:id/move", h_section_move,
	    ACCESS_MODULE, MOD_COURSES },
};
const size_t api_course_nroutes = sizeof(api_course_routes) /
    sizeof(api_course_routes[0]);
