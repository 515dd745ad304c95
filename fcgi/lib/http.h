/*
 * The HTTP layer over libfcgi: one struct http_req per request, parsed
 * lazily (query, cookies, body, JSON, forms, multipart parts), a route
 * table of method + path pattern, and JSON answers in one error shape:
 * {"error":{"code":"...","message":"..."}}.
 *
 * Everything the request allocates belongs to it and is freed by
 * http_req_release(), once per request.
 */
#ifndef SDRZ_HTTP_H
#define SDRZ_HTTP_H

#include <stddef.h>

#include <cjson/cJSON.h>
#include <fcgiapp.h>

#include "sdrz.h"
#include "session.h"
#include "util.h"

struct app;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_METHOD__MAX
};

extern const char *const http_methods[HTTP_METHOD__MAX];

struct http_param {
	char	*key;
	char	*val;
};

/* A list of key/value pairs; zero-initialise, free with http_params_clear(). */
struct http_params {
	struct http_param	*v;
	size_t			 n;
};

/* One part of a multipart/form-data body; the pointers point into the
 * request's body or its own copies, and live as long as the request. */
struct http_part {
	char		*name;
	char		*filename;	/* NULL for a plain field */
	char		*content_type;	/* NULL when the part gave none */
	const char	*data;
	size_t		 len;
};

struct http_req {
	FCGX_Request		*fcgx;
	struct app		*app;
	enum http_method	 method;	/* HTTP_METHOD__MAX: unknown */
	const char		*method_name;
	char			*path;		/* without the query string */
	const char		*query;
	char			 reqid[40];
	double			 t0;
	long			 body_limit;

	struct http_params	 route;		/* :name segments of the pattern */
	struct http_params	 args;		/* query string */
	int			 args_parsed;
	struct http_params	 cookies;
	int			 cookies_parsed;

	char			*body;		/* NUL-terminated */
	size_t			 body_len;
	int			 body_read;
	cJSON			*json;
	struct http_params	 form;
	struct http_part	*parts;
	size_t			 nparts;

	/* The signed-in session belongs to the request: loaded at most once
	 * (api_session_opt()), released by http_req_release(). */
	struct session		 sess;
	int			 sess_loaded;	/* 0 not yet, 1 found, -1 none */
	unsigned		 modules_ok;	/* 1 << module: admin_can said yes */

	int			 status;	/* 0 until answered */
	int			 head_only;	/* HEAD: headers, no body */
	struct buf		 headers;	/* extra response headers */
	struct buf		 out;		/* the answer, when fcgx is NULL (tests) */
};

typedef void (*http_handler)(struct http_req *);

/*
 * Who may call a route. The portal's guard checks it before the handler
 * runs, so a handler cannot forget it; every state-changing method of a
 * route that needs a session also needs the session's CSRF token. A route
 * must name its access: ACCESS__UNSET (what an entry that forgot it gets)
 * is answered 500 by http_dispatch() and refused by the route-table test.
 */
enum http_access {
	ACCESS__UNSET,
	ACCESS_PUBLIC,		/* anyone, signed in or not */
	ACCESS_SESSION,		/* signed in, in any role */
	ACCESS_PERSONNEL,	/* signed in, acting as personnel */
	ACCESS_ADMIN,		/* signed in, acting as an organisation's admin */
	ACCESS_MODULE,		/* an admin whose role holds the route's module */
	ACCESS__MAX
};

extern const char *const http_access_names[ACCESS__MAX];

struct http_route {
	enum http_method	 method;
	const char		*pattern;	/* "/api/v1/orgs/:id" */
	http_handler		 fn;
	enum http_access	 access;
	int			 module;	/* enum admin_module, for ACCESS_MODULE */
};

/* A portal's routes are the concatenation of tables like this one. */
struct http_routes {
	const struct http_route	*v;
	size_t			 n;
};

/* Checks a route's access for the request before its handler runs.
 * Returns 1 to run the handler, else 0 after answering the refusal. */
