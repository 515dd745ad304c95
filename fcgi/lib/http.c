#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "log.h"
#include "util.h"

const char *const http_methods[HTTP_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

const char *const http_access_names[ACCESS__MAX] = {
	"unset", "public", "session", "personnel", "admin", "module",
};

enum http_method
http_method_parse(const char *s)
{
	int	 i;

	for (i = 0; s != NULL && i < HTTP_METHOD__MAX; i++)
		if (strcmp(s, http_methods[i]) == 0)
			return (enum http_method)i;
	return HTTP_METHOD__MAX;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* ---- key/value lists ---- */

int
http_params_add(struct http_params *p, const char *key, const char *val)
{
	struct http_param	*nv;
	char			*k, *v;

	if ((k = strdup(key)) == NULL)
		return -1;
	if ((v = strdup(val)) == NULL) {
		free(k);
		return -1;
	}
	if ((nv = realloc(p->v, (p->n + 1) * sizeof(*nv))) == NULL) {
		free(k);
		free(v);
		return -1;
	}
	p->v = nv;
	p->v[p->n].key = k;
	p->v[p->n].val = v;
	p->n++;
	return 0;
}

const char *
http_params_get(const struct http_params *p, const char *key)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return p->v[i].val;
	return NULL;
}

void
http_params_clear(struct http_params *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].key);
		free(p->v[i].val);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* ---- parsers ---- */

int
http_parse_query(char *s, struct http_params *out)
{
	char	*pair, *save = NULL, *eq;

	for (pair = strtok_r(s, "&", &save); pair != NULL;
	    pair = strtok_r(NULL, "&", &save)) {
		if ((eq = strchr(pair, '=')) != NULL)
			*eq++ = '\0';
		else
			eq = pair + strlen(pair);
		if (util_urldecode(pair) < 0 || util_urldecode(eq) < 0)
			return -1;
		if (*pair == '\0')
			continue;
		if (!util_utf8_valid(pair, strlen(pair)) ||
		    !util_utf8_valid(eq, strlen(eq)))
			return -1;
		if (http_params_add(out, pair, eq) == -1)
			return -1;
	}
	return 0;
}

int
http_parse_cookies(const char *hdr, struct http_params *out)
{
	char	*copy, *item, *save = NULL, *eq;
	int	 rc = 0;

	if ((copy = strdup(hdr)) == NULL)
		return -1;
	for (item = strtok_r(copy, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		util_trim(item);
		if ((eq = strchr(item, '=')) == NULL)
			continue;
		*eq++ = '\0';
		util_trim(item);
		util_trim(eq);
		/* RFC 6265 allows a quoted value. */
		if (eq[0] == '"' && strlen(eq) >= 2 && eq[strlen(eq) - 1] == '"') {
			eq[strlen(eq) - 1] = '\0';
			eq++;
		}
		if (*item == '\0')
			continue;
		/* The first of duplicate names wins, as browsers send the
		 * most specific path first. */
		if (http_params_get(out, item) != NULL)
			continue;
		if (http_params_add(out, item, eq) == -1) {
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

char *
http_header_param(const char *value, const char *name)
{
	const char	*p = value, *v, *e;
	size_t		 nlen = strlen(name);
	char		*out;

	if (value == NULL)
		return NULL;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nlen) != 0 || p[nlen] != '=')
			continue;
		v = p + nlen + 1;
		if (*v == '"') {
			v++;
			if ((e = strchr(v, '"')) == NULL)
				return NULL;
		} else {
			e = v + strcspn(v, "; \t");
		}
		if ((out = malloc((size_t)(e - v) + 1)) == NULL)
			return NULL;
		memcpy(out, v, (size_t)(e - v));
		out[e - v] = '\0';
		return out;
	}
	return NULL;
}

int
http_route_match(const char *pat, const char *path, struct http_params *params)
{
	const char	*pe, *se;
	char		 name[64], *val;
	size_t		 plen, slen;

	if (params)
		http_params_clear(params);
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			goto nomatch;
		pat++;
		path++;
		pe = pat + strcspn(pat, "/");
		se = path + strcspn(path, "/");
		plen = (size_t)(pe - pat);
		slen = (size_t)(se - path);
		if (*pat == ':') {
			if (slen == 0 || plen - 1 >= sizeof(name))
				goto nomatch;
			if (params) {
				memcpy(name, pat + 1, plen - 1);
				name[plen - 1] = '\0';
				if ((val = strndup(path, slen)) == NULL)
					goto nomatch;
				if (util_urldecode(val) < 0 ||
				    !util_utf8_valid(val, strlen(val)) ||
				    http_params_add(params, name, val) == -1) {
					free(val);
					goto nomatch;
				}
				free(val);
			}
		} else if (plen != slen || strncmp(pat, path, plen) != 0)
			goto nomatch;
		pat = pe;
		path = se;
	}
	if (*pat == '\0' && *path == '\0')
		return 1;
nomatch:
	if (params)
		http_params_clear(params);
	return 0;
}

