#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
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

/* All the tables of the portal in one (malloc'd; the caller frees it). */
static struct http_route *
routes_join(const struct portal_def *def, size_t *ntotal)
{
	struct http_route	*all;
	size_t			 i, n = 0, at = 0;

	for (i = 0; i < def->ntables; i++)
		n += def->tables[i].n;
	if ((all = calloc(n ? n : 1, sizeof(*all))) == NULL)
		return NULL;
	for (i = 0; i < def->ntables; i++) {
		memcpy(all + at, def->tables[i].v,
		    def->tables[i].n * sizeof(*all));
		at += def->tables[i].n;
	}
	*ntotal = n;
	return all;
}

/* --routes: one line per route, "METHOD pattern access [module]", for
 * the tests that walk what a portal serves. */
static void
routes_print(FILE *f, const struct http_route *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fprintf(f, "%s %s %s", http_methods[r[i].method],
		    r[i].pattern, (unsigned)r[i].access <
		    ACCESS__MAX ?
		    http_access_names[r[i].access] : "unset");
		if (r[i].access == ACCESS_MODULE)
			fprintf(f, " %s", (unsigned)r[i].module <
			    MOD__MAX ?
			    admin_modules[r[i].module].name : "?");
		fputc('\n', f);
	}
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
	dict_names_release();
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
	http_dispatch(&req, app->routes, app->nroutes, app->guard);
	log_request(req.reqid, req.method_name, req.path, req.status,
	    util_now_ms() - req.t0);
	http_req_release(&req);
}

static void
usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s --config FILE --socket PATH [--workers N]\n"
	    "       %s --routes\n"
	    "  --config FILE   configuration file (key = value lines);\n"
	    "                  SDRZ_<KEY> environment variables override it\n"
	    "  --socket PATH   unix socket to listen on for FastCGI\n"
	    "  --workers N     worker processes (default 2)\n"
	    "  --routes        print the routes this portal serves and exit\n",
	    prog, prog);
}

int
portal_main(int argc, char *argv[], const struct portal_def *def)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "socket", required_argument, NULL, 's' },
		{ "workers", required_argument, NULL, 'w' },
		{ "routes", no_argument, NULL, 'r' },
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
	enum portal		 portal = def->portal;
	int			 ch, rc = 1, print = 0;

	snprintf(logname, sizeof(logname), "sdrz-%s",
	    portal == PORTAL_SDRZ ? "main" : portal_names[portal]);
	log_init(logname);
	while ((ch = getopt_long(argc, argv, "c:s:w:rh", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			print = 1;
			break;
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
	if (print && optind == argc) {
		if ((all = routes_join(def, &ntotal)) == NULL)
			return 1;
		routes_print(stdout, all, ntotal);
		free(all);
		return 0;
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
	if ((all = routes_join(def, &ntotal)) == NULL)
		goto out;
	app.routes = all;
	app.nroutes = ntotal;
	app.guard = def->guard;

	/* Fonts load once here, not in every worker's first captcha. */
	if (captcha_png("WARM", &png, &pnglen) == SDRZ_OK)
		free(png);

	memset(&so, 0, sizeof(so));
	so.socket_path = sock;
	so.socket_group = app.cfg.socket_group;
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
