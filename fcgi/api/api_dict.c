/*
 * HTTP handlers of the reference dictionaries: read-only and public, since
 * the registration form needs them before anyone signs in. They change
 * only with a migration, so their answers are reference data (http.h): an
 * ETag and Cache-Control for the browser, and a worker keeps them a while.
 *
 *   GET /api/v1/dicts             the dictionaries and their item counts
 *   GET /api/v1/dicts/:name       the items; ?parent=CODE children only
 *                                 (?parent= the top level), ?attr=CODE,
 *                                 ?q=TEXT search by name or code prefix,
 *                                 ?limit=N (1-200; a search answers 50
 *                                 by default)
 *   GET /api/v1/dicts/:name/:code one item and the path of its ancestors
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "portal.h"
#include "util.h"

/* The deepest any dictionary goes, with a margin: ends a parent walk
 * that would otherwise loop on bad data. */
#define PATH_MAX_DEPTH	8

static cJSON *
json_info(const struct dict_info *d, int with_count)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddStringToObject(o, "label", d->label);
	cJSON_AddBoolToObject(o, "hierarchical", d->hierarchical);
	if (d->parent_dict != NULL)
		cJSON_AddStringToObject(o, "parent_dict", d->parent_dict);
	else
		cJSON_AddNullToObject(o, "parent_dict");
	if (d->attr_label != NULL)
		cJSON_AddStringToObject(o, "attr_label", d->attr_label);
	else
		cJSON_AddNullToObject(o, "attr_label");
	cJSON_AddStringToObject(o, "source", d->source);
	if (with_count)
		cJSON_AddNumberToObject(o, "count", (double)d->count);
	return o;
}

static void
add_text_or_null(cJSON *o, const char *key, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *
json_item(const struct dict_item *it)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "code", it->code);
	cJSON_AddStringToObject(o, "name", it->name);
	add_text_or_null(o, "parent", it->parent);
	add_text_or_null(o, "parent_name", it->parent_name);
	cJSON_AddNumberToObject(o, "level", it->level);
	add_text_or_null(o, "attr", it->attr);
	return o;
}

/* Answers 404 for a dictionary that does not exist; the name is only
 * repeated when it has the shape of one. */
static void
no_dict(struct http_req *req, const char *name)
{
	char	 msg[128];

	if (dict_name_valid(name))
		snprintf(msg, sizeof(msg), "字典“%s”不存在", name);
	else
		snprintf(msg, sizeof(msg), "请求的字典不存在");
	http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", msg);
}

/* The dictionary of the route into *d; answers and returns -1 when it
 * cannot. */
static int
route_dict(struct http_req *req, struct dict_info *d)
{
	const char	*name = http_route_param(req, "name");
	enum sdrz_err	 rc;

	rc = dict_get(req->app->db, name, d);
	if (rc == SDRZ_ERR_NOT_FOUND) {
		no_dict(req, name);
		return -1;
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		return -1;
	}
	return 0;
}

/* GET /api/v1/dicts */
static void
h_dicts(struct http_req *req)
{
	struct dict_info	*v;
	size_t			 n, i;
	enum sdrz_err		 rc;
	cJSON			*root, *arr;

	if (http_cache_answer(req, req->app->refcache))
		return;
	if ((rc = dict_list(req->app->db, &v, &n)) != SDRZ_OK) {
		http_error_from(req, rc);
		return;
	}
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "dicts");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, json_info(&v[i], 1));
	http_json_ref(req, req->app->refcache, root, HTTP_CACHE_CONTROL_REF);
	cJSON_Delete(root);
	dict_list_free(v, n);
}