/* ---- the request ---- */

const char *
http_env(const struct http_req *req, const char *name)
{
	if (req->fcgx == NULL)
		return NULL;
	return FCGX_GetParam(name, req->fcgx->envp);
}

static int content_type_is(const struct http_req *, const char *);

int
http_req_init(struct http_req *req, FCGX_Request *fcgx, struct app *app,
    long body_limit, long upload_limit)
{
	const char	*uri, *id;
	unsigned char	 rnd[8];
	size_t		 n;

	memset(req, 0, sizeof(*req));
	req->fcgx = fcgx;
	req->app = app;
	req->t0 = util_now_ms();
	req->body_limit = body_limit;
	/* Uploads: multipart forms (attachments) and raw chunks (videos). */
	if ((content_type_is(req, "multipart/form-data") ||
	    content_type_is(req, "application/octet-stream")) &&
	    upload_limit > body_limit)
		req->body_limit = upload_limit;
	req->method_name = http_env(req, "REQUEST_METHOD");
	if (req->method_name == NULL)
		req->method_name = "GET";
	req->method = http_method_parse(req->method_name);
	req->head_only = req->method == HTTP_HEAD;

	/* REQUEST_URI is what the client sent; route segments are decoded
	 * one by one, so an encoded slash cannot forge a path. */
	if ((uri = http_env(req, "REQUEST_URI")) == NULL &&
	    (uri = http_env(req, "DOCUMENT_URI")) == NULL)
		uri = "/";
	n = strcspn(uri, "?");
	if ((req->path = strndup(uri, n)) == NULL)
		return -1;
	if ((req->query = http_env(req, "QUERY_STRING")) == NULL)
		req->query = "";

	id = http_env(req, "REQUEST_ID");
	if (id != NULL && *id && strlen(id) < sizeof(req->reqid) &&
	    strspn(id, "0123456789abcdefABCDEF-") == strlen(id))
		snprintf(req->reqid, sizeof(req->reqid), "%s", id);
	else {
		if (util_random(rnd, sizeof(rnd)) == -1)
			memset(rnd, 0, sizeof(rnd));
		util_hex(rnd, sizeof(rnd), req->reqid);
	}
	return 0;
}

void
http_req_release(struct http_req *req)
{
	size_t	 i;

	free(req->path);
	http_params_clear(&req->route);
	http_params_clear(&req->args);
	http_params_clear(&req->cookies);
	http_params_clear(&req->form);
	for (i = 0; i < req->nparts; i++) {
		free(req->parts[i].name);
		free(req->parts[i].filename);
		free(req->parts[i].content_type);
	}
	free(req->parts);
	free(req->body);
	cJSON_Delete(req->json);
	session_release(&req->sess);
	buf_release(&req->headers);
	buf_release(&req->out);
	memset(req, 0, sizeof(*req));
}

const char *
http_arg(struct http_req *req, const char *name)
{
	char	*q;

	if (!req->args_parsed) {
		req->args_parsed = 1;
		if ((q = strdup(req->query)) != NULL) {
			if (http_parse_query(q, &req->args) == -1)
				http_params_clear(&req->args);
			free(q);
		}
	}
	return http_params_get(&req->args, name);
}

