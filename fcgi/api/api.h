/*
 * The handlers every portal shares (fcgi/api/: health, site, client
 * errors, captcha, sign-in and session, dictionaries) and what every
 * portal's handlers use: the guard that checks a route's access before
 * its handler runs, the session of the request, the actor for the audit
 * log, field errors and the answers of library results.
 */
#ifndef SDRZ_API_H
#define SDRZ_API_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "http.h"
#include "session.h"

struct form_desc;

struct form;

/*
 * The signed-in session of the request. Without one, answers 401
 * not_signed_in and returns NULL. On a state-changing method (POST, PUT,
 * PATCH, DELETE) it also requires the header X-CSRF-Token of this session,
 * else answers 403 csrf_invalid and returns NULL.
 */
struct session	*api_session(struct http_req *);
/* As api_session(), and the session acts as an admin of an organisation
 * (403 admin_required otherwise). */
struct session	*api_admin(struct http_req *);
/* As api_admin(), and the admin holds the permission module (403
 * module_forbidden otherwise). */
enum admin_module;
struct session	*api_module(struct http_req *, enum admin_module);

/*
 * The handlers every review queue shares, for the session's organisation
 * as approver: POST …/decide {ids, decision: approve|reject, reason}, each
 * item its own transaction, answering {done, failed, results}; and DELETE
 * …/:id, which removes a decided item from the history.
 */
/* The fields of POST /api/v1/auth/login. */
extern const struct form_desc api_login_form;
/* The fields of POST /api/v1/me/certificates and of a revocation. */
extern const struct form_desc api_issue_form;
extern const struct form_desc api_revoke_form;
/* The fields of a decision {ids, decision, reason}. */
extern const struct form_desc api_decide_form;
void		 api_review_decide(struct http_req *, const char *kind,
		    enum admin_module);
void		 api_review_hide(struct http_req *, const char *kind,
		    enum admin_module);

/* The session acting as personnel (403 personnel_required otherwise). */
struct session	*api_personnel(struct http_req *);

/* Answers a library result: 200 with o (which it frees) on SDRZ_OK, else
 * the error. */
void		 api_answer_json(struct http_req *, enum sdrz_err, cJSON *o);
/* Answers a failed form: 400 invalid or 409 conflict with the field
 * messages, 403 not_approved for SDRZ_ERR_FORBIDDEN, else the error. */
void		 api_answer_form(struct http_req *, enum sdrz_err,
		    const struct form *);

/* The session when there is one, without answering. */
struct session	*api_session_opt(struct http_req *);

/* The actor of the request for the audit log. */
struct audit_actor api_actor(struct http_req *);
/* The client's address. */
const char	*api_ip(const struct http_req *);

/* Answers the error kind (its status) and code with the form's
 * field messages: {"error":{"code","message","fields":{...}}}. */
void		 api_form_error(struct http_req *, enum sdrz_err, const char *code,
		    const struct form *);
/*
 * Takes the captcha a public form carries in its fields captcha_id and
 * captcha (as the sign-in does). Returns 1 when it was answered right;
 * else answers 400 (invalid with fields.captcha when it is missing,
 * captcha_wrong when wrong, expired or used) and returns 0. The captcha
 * is used up either way, so the page shows a new one after any failure.
 */
int		 api_captcha(struct http_req *, const cJSON *body);
/* Reads a positive id route parameter; answers 404 and returns 0 when it
 * is not one. */
int64_t		 api_id_param(struct http_req *, const char *name);
/*
 * The query string of a list checked against its table (list.h): 0 with q
 * filled, or -1 after answering 400 invalid with a message under each bad
 * parameter. The values live as long as the request.
 */
struct list_param;
struct list_query;
int		 api_list_query(struct http_req *, const struct list_param *,
		    size_t n, int seek, struct list_query *q);
/* A query parameter as a bounded integer (def when absent or bad). */
long		 api_long_arg(struct http_req *, const char *name, long def,
		    long min, long max);

/*
 * The guard of every portal (struct portal_def): checks the route's
 * access (enum http_access), answering 401 not_signed_in, 403
 * csrf_invalid, personnel_required, admin_required or module_forbidden.
 * Returns 1 when the handler may run.
 */
int		 api_guard(struct http_req *, const struct http_route *);

/* The shared route tables. */
extern const struct http_route api_site_routes[];	/* health, site, client errors */
extern const size_t api_site_nroutes;
extern const struct http_route api_auth_routes[];	/* captcha, sign-in, session, passwords */
extern const size_t api_auth_nroutes;
extern const struct http_route api_dict_routes[];	/* dictionaries */
extern const size_t api_dict_nroutes;
extern const struct http_route api_me_routes[];	/* the signed-in person */
extern const size_t api_me_nroutes;
extern const struct http_route api_attach_routes[];	/* proof files */
extern const size_t api_attach_nroutes;
extern const struct http_route api_media_routes[];	/* HLS of videos */
extern const size_t api_media_nroutes;

/* The shared tables as initialisers of an automatic array of struct
 * http_routes, in a portal's main(). */
#define API_SHARED_ROUTES \
	{ api_site_routes, api_site_nroutes }, \
	{ api_auth_routes, api_auth_nroutes }, \
	{ api_dict_routes, api_dict_nroutes }, \
	{ api_me_routes, api_me_nroutes }, \
	{ api_attach_routes, api_attach_nroutes }, \
	{ api_media_routes, api_media_nroutes }

#endif