/* GET /api/v1/dicts/:name */
static void
h_items(struct http_req *req)
{
	struct app		*app = req->app;
	struct dict_info	 d;
	struct dict_query	 qr;
	struct dict_items	 items = { 0 };
	const char		*parent, *attr, *limit, *in;
	char			*q = NULL, *end, msg[512];
	long			 lim;
	size_t			 i;
	enum sdrz_err		 rc;
	cJSON			*root, *arr;

	if (http_cache_answer(req, app->refcache))
		return;
	if (route_dict(req, &d) == -1)
		return;
	memset(&qr, 0, sizeof(qr));
	parent = http_arg(req, "parent");
	attr = http_arg(req, "attr");
	limit = http_arg(req, "limit");
	if ((in = http_arg(req, "q")) != NULL) {
		if ((q = strdup(in)) == NULL) {
			http_error_from(req, SDRZ_ERR_NOMEM);
			goto out;
		}
		util_trim(q);
	}

	if (q != NULL && dict_utf8_chars(q) > DICT_QUERY_MAX) {
		snprintf(msg, sizeof(msg), "搜索内容不能超过 %d 个字",
		    DICT_QUERY_MAX);
		http_fail(req, SDRZ_ERR_INVALID, "invalid", msg);
		goto out;
	}
	if (limit != NULL) {
		lim = strtol(limit, &end, 10);
		if (*limit == '\0' || *end != '\0' || lim < 1 ||
		    lim > DICT_SEARCH_MAX) {
			snprintf(msg, sizeof(msg), "limit 须为 1 到 %d 之间的整数",
			    DICT_SEARCH_MAX);
			http_fail(req, SDRZ_ERR_INVALID, "invalid", msg);
			goto out;
		}
		qr.limit = (size_t)lim;
	} else if (q != NULL && q[0] != '\0')
		qr.limit = DICT_SEARCH_DEFAULT;
	if (attr != NULL && !dict_code_valid(attr)) {
		http_fail(req, SDRZ_ERR_INVALID, "invalid", "attr 须为字典代码(字母或数字)");
		goto out;
	}
	if (parent != NULL) {
		qr.by_parent = 1;
		qr.parent = parent;
		if (parent[0] != '\0' && !dict_code_valid(parent)) {
			http_fail(req, SDRZ_ERR_INVALID, "invalid",
			    "parent 须为字典代码(字母或数字)");
			goto out;
		}
		if (parent[0] != '\0') {
			/* The parents of some dictionaries live in another. */
			rc = dict_check(app->db, d.parent_dict != NULL ?
			    d.parent_dict : d.name, parent);
			if (rc == SDRZ_ERR_INVALID) {
				snprintf(msg, sizeof(msg),
				    "字典“%s”中没有上级代码“%s”", d.label,
				    parent);
				http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", msg);
				goto out;
			}
			if (rc != SDRZ_OK) {
				http_error_from(req, rc);
				goto out;
			}
		}
	}
	qr.attr = attr;
	qr.q = q;

	if ((rc = dict_query(app->db, d.name, &qr, &items)) != SDRZ_OK) {
		http_error_from(req, rc);
		goto out;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "dict", json_info(&d, 1));
	arr = cJSON_AddArrayToObject(root, "items");
	for (i = 0; i < items.n; i++)
		cJSON_AddItemToArray(arr, json_item(&items.v[i]));
	cJSON_AddBoolToObject(root, "truncated", items.truncated);
	/* Searches are too many to keep; the browser may keep them. */
	http_json_ref(req, q == NULL ? app->refcache : NULL, root,
	    HTTP_CACHE_CONTROL_REF);
	cJSON_Delete(root);
out:
	free(q);
	dict_items_clear(&items);
	dict_info_clear(&d);
}

/* GET /api/v1/dicts/:name/:code */
static void
h_item(struct http_req *req)
{
	struct app		*app = req->app;
	struct dict_info	 d, pd;
	struct dict_item	 it, up;
	const char		*code = http_route_param(req, "code");
	char			 msg[512], dname[DICT_NAME_MAX + 1];
	enum sdrz_err		 rc;
	cJSON			*root, *path, *node;
	int			 depth;

	if (http_cache_answer(req, app->refcache))
		return;
	memset(&pd, 0, sizeof(pd));
	memset(&it, 0, sizeof(it));
	memset(&up, 0, sizeof(up));
	if (route_dict(req, &d) == -1)
		return;
	rc = dict_lookup(app->db, d.name, code, &it);
	if (rc == SDRZ_ERR_NOT_FOUND) {
		if (dict_code_valid(code))
			snprintf(msg, sizeof(msg), "字典“%s”中没有代码“%s”",
			    d.label, code);
		else
			snprintf(msg, sizeof(msg), "字典“%s”中没有这个代码",
			    d.label);
		http_fail(req, SDRZ_ERR_NOT_FOUND, "not_found", msg);
		goto out;
	}
	if (rc != SDRZ_OK) {
		http_error_from(req, rc);
		goto out;
	}

	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "dict", json_info(&d, 0));
	cJSON_AddItemToObject(root, "item", json_item(&it));
	path = cJSON_AddArrayToObject(root, "path");
	/* Walk up to the top; the first step may cross into the
	 * dictionary that holds this one's parents. */
	snprintf(dname, sizeof(dname), "%s", d.parent_dict != NULL ?
	    d.parent_dict : d.name);
	rc = SDRZ_OK;
	for (depth = 0; it.parent != NULL && depth < PATH_MAX_DEPTH; depth++) {
		if ((rc = dict_lookup(app->db, dname, it.parent, &up)) !=
		    SDRZ_OK)
			break;
		node = cJSON_CreateObject();
		cJSON_AddStringToObject(node, "dict", dname);
		cJSON_AddStringToObject(node, "code", up.code);
		cJSON_AddStringToObject(node, "name", up.name);
		cJSON_InsertItemInArray(path, 0, node);
		dict_item_clear(&it);
		it = up;
		memset(&up, 0, sizeof(up));
		if (depth == 0 && d.parent_dict != NULL) {
			/* In the other dictionary, parents follow its rule. */
			if ((rc = dict_get(app->db, dname, &pd)) != SDRZ_OK)
				break;
			if (pd.parent_dict != NULL)
				snprintf(dname, sizeof(dname), "%s",
				    pd.parent_dict);
		}
	}
	if (rc == SDRZ_ERR_NOT_FOUND)
		rc = SDRZ_OK;	/* a dangling parent ends the path */
	if (rc != SDRZ_OK)
		http_error_from(req, rc);
	else
		http_json_ref(req, app->refcache, root,
		    HTTP_CACHE_CONTROL_REF);
	cJSON_Delete(root);
out:
	dict_item_clear(&it);
	dict_item_clear(&up);
	dict_info_clear(&pd);
	dict_info_clear(&d);
}

const struct http_route api_dict_routes[] = {
	{ HTTP_GET, "/api/v1/dicts", h_dicts, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/dicts/:name", h_items, ACCESS_PUBLIC, 0 },
	{ HTTP_GET, "/api/v1/dicts/:name/:code", h_item, ACCESS_PUBLIC, 0 },
};
const size_t api_dict_nroutes =
    sizeof(api_dict_routes) / sizeof(api_dict_routes[0]);