const char *
http_cookie(struct http_req *req, const char *name)
{
	const char	*hdr;

	if (!req->cookies_parsed) {
		req->cookies_parsed = 1;
		if ((hdr = http_env(req, "HTTP_COOKIE")) != NULL &&
		    http_parse_cookies(hdr, &req->cookies) == -1)
			http_params_clear(&req->cookies);
	}
	return http_params_get(&req->cookies, name);
}

const char *
http_route_param(const struct http_req *req, const char *name)
{
	return http_params_get(&req->route, name);
}

/* The declared body length: 0 when none, -1 when malformed. */
static long long
content_length(const struct http_req *req)
{
	const char	*s = http_env(req, "CONTENT_LENGTH");
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end != '\0' || v < 0)
		return -1;
	return v;
}

enum sdrz_err
http_body(struct http_req *req)
{
	long long	 len;
	int		 n;

	if (req->body_read)
		return SDRZ_OK;
	len = content_length(req);
	if (len < 0 || len > req->body_limit)
		return SDRZ_ERR_INVALID;
	if ((req->body = malloc((size_t)len + 1)) == NULL)
		return SDRZ_ERR_NOMEM;
	req->body_len = 0;
	while (req->fcgx != NULL && req->body_len < (size_t)len) {
		n = FCGX_GetStr(req->body + req->body_len,
		    (int)((size_t)len - req->body_len), req->fcgx->in);
		if (n <= 0)
			break;
		req->body_len += (size_t)n;
	}
	req->body[req->body_len] = '\0';
	if (req->body_len != (size_t)len)
		return SDRZ_ERR_IO;
	req->body_read = 1;
	return SDRZ_OK;
}

static void
error_too_large(struct http_req *req)
{
	char	 msg[128];

	snprintf(msg, sizeof(msg), "提交的内容过大,不能超过 %ld KB",
	    req->body_limit / 1024);
	http_error(req, 413, "payload_too_large", msg);
}

/* Reads the body and answers on failure; 0 or -1. */
static int
body_or_answer(struct http_req *req)
{
	switch (http_body(req)) {
	case SDRZ_OK:
		return 0;
	case SDRZ_ERR_INVALID:
		error_too_large(req);
		return -1;
	case SDRZ_ERR_IO:
		http_error(req, 400, "incomplete_body", "请求内容不完整,请重新提交");
		return -1;
	default:
		http_error_from(req, SDRZ_ERR_NOMEM);
		return -1;
	}
}

static int
content_type_is(const struct http_req *req, const char *want)
{
	const char	*ct = http_env(req, "CONTENT_TYPE");
	size_t		 n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* cJSON ends a string at the NUL of a \u0000 escape: see http.h. */
void
http_json_unnul(char *s, size_t len)
{
	size_t	 i;
	int	 in = 0;

	for (i = 0; i < len; i++) {
		if (!in) {
			in = s[i] == '"';
			continue;
		}
		if (s[i] == '"')
			in = 0;
		else if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && i + 5 < len &&
			    memcmp(s + i + 2, "0000", 4) == 0)
				s[i + 5] = '1';
			i++;	/* the escaped character */
		}
	}
}