typedef int (*http_guard)(struct http_req *, const struct http_route *);

/* Fills req from a request accepted by libfcgi. The body may be as large
 * as body_limit, or upload_limit for multipart/form-data and
 * application/octet-stream. Returns 0, or -1
 * when out of memory (then release it). */
int		 http_req_init(struct http_req *, FCGX_Request *, struct app *,
		    long body_limit, long upload_limit);
void		 http_req_release(struct http_req *);

/*
 * Finds the route for the request and runs it: 404 when no pattern
 * matches the path, 405 with an Allow header when one matches but not for
 * this method, 413 when the body is larger than the limit. A handler that
 * answers nothing gets a 500. HEAD runs the GET route without a body.
 * Before the handler, a route without an access level gets a 500 and the
 * guard (when not NULL) decides whether the handler runs.
 */
void		 http_dispatch(struct http_req *, const struct http_route *,
		    size_t nroutes, http_guard);

/* 1 when the pattern matches the path, filling params (may be NULL). */
int		 http_route_match(const char *pattern, const char *path,
		    struct http_params *);
enum http_method http_method_parse(const char *);

/* A CGI variable ("HTTP_USER_AGENT", "CONTENT_TYPE"); NULL when absent. */
const char	*http_env(const struct http_req *, const char *name);
const char	*http_arg(struct http_req *, const char *name);
const char	*http_cookie(struct http_req *, const char *name);
const char	*http_route_param(const struct http_req *, const char *name);

/*
 * Reads the body (at most the limit). Returns SDRZ_OK, SDRZ_ERR_INVALID
 * when it is larger than the limit, SDRZ_ERR_IO when the client vanished.
 */
enum sdrz_err	 http_body(struct http_req *);

/*
 * The body as JSON. On failure answers the request (415 for another
 * content type, 400 for malformed JSON or a body that is not an object,
 * 413 for a body over the limit) and returns NULL; the caller then just
 * returns. The object belongs to the request.
 */
cJSON		*http_json_body(struct http_req *);
/* The urlencoded form body; answers and returns -1 on failure. */
int		 http_form_body(struct http_req *);
/* A raw body of the given content type (a video chunk as
 * application/octet-stream) in req->body and req->body_len; answers (415
 * for another type, 413 over the limit) and returns -1 on failure. */
int		 http_raw_body(struct http_req *, const char *content_type);
/* The multipart parts; answers and returns -1 on failure. */
int		 http_multipart_body(struct http_req *);
const struct http_part *http_part(const struct http_req *, const char *name);

/* Parsers, exposed for the tests. Each returns 0 or -1 (bad input or out
 * of memory); the buffer is modified in place and copied from. */
int		 http_parse_query(char *, struct http_params *);
int		 http_parse_cookies(const char *, struct http_params *);
int		 http_parse_multipart(char *body, size_t len,
		    const char *content_type, struct http_part **, size_t *);
/*
 * cJSON ends a string at the NUL a \u0000 escape gives, so "12\u0000x"
 * would silently read as "12". Rewrites, in place, every such escape
 * inside a JSON string (key or value) of s as \u0001, which every text
 * check refuses as a control character: the field gets its error instead
 * of a shortened value. An escaped backslash before "u0000" stays text.
 */
void		 http_json_unnul(char *s, size_t len);
/* The value of a parameter of a header value: ("multipart/form-data;
 * boundary=x", "boundary") gives a malloc'd "x", else NULL. */
char		*http_header_param(const char *value, const char *name);
const char	*http_params_get(const struct http_params *, const char *key);
int		 http_params_add(struct http_params *, const char *key,
		    const char *val);
void		 http_params_clear(struct http_params *);

/* Adds a response header; call before the answer. 0 or -1. */
int		 http_header(struct http_req *, const char *name,
		    const char *value);
