/* sdrz-main: the main portal, on the sdrz host. */
#include "api.h"
#include "portal.h"
#include "routes.h"

int
main(int argc, char *argv[])
{
	const struct http_routes	 tables[] = {
		API_SHARED_ROUTES,
		{ api_acct_routes, api_acct_nroutes },
		{ api_org_routes, api_org_nroutes },
		{ api_profile_routes, api_profile_nroutes },
		{ api_hours_routes, api_hours_nroutes },
		{ api_form_routes, api_form_nroutes },
		{ api_video_routes, api_video_nroutes },
		{ api_course_routes, api_course_nroutes },
		{ api_bank_routes, api_bank_nroutes },
	};
	const struct portal_def		 def = {
		PORTAL_SDRZ, tables, sizeof(tables) / sizeof(tables[0]),
		api_guard,
	};

	return portal_main(argc, argv, &def);
}