cJSON *
http_json_body(struct http_req *req)
{
	const char	*end = NULL;

	if (req->json != NULL)
		return req->json;
	if (!content_type_is(req, "application/json")) {
		http_error(req, 415, "unsupported_media_type",
		    "请以 application/json 格式提交");
		return NULL;
	}
	if (body_or_answer(req) == -1)
		return NULL;
	if (req->body_len == 0) {
		http_error(req, 400, "bad_json", "请求内容不能为空");
		return NULL;
	}
	if (util_utf8_valid(req->body, req->body_len))
		http_json_unnul(req->body, req->body_len);
	if (!util_utf8_valid(req->body, req->body_len) ||
	    (req->json = cJSON_ParseWithLengthOpts(req->body, req->body_len,
	    &end, 0)) == NULL) {
		http_error(req, 400, "bad_json",
		    "提交的 JSON 格式有误,请检查后重试");
		return NULL;
	}
	/* Only whitespace may follow the value. */
	while (end != NULL && end < req->body + req->body_len &&
	    (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
		end++;
	if (end != req->body + req->body_len || !cJSON_IsObject(req->json)) {
		cJSON_Delete(req->json);
		req->json = NULL;
		http_error(req, 400, "bad_json",
		    "提交的内容必须是一个 JSON 对象");
		return NULL;
	}
	return req->json;
}

int
http_form_body(struct http_req *req)
{
	char	*copy;
	int	 rc;

	if (!content_type_is(req, "application/x-www-form-urlencoded")) {
		http_error(req, 415, "unsupported_media_type",
		    "请以表单格式提交");
		return -1;
	}
	if (body_or_answer(req) == -1)
		return -1;
	if ((copy = strdup(req->body)) == NULL) {
		http_error_from(req, SDRZ_ERR_NOMEM);
		return -1;
	}
	http_params_clear(&req->form);
	rc = http_parse_query(copy, &req->form);
	free(copy);
	if (rc == -1) {
		http_error(req, 400, "bad_form", "提交的表单格式有误");
		return -1;
	}
	return 0;
}

int
http_multipart_body(struct http_req *req)
{
	if (!content_type_is(req, "multipart/form-data")) {
		http_error(req, 415, "unsupported_media_type",
		    "请以 multipart/form-data 格式上传");
		return -1;
	}
	if (body_or_answer(req) == -1)
		return -1;
	if (http_parse_multipart(req->body, req->body_len,
	    http_env(req, "CONTENT_TYPE"), &req->parts, &req->nparts) == -1) {
		http_error(req, 400, "bad_multipart", "上传的内容格式有误");
		return -1;
	}
	return 0;
}

int
http_raw_body(struct http_req *req, const char *content_type)
{
	char	 msg[128];

	if (!content_type_is(req, content_type)) {
		snprintf(msg, sizeof(msg), "请以 %s 格式提交", content_type);
		http_error(req, 415, "unsupported_media_type", msg);
		return -1;
	}
	return body_or_answer(req);
}

const struct http_part *
http_part(const struct http_req *req, const char *name)
{
	size_t	 i;

	for (i = 0; i < req->nparts; i++)
		if (strcmp(req->parts[i].name, name) == 0)
			return &req->parts[i];
	return NULL;
}

/* ---- answers ---- */

int
http_header(struct http_req *req, const char *name, const char *value)
{
	/* A header value must not smuggle a second header. */
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL)
		return -1;
	return buf_printf(&req->headers, "%s: %s\r\n", name, value);
}

/* Writes the answer; cc is its Cache-Control. A 304 has no body and no
 * Content-Length (it would be the length of the body not sent). */
static void
answer_cc(struct http_req *req, int status, const char *ctype,
    const char *body, size_t len, const char *cc)
{
	struct buf	 head = { 0 };

	if (req->status != 0) {
		log_warn("%s: answered twice (%d, then %d)", req->reqid,
		    req->status, status);
		return;
	}
	req->status = status;
	buf_printf(&head, "Status: %d %s\r\n", status, http_reason(status));
	if (ctype != NULL)
		buf_printf(&head, "Content-Type: %s\r\n", ctype);
	if (status == 304)
		len = 0;
	else
		buf_printf(&head, "Content-Length: %lu\r\n",
		    (unsigned long)len);
	buf_printf(&head, "Cache-Control: %s\r\n"
	    "X-Request-Id: %s\r\n", cc, req->reqid);
	if (req->headers.len)
		buf_append(&head, req->headers.data, req->headers.len);
	buf_puts(&head, "\r\n");
	if (head.data == NULL)
		return;
	if (req->fcgx != NULL) {
		FCGX_PutStr(head.data, (int)head.len, req->fcgx->out);
		if (!req->head_only && len)
			FCGX_PutStr(body, (int)len, req->fcgx->out);
	} else {
		buf_append(&req->out, head.data, head.len);
		if (!req->head_only && len)
			buf_append(&req->out, body, len);
	}
	buf_release(&head);
}

static void
answer(struct http_req *req, int status, const char *ctype,
    const char *body, size_t len)
{
	answer_cc(req, status, ctype, body, len, "no-store");
}

void
http_json(struct http_req *req, int status, const cJSON *v)
{
	char	*s;

	if ((s = cJSON_PrintUnformatted(v)) == NULL) {
		http_error_from(req, SDRZ_ERR_NOMEM);
		return;
	}
	answer(req, status, "application/json; charset=utf-8", s, strlen(s));
	cJSON_free(s);
}

void
http_error(struct http_req *req, int status, const char *code,
    const char *message)
{
	cJSON	*root, *err;

	if ((root = cJSON_CreateObject()) == NULL ||
	    (err = cJSON_AddObjectToObject(root, "error")) == NULL ||
	    cJSON_AddStringToObject(err, "code", code) == NULL ||
	    cJSON_AddStringToObject(err, "message", message) == NULL) {
		cJSON_Delete(root);
		answer(req, 500, "application/json; charset=utf-8",
		    "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误\"}}",
		    strlen("{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误\"}}"));
		return;
	}
	http_json(req, status, root);
	cJSON_Delete(root);
}

static const struct {
	int		 status;
	const char	*code;
	const char	*message;
} errmap[SDRZ_ERR__MAX] = {
	[SDRZ_OK] = { 500, "internal", "服务器内部错误,请稍后再试" },
	[SDRZ_ERR_NOMEM] = { 500, "internal", "服务器内部错误,请稍后再试" },
	[SDRZ_ERR_INVALID] = { 400, "invalid", "提交的内容有误,请检查后重试" },
	[SDRZ_ERR_NOT_FOUND] = { 404, "not_found", "请求的内容不存在" },
	[SDRZ_ERR_CONFLICT] = { 409, "conflict",
	    "数据已存在或状态已变化,请刷新后重试" },
	[SDRZ_ERR_FORBIDDEN] = { 403, "forbidden", "没有权限执行此操作" },
	[SDRZ_ERR_DB_UNAVAILABLE] = { 503, "db_unavailable",
	    "数据库暂时不可用,请稍后再试" },
	[SDRZ_ERR_DB_TIMEOUT] = { 503, "query_timeout",
	    "查询超时:请缩小查询范围(例如按单位或姓名筛选)后重试" },
	[SDRZ_ERR_DB] = { 500, "db_error", "数据库操作失败,请稍后再试" },
	[SDRZ_ERR_IO] = { 500, "io_error", "服务器读写失败,请稍后再试" },
	[SDRZ_ERR_UNAUTHENTICATED] = { 401, "not_signed_in", "请先登录" },
	[SDRZ_ERR_GONE] = { 410, "gone", "该链接或凭证已失效,请重新办理" },
	[SDRZ_ERR_LIMITED] = { 429, "too_many_requests",
	    "操作过于频繁,请稍后再试" },
	[SDRZ_ERR_UNPROCESSABLE] = { 422, "unprocessable",
	    "提交的内容无法处理,请检查后重试" },
};

int
http_status_of(enum sdrz_err e)
{
	if ((unsigned)e >= SDRZ_ERR__MAX)
		e = SDRZ_OK;
	return errmap[e].status;
}

void
http_fail_why(struct http_req *req, enum sdrz_err e,
    const struct sdrz_why *why)
{
	cJSON		*root, *err, *fields;
	const char	*code, *message;

	if ((unsigned)e >= SDRZ_ERR__MAX || e == SDRZ_OK)
		e = SDRZ_ERR_NOMEM;
	code = why != NULL && why->code != NULL ? why->code : errmap[e].code;
	message = why != NULL && why->message != NULL ? why->message :
	    errmap[e].message;
	if (why == NULL || why->field == NULL) {
		http_error(req, errmap[e].status, code, message);
		return;
	}
	root = cJSON_CreateObject();
	err = cJSON_AddObjectToObject(root, "error");
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	fields = cJSON_AddObjectToObject(err, "fields");
	cJSON_AddStringToObject(fields, why->field, message);
	http_json(req, errmap[e].status, root);
	cJSON_Delete(root);
}

void
http_fail(struct http_req *req, enum sdrz_err e, const char *code,
    const char *message)
{
	struct sdrz_why	 why = { code, message, NULL };

	http_fail_why(req, e, &why);
}

void
http_error_from(struct http_req *req, enum sdrz_err e)
{
	if ((unsigned)e >= SDRZ_ERR__MAX)
		e = SDRZ_OK;
	http_error(req, errmap[e].status, errmap[e].code, errmap[e].message);
}

void
http_no_content(struct http_req *req)
{
	answer(req, 204, NULL, "", 0);
}

void
http_body_answer(struct http_req *req, int status, const char *ctype,
    const void *body, size_t len)
{
	answer(req, status, ctype, body, len);
}

void
http_accel(struct http_req *req, const char *content_type)
{
	answer(req, 200, content_type, "", 0);
}

void
http_accel_cc(struct http_req *req, const char *content_type,
    const char *cache_control)
{
	answer_cc(req, 200, content_type, "", 0, cache_control);
}

/* ---- reference data ---- */

#define ETAG_SIZE	35	/* a quoted 32-hex-digit tag and its NUL */

struct cache_entry {
	char		*key;		/* path and query string */
	char		*body;
	size_t		 len;
	char		 etag[ETAG_SIZE];
	char		*cc;
	double		 at_ms;		/* when it was kept (monotonic) */
};

struct http_cache {
	struct cache_entry	*v;
	size_t			 n, max, bytes, maxbytes;
	double			 ttl_ms;
};

struct http_cache *
http_cache_new(size_t max, size_t maxbytes, int ttl)
{
	struct http_cache	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->v = calloc(max, sizeof(*c->v))) == NULL) {
		free(c);
		return NULL;
	}
	c->max = max;
	c->maxbytes = maxbytes;
	c->ttl_ms = ttl * 1000.0;
	return c;
}

