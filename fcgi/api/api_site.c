/*
 * The handlers that describe the portal itself: its health, the names the
 * pages show, and the script errors that pages report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "log.h"
#include "portal.h"
#include "util.h"

/* GET /api/v1/health: the portal and one database round trip. */
static void
h_health(struct http_req *req)
{
	struct app	*app = req->app;
	double		 t0 = util_now_ms(), ms;
	enum sdrz_err	 rc;
	cJSON		*root, *db;

	rc = db_ping(app->db);
	ms = util_now_ms() - t0;
	if (rc != SDRZ_OK) {
		if (rc != SDRZ_ERR_DB_UNAVAILABLE)
			log_warn("%s: health: %s", req->reqid,
			    sdrz_strerror(rc));
		http_fail(req, SDRZ_ERR_DB_UNAVAILABLE, "db_unavailable",
		    "数据库暂时不可用,请稍后再试");
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "portal", portal_names[app->portal]);
	cJSON_AddStringToObject(root, "status", "ok");
	db = cJSON_AddObjectToObject(root, "database");
	cJSON_AddBoolToObject(db, "ok", 1);
	cJSON_AddNumberToObject(db, "ms", (double)(long)(ms * 100) / 100);
	http_json(req, 200, root);
	cJSON_Delete(root);
}

static void
add_portal(cJSON *portals, const char *key, const char *name,
    const char *url)
{
	cJSON	*p = cJSON_AddObjectToObject(portals, key);

	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "url", url);
}

/* GET /api/v1/site: the names the pages show and the portals' URLs, so
 * that another city runs the same build with its own configuration. */
static void
h_site(struct http_req *req)
{
	struct app	*app = req->app;
	cJSON		*root, *portals;

	if (http_cache_answer(req, app->refcache))
		return;
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "name", app->cfg.site_name);
	cJSON_AddStringToObject(root, "organiser", app->cfg.site_organiser);
	cJSON_AddStringToObject(root, "city", app->cfg.city_name);
	cJSON_AddStringToObject(root, "portal", portal_names[app->portal]);
	portals = cJSON_AddObjectToObject(root, "portals");
	add_portal(portals, "sdrz", app->cfg.site_name, app->cfg.url_sdrz);
	add_portal(portals, "gxk", "公需科目网络学习平台", app->cfg.url_gxk);
	add_portal(portals, "zyk", "专业科目网络培训平台", app->cfg.url_zyk);
	/* It changes only with the configuration, when the portal starts;
	 * the pages ask on every load and fall back to their defaults when
	 * the portal does not answer, so the browser revalidates it (304).
	 * Kept, so that nginx answers it (and those 304s) a while. */
	http_json_ref(req, app->refcache, root, HTTP_CACHE_CONTROL_REVALIDATE);
	cJSON_Delete(root);
}

/* The text of an optional string member no longer than max; NULL when
 * absent; sets *bad when present but not a string or too long. */
static const char *
opt_string(const cJSON *obj, const char *key, size_t max, int *bad)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max) {
		*bad = 1;
		return NULL;
	}
	return v->valuestring;
}

/*
 * POST /api/v1/client-errors: a page reports a script error, which goes
 * to the portal's log with the request id. Anyone may send one (nginx
 * limits the rate per address), so one report writes one line of at most
 * REPORT_MESSAGE, REPORT_URL and REPORT_STACK bytes of its three texts,
 * quoted and escaped (log_quote): a report cannot forge log lines.
 */
#define REPORT_MESSAGE	400
#define REPORT_URL	300
#define REPORT_STACK	1000

static void
h_client_errors(struct http_req *req)
{
	cJSON		*body;
	const char	*msg, *url, *stack;
	char		 qmsg[REPORT_MESSAGE], qurl[REPORT_URL],
			 qstack[REPORT_STACK];
	int		 bad = 0, cut;

	if ((body = http_json_body(req)) == NULL)
		return;
	/* Any length: the body limit bounds it, and the log gets a cut. */
	msg = opt_string(body, "message", (size_t)-1, &bad);
	url = opt_string(body, "url", (size_t)-1, &bad);
	stack = opt_string(body, "stack", (size_t)-1, &bad);
	if (bad || msg == NULL || *msg == '\0') {
		http_fail(req, SDRZ_ERR_INVALID, "invalid",
		    "message 为必填文本,url、stack 须为文本");
		return;
	}
	cut = log_quote(qmsg, sizeof(qmsg), msg);
	cut |= log_quote(qurl, sizeof(qurl), url ? url : "-") << 1;
	cut |= log_quote(qstack, sizeof(qstack), stack ? stack : "-") << 2;
	log_warn("%s: client error: message=\"%s\" url=\"%s\" stack=\"%s\"%s%s%s",
	    req->reqid, qmsg, qurl, qstack,
	    cut & 1 ? " (message truncated)" : "",
	    cut & 2 ? " (url truncated)" : "",
	    cut & 4 ? " (stack truncated)" : "");
	http_no_content(req);
}

const struct http_route api_site_routes[] = {
	{ HTTP_GET, "/api/v1/health", h_health, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/site", h_site, ACCESS_PUBLIC, 0 },
	{ HTTP_POST, "/api/v1/client-errors", h_client_errors, ACCESS_PUBLIC, 0 },
};
const size_t api_site_nroutes = sizeof(api_site_routes) /
    sizeof(api_site_routes[0]);
