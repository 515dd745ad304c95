#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http.h"

static void
test_route_match(void **state)
{
	struct http_params	 p = { 0 };

	(void)state;
	assert_true(http_route_match("/api/v1/health", "/api/v1/health", &p));
	assert_int_equal(p.n, 0);
	assert_false(http_route_match("/api/v1/health", "/api/v1/health/", &p));
	assert_false(http_route_match("/api/v1/health", "/api/v1/healthz", &p));
	assert_false(http_route_match("/api/v1/health", "/api/v1", &p));
	assert_true(http_route_match("/api/v1/orgs/:id/admins/:pid",
	    "/api/v1/orgs/42/admins/%E6%97%A5", &p));
	assert_string_equal(http_params_get(&p, "id"), "42");
	assert_string_equal(http_params_get(&p, "pid"), "日");
	/* An empty segment never fills a parameter. */
	assert_false(http_route_match("/api/v1/orgs/:id", "/api/v1/orgs/", &p));
	assert_int_equal(p.n, 0);
	/* An encoded slash stays inside its segment. */
	assert_true(http_route_match("/a/:x", "/a/b%2Fc", &p));
	assert_string_equal(http_params_get(&p, "x"), "b/c");
	assert_false(http_route_match("/a/:x", "/a/%zz", &p));
	http_params_clear(&p);
}

static void
test_query(void **state)
{
	struct http_params	 p = { 0 };
	char			 q[] = "name=%E6%97%A5%E7%85%A7&a=1+2&empty=&flag&=x";
	char			 bad[] = "a=%G1";

	(void)state;
	assert_int_equal(http_parse_query(q, &p), 0);
	assert_string_equal(http_params_get(&p, "name"), "日照");
	assert_string_equal(http_params_get(&p, "a"), "1 2");
	assert_string_equal(http_params_get(&p, "empty"), "");
	assert_string_equal(http_params_get(&p, "flag"), "");
	assert_null(http_params_get(&p, "missing"));
	assert_int_equal(p.n, 4);
	http_params_clear(&p);
	assert_int_equal(http_parse_query(bad, &p), -1);
	http_params_clear(&p);
}

static void
test_cookies(void **state)
{
	struct http_params	 p = { 0 };

	(void)state;
	assert_int_equal(http_parse_cookies("sid=abc; csrf=\"q1\";bad; "
	    "sid=second; =x", &p), 0);
	assert_string_equal(http_params_get(&p, "sid"), "abc");
	assert_string_equal(http_params_get(&p, "csrf"), "q1");
	assert_int_equal(p.n, 2);
	http_params_clear(&p);
}

static void
test_header_param(void **state)
{
	char	*v;

	(void)state;
	v = http_header_param("multipart/form-data; boundary=----abc", "boundary");
	assert_string_equal(v, "----abc");
	free(v);
	v = http_header_param("form-data; name=\"f\"; filename=\"a b.pdf\"",
	    "filename");
	assert_string_equal(v, "a b.pdf");
	free(v);
	/* "name" must not match inside "filename". */
	v = http_header_param("form-data; filename=\"x\"", "name");
	assert_null(v);
}