static void
cache_clear(struct http_cache *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].body);
		free(c->v[i].cc);
	}
	c->n = 0;
	c->bytes = 0;
}

void
http_cache_free(struct http_cache *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c->v);
	free(c);
}

/* The cache key of the request, malloc'd; NULL when out of memory. */
static char *
cache_key(const struct http_req *req)
{
	struct buf	 k = { 0 };

	buf_printf(&k, "%s?%s", req->path, req->query ? req->query : "");
	return k.data;
}

/* 1 when the If-None-Match list names etag (weak comparison) or is "*". */
static int
etag_match(const char *inm, const char *etag)
{
	size_t		 n = strlen(etag);
	const char	*p = inm;

	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && strchr(" \t,", p[n]) != NULL)
			return 1;
		p += strcspn(p, ",");
	}
}

/* Answers reference data; keep_s > 0 (the seconds a worker still keeps
 * the answer) lets a shared cache in front keep it as long too. */
static void
answer_ref(struct http_req *req, const char *body, size_t len,
    const char *etag, const char *cc, long keep_s)
{
	const char	*inm = http_env(req, "HTTP_IF_NONE_MATCH");
	char		 ttl[24];

	http_header(req, "ETag", etag);
	if (keep_s > 0) {
		snprintf(ttl, sizeof(ttl), "%ld", keep_s);
		http_header(req, "X-Accel-Expires", ttl);
	}
	if (inm != NULL && (req->method == HTTP_GET ||
	    req->method == HTTP_HEAD) && etag_match(inm, etag))
		answer_cc(req, 304, NULL, "", 0, cc);
	else
		answer_cc(req, 200, "application/json; charset=utf-8", body,
		    len, cc);
}

