#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "captcha.h"
#include "db.h"
#include "dict.h"
#include "log.h"
#include "portal.h"
#include "server.h"
#include "util.h"

const char *const portal_names[PORTAL__MAX] = { "sdrz", "gxk", "zyk" };

/* A worker keeps this many reference answers, of at most these bytes in
 * all: every dictionary and its children by parent fit. */
#define REFCACHE_ENTRIES	512
#define REFCACHE_BYTES		(8 << 20)

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
		http_error(req, 503, "db_unavailable",
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
	 * the portal does not answer, so it is revalidated (304). */
	http_json_ref(req, NULL, root, HTTP_CACHE_CONTROL_REVALIDATE);
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

/* POST /api/v1/client-errors: a page reports a script error, which goes
 * to the portal's log with the request id. */
static void
h_client_errors(struct http_req *req)
{
	cJSON		*body;
	const char	*msg, *url, *stack;
	int		 bad = 0;

	if ((body = http_json_body(req)) == NULL)
		return;
	msg = opt_string(body, "message", 2000, &bad);
	url = opt_string(body, "url", 2000, &bad);
	stack = opt_string(body, "stack", 8000, &bad);
	if (bad || msg == NULL || *msg == '\0') {
		http_error(req, 400, "invalid",
		    "message 为必填文本(不超过 2000 字),url、stack 须为文本");
		return;
	}
	log_warn("%s: client error: %s at %s; %s", req->reqid, msg,
	    url ? url : "-", stack ? stack : "-");
	http_no_content(req);
}

static const struct http_route common_routes[] = {
	{ HTTP_GET, "/api/v1/health", h_health },
	{ HTTP_GET, "/api/v1/site", h_site },
	{ HTTP_POST, "/api/v1/client-errors", h_client_errors },
};

/* The route tables of the library's modules, which every portal serves. */
static const struct {
	const struct http_route	*routes;
	const size_t		*n;
} modules[] = {
	{ api_dict_routes, &api_dict_nroutes },
	{ api_auth_routes, &api_auth_nroutes },
	{ api_acct_routes, &api_acct_nroutes },
	{ api_org_routes, &api_org_nroutes },
	{ api_profile_routes, &api_profile_nroutes },
	{ api_hours_routes, &api_hours_nroutes },
};

/* The common routes, the modules' and the portal's own, in one table
 * (malloc'd; the caller frees it). */
static struct http_route *
routes_join(const struct http_route *own, size_t nown, size_t *ntotal)
{
	struct http_route	*all;
	size_t			 i, n, at;

	n = sizeof(common_routes) / sizeof(common_routes[0]) + nown;
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		n += *modules[i].n;
	if ((all = calloc(n, sizeof(*all))) == NULL)
		return NULL;
	memcpy(all, common_routes, sizeof(common_routes));
	at = sizeof(common_routes) / sizeof(common_routes[0]);
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		memcpy(all + at, modules[i].routes,
		    *modules[i].n * sizeof(*all));
		at += *modules[i].n;
	}
	if (nown)
		memcpy(all + at, own, nown * sizeof(*own));
	*ntotal = n;
	return all;
}

static int
worker_init(void *arg)
{
	struct app	*app = arg;

	/* Connected lazily: a worker must start while the database is
	 * down, and answer 503 until it is back. */
	if ((app->db = db_new(&app->cfg)) == NULL ||
	    (app->refcache = http_cache_new(REFCACHE_ENTRIES, REFCACHE_BYTES,
	    HTTP_CACHE_TTL)) == NULL) {
		log_warn("out of memory");
		return 1;
	}
	return 0;
}

/* Closes the database connection, so the server logs no aborted one. */
static void
worker_fini(void *arg)
{
	struct app	*app = arg;

	db_free(app->db);
	app->db = NULL;
	http_cache_free(app->refcache);
	app->refcache = NULL;
}

static void
handle(FCGX_Request *fcgx, void *arg)
{
	struct app	*app = arg;
	struct http_req	 req;

	if (http_req_init(&req, fcgx, app, app->cfg.body_limit,
	    app->cfg.upload_limit) == -1) {
		FCGX_PutS("Status: 500 Internal Server Error\r\n"
		    "Content-Type: application/json; charset=utf-8\r\n\r\n"
		    "{\"error\":{\"code\":\"internal\","
		    "\"message\":\"服务器内部错误,请稍后再试\"}}", fcgx->out);
		http_req_release(&req);
		return;
	}
	http_dispatch(&req, app->routes, app->nroutes);
	log_request(req.reqid, req.method_name, req.path, req.status,
	    util_now_ms() - req.t0);
	http_req_release(&req);
}

static void
usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s --config FILE --socket PATH [--workers N]\n"
	    "  --config FILE   configuration file (key = value lines);\n"
	    "                  SDRZ_<KEY> environment variables override it\n"
	    "  --socket PATH   unix socket to listen on for FastCGI\n"
	    "  --workers N     worker processes (default 2)\n", prog);
}

int
portal_main(int argc, char *argv[], enum portal portal,
    const struct http_route *routes, size_t nroutes)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "workers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char		 logname[16];
	struct app		 app;
	struct server_opts	 so;
	struct http_route	*all = NULL;
	const char		*config = NULL, *sock = NULL;
	char			 err[512], *end;
	long			 workers = 2;
	size_t			 ntotal, pnglen;
	unsigned char		*png;
	int			 ch, rc = 1;

	snprintf(logname, sizeof(logname), "sdrz-%s",
	    portal == PORTAL_SDRZ ? "main" : portal_names[portal]);
	log_init(logname);
	while ((ch = getopt_long(argc, argv, "c:s:w:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'w':
			workers = strtol(optarg, &end, 10);
			if (*end != '\0' || workers < 1 || workers > 256) {
				fprintf(stderr, "--workers: 1 to 256\n");
				return 2;
			}
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (sock == NULL || optind != argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	memset(&app, 0, sizeof(app));
	app.portal = portal;
	if (config_load(&app.cfg, config, err, sizeof(err)) == -1) {
		log_warn("%s", err);
		return 1;
	}
	if (config_check_portal(&app.cfg, err, sizeof(err)) == -1) {
		log_warn("%s", err);
		goto out;
	}
	if ((all = routes_join(routes, nroutes, &ntotal)) == NULL)
		goto out;
	app.routes = all;
	app.nroutes = ntotal;

	/* Fonts load once here, not in every worker's first captcha. */
	if (captcha_png("WARM", &png, &pnglen) == SDRZ_OK)
		free(png);

	memset(&so, 0, sizeof(so));
	so.socket_path = sock;
	so.workers = (int)workers;
	so.backlog = 1024;
	so.grace_seconds = 5;
	so.init = worker_init;
	so.fini = worker_fini;
	so.handle = handle;
	so.arg = &app;
	rc = server_run(&so);
out:
	free(all);
	db_free(app.db);
	config_release(&app.cfg);
	return rc;
}
