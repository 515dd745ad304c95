/*
 * 视频管理 on the main portal (module courses): the chunked upload of a
 * video, its state while the job transcodes it, the organisation's list
 * and deleting one. Every route acts on the session's organisation; a
 * video of another is not found.
 */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "db.h"
#include "form.h"
#include "list.h"
#include "portal.h"
#include "routes.h"
#include "video.h"

/* POST /api/v1/videos {name, size} → 201 {id, chunk_size, received} */
static void
h_create(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct sdrz_why		 why;
	struct form		 f;
	cJSON			*body, *o = NULL;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_COURSES)) == NULL)
		return;
	a = api_actor(req);
	if ((body = http_json_body(req)) == NULL)
		return;
	if ((rc = form_parse(&f, video_new_form.fields, video_new_form.n, body,
	    app->db)) != SDRZ_OK) {
		api_answer_form(req, rc, &f);
		goto out;
	}
	rc = video_create(app->db, &app->cfg, &a, s->role_org_id,
	    form_get(&f, "name"), form_int(&f, "size", 0), &o, &why);
	if (rc == SDRZ_ERR_INVALID)
		http_fail_why(req, rc, &why);
	else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_json(req, 201, o);
out:
	cJSON_Delete(o);
	form_release(&f);
}

/* The offset of ?offset=N: 0 and the value, or -1 after answering. */
static int
offset_arg(struct http_req *req, int64_t *offset)
{
	const char	*v = http_arg(req, "offset");
	char		*end;
	long long	 n;

	if (v == NULL || *v == '\0' || strlen(v) > 15 ||
	    strspn(v, "0123456789") != strlen(v) ||
	    (n = strtoll(v, &end, 10)) < 0) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid",
		    "上传位置(offset)须为不小于 0 的整数");
		return -1;
	}
	*offset = n;
	return 0;
}

/* 409 offset_mismatch and not_uploading carry the received count, so
 * that the page resumes from it. */
static void
chunk_refused(struct http_req *req, enum sdrz_err rc,
    const struct sdrz_why *why, int64_t received)
{
	cJSON	*o, *err;

	if (rc != SDRZ_ERR_CONFLICT) {
		http_fail_why(req, rc, why);
		return;
	}
	o = cJSON_CreateObject();
	err = cJSON_AddObjectToObject(o, "error");
	cJSON_AddStringToObject(err, "code", why->code ? why->code :
	    "conflict");
	cJSON_AddStringToObject(err, "message", why->message ? why->message :
	    "上传状态已变化,请刷新后重试");
	cJSON_AddNumberToObject(err, "received", (double)received);
	http_json(req, http_status_of(rc), o);
	cJSON_Delete(o);
}

/* PUT /api/v1/videos/:id/data?offset=N (application/octet-stream) */
static void
h_chunk(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	struct sdrz_why	 why;
	int64_t		 id, offset, received, size;
	char		 status[16];
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_COURSES)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	/* Another organisation's video is not found, whatever the body. */
	if ((rc = video_state(app->db, s->role_org_id, id, &received, &size,
	    status)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	if (offset_arg(req, &offset) == -1)
		return;
	if (http_raw_body(req, "application/octet-stream") == -1)
		return;
	rc = video_put_chunk(app->db, &app->cfg, s->role_org_id, id, offset,
	    req->body, req->body_len, &o, &received, &why);
	if (rc == SDRZ_OK)
		http_json(req, 200, o);
	else if (why.code != NULL)
		chunk_refused(req, rc, &why, received);
	else
		http_error_from(req, rc);
	cJSON_Delete(o);
}

/* The query string of GET /api/v1/videos. */
static const struct list_param video_params[] = {
	{ "status", "状态", LIST_ENUM, 0, 0, video_statuses },
	{ "name", "视频名称", LIST_TEXT, 0, VIDEO_NAME_MAX, NULL },
};

static void
h_list(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct list_query	 q;
	cJSON			*o = NULL;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_COURSES)) == NULL ||
	    api_list_query(req, video_params, sizeof(video_params) /
	    sizeof(video_params[0]), 0, &q) == -1)
		return;
	rc = video_list(app->db, s->role_org_id, &q, &o);
	api_answer_json(req, rc, o);
}

static void
h_get(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	int64_t		 id;
	cJSON		*o = NULL;
	enum sdrz_err	 rc;

	if ((s = api_module(req, MOD_COURSES)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	rc = video_get(app->db, &app->cfg, s->role_org_id, id, &o);
	api_answer_json(req, rc, o);
}

static void
h_delete(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	struct audit_actor	 a;
	struct sdrz_why		 why;
	int64_t			 id;
	enum sdrz_err		 rc;

	if ((s = api_module(req, MOD_COURSES)) == NULL ||
	    (id = api_id_param(req, "id")) == 0)
		return;
	a = api_actor(req);
	rc = video_delete(app->db, &app->cfg, &a, s->role_org_id, id, &why);
	if (rc == SDRZ_OK)
		http_no_content(req);
	else
		http_fail_why(req, rc, &why);
}

const struct http_route api_video_routes[] = {
	{ HTTP_POST, "/api/v1/videos", h_create, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_GET, "/api/v1/videos", h_list, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_GET, "/api/v1/videos/:id", h_get, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_PUT, "/api/v1/videos/:id/data", h_chunk, ACCESS_MODULE, MOD_COURSES },
	{ HTTP_DELETE, "/api/v1/videos/:id", h_delete, ACCESS_MODULE, MOD_COURSES },
};
const size_t api_video_nroutes = sizeof(api_video_routes) /
    sizeof(api_video_routes[0]);