int
http_cache_answer(struct http_req *req, struct http_cache *c)
{
	struct cache_entry	*e;
	char			*key;
	size_t			 i;
	double			 now = util_now_ms();

	if (c == NULL || (req->method != HTTP_GET && req->method != HTTP_HEAD))
		return 0;
	if ((key = cache_key(req)) == NULL)
		return 0;
	for (i = 0; i < c->n; i++) {
		e = &c->v[i];
		if (strcmp(e->key, key) != 0)
			continue;
		free(key);
		if (now - e->at_ms > c->ttl_ms)
			return 0;	/* stale: the caller answers anew */
		/* Not kept in front longer than here: at least a second. */
		answer_ref(req, e->body, e->len, e->etag, e->cc,
		    1 + (long)((c->ttl_ms - (now - e->at_ms)) / 1000));
		return 1;
	}
	free(key);
	return 0;
}

/* Keeps a copy of the answer for the request's key, replacing an older
 * one; out of memory only means it is not kept. */
static void
cache_put(struct http_cache *c, const struct http_req *req,
    const char *body, size_t len, const char *etag, const char *cc)
{
	struct cache_entry	 e, *old = NULL;
	size_t			 i;

	if (len > c->maxbytes)
		return;
	memset(&e, 0, sizeof(e));
	if ((e.key = cache_key(req)) == NULL || (e.body = malloc(len + 1)) ==
	    NULL || (e.cc = strdup(cc)) == NULL) {
		free(e.key);
		free(e.body);
		return;
	}
	memcpy(e.body, body, len);
	e.body[len] = '\0';
	e.len = len;
	snprintf(e.etag, sizeof(e.etag), "%s", etag);
	e.at_ms = util_now_ms();
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, e.key) == 0)
			old = &c->v[i];
	if (old != NULL) {
		c->bytes -= old->len;
		free(old->key);
		free(old->body);
		free(old->cc);
	} else {
		/* Full: start again rather than track ages; reference
		 * answers are few and cheap to make. */
		if (c->n == c->max || c->bytes + len > c->maxbytes)
			cache_clear(c);
		old = &c->v[c->n++];
	}
	*old = e;
	c->bytes += len;
}

