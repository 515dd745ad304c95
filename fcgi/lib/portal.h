/*
 * What the three portal binaries share: option parsing, configuration,
 * the per-worker database handle and the request loop. The routes are
 * not here: a portal's main() names the portal, its route tables (the
 * shared handlers' and its own) and the guard that checks each route's
 * access.
 */
#ifndef SDRZ_PORTAL_H
#define SDRZ_PORTAL_H

#include <stddef.h>

#include "config.h"
#include "http.h"
#include "session.h"

enum portal {
	PORTAL_SDRZ,	/* the main portal */
	PORTAL_GXK,	/* public subjects */
	PORTAL_ZYK,	/* professional subjects */
	PORTAL__MAX
};

extern const char *const portal_names[PORTAL__MAX];

/* The state of one worker process, reached from each request. */
struct app {
	enum portal		 portal;
	struct config		 cfg;
	struct db		*db;
	const struct http_route	*routes;
	size_t			 nroutes;
	http_guard		 guard;
	/* Reference answers (dictionaries) this worker keeps a while. */
	struct http_cache	*refcache;
};

/* What a portal binary serves. */
struct portal_def {
	enum portal			 portal;
	const struct http_routes	*tables;	/* concatenated in order */
	size_t				 ntables;
	http_guard			 guard;
};

/* Runs a portal binary: parses --config, --socket, --workers, then
 * serves until SIGTERM; or --routes prints the routes. Returns the
 * process exit status. */
int	 portal_main(int argc, char *argv[], const struct portal_def *);

#endif