static void
test_multipart(void **state)
{
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n"
	    "\r\n"
	    "工程师\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"p.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n"
	    "\r\n"
	    "%PDF-\r\n--X not the end\r\n"
	    "--XyZ--\r\n";
	char			*copy = strdup(body);
	struct http_part	*parts;
	size_t			 n;

	(void)state;
	assert_int_equal(http_parse_multipart(copy, strlen(copy),
	    "multipart/form-data; boundary=XyZ", &parts, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(parts[0].name, "title");
	assert_null(parts[0].filename);
	assert_int_equal(parts[0].len, strlen("工程师"));
	assert_memory_equal(parts[0].data, "工程师", parts[0].len);
	assert_string_equal(parts[1].filename, "p.pdf");
	assert_string_equal(parts[1].content_type, "application/pdf");
	assert_int_equal(parts[1].len, strlen("%PDF-\r\n--X not the end"));
	free(parts[0].name);
	free(parts[1].name);
	free(parts[1].filename);
	free(parts[1].content_type);
	free(parts);

	/* No close delimiter, wrong boundary, no name: refused. */
	copy[strlen(copy) - 4] = '\0';
	assert_int_equal(http_parse_multipart(copy, strlen(copy),
	    "multipart/form-data; boundary=XyZ", &parts, &n), -1);
	free(copy);
	copy = strdup(body);
	assert_int_equal(http_parse_multipart(copy, strlen(copy),
	    "multipart/form-data; boundary=Other", &parts, &n), -1);
	assert_int_equal(http_parse_multipart(copy, strlen(copy),
	    "multipart/form-data", &parts, &n), -1);
	free(copy);
	copy = strdup("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--");
	assert_int_equal(http_parse_multipart(copy, strlen(copy),
	    "multipart/form-data; boundary=b", &parts, &n), -1);
	free(copy);
}

static int handled;

static void
h_item(struct http_req *req)
{
	cJSON	*o = cJSON_CreateObject();

	handled++;
	cJSON_AddStringToObject(o, "id", http_route_param(req, "id"));
	http_json(req, 200, o);
	cJSON_Delete(o);
}

static void
h_silent(struct http_req *req)
{
	(void)req;
	handled++;
}

static const struct http_route routes[] = {
	{ HTTP_GET, "/api/v1/items/:id", h_item, ACCESS_PUBLIC, 0 },
	{ HTTP_DELETE, "/api/v1/items/:id", h_item, ACCESS_SESSION, 0 },
	{ HTTP_GET, "/api/v1/silent", h_silent, ACCESS_PUBLIC, 0 },
	/* An entry that forgot its access level. */
	{ HTTP_GET, "/api/v1/forgot", h_item, ACCESS__UNSET, 0 },
};

/* The guard of the tests: refuses every route that needs a session, as
 * for a request without one, and counts its calls. */
static int	 guarded;

static int
guard(struct http_req *req, const struct http_route *r)
{
	guarded++;
	if (r->access == ACCESS_PUBLIC)
		return 1;
	http_error(req, 401, "not_signed_in", "请先登录");
	return 0;
}

/* A request with no FastCGI behind it: the answer lands in req.out. */
static void
run(struct http_req *req, enum http_method m, const char *path)
{
	assert_int_equal(http_req_init(req, NULL, NULL, 1024, 4096), 0);
	free(req->path);
	req->path = strdup(path);
	req->method = m;
	req->method_name = http_methods[m];
	req->head_only = m == HTTP_HEAD;
	http_dispatch(req, routes, sizeof(routes) / sizeof(routes[0]), guard);
}

static void
test_dispatch(void **state)
{
	struct http_req	 req;

	(void)state;
	handled = 0;
	run(&req, HTTP_GET, "/api/v1/items/7");
	assert_int_equal(req.status, 200);
	assert_non_null(strstr(req.out.data, "Status: 200 OK\r\n"));
	assert_non_null(strstr(req.out.data, "{\"id\":\"7\"}"));
	assert_non_null(strstr(req.out.data, "X-Request-Id: "));
	assert_int_equal(handled, 1);
	http_req_release(&req);

	run(&req, HTTP_GET, "/api/v1/nothing");
	assert_int_equal(req.status, 404);
	assert_non_null(strstr(req.out.data, "\"code\":\"not_found\""));
	http_req_release(&req);

	run(&req, HTTP_POST, "/api/v1/items/7");
	assert_int_equal(req.status, 405);
	assert_non_null(strstr(req.out.data, "Allow: GET, HEAD, DELETE\r\n"));
	assert_non_null(strstr(req.out.data, "\"code\":\"method_not_allowed\""));
	http_req_release(&req);

	/* HEAD runs the GET route and sends no body. */
	run(&req, HTTP_HEAD, "/api/v1/items/8");
	assert_int_equal(req.status, 200);
	assert_null(strstr(req.out.data, "{\"id\""));
	assert_int_equal(handled, 2);
	http_req_release(&req);

	/* A handler that answers nothing gets a 500, not silence. */
	run(&req, HTTP_GET, "/api/v1/silent");
	assert_int_equal(req.status, 500);
	http_req_release(&req);

	/* The guard runs before the handler, and its refusal stands. */
	guarded = 0;
	run(&req, HTTP_DELETE, "/api/v1/items/9");
	assert_int_equal(req.status, 401);
	assert_int_equal(guarded, 1);
	assert_int_equal(handled, 3);
	http_req_release(&req);

	/* A route without an access level never reaches its handler. */
	guarded = 0;
	run(&req, HTTP_GET, "/api/v1/forgot");
	assert_int_equal(req.status, 500);
	assert_int_equal(guarded, 0);
	assert_int_equal(handled, 3);
	http_req_release(&req);
}

static void
test_error_from(void **state)
{
	struct http_req	 req;

	(void)state;
	assert_int_equal(http_req_init(&req, NULL, NULL, 1024, 4096), 0);
	http_error_from(&req, SDRZ_ERR_DB_UNAVAILABLE);
	assert_int_equal(req.status, 503);
	assert_non_null(strstr(req.out.data, "\"code\":\"db_unavailable\""));
	assert_non_null(strstr(req.out.data, "数据库暂时不可用"));
	/* A second answer is refused. */
	http_error_from(&req, SDRZ_ERR_CONFLICT);
	assert_int_equal(req.status, 503);
	assert_null(strstr(req.out.data, "conflict"));
	http_req_release(&req);

	/* A statement stopped by its time limit is its own answer, not
	 * "the database is unavailable". */
	assert_int_equal(http_req_init(&req, NULL, NULL, 1024, 4096), 0);
	http_error_from(&req, SDRZ_ERR_DB_TIMEOUT);
	assert_int_equal(req.status, 503);
	assert_non_null(strstr(req.out.data, "\"code\":\"query_timeout\""));
	assert_non_null(strstr(req.out.data, "查询超时"));
	assert_null(strstr(req.out.data, "db_unavailable"));
	http_req_release(&req);

	assert_int_equal(http_req_init(&req, NULL, NULL, 1024, 4096), 0);
	assert_int_equal(http_header(&req, "X-Bad", "a\r\nSet-Cookie: x"), -1);
	http_error_from(&req, SDRZ_ERR_CONFLICT);
	assert_int_equal(req.status, 409);
	assert_null(strstr(req.out.data, "Set-Cookie"));
	http_req_release(&req);
}

/*
 * The signed-in session belongs to the request, not to the worker: two
 * requests of one worker (the same struct app) hold their own, a new
 * request starts without one, and releasing the request frees what its
 * session owns.
 */
static void
test_request_session(void **state)
{
	struct http_req	 a, b;
	int		 worker;	/* stands for the worker's struct app */

	(void)state;
	assert_int_equal(http_req_init(&a, NULL, (struct app *)&worker, 1024,
	    4096), 0);
	assert_int_equal(a.sess_loaded, 0);
	assert_int_equal(a.sess.person_id, 0);
	assert_null(a.sess.me);
	a.sess_loaded = 1;
	a.sess.person_id = 7;
	snprintf(a.sess.role_kind, sizeof(a.sess.role_kind), "personnel");
	assert_non_null(a.sess.me = cJSON_CreateObject());

	assert_int_equal(http_req_init(&b, NULL, (struct app *)&worker, 1024,
	    4096), 0);
	assert_int_equal(b.sess_loaded, 0);
	assert_int_equal(b.sess.person_id, 0);
	assert_null(b.sess.me);
	assert_int_equal(a.sess.person_id, 7);

	http_req_release(&a);
	assert_int_equal(a.sess_loaded, 0);
	assert_null(a.sess.me);
	http_req_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_header_param),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_error_from),
		cmocka_unit_test(test_request_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
