/*
 * The HLS of ready videos, on every portal: GET
 * /api/v1/media/videos/:id/master.m3u8 and …/:id/:rendition/(index.m3u8
 * | segNNNNN.ts). Only the names the transcoding job writes are served
 * (no path leaves the video's folder), only to a person who may watch
 * (video_may_watch(): enrolled in a class with the video, or an admin of
 * its organisation or above with the courses module); nginx then sends
 * the file from its internal /media/ location.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "portal.h"
#include "video.h"

/* Playlists are asked again on every visit (the access is checked
 * again); segments never change, and the browser alone may keep them. */
#define CC_PLAYLIST	"private, no-cache"
#define CC_SEGMENT	"private, max-age=86400"

static void
serve(struct http_req *req, const char *rendition, const char *file)
{
	struct app	*app = req->app;
	struct session	*s;
	const char	*type;
	char		 dir[128], uri[400];
	int64_t		 id, admin_org = 0;
	enum sdrz_err	 rc;

	if ((s = api_session(req)) == NULL || (id = api_id_param(req, "id")) ==
	    0)
		return;
	if ((type = video_media_type(rendition, file)) == NULL) {
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", "请求的内容不存在");
		return;
	}
	if (strcmp(s->role_kind, "admin") == 0)
		admin_org = s->role_org_id;
	rc = video_may_watch(app->db, s->person_id, admin_org, id, dir,
	    sizeof(dir));
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	if (rendition != NULL)
		snprintf(uri, sizeof(uri), "/media/%s/%s/%s", dir, rendition,
		    file);
	else
		snprintf(uri, sizeof(uri), "/media/%s/%s", dir, file);
	http_header(req, "X-Accel-Redirect", uri);
	http_accel_cc(req, type, strcmp(type, "video/mp2t") == 0 ?
	    CC_SEGMENT : CC_PLAYLIST);
}

/* GET /api/v1/media/videos/:id/:file (the master playlist) */
static void
h_top(struct http_req *req)
{
	serve(req, NULL, http_route_param(req, "file"));
}

/* GET /api/v1/media/videos/:id/:rendition/:file */
static void
h_rendition(struct http_req *req)
{
	serve(req, http_route_param(req, "rendition"),
	    http_route_param(req, "file"));
}

const struct http_route api_media_routes[] = {
	{ HTTP_GET, "/api/v1/media/videos/:id/:file", h_top, ACCESS_SESSION, 0 },
	{ HTTP_GET, "/api/v1/media/videos/:id/:rendition/:file", h_rendition,
	    ACCESS_SESSION, 0 },
};
const size_t api_media_nroutes = sizeof(api_media_routes) /
    sizeof(api_media_routes[0]);
