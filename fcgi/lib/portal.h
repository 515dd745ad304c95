/*
 * What the three portal binaries share: option parsing, configuration,
 * the per-worker database handle, the request loop and the routes every
 * portal answers (health, site, client-errors). A portal's main() only
 * names the portal and passes its own routes.
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
	/* Reference answers (dictionaries) this worker keeps a while. */
	struct http_cache	*refcache;
};

/* Runs a portal binary: parses --config, --socket, --workers, then
 * serves until SIGTERM. Returns the process exit status. */
int	 portal_main(int argc, char *argv[], enum portal,
	    const struct http_route *routes, size_t nroutes);

#endif
