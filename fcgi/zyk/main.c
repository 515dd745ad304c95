/* sdrz-zyk: the professional-subjects portal, on the zyk host. */
#include "api.h"
#include "portal.h"

int
main(int argc, char *argv[])
{
	const struct http_routes	 tables[] = {
		API_SHARED_ROUTES,
	};
	const struct portal_def		 def = {
		PORTAL_ZYK, tables, sizeof(tables) / sizeof(tables[0]),
		api_guard,
	};

	return portal_main(argc, argv, &def);
}
