/*
 * The signed-in person, on every portal: GET /api/v1/me.
 */
#include <stddef.h>

#include "acct.h"
#include "api.h"
#include "portal.h"

/* GET /api/v1/me */
static void
h_me(struct http_req *req)
{
	struct app	*app = req->app;
	struct session	*s;
	cJSON		*o;
	enum sdrz_err	 rc;

	if ((s = api_session(req)) == NULL)
		return;
	/* The session brought the answer along. */
	if (s->me != NULL) {
		http_json(req, 200, s->me);
		return;
	}
	if ((rc = acct_me(app->db, s->person_id, &o)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	http_json(req, 200, o);
	cJSON_Delete(o);
}

const struct http_route api_me_routes[] = {
	{ HTTP_GET, "/api/v1/me", h_me, ACCESS_SESSION, 0 },
};
const size_t api_me_nroutes = sizeof(api_me_routes) / sizeof(api_me_routes[0]);