void
http_json_ref(struct http_req *req, struct http_cache *c, const cJSON *v,
    const char *cc)
{
	char	*s, hex[65], etag[ETAG_SIZE];
	size_t	 len;

	if ((s = cJSON_PrintUnformatted(v)) == NULL) {
		http_error_from(req, SDRZ_ERR_NOMEM);
		return;
	}
	len = strlen(s);
	/* The tag is the text's hash: every worker and every portal gives
	 * the same one for the same answer. */
	util_sha256_hex(s, len, hex);
	snprintf(etag, sizeof(etag), "\"%.32s\"", hex);
	if (c != NULL)
		cache_put(c, req, s, len, etag, cc);
	answer_ref(req, s, len, etag, cc, c != NULL ? (long)(c->ttl_ms / 1000) :
	    0);
	cJSON_free(s);
}

/* ---- dispatch ---- */

void
http_dispatch(struct http_req *req, const struct http_route *routes,
    size_t n, http_guard guard)
{
	size_t		 i;
	int		 allowed[HTTP_METHOD__MAX] = { 0 }, any = 0;
	const struct http_route *hit = NULL;
	struct buf	 allow = { 0 };
	long long	 len;
	enum http_method want;

	want = req->method == HTTP_HEAD ? HTTP_GET : req->method;
	for (i = 0; i < n; i++) {
		if (!http_route_match(routes[i].pattern, req->path, NULL))
			continue;
		any = 1;
		allowed[routes[i].method] = 1;
		if (routes[i].method == want && hit == NULL)
			hit = &routes[i];
	}
	if (!any) {
		http_error(req, 404, "not_found", "请求的接口不存在");
		return;
	}
	if (hit == NULL) {
		if (allowed[HTTP_GET])
			allowed[HTTP_HEAD] = 1;
		for (i = 0; i < HTTP_METHOD__MAX; i++)
			if (allowed[i])
				buf_printf(&allow, "%s%s", allow.len ? ", " : "",
				    http_methods[i]);
		if (allow.data)
			http_header(req, "Allow", allow.data);
		buf_release(&allow);
		http_error(req, 405, "method_not_allowed",
		    "该接口不支持此请求方法");
		return;
	}
	len = content_length(req);
	if (len < 0) {
		http_error(req, 400, "bad_request", "请求格式有误");
		return;
	}
	if (len > req->body_limit) {
		error_too_large(req);
		return;
	}
	http_route_match(hit->pattern, req->path, &req->route);
	if (hit->access <= ACCESS__UNSET || hit->access >= ACCESS__MAX) {
		log_warn("%s: route %s has no access level", req->reqid,
		    hit->pattern);
		http_error(req, 500, "internal", "服务器内部错误,请稍后再试");
		return;
	}
	if (guard != NULL && !guard(req, hit))
		return;
	hit->fn(req);
	if (req->status == 0) {
		log_warn("%s: handler for %s answered nothing", req->reqid,
		    hit->pattern);
		http_error_from(req, SDRZ_ERR_NOMEM);
	}
}