/* Answers with a JSON value (not freed: the caller owns it). */
void		 http_json(struct http_req *, int status, const cJSON *);
/* Answers with the error shape and a literal status: for the HTTP
 * layer's own answers (404, 405, 413, 415, bad JSON). Handlers answer
 * failures with http_fail(), which takes the status from the error. */
void		 http_error(struct http_req *, int status, const char *code,
		    const char *message);
/* Answers for a library error: the one mapping of enum sdrz_err to a
 * status, a code and a message. */
void		 http_error_from(struct http_req *, enum sdrz_err);
int		 http_status_of(enum sdrz_err);
/* Answers for a library error with its own code and message (NULL: the
 * error's defaults); the status comes from the error. */
void		 http_fail(struct http_req *, enum sdrz_err, const char *code,
		    const char *message);
/* As http_fail(), from a struct sdrz_why; with a field, the answer's
 * "fields" names it with the message. */
void		 http_fail_why(struct http_req *, enum sdrz_err,
		    const struct sdrz_why *);
void		 http_no_content(struct http_req *);
/* Answers 200 with no body for nginx to fill: the X-Accel-Redirect header
 * (added before) names the internal location of the file. */
void		 http_accel(struct http_req *, const char *content_type);
/* The same with a Cache-Control of its own instead of no-store (media
 * the browser may keep: "private, max-age=…"). */
void		 http_accel_cc(struct http_req *, const char *content_type,
		    const char *cache_control);
/* Answers with a body of any type (a PDF, a picture). */
void		 http_body_answer(struct http_req *, int status,
		    const char *content_type, const void *body, size_t len);
/* The reason phrase of a status ("Not Found"). */
const char	*http_reason(int status);

/*
 * Reference data: answers that are the same for everyone and change only
 * with a migration or the configuration (the dictionaries, the site's
 * description). They carry an ETag made from their text and a
 * Cache-Control that lets browsers keep them (instead of no-store); a GET
 * or HEAD whose If-None-Match names the ETag (weakly, as nginx's gzip
 * marks it, or "*") is answered 304 Not Modified without a body. A worker
 * may keep such answers in an http_cache for a while, so that a repeated
 * request costs no round trip to the database. An answer a worker keeps
 * also carries X-Accel-Expires, the seconds the worker still keeps it
 * (HTTP_CACHE_TTL when new), so that nginx's cache in
 * front of the portals (fastcgi_cache, nginx/dev.conf.in) keeps it as long
 * and answers it, and its 304s, without asking a worker; nginx obeys that
 * header over Cache-Control (which stays the browser's) and never passes
 * it on. Errors and searches are not kept, so never carry it.
 */
#define HTTP_CACHE_CONTROL_REF	"public, max-age=300"
/* For reference data the page must ask for on every load (it learns from
 * the answer that the portal is up): kept, but revalidated each time. */
#define HTTP_CACHE_CONTROL_REVALIDATE	"public, no-cache"
#define HTTP_CACHE_TTL		60	/* seconds a worker keeps an answer */

struct http_cache;

/* A store of at most max answers and maxbytes bytes of bodies, each kept
 * ttl seconds; NULL when out of memory. When full it is emptied before the
 * next answer goes in. Free with http_cache_free() (NULL is fine). */
struct http_cache *http_cache_new(size_t max, size_t maxbytes, int ttl);
void		 http_cache_free(struct http_cache *);

/* Answers a GET or HEAD from c when c keeps a fresh answer for the
 * request's path and query string (304 or 200, as http_json_ref()) and
 * returns 1; else answers nothing and returns 0. c may be NULL. */
int		 http_cache_answer(struct http_req *, struct http_cache *);

/* Answers v as reference data with Cache-Control cc: 304 when the
 * request's If-None-Match names its ETag, else 200 with the body. With c
 * (not NULL) the answer is also kept there for the request's path and
 * query string. v stays the caller's. */
void		 http_json_ref(struct http_req *, struct http_cache *,
		    const cJSON *v, const char *cc);

#endif
