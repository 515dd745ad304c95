/*
 * Proof files, on every portal: POST /api/v1/attachments (a person
 * uploads one, checked to its end by attach.c) and GET
 * /api/v1/attachments/:id (its owner and the reviewers holding the
 * module of its review read it; nginx sends the bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "api.h"
#include "attach.h"
#include "db.h"
#include "portal.h"

/* POST /api/v1/attachments (multipart, field "file") */
static void
h_upload(struct http_req *req)
{
	struct app		*app = req->app;
	struct session		*s;
	const struct http_part	*p;
	enum attach_fault	 fault = ATTACH_FAULT_NONE;
	cJSON			*o = NULL, *err;
	enum sdrz_err		 rc;

	if ((s = api_personnel(req)) == NULL)
		return;
	if (http_multipart_body(req) == -1)
		return;
	if ((p = http_part(req, "file")) == NULL || p->filename == NULL) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "请选择要上传的文件");
		return;
	}
	rc = attach_store(app->db, &app->cfg, s->person_id, p->filename,
	    p->data, p->len, &o, &fault);
	if (rc == SDRZ_ERR_INVALID) {
		/* bad_file, with the stable reason beside the message. */
		o = cJSON_CreateObject();
		err = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(err, "code", "bad_file");
		cJSON_AddStringToObject(err, "message",
		    attach_fault_message(fault));
		cJSON_AddStringToObject(err, "reason",
		    attach_fault_name(fault));
		http_json(req, 400, o);
	} else if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_json(req, 201, o);
	cJSON_Delete(o);
}

/* inline; filename*=UTF-8''<the stored name, percent-encoded> (RFC 6266),
 * with an ASCII fallback name. */
static void
content_disposition(const char *name, char *out, size_t sz)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		 n;
	const unsigned char *p;

	n = (size_t)snprintf(out, sz, "inline; filename=\"attachment\"; "
	    "filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p && n + 4 < sz; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			out[n++] = (char)*p;
		else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

/* GET /api/v1/attachments/:id: nginx sends the file after this check. */
static void
h_attachment(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	int64_t		 id, info_org = 0, hours_org = 0;
	char		 uri[128], mime[48], name[256], disp[600];
	enum sdrz_err	 rc;
	int		 yes = 0;

	if ((s = api_session(req)) == NULL || (id = api_id_param(req, "id")) ==
	    0)
		return;
	/* An admin reads as a reviewer only with the module of the review:
	 * info_review for profile changes, hours for declarations. */
	if (strcmp(s->role_kind, "admin") == 0) {
		if (admin_can(app->db, s->role_org_id, s->person_id,
		    MOD_INFO_REVIEW, &yes, NULL) == SDRZ_OK && yes)
			info_org = s->role_org_id;
		if (admin_can(app->db, s->role_org_id, s->person_id, MOD_HOURS,
		    &yes, NULL) == SDRZ_OK && yes)
			hours_org = s->role_org_id;
	}
	rc = attach_open(app->db, id, s->person_id, info_org, hours_org, uri,
	    mime, name);
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	content_disposition(name, disp, sizeof(disp));
	http_header(req, "X-Accel-Redirect", uri);
	http_header(req, "Content-Disposition", disp);
	http_accel(req, mime);
}

const struct http_route api_attach_routes[] = {
	{ HTTP_POST, "/api/v1/attachments", h_upload, ACCESS_PERSONNEL, 0 },
	{ HTTP_GET, "/api/v1/attachments/:id", h_attachment, ACCESS_SESSION, 0 },
};
const size_t api_attach_nroutes = sizeof(api_attach_routes) /
    sizeof(api_attach_routes[0]);
